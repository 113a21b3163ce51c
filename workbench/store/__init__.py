"""The project store: articles, segments, translations, their history and every other
concern's tables. All SQL of the workbench lives in this package."""

from workbench.store.articles import SegmentWrite
from workbench.store.base import (
    ACCOUNTS,
    ARTICLES,
    COMMENTS,
    GLOSSARY,
    JOBS,
    MEMORY,
    MT,
    MUTES,
    SETTINGS,
    TRANSLATIONS,
    now,
)
from workbench.store.dialect import is_database_error, shown_location
from workbench.store.jobs import JobState, Lease, MtJob
from workbench.store.memory import ExternalUnit
from workbench.store.migrations import SchemaError
from workbench.store.store import Store

__all__ = ["ACCOUNTS", "ARTICLES", "COMMENTS", "is_database_error", "shown_location", "GLOSSARY",
           "JOBS", "MEMORY", "MT", "MUTES", "SETTINGS", "TRANSLATIONS", "ExternalUnit", "JobState",
           "Lease", "MtJob", "SchemaError", "SegmentWrite", "Store", "now"]
