"""What the review page does with a segment, without Streamlit: which rows a
filter keeps, which page of rows to show, and what Save, Approve and Reject
write to the store.

Kept apart from the page so it can be tested directly and stays the same
whatever the page looks like.
"""

import math
from dataclasses import dataclass
from enum import Enum

from workbench.errors import InputError
from workbench.inline import code_problems
from workbench.model import Origin, Segment, Status, Translation
from workbench.store import Store

SOURCE_CHANGED = "source changed"
SENDABLE_BACK = (Status.MACHINE_TRANSLATED, Status.REVIEWED, Status.APPROVED)
PLACEHOLDERS = "placeholder problem"


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


def store_findings(segment: Segment, translation: Translation | None) -> set[str]:
    """Findings the store itself knows of: a changed source, broken placeholders."""
    if translation is None:
        return set()
    found = set()
    if translation.needs_review:
        found.add(SOURCE_CHANGED)
    if code_problems(translation.target, segment.codes):
        found.add(PLACEHOLDERS)
    return found


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
    author: str,
    expected_revision: int,
    reason: str = "",
) -> Translation:
    """Write what the action means; raises ConflictError if someone saved since
    `expected_revision`, InputError for an empty target.

    Save marks a changed text edited; Approve marks it approved; Reject sends a
    machine-translated, reviewed or approved text back to the translator (edited)
    with the reason in its history. Text left as it was keeps its origin and
    engine, so an approved machine translation still says MT.
    """
    if not text.strip():
        raise InputError(segment.sid, "the translation is empty; write it before saving")
    current = store.translation(segment.article, segment.sid, lang)
    if action == Action.REJECT and (current is None or current.status not in SENDABLE_BACK):
        status = current.status.value if current else Status.NEW.value
        raise InputError(segment.sid, f"is {status}: already with the translator, "
                                      "nothing to send back")
    unchanged = current is not None and current.target == text
    if action == Action.APPROVE:
        status, note = Status.APPROVED, "approved"
    elif action == Action.REJECT:
        status, note = Status.EDITED, "sent back" + (f": {reason}" if reason else "")
    else:
        status, note = (current.status if unchanged else Status.EDITED), "edited"
    return store.save_translation(
        segment.article, segment.sid, lang, text, status,
        current.origin if unchanged else Origin.HUMAN,
        author=author,
        engine=current.engine if unchanged else None,
        model_version=current.model_version if unchanged else None,
        expected_revision=expected_revision,
        note=note,
    )
