"""What the review page does with a segment, without Streamlit: which rows a
filter keeps, which page of rows to show, where Next and its kin go, and what Save,
Approve and Reject do.

The status changes themselves are `workbench.workflow`'s (shared with the
command line); this module adds what a page needs on top: the revision the
user loaded is checked first, so nothing is overwritten silently, and an edited
text is saved before it is approved, in one transaction.
"""

import math
from dataclasses import dataclass
from enum import Enum

from workbench import workflow
from workbench.accounts import Action as Permission
from workbench.accounts import Actor
from workbench.errors import InputError
from workbench.model import Segment, Status, Translation, status_of
from workbench.store import Store


class Action(str, Enum):
    SAVE = "save"
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class Rights:
    """What the signed-in account may do in one language: the page offers only the actions
    `allows` (the library checks again when one is taken)."""

    edit: bool
    approve: bool
    reject: bool
    mute: bool
    comment: bool
    translate: bool  # machine-translate a whole article

    @classmethod
    def of(cls, actor: Actor, lang: str) -> "Rights":
        return cls(actor.may(Permission.EDIT, lang), actor.may(Permission.APPROVE, lang),
                   actor.may(Permission.REJECT, lang), actor.may(Permission.MUTE, lang),
                   actor.may(Permission.COMMENT, lang), actor.may(Permission.TRANSLATE))

    def allows(self, action: str) -> bool:
        """Whether the page offers `action` (an Action, a Move, "open" for a row's translate
        view, or a shortcut's action of workbench.ui.keyboard.SHORTCUTS) to this account: the
        one place that decides what a row, a button or a shortcut offers, so an action it
        does not know is an error, not a guess (the edit box, comments and mutes read their
        right directly)."""
        match action:
            # what puts text in the box: the source, a term, a memory match, an MT suggestion
            case Action.SAVE | "source" | "term" | "match" | "mt":
                return self.edit
            case Action.APPROVE:
                return self.approve
            case Action.REJECT:
                return self.reject
            case Move.PREVIOUS | Move.NEXT | Move.UNTRANSLATED | Move.FINDINGS | "open":
                return True
        raise ValueError(f"no right decides the action {action!r}")


class Move(str, Enum):
    PREVIOUS = "previous"
    NEXT = "next"
    UNTRANSLATED = "untranslated"  # the next segment that is new
    FINDINGS = "findings"  # the next segment with findings


@dataclass(frozen=True)
class RowFilter:
    statuses: frozenset[Status] = frozenset()  # empty: every status
    finding: str | None = None  # keep rows with this finding
    query: str = ""  # text in the source or the target, any case
    open_comments: bool = False  # keep rows with open comments

    def keeps(self, segment: Segment, translation: Translation | None, findings: set[str],
              open_comments: int = 0) -> bool:
        status = status_of(translation)
        if self.statuses and status not in self.statuses:
            return False
        if self.finding and self.finding not in findings:
            return False
        if self.open_comments and not open_comments:
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
    open_comments: dict[str, int] | None = None,
) -> list[Segment]:
    open_comments = open_comments or {}
    return [
        segment for segment in segments
        if row_filter.keeps(segment, translations.get(segment.sid), findings.get(segment.sid, set()),
                            open_comments.get(segment.sid, 0))
    ]


def step(rows: list[Segment], position: int, move: Move, translations: dict[str, Translation],
         findings: dict[str, set[str]]) -> Segment | None:
    """Where `move` goes from the segment at `position` (which may have left the filtered
    `rows`, say once approved): the previous or next row, or the next row that is new or
    has findings, from the top again after the last. None: nowhere to go."""
    if move == Move.PREVIOUS:
        return next((row for row in reversed(rows) if row.position < position), None)
    after = [row for row in rows if row.position > position]
    if move == Move.NEXT:
        return after[0] if after else None
    wrapped = after + [row for row in rows if row.position < position]
    if move == Move.UNTRANSLATED:
        wanted = (row for row in wrapped if status_of(translations.get(row.sid)) == Status.NEW)
    else:
        wanted = (row for row in wrapped if findings.get(row.sid))
    return next(wanted, None)


def page_count(rows: int, size: int) -> int:
    return max(1, math.ceil(rows / size))


def page_of(rows: list, page: int, size: int) -> list:
    """Rows of page `page` (1-based, clamped to the pages there are)."""
    page = min(max(page, 1), page_count(len(rows), size))
    return rows[(page - 1) * size: page * size]


def page_with(rows: list[Segment], sid: str, size: int) -> int | None:
    """The page (1-based) that shows segment `sid`, None if no row is it."""
    index = next((i for i, row in enumerate(rows) if row.sid == sid), None)
    return None if index is None else index // size + 1


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
