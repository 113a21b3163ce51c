from workbench.ui.views import audit

audit.render()
