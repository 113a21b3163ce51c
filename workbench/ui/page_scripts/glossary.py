from workbench.ui.views import glossary

glossary.render()
