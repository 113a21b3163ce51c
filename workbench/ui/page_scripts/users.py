from workbench.ui.views import users

users.render()
