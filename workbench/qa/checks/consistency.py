"""Consistency across the project: one source, one approved translation, and back.

Compared against the approved and reviewed translations of every article in the
project (a segment whose source changed since is left out: its translation was for
another text).
"""

from collections import defaultdict
from dataclasses import dataclass

from workbench.qa.base import Check, Severity, quoted
from workbench.store import ARTICLES, TRANSLATIONS
from workbench.store.memo import memoized


@dataclass(frozen=True)
class Reference:
    article: str
    sid: str
    source: str
    target: str


def _key(text: str) -> str:
    return text.casefold()


class ProjectTranslations:
    """Checked translations of one language, looked up by source and by target."""

    def __init__(self, references: list[Reference]):
        # source -> {target: first reference}; target key -> {source key: first reference}:
        # a sentence approved the same way in a thousand articles is one entry.
        self.by_source: dict[str, dict[str, Reference]] = defaultdict(dict)
        self.by_target: dict[str, dict[str, Reference]] = defaultdict(dict)
        for reference in references:
            self.by_source[reference.source].setdefault(reference.target, reference)
            self.by_target[_key(reference.target)].setdefault(_key(reference.source), reference)

    @classmethod
    def load(cls, store, lang: str) -> "ProjectTranslations":
        """Kept between calls while no translation or segment changed."""
        return memoized(store, ("consistency", lang), (TRANSLATIONS, ARTICLES),
                        lambda: cls._read(store, lang))

    @classmethod
    def _read(cls, store, lang: str) -> "ProjectTranslations":
        rows = store.reviewed_translations(lang, current_segments_only=True)
        return cls([Reference(row["article"], row["sid"], row["source"], row["target"])
                    for row in rows])


def _where(reference: Reference, article: str) -> str:
    return reference.sid if reference.article == article else f"{reference.article}#{reference.sid}"


class Inconsistent(Check):
    id = "inconsistent"
    name = "Inconsistent translation"
    severity = Severity.WARNING
    description = (
        "The same English sentence approved (or reviewed) with a different translation "
        "elsewhere in the project, or the same translation approved for a different English "
        "sentence (compared ignoring case; up to four places are named). Only approved and "
        "reviewed translations are compared, and not those whose source changed since. A "
        "reader who meets the same sentence twice should read it the same way. Fix: align the "
        "translations; mute it with a reason when the context calls for another wording.")

    def __init__(self, project: ProjectTranslations):
        self.project = project

    def messages(self, unit):
        segment = unit.segment
        here = (segment.article, segment.sid)
        problems = [
            f"the same source is translated {quoted(target)} in {_where(reference, segment.article)}"
            for target, reference in self.project.by_source.get(segment.source, {}).items()
            if target != unit.target and (reference.article, reference.sid) != here
        ]
        source_key = _key(segment.source)
        problems += [
            f"the same target translates a different source in "
            f"{_where(reference, segment.article)}: {quoted(reference.source)}"
            for key, reference in self.project.by_target.get(_key(unit.target), {}).items()
            if key != source_key
        ]
        return problems[:_MAX_MESSAGES]


_MAX_MESSAGES = 4
