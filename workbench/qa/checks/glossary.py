"""Glossary findings as a check: an adapter over the glossary's own matcher.

The glossary package owns term matching (`GlossaryMatcher.check_segment(source,
target, lang)`, compiled over the project's term base); this class only turns its
findings into QA findings so they are listed, muted and gated like the others. A
missing or forbidden term is an error, an admitted form where the preferred one is
expected a warning: the glossary decides, and says so in each finding's severity.
"""

from workbench.qa.base import Check, Finding, Severity


class GlossaryCheck(Check):
    id = "glossary"
    name = "Glossary term"
    severity = Severity.ERROR  # the worst it reports

    def __init__(self, matcher):
        self.matcher = matcher  # has check_segment(source, target, lang) -> findings
        # with .severity ("error" or "warning") and .message

    def check(self, unit):
        return [
            Finding(unit.segment.sid, unit.lang, self.id, self.name, Severity(found.severity),
                    found.message)
            for found in self.matcher.check_segment(unit.source, unit.target, unit.lang)
        ]
