"""Accounts of a desk: adding, changing and disabling them, passwords, and signing in.

The first account of a store is made by the machine's owner (the store has no accounts yet,
so the owner still acts) and must be an admin; from then on only admins manage accounts, and
the last active admin can be neither disabled nor demoted, so a desk never locks itself out.
There is no default password: every password is given by a person and only its hash kept.

Signing in is the same for the browser and the command line. Wrong passwords are counted in
the audit trail (a name that is no account only as a digest: it may be a password typed in
the wrong box), so a name that exists and one that does not get the same answers. Three rules
count them; after a rule's free attempts each further attempt must wait, twice as long after
every further wrong password, and an attempt waits for the longest of the rules' waits:

- per name and place: a browser's client address, or none (the command line, scripts and a
  browser on this machine, all one place). After `settings.FREE_SIGN_IN_ATTEMPTS` in a row,
  until the name signs in from there: someone who knows a colleague's name and tries it makes
  it wait only where they try it.
- per client address, under any name, so one password tried against every name is held up:
  after `settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS` in the last
  `settings.SIGN_IN_WINDOW_MINUTES`. It touches nobody signing in from elsewhere.
- per name from every place together, so guesses spread over many addresses are held up too:
  after `settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME` in the window, but not at a place the
  account signed in from in the last `settings.KNOWN_SIGN_IN_PLACE_DAYS` (a known place), so
  its owner still signs in at the office and at home.

A sign-in makes good the failures under its own name from its own place (typos), never those
from elsewhere nor under other names: signing in to one's own account does not clear a spray
over the others' names. Passwords are checked one at a time in a process, so guesses sent at
once wait as guesses sent one after the other do.
"""

import hashlib
import ipaddress
import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from workbench import settings
from workbench.accounts import audit, passwords
from workbench.accounts.permissions import (
    Action, Actor, Grant, PermissionDenied, Role, actor_from, current, held_roles, require,
    roles_text, session_credential,
)
from workbench.clock import MACHINE_CLOCK, Clock, moment_of, stamp_of
from workbench.errors import ConflictError, InputError, NotFoundError, WorkbenchError
from workbench.store import now
from workbench.store.accounts import FAILED, SIGNED_IN

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
WRONG = "wrong user name or password"
_FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
_ONE_PASSWORD_CHECK_AT_A_TIME = threading.Lock()


class SignInRefused(WorkbenchError):
    """A sign-in that did not succeed: wrong name or password, a disabled account, or an
    attempt made before the growing delay has passed."""


@dataclass(frozen=True)
class Account:
    """An account as admins see it (never its password hash)."""

    username: str
    display_name: str
    grants: frozenset[Grant]
    active: bool
    created_at: str
    last_sign_in: str | None

    @property
    def roles(self) -> str:
        return roles_text(self.grants)

    def to_json(self) -> dict:
        return {"username": self.username, "display_name": self.display_name,
                "roles": {role.value: held for role, held in held_roles(self.grants).items()},
                "active": self.active, "created_at": self.created_at,
                "last_sign_in": self.last_sign_in}


def accounts(store) -> list[Account]:
    return [_account(row) for row in store.accounts()]


def account(store, username: str) -> Account:
    row = store.account(username)
    if row is None:
        raise NotFoundError(f"no account {username!r} in this store")
    return _account(row)


def has_admin(store) -> bool:
    """Whether an active admin exists: what sharing the workbench on the network needs."""
    return any(_is_admin(a) for a in accounts(store))


def check_serving(store, host: str, headers: Mapping[str, str] | None = None) -> None:
    """Refuse to serve beyond this machine until the store has an admin: without accounts,
    whoever reaches the page could change everything. Beyond this machine is a listening
    address other than loopback, and also a request (its `headers`) that came through a
    reverse proxy or names another host, though the server listens on loopback."""
    beyond = _from_beyond(host, {name.lower(): value for name, value in (headers or {}).items()})
    if beyond is None or has_admin(store):
        return
    raise PermissionDenied(
        f"{beyond}: this store has no admin account, so anyone who reaches the workbench could "
        "change everything. Make the first admin (the password is asked): workbench users add "
        "NAME --admin; then serve it behind a TLS reverse proxy, so that passwords never cross "
        "the network in clear text (docs/desk.md)")


def _from_beyond(host: str, headers: dict[str, str]) -> str | None:
    """What shows that the workbench is reached from beyond this machine, or None."""
    if not _is_loopback(host):
        return host
    forwarded = next((name for name in _FORWARDING_HEADERS if name in headers), None)
    if forwarded:
        return f"a request through a proxy ({forwarded})"
    asked = headers.get("host", "localhost")
    try:
        name = urlsplit(f"//{asked}").hostname or ""
    except ValueError:  # a Host header that is no host
        name = ""
    return None if _is_loopback(name) else f"a request for {asked!r}"


