"""Translation memory: reuse of approved translations and imported memories."""

from workbench.tm.concordance import ConcordanceHit, concordance
from workbench.tm.external import TmImportReport, import_units
from workbench.tm.index import DiffPart, MemoryIndex, TmEntry, TmMatch
from workbench.tm.memory import (
    MemoryStats,
    fill_from_memory,
    memory_index,
    memory_stats,
    suggestions_for,
    tm_lookup,
)

__all__ = [
    "ConcordanceHit", "DiffPart", "MemoryIndex", "MemoryStats", "TmEntry", "TmImportReport", "TmMatch",
    "concordance", "fill_from_memory", "import_units", "memory_index", "memory_stats", "suggestions_for",
    "tm_lookup",
]
