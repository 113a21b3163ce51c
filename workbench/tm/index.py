"""An in-memory index of translation-memory entries: exact and fuzzy lookup.

Fuzzy lookup must stay fast with 100,000 entries, so rapidfuzz only scores a short
list of candidates: entries that share the query's rarer words (an inverted index)
and whose length allows the score cutoff at all. A match that shares none of the
query's rarer words is, in practice, never a useful fuzzy match.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from workbench.inline import plain_text
from workbench.model import Status

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# Words in more than this share of the entries say little about similarity.
_COMMON_WORD_SHARE = 0.05
_MAX_CANDIDATES = 400


@dataclass(frozen=True)
class TmEntry:
    source: str  # segment text, placeholders included
    target: str
    status: str  # "approved", "reviewed" or "external"
    where: str  # "article#sid" for the project, the file name for imported memories
    role: str = ""
    context: str = ""
    updated_at: str = ""


def _rank(entry: TmEntry) -> int:
    """Approved before reviewed before imported memories."""
    return -1 if entry.status == "external" else Status(entry.status).rank


@dataclass(frozen=True)
class DiffPart:
    kind: str  # "same", "removed" (only in the memory's source) or "added" (only in the query)
    text: str


@dataclass(frozen=True)
class TmMatch:
    entry: TmEntry
    score: float  # 100 for an exact match
    exact: bool  # same source text, placeholders included
    same_role: bool
    same_context: bool
    diff: tuple[DiffPart, ...]

    def to_json(self) -> dict:
        entry = self.entry
        return {
            "source": entry.source, "target": entry.target, "score": round(self.score, 1),
            "exact": self.exact, "same_role": self.same_role, "same_context": self.same_context,
            "status": entry.status, "where": entry.where, "role": entry.role,
            "context": entry.context, "updated_at": entry.updated_at,
            "diff": [{"kind": part.kind, "text": part.text} for part in self.diff],
        }

    def diff_text(self) -> str:
        """The memory's source with [-removed-] and {+added+} words: what the query changes."""
        marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
        return " ".join(marks[part.kind].format(part.text) for part in self.diff)


def word_diff(memory_source: str, query: str) -> tuple[DiffPart, ...]:
    """Word-level differences; between two unchanged stretches, removed words come first."""
    old, new = plain_text(memory_source).split(), plain_text(query).split()
    parts: list[DiffPart] = []
    removed: list[str] = []
    added: list[str] = []

    def flush():
        parts.extend(DiffPart(kind, " ".join(words))
                     for kind, words in (("removed", removed), ("added", added)) if words)
        removed.clear()
        added.clear()

    for tag, old_start, old_end, new_start, new_end in Indel.opcodes(old, new):
        if tag == "equal":
            flush()
            parts.append(DiffPart("same", " ".join(old[old_start:old_end])))
        else:
            removed.extend(old[old_start:old_end])
            added.extend(new[new_start:new_end])
    flush()
    return tuple(parts)


def _normalized(text: str) -> str:
    return " ".join(plain_text(text).casefold().split())


class MemoryIndex:
    def __init__(self, entries: list[TmEntry]):
        self.entries = entries
        self.by_source: dict[str, list[int]] = defaultdict(list)
        self.texts: list[str] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(entries):
            self.by_source[entry.source].append(number)
            text = _normalized(entry.source)
            self.texts.append(text)
            for token in set(_TOKEN.findall(text)):
                postings[token].append(number)
        self.postings = dict(postings)
        self.common_limit = max(20, int(len(entries) * _COMMON_WORD_SHARE))

    def __len__(self) -> int:
        return len(self.entries)

    def exact(self, source: str, role: str = "", context: str = "") -> list[TmMatch]:
        """Entries with this very source: same role and context first, approved before
        reviewed before imported, newest first; one per distinct target."""
        matches = [self._match(self.entries[n], 100.0, True, source, role, context)
                   for n in self.by_source.get(source, [])]
        matches.sort(key=lambda m: (m.same_role, m.same_context,
                                    _rank(m.entry), m.entry.updated_at),
                     reverse=True)
        return _distinct(matches)

    def lookup(self, source: str, role: str = "", context: str = "", limit: int = 5,
               min_score: float = 60.0) -> list[TmMatch]:
        """Exact matches first, then fuzzy ones by score (rapidfuzz ratio on plain text)."""
        matches = self.exact(source, role, context)
        if len(matches) < limit:
            matches += self._fuzzy(source, role, context, limit, min_score)
        return _distinct(matches)[:limit]

    def _fuzzy(self, source, role, context, limit, min_score) -> list[TmMatch]:
        query = _normalized(source)
        if not query:
            return []
        candidates = self._candidates(query, min_score)
        scored = process.extract(query, {n: self.texts[n] for n in candidates}, scorer=fuzz.ratio,
                                 processor=None, score_cutoff=min_score, limit=limit * 4)
        matches = [
            self._match(self.entries[n], score, False, source, role, context)
            for _text, score, n in scored if self.entries[n].source != source
        ]
        matches.sort(key=lambda m: (m.score, m.same_role, m.same_context,
                                    _rank(m.entry)), reverse=True)
        return matches

    def _candidates(self, query: str, min_score: float) -> list[int]:
        """Entries sharing the query's rarer words, most shared first, of a length that
        can reach `min_score` (ratio <= 200 * shorter / (sum of lengths))."""
        tokens = [token for token in set(_TOKEN.findall(query)) if token in self.postings]
        rare = [token for token in tokens if len(self.postings[token]) <= self.common_limit]
        if not rare:
            rare = sorted(tokens, key=lambda token: len(self.postings[token]))[:2]
        shared = Counter()
        for token in rare:
            shared.update(self.postings[token])
        length = len(query)
        low = length * min_score / (200 - min_score)
        high = length * (200 - min_score) / max(min_score, 1)
        return [
            number for number, _ in shared.most_common(_MAX_CANDIDATES * 2)
            if low <= len(self.texts[number]) <= high
        ][:_MAX_CANDIDATES]

    @staticmethod
    def _match(entry, score, exact, source, role, context) -> TmMatch:
        return TmMatch(entry, float(score), exact, bool(role) and entry.role == role,
                       bool(context) and entry.context == context,
                       () if exact else word_diff(entry.source, source))


def _distinct(matches: list[TmMatch]) -> list[TmMatch]:
    """The first match for each (source, target): the same pair stored twice is one suggestion."""
    seen = set()
    kept = []
    for match in matches:
        key = (match.entry.source, match.entry.target)
        if key not in seen:
            seen.add(key)
            kept.append(match)
    return kept
