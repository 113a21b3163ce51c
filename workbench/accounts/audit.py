"""The audit trail: sign-ins and failed attempts, and every change to segments, concepts,
models, articles and accounts, with who made it and when.

Segment and concept changes are already recorded, with their author, in the segment history
and the glossary history; the audit reads them from there. Everything else is recorded
here by the library function that makes the change, inside its transaction, so a change
and its audit row are stored together or not at all.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workbench.accounts.permissions import Action, Actor, require
from workbench.clock import MACHINE_CLOCK, Clock
from workbench.errors import InputError
from workbench.model import TIME_STAMP
from workbench.store.accounts import CONCEPT, SEGMENT, SIGN_IN

ACCOUNT = "account"
ARTICLE = "article"
MODEL = "model"
MEMORY = "memory"
KINDS = (SIGN_IN, ACCOUNT, ARTICLE, SEGMENT, CONCEPT, MODEL, MEMORY)


@dataclass(frozen=True)
class AuditEvent:
    at: str
    actor: str  # an account's user name, the machine's user, or the engine ("mt", "tm")
    kind: str
    action: str
    target: str
    detail: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


def record(store, actor: Actor | str, kind: str, action: str, target: str = "",
           detail: str = "", *, address: str | None = None,
           clock: Clock = MACHINE_CLOCK) -> None:
    """Add one row to the audit trail (inside the caller's transaction when one is open),
    dated by `clock`. `address`: a sign-in's client address (shown after the detail), or None."""
    assert kind in KINDS, kind
    name = actor if isinstance(actor, str) else actor.username
    store.record_audit(clock.stamp(), name, kind, action, target, detail, address)


def events(store, *, actor: Actor, person: str | None = None, kinds: list[str] | None = None,
           since: str | date | None = None, until: str | date | None = None,
           limit: int | None = None) -> list[AuditEvent]:
    """The trail, newest first, for an admin: by `person`, of `kinds`, from the day (or time)
    `since` to the day `until` (included)."""
    require(store, actor, Action.AUDIT)
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise InputError(", ".join(unknown), f"no such kind; kinds: {', '.join(KINDS)}")
    rows = store.audit_events(person=person or None, kinds=tuple(kinds or ()),
                              since=_stamp(since, "since"), until=_day_after(until), limit=limit)
    return [AuditEvent(**row) for row in rows]


def _stamp(value, where: str) -> str | None:
    """A day or a time as the store writes time stamps (ISO 8601, UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(where, f"{value!r} is not a date (2025-05-01) or a time "
                                "(2025-05-01T14:30)") from None
    if isinstance(value, str) and len(value) == 10:
        return moment.date().isoformat()
    return moment.strftime(TIME_STAMP)


def _day_after(value) -> str | None:
    """`until` names the last day shown: the trail stops before the next day begins."""
    stamp = _stamp(value, "until")
    if stamp is None or len(stamp) > 10:
        return stamp
    return (date.fromisoformat(stamp) + timedelta(days=1)).isoformat()
