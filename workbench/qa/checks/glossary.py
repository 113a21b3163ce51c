"""Glossary findings as a check: an adapter over the glossary's own matcher.

The glossary package owns term matching (`GlossaryMatcher.check_segment(source,
target, lang)`, compiled over the project's term base); this class only turns its
findings into QA findings so they are listed, muted and gated like the others. A
missing or forbidden term is an error, an admitted form where the preferred one is
expected a warning: the glossary decides, and says so in each finding's severity.

The glossary writes Uzbek in Latin (its terms and its morphology rules, as MT's
glossary enforcement does): in a project that writes Uzbek in Cyrillic, the target
is matched in its Latin transliteration.
"""

from workbench.mt.script import to_uzbek_script
from workbench.qa.base import Check, Finding, Severity, Unit


class GlossaryCheck(Check):
    """One per glossary version: its answers are kept per text, as the UI asks again."""

    id = "glossary"
    name = "Glossary term"
    severity = Severity.ERROR  # the worst it reports
    description = (
        "Terms of the project glossary, found by the glossary's matcher in any inflected "
        "form: a source term whose approved form is missing from the target, or a forbidden "
        "form used, is an error; with `--strict`, an admitted form where the source used the "
        "preferred English term is a warning. As in the source, the longest term wins: the "
        "words of a longer term count only for it (Kyrgyz Борбор Азия is Central Asia, not "
        "the capital борбор) and for the concepts it includes (its English term contains "
        "theirs). Each finding names the term and the approved form. Fix: use the approved form (the Review page's term buttons insert it); when "
        "the glossary itself is wrong, change it (`workbench glossary edit`, then `glossary "
        "apply` to rewrite the translations that use the old form).")

    def __init__(self, matcher, strict: bool = False):
        # matcher.check_segment(source, target, lang, strict) and, for many pairs at once,
        # matcher.check_many(pairs, lang, strict) -> findings with .severity ("error" or
        # "warning") and .message
        self.matcher = matcher
        self.strict = strict
        self._answers: dict[tuple, tuple[tuple[Severity, str], ...]] = {}

    def prepare(self, units) -> None:
        """Answers for a whole article at once: the matcher reads each language's texts in
        one call, nearly twice as fast as a call per text."""
        asked = dict.fromkeys(_key(unit) for unit in units if unit.translated)
        by_language: dict[tuple[str, str | None], list[tuple]] = {}
        for key in asked:
            if key in self._answers:
                continue
            by_language.setdefault(key[2:], []).append(key)
        for (lang, script), keys in by_language.items():
            found = self.matcher.check_many(
                [(source, _as_glossary_writes(target, script)) for source, target, *_ in keys],
                lang, self.strict)
            for key, findings in zip(keys, found):
                self._remember(key, findings)

    def check(self, unit):
        key = _key(unit)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._remember(key, self.matcher.check_segment(
                unit.source, _as_glossary_writes(unit.target, unit.script), unit.lang,
                self.strict))
        return [Finding(unit.segment.sid, unit.lang, self.id, self.name, severity, message)
                for severity, message in answer]

    def _remember(self, key: tuple, findings) -> tuple[tuple[Severity, str], ...]:
        if len(self._answers) >= _ANSWERS_KEPT:
            self._answers.clear()
        answer = tuple((Severity(found.severity), found.message) for found in findings)
        self._answers[key] = answer
        return answer


_ANSWERS_KEPT = 50_000  # texts whose answers are kept: a few articles' worth


def _key(unit: Unit) -> tuple[str, str, str, str | None]:
    return unit.source, unit.target, unit.lang, unit.script


def _as_glossary_writes(target: str, script: str | None) -> str:
    return to_uzbek_script(target, "latin") if script == "cyrillic" else target
