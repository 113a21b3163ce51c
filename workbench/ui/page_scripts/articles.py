from workbench.ui.views import articles

articles.render()
