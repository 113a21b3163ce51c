"""Inline codes: every placeholder of the source exactly once, properly nested."""

from workbench.inline import code_problems
from workbench.qa.base import Check, Severity


class Placeholders(Check):
    id = "placeholders"
    name = "Inline codes"
    severity = Severity.ERROR
    description = (
        "Inline codes missing, extra, doubled or wrongly nested. Each placeholder stands for "
        "markup of the article (`{1}`…`{/1}` for bold, italics or a link around words, `{2/}` "
        "for an image or a URL) that is rebuilt on export: a lost or doubled one breaks the "
        "published article. Paired codes may change order, as word order changes, but may not "
        "overlap; until the codes fit, the rebuilt article uses the English sentence in its "
        "place. Fix: copy the placeholder from the source into the right place (the Review "
        "page shows them as chips and saves a text with a problem only after \"Save anyway\").")

    def messages(self, unit):
        return code_problems(unit.target, unit.segment.codes)
