from workbench.ui.views import review

review.render()
