"""The review workbench in the browser (Streamlit).

Thin by design: pages read and write through the store and the library
functions of each concern; the only logic kept here is what a page shows.
`app.py` is the entry `workbench serve` runs; `pages/` holds one script per
page; `views/` the page functions they call.
"""
