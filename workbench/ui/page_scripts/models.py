from workbench.ui.views import models

models.render()
