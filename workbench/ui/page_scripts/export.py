from workbench.ui.views import export

export.render()
