"""The project store: articles, segments, translations and their history in SQLite."""

from workbench.store.store import Store, SegmentWrite

__all__ = ["Store", "SegmentWrite"]
