from workbench.ui.views import account

account.render()
