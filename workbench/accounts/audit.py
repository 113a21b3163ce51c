"""The audit trail: sign-ins and failed attempts, and every change to segments, concepts,
models, articles and accounts, with who made it and when.

Segment and concept changes are already recorded, with their author, in the segment history
and the glossary history; the audit reads them from there. Everything else is recorded
here by the library function that makes the change, inside its transaction, so a change
and its audit row are stored together or not at all. A sign-in from a browser also records
the client's address, as `client_address` gives it, so the trail can be searched for it.
"""

import ipaddress
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workbench.accounts.permissions import Action, Actor, require
from workbench.clock import MACHINE_CLOCK, Clock, stamp_of
from workbench.errors import InputError
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
    address: str  # a sign-in's client address (`client_address`); "" for none

    def to_json(self) -> dict:
        return dict(self.__dict__)


def record(store, actor: Actor | str, kind: str, action: str, target: str = "",
           detail: str = "", *, address: str | None = None,
           clock: Clock = MACHINE_CLOCK) -> None:
    """Add one row to the audit trail (inside the caller's transaction when one is open),
    dated by `clock`. `address`: a sign-in's client address (`client_address`), or None."""
    assert kind in KINDS, kind
    name = actor if isinstance(actor, str) else actor.username
    store.record_audit(clock.stamp(), name, kind, action, target, detail, address)


def client_address(address: str | None) -> str | None:
    """What wrong passwords from `address` are counted against, and the address a sign-in
    records: the address itself, an IPv6 address's /64 network (one client may hold all of
    it), None for none or this machine."""
    text = (address or "").strip()
    try:
        ip = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return text[:100] or None  # no IP address (a socket's name?): counted as it is
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))


def events(store, *, actor: Actor, person: str | None = None, kinds: list[str] | None = None,
           since: str | date | None = None, until: str | date | None = None,
           address: str | None = None, limit: int | None = None) -> list[AuditEvent]:
    """The trail, newest first, for an admin: by `person`, of `kinds`, from the day (or time)
    `since` to the day `until` (included), from the client `address` (sign-ins only)."""
    require(store, actor, Action.AUDIT)
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise InputError(", ".join(unknown), f"no such kind; kinds: {', '.join(KINDS)}")
    rows = store.audit_events(person=person or None, kinds=tuple(kinds or ()),
                              since=_stamp(since, "since"), until=_day_after(until),
                              address=_recorded_address(address), limit=limit)
    return [AuditEvent(**row) for row in rows]


def _recorded_address(value: str | None) -> str | None:
    """The `address` filter as sign-ins record addresses: an IP address, or an IPv6 /64
    network as the trail shows it (2001:db8:1:2::/64); None for no filter."""
    text = (value or "").strip()
    if not text:
        return None
    host, slash, prefix = text.partition("/")
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise InputError("address", f"{text!r} is not an IP address (203.0.113.7, "
                                    "2001:db8::1)") from None
    if slash and (ip.version, prefix) != (6, "64"):
        raise InputError("address", f"{text!r}: the trail has IPv4 addresses whole and IPv6 "
                                    "ones as their /64 network")
    recorded = client_address(host)
    if recorded is None:
        raise InputError("address", f"{text!r} is this machine, whose sign-ins are recorded "
                                    "without an address")
    return recorded


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
    return stamp_of(moment)


def _day_after(value) -> str | None:
    """`until` names the last day shown: the trail stops before the next day begins."""
    stamp = _stamp(value, "until")
    if stamp is None or len(stamp) > 10:
        return stamp
    return (date.fromisoformat(stamp) + timedelta(days=1)).isoformat()
