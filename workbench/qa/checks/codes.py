"""Inline codes: every placeholder of the source exactly once, properly nested."""

from workbench.inline import code_problems
from workbench.qa.base import Check, Severity


class Placeholders(Check):
    """Paired codes may change order (word order changes); nesting may not."""

    id = "placeholders"
    name = "Inline codes"
    severity = Severity.ERROR

    def messages(self, unit):
        return code_problems(unit.target, unit.segment.codes)
