"""What the review page does with a segment, without Streamlit: which rows a
filter keeps, which page of rows to show, and what Save, Approve and Reject do.

The status changes themselves are `workbench.workflow`'s (shared with the
command line); this module adds what a page needs on top: the revision the
user loaded is checked first, so nothing is overwritten silently, and an edited
text is saved before it is approved, in one transaction.
"""

import math
from dataclasses import dataclass
from enum import Enum

from workbench import workflow
from workbench.accounts import Actor
from workbench.errors import InputError
from workbench.model import Segment, Status, Translation
from workbench.store import Store


class Action(str, Enum):
    SAVE = "save"
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class RowFilter:
    statuses: frozenset[Status] = frozenset()  # empty: every status
    finding: str | None = None  # keep rows with this finding
    query: str = ""  # text in the source or the target, any case

    def keeps(self, segment: Segment, translation: Translation | None, findings: set[str]) -> bool:
        status = translation.status if translation else Status.NEW
        if self.statuses and status not in self.statuses:
            return False
        if self.finding and self.finding not in findings:
            return False
        if self.query:
            needle = self.query.casefold()
            target = translation.target if translation else ""
            return (needle == segment.sid.casefold() or needle in segment.source.casefold()
                    or needle in target.casefold())
        return True


def filter_rows(
    segments: list[Segment],
    translations: dict[str, Translation],
    row_filter: RowFilter,
    findings: dict[str, set[str]],
) -> list[Segment]:
    return [
        segment for segment in segments
        if row_filter.keeps(segment, translations.get(segment.sid), findings.get(segment.sid, set()))
    ]


def page_count(rows: int, size: int) -> int:
    return max(1, math.ceil(rows / size))


def page_of(rows: list, page: int, size: int) -> list:
    """Rows of page `page` (1-based, clamped to the pages there are)."""
    page = min(max(page, 1), page_count(len(rows), size))
    return rows[(page - 1) * size: page * size]


def apply_action(
    store: Store,
    segment: Segment,
    lang: str,
    text: str,
    action: Action,
    *,
    actor: Actor,
    expected_revision: int,
    reason: str = "",
    force: bool = False,
) -> Translation:
    """Save, approve or send back what the user sees.

    Raises ConflictError if someone saved the segment since `expected_revision`,
    InputError for an empty text or nothing to send back, and
    workflow.QualityGateError when approving a text with errors unless `force`.
    Save writes a changed text (edited, origin human); Approve saves a changed
    text first, then approves; Reject sends the stored text back with `reason`.
    """
    if not text.strip():
        raise InputError(segment.sid, "the translation is empty; write it before saving")
    slug, sid = segment.article, segment.sid
    with store.transaction():
        current = store.check_revision(slug, sid, lang, expected_revision)
        if action == Action.REJECT:
            workflow.reject(store, slug, lang, [sid], reason=reason, actor=actor)
        else:
            if current is None or current.target != text:
                workflow.edit(store, slug, sid, lang, text, actor=actor,
                              expected_revision=expected_revision)
            if action == Action.APPROVE:
                workflow.approve(store, slug, lang, [sid], actor=actor, force=force)
        return store.translation(slug, sid, lang)
