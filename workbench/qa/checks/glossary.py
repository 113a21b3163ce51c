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

from functools import lru_cache

from workbench.mt.script import to_uzbek_script
from workbench.qa.base import Check, Finding, Severity


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
        # matcher.check_segment(source, target, lang, strict) -> findings with
        # .severity ("error" or "warning") and .message
        self.matcher = matcher
        self.strict = strict
        self._found = lru_cache(maxsize=50_000)(self._ask)

    def _ask(self, source: str, target: str, lang: str, script: str | None
             ) -> tuple[tuple[Severity, str], ...]:
        if script == "cyrillic":
            target = to_uzbek_script(target, "latin")
        return tuple((Severity(found.severity), found.message)
                     for found in self.matcher.check_segment(source, target, lang, self.strict))

    def check(self, unit):
        return [
            Finding(unit.segment.sid, unit.lang, self.id, self.name, severity, message)
            for severity, message in self._found(unit.source, unit.target, unit.lang, unit.script)
        ]
