"""Consistency across the project: one source, one approved translation, and back.

Compared against the approved and reviewed translations of every article in the
project (a segment whose source changed since is left out: its translation was for
another text).
"""

from collections import defaultdict
from dataclasses import dataclass

from workbench.inline import plain_text
from workbench.qa.base import Check, Severity, quoted


@dataclass(frozen=True)
class Reference:
    article: str
    sid: str
    source: str
    target: str


def _key(text: str) -> str:
    return plain_text(text).casefold()


class ProjectTranslations:
    """Checked translations of one language, looked up by source and by target."""

    def __init__(self, references: list[Reference]):
        self.by_source: dict[str, list[Reference]] = defaultdict(list)
        self.by_target: dict[str, list[Reference]] = defaultdict(list)
        for reference in references:
            self.by_source[reference.source].append(reference)
            self.by_target[_key(reference.target)].append(reference)

    @classmethod
    def load(cls, store, lang: str) -> "ProjectTranslations":
        rows = store.connection.execute(
            "SELECT t.article, t.sid, s.source, t.target FROM translations t"
            " JOIN segments s ON s.article = t.article AND s.sid = t.sid"
            " WHERE t.lang = ? AND t.status IN ('approved', 'reviewed') AND t.needs_review = 0"
            " AND s.position IS NOT NULL",
            (lang,),
        ).fetchall()
        return cls([Reference(*row) for row in rows])


def _where(reference: Reference, article: str) -> str:
    return reference.sid if reference.article == article else f"{reference.article}#{reference.sid}"


class Inconsistent(Check):
    id = "inconsistent"
    name = "Inconsistent translation"
    severity = Severity.WARNING

    def __init__(self, project: ProjectTranslations):
        self.project = project

    def messages(self, unit):
        segment = unit.segment
        others = [
            reference for reference in self.project.by_source.get(segment.source, [])
            if (reference.article, reference.sid) != (segment.article, segment.sid)
            and reference.target != unit.target
        ]
        problems = [
            f"the same source is translated {quoted(reference.target)} in "
            f"{_where(reference, segment.article)}"
            for reference in _one_per_text(others, lambda reference: reference.target)
        ]
        source_key = _key(segment.source)
        shared = [
            reference for reference in self.project.by_target.get(_key(unit.target), [])
            if _key(reference.source) != source_key
        ]
        problems += [
            f"the same target translates a different source in "
            f"{_where(reference, segment.article)}: {quoted(reference.source)}"
            for reference in _one_per_text(shared, lambda reference: _key(reference.source))
        ]
        return problems


def _one_per_text(references, text_of, limit: int = 3) -> list[Reference]:
    """First reference for each distinct text, at most `limit` of them."""
    chosen = {}
    for reference in references:
        chosen.setdefault(text_of(reference), reference)
    return list(chosen.values())[:limit]
