"""One module per page of the workbench; each has a `render()` the page script calls."""