def _is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def add_account(store, username: str, password: str, grants: frozenset[Grant], *,
                actor: Actor, display_name: str = "") -> Account:
    """A new account. On a store without accounts the machine's owner makes the first one,
    which must be an admin."""
    require(store, actor, Action.ACCOUNTS)
    username = check_username(username)
    if not store.has_accounts() and (Role.ADMIN, "") not in grants:
        raise InputError(username, "the first account must be an admin (--admin), or nobody "
                                   "could manage the accounts")
    if store.account(username) is not None:
        raise ConflictError(f"account {username!r} exists already; change it with users edit")
    passwords.check_new_password(password, username)
    with store.transaction():
        store.add_account(username, display_name.strip() or username,
                          passwords.hash_password(password), sorted(grants), now())
        audit.record(store, actor, audit.ACCOUNT, "add", username, roles_text(grants))
    return account(store, username)


def edit_account(store, username: str, *, actor: Actor, display_name: str | None = None,
                 grants: frozenset[Grant] | None = None, active: bool | None = None) -> Account:
    """Change an account's name, roles or active flag (None: unchanged)."""
    require(store, actor, Action.ACCOUNTS)
    before = account(store, username)
    after = Account(before.username,
                    before.display_name if display_name is None else display_name.strip() or username,
                    before.grants if grants is None else frozenset(grants),
                    before.active if active is None else active,
                    before.created_at, before.last_sign_in)
    changes = [text for changed, text in (
        (after.display_name != before.display_name, f"name: {after.display_name}"),
        (after.grants != before.grants, f"roles: {after.roles}"),
        (after.active != before.active, "enabled" if after.active else "disabled"),
    ) if changed]
    if not changes:
        return before
    with store.transaction():  # the write lock: two admins demoting each other wait in turn
        if _is_admin(before) and not _is_admin(after) and not any(
                _is_admin(other) for other in accounts(store) if other.username != username):
            raise ConflictError(f"{username} is the last active admin: make another admin "
                                "first, or nobody could manage the accounts")
        store.update_account(username, display_name=after.display_name, active=after.active,
                             grants=sorted(after.grants))
        audit.record(store, actor, audit.ACCOUNT, "edit", username, "; ".join(changes))
    return account(store, username)


def reset_password(store, username: str, new_password: str, *, actor: Actor) -> None:
    """An admin sets another account's password (the person changes it afterwards)."""
    require(store, actor, Action.ACCOUNTS)
    account(store, username)
    passwords.check_new_password(new_password, username)
    with store.transaction():
        store.set_password_hash(username, passwords.hash_password(new_password))
        audit.record(store, actor, audit.ACCOUNT, "password", username, "set by an admin")


def change_password(store, username: str, current_password: str, new_password: str, *,
                    address: str | None = None, clock: Clock = MACHINE_CLOCK) -> Actor:
    """A person changes their own password, proving it with the current one (counted like a
    sign-in from `address`: wrong ones bring the delay). Sessions opened before end; the Actor
    returned is the one to go on with."""
    actor = sign_in(store, username, current_password, via="password change", address=address,
                    clock=clock)
    passwords.check_new_password(new_password, actor.username)
    new_hash = passwords.hash_password(new_password)
    with store.transaction():
        store.set_password_hash(actor.username, new_hash)
        audit.record(store, actor, audit.ACCOUNT, "password", actor.username, "changed",
                     clock=clock)
    return replace(actor, credential=session_credential(new_hash))


def sign_in(store, username: str, password: str, *, via: str,
            address: str | None = None, clock: Clock = MACHINE_CLOCK) -> Actor:
    """The account's Actor if `password` is its password; SignInRefused otherwise (the same
    words whether the name or the password was wrong). `via`: "browser", "cli", ...;
    `address`: the client's network address (a browser's), the place wrong passwords are
    counted at, or None (the command line, a script, this machine); `clock`: what dates the
    attempt and measures the waits."""
    name = username.strip().lower()
    client = audit.client_address(address)
    row = store.account(name, with_password_hash=True) if _USERNAME.match(name) else None
    password_hash = row["password_hash"] if row else None
    counted_as = name if row is not None else _unknown_name(name)
    with _ONE_PASSWORD_CHECK_AT_A_TIME:
        wait, why, advice = _longest_wait(store, name, counted_as, client, clock.now())
        if wait:
            raise SignInRefused(f"{why}: wait {wait} s, then try again{advice}")
        if not passwords.verify(password_hash, password):
            audit.record(store, counted_as, audit.SIGN_IN, FAILED, counted_as, via,
                         address=client, clock=clock)
            raise SignInRefused(WRONG)
    if not row["active"]:
        audit.record(store, name, audit.SIGN_IN, FAILED, name, f"{via}; the account is disabled",
                     address=client, clock=clock)
        raise SignInRefused(f"{name}: the account is disabled; ask an admin")
    with store.transaction():
        store.record_sign_in(name, clock.stamp())
        if passwords.needs_rehash(password_hash):
            password_hash = passwords.hash_password(password)
            store.set_password_hash(name, password_hash)
        audit.record(store, name, audit.SIGN_IN, SIGNED_IN, name, via, address=client,
                     clock=clock)
    return replace(actor_from(row), credential=session_credential(password_hash))


