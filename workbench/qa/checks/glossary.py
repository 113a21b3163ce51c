"""Glossary findings as a check: an adapter over the glossary's own matcher.

The glossary package owns term matching (`check_segment(source, target, lang)`,
a compiled matcher over the project's term bases); this class only turns its
findings into QA findings so they are listed, muted and gated like the others.
"""

from collections.abc import Callable

from workbench.qa.base import Check, Severity


class GlossaryCheck(Check):
    id = "glossary"
    name = "Glossary term"
    severity = Severity.WARNING

    def __init__(self, check_segment: Callable[[str, str, str], list]):
        self.check_segment = check_segment

    def messages(self, unit):
        found = self.check_segment(unit.plain_source, unit.plain_target, unit.lang)
        return [str(getattr(finding, "message", finding)) for finding in found]