def _unknown_name(name: str) -> str:
    """How failed sign-ins under a name that is no account are counted: a digest, never the
    name (it may be a password typed in the wrong box)."""
    return "?" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def sign_out(store, actor: Actor, why: str = "signed-out") -> None:
    """Record the end of a browser session: "signed-out", or "expired" after idle time."""
    if not actor.local:
        audit.record(store, actor, audit.SIGN_IN, why, actor.username)


def still_signed_in(store, actor: Actor) -> Actor | None:
    """The session's actor with its roles as they are now; None once its account is disabled
    or gone (the session ends)."""
    try:
        return current(store, actor)
    except PermissionDenied:
        return None


_TELL_AN_ADMIN = "; if this keeps happening, tell an admin (the audit trail shows the attempts)"


def _longest_wait(store, name: str, counted_as: str, client: str | None,
                  at: datetime) -> tuple[int, str, str]:
    """The seconds a password for `name` (counted as `counted_as`) from `client` must still
    wait at the time `at` (0: none), by the rule that holds it up longest, with the words
    saying why and any advice."""
    window = _before(at, minutes=settings.SIGN_IN_WINDOW_MINUTES)
    here = "" if client is None else " from your network address"
    waits = [(_wait_left(*store.failed_sign_ins(counted_as, client),
                         settings.FREE_SIGN_IN_ATTEMPTS, at),
              f"too many wrong passwords for {name}{here}", "")]
    # this machine (no address) is always a known place: whoever is on it holds the store
    # already, and the account's scripts and its admin must not be locked out from the network
    if client is None:
        return waits[0]
    waits.append((_wait_left(*store.failed_sign_ins_from(client, window),
                             settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS, at),
                  "too many wrong passwords from your network address, under any name",
                  _TELL_AN_ADMIN))
    everywhere = _wait_left(*store.failed_sign_ins_for(counted_as, window),
                            settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME, at)
    days = settings.KNOWN_SIGN_IN_PLACE_DAYS
    if everywhere and not store.signed_in_from(counted_as, client, _before(at, days=days)):
        waits.append((everywhere, f"too many wrong passwords for {name}, from all addresses "
                                  "together",
                      f"; this wait does not apply where {name} signed in during the last "
                      f"{days} days" + _TELL_AN_ADMIN))
    return max(waits, key=lambda wait: wait[0])


def _before(at: datetime, **duration) -> str:
    """The time stamp of `duration` (timedelta's keywords) before `at`, as the store writes
    them."""
    return stamp_of(at - timedelta(**duration))


def _wait_left(failures: int, last: str | None, free: int, at: datetime) -> int:
    delay = delay_after(failures, free)
    if not delay:
        return 0
    elapsed = (at - moment_of(last)).total_seconds()
    return min(delay, max(0, math.ceil(delay - elapsed)))  # a clock set back waits no longer


def delay_after(failures: int, free: int | None = None) -> int:
    """Seconds to wait after `failures` wrong passwords in a row, the first `free` of them
    (`settings.FREE_SIGN_IN_ATTEMPTS` unless given) without a wait."""
    free = settings.FREE_SIGN_IN_ATTEMPTS if free is None else free
    if failures < free:
        return 0
    doublings = failures - free
    return min(settings.SIGN_IN_DELAY_SECONDS * 2 ** min(doublings, 30),
               settings.MAX_SIGN_IN_DELAY_SECONDS)


def confirmed_password(password: str, again: str, field: str = "password") -> str:
    """A new password typed twice (a form has no second look at what it hides)."""
    if password != again:
        raise InputError(field, "the two do not match")
    return password


def check_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.match(name):
        raise InputError(username, "a user name is 1 to 32 lower-case letters, digits, '.', "
                                   "'_' or '-', starting with a letter or digit")
    return name


def _is_admin(account: Account) -> bool:
    return account.active and (Role.ADMIN, "") in account.grants


def _account(row: dict) -> Account:
    actor = actor_from(row)
    return Account(actor.username, actor.display_name, actor.grants, row["active"],
                   row["created_at"], row["last_sign_in"])
