"""Accounts in the library: the role table holds for every action that changes the project
(a refusal changes nothing), accounts and passwords, signing in with its growing delay, and
the audit trail."""

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from tests.account_helpers import DESK, PASSWORD, make_desk, quick_hashes  # noqa: F401
from tests.clock_helpers import ManualClock
from tests.conftest import EXAMPLE_PO_FILES, OWNER, SEED, SEED_SLUG
from tests.exchange_helpers import dump, edit_po
from tests.mt_helpers import KY_PACKAGE, M2M_DIR, FakeEngine
from tests.test_mt_bundles import MANIFEST
from workbench import settings, workflow
from workbench.accounts import PermissionDenied, Role, audit, passwords
from workbench.accounts.audit import client_address
from workbench.accounts.permissions import Actor, role_grants
from workbench.accounts.permissions import current
from workbench.accounts.users import (
    SignInRefused, accounts, add_account, change_password, check_serving, delay_after,
    edit_account, reset_password, sign_in,
)
from workbench.errors import ConflictError, InputError
from workbench.exchange.export import export_article, export_files
from workbench.exchange.importer import import_files
from workbench.glossary import storage
from workbench.glossary.changes import apply_term_change
from workbench.glossary.editing import new_concept
from workbench.glossary.model import Glossary
from workbench.importing import delete_article, import_paths
from workbench.jobs import cancel_job, configure, enqueue_translation
from workbench.glossary.storage import project_matcher
from workbench.mt import bundles
from workbench.mt.evaluation import evaluate
from workbench.mt.hooks import MtHooks
from workbench.mt.pipeline import translate_article
from workbench.mt.registry import Registry
from workbench.mt.script import set_uzbek_script
from workbench.qa import mute, unmute
from workbench.store import Store
from workbench.tm import fill_from_memory, import_units

ROLES = list(DESK) + ["owner"]  # "owner": the machine's user, once the store has accounts


@pytest.fixture
def desk(store, tmp_path, argos_dir):
    """The seed with its example translations, a registered model and a muted check, set up
    by the machine's owner; then the DESK accounts."""
    import_paths(store, [SEED], actor=OWNER)
    import_files(store, EXAMPLE_PO_FILES, actor=OWNER)
    Registry(store).add_multilingual(M2M_DIR, ["kk"], name="m2m", actor=OWNER)
    mute(store, SEED_SLUG, "s2", "kk", "numbers", "the date is written out", actor=OWNER)
    workflow.edit(store, SEED_SLUG, "s1", "kk", "Ресей.", actor=OWNER)  # with the translator
    storage.load_glossary(store)  # the shipped glossary, loaded on first use
    [po] = export_article(store, SEED_SLUG, "po", ["kk"], folder=tmp_path / "out", actor=OWNER)
    edit_po(po, "s1", target="Ресей жаңа мәтін")
    (tmp_path / "other.md").write_text("Another article.\n", encoding="utf-8")
    (tmp_path / "follow.md").write_text(store.segment(SEED_SLUG, "s3").source + "\n",
                                        encoding="utf-8")  # the memory has it in every language
    import_paths(store, [tmp_path / "follow.md"], actor=OWNER)
    enqueue_translation(store, SEED_SLUG, ["kk"], actor=OWNER)  # job 1, to be cancelled
    actors = make_desk(store)
    actors["owner"] = OWNER
    return SimpleNamespace(store=store, actors=actors, po=po, folder=tmp_path)


def _actions(desk) -> dict:
    """Every action that changes the project, as a library call: name -> call(actor)."""
    store, folder = desk.store, desk.folder
    registry = Registry(store)
    bundle = folder / "tiny.tar"
    bundles.write(bundle, MANIFEST, M2M_DIR)
    concept = new_concept("test-concept", {"en": "Test concept", "kk": "Сынақ"}, author="", at="")
    glossary = storage.load_glossary(store)
    imported = Glossary(tuple(replace(c, note="from a file") if c.id == "moscow" else c
                              for c in glossary.concepts))
    unit = SimpleNamespace(source_lang="en", target_lang="kk", source="A test.",
                           target="Сынақ.", author=None, created_at=None)
    return {
        "edit kk": lambda a: workflow.edit(store, SEED_SLUG, "s3", "kk", "Жаңа мәтін.", actor=a),
        "edit ru": lambda a: workflow.edit(store, SEED_SLUG, "s3", "ru", "Новый текст.", actor=a),
        "review kk": lambda a: workflow.mark_reviewed(store, SEED_SLUG, "kk", ["s1"], actor=a),
        "approve kk": lambda a: workflow.approve(store, SEED_SLUG, "kk", ["s1"], actor=a,
                                                 force=True),
        "approve ru": lambda a: workflow.approve(store, SEED_SLUG, "ru", ["s1"], actor=a,
                                                 force=True),
        "reject kk": lambda a: workflow.reject(store, SEED_SLUG, "kk", ["s4"], actor=a),
        "mute kk": lambda a: mute(store, SEED_SLUG, "s3", "kk", "numbers", "fine", actor=a),
        "unmute kk": lambda a: unmute(store, SEED_SLUG, "s2", "kk", "numbers", actor=a),
        "mute ru": lambda a: mute(store, SEED_SLUG, "s3", "ru", "numbers", "fine", actor=a),
        "add concept": lambda a: storage.save_concept(store, concept, "add", actor=a),
        "remove concept": lambda a: storage.remove_concept(store, "moscow", actor=a),
        "import glossary": lambda a: storage.replace_glossary(store, imported, actor=a,
                                                             force=True),
        "export glossary": lambda a: storage.export_glossary(store, "g.csv", actor=a),
        "apply term": lambda a: apply_term_change(store, "moscow", "Мәскеу", "Москва",
                                                  preview=False, actor=a),
        "import article": lambda a: import_paths(store, [folder / "other.md"], actor=a),
        "delete article": lambda a: delete_article(store, SEED_SLUG, actor=a),
        "translate": lambda a: translate_article(store, SEED_SLUG, ["ky"], actor=a,
                                                 engine_for=lambda lang: FakeEngine()),
        "fill from memory": lambda a: fill_from_memory(store, "follow", ["ky"], actor=a),
        "queue MT": lambda a: enqueue_translation(store, SEED_SLUG, ["ky"], actor=a),
        "cancel an MT job": lambda a: cancel_job(store, 1, actor=a),
        "job takeover settings": lambda a: configure(store, stale_after=30, actor=a),
        "install model": lambda a: registry.install_argos(KY_PACKAGE, actor=a),
        "add bundle": lambda a: registry.add_bundle(bundle, name=f"tiny-{a.username}", actor=a),
        "evaluate MT": lambda a: evaluate(store, SEED_SLUG, ["kk"], actor=a, hooks=MtHooks(),
                                          matcher=project_matcher(store)),
        "add model": lambda a: registry.add_multilingual(M2M_DIR, ["tg"], name="more", actor=a),
        "remove model": lambda a: registry.remove("m2m", actor=a),
        "order models": lambda a: registry.set_order("kk", ["multilingual:m2m"], actor=a),
        "uzbek script": lambda a: set_uzbek_script(store, "cyrillic", actor=a),
        "export": lambda a: export_files(store, SEED_SLUG, "po", ["kk"], actor=a),
        "import translations": lambda a: import_files(store, [desk.po], actor=a),
        "import memory": lambda a: import_units(store, [unit], "memory.tmx", actor=a),
        "add account": lambda a: add_account(store, "new", PASSWORD, role_grants({}), actor=a),
        "edit account": lambda a: edit_account(store, "kat", actor=a, display_name="Katya"),
        "set a password": lambda a: reset_password(store, "kat", "another long one", actor=a),
        "read the audit": lambda a: audit.events(store, actor=a),
    }


# The role table of the issue, written out: who may do each action (the admin may do all).
EVERYONE_ELSE_REFUSED = {
    "edit kk": {"kat", "kim"}, "edit ru": set(), "review kk": {"kim"}, "approve kk": {"kim"},
    "approve ru": set(), "reject kk": {"kim"}, "mute kk": {"kim"}, "unmute kk": {"kim"},
    "mute ru": set(),
    "add concept": {"tom"}, "remove concept": {"tom"}, "import glossary": {"tom"},
    "export glossary": {"tom"}, "apply term": {"tom"},
    "import article": {"max"}, "delete article": {"max"}, "translate": {"max"},
    "fill from memory": {"max"}, "queue MT": {"max"}, "cancel an MT job": {"max"},
    "job takeover settings": {"max"}, "install model": {"max"}, "add bundle": {"max"},
    "evaluate MT": {"max"}, "add model": {"max"},
    "remove model": {"max"}, "order models": {"max"}, "uzbek script": {"max"},
    "export": {"max"}, "import translations": {"max"}, "import memory": {"max"},
    "add account": set(), "edit account": set(), "set a password": set(),
    "read the audit": set(),
}
READS = {"read the audit"}  # allowed actions that change nothing


def test_the_role_table_holds_and_a_refusal_changes_nothing(desk):
    """Each action by each role, in a transaction that is then undone: allowed (and it wrote)
    or refused. A refused call is made again outside any transaction: the stored data is as
    it was, table by table."""
    store = desk.store
    snapshot = dump(store.location)
    allowed = {name: set() for name in EVERYONE_ELSE_REFUSED}
    for name, call in _actions(desk).items():
        for role in ROLES:
            with store.discarding():
                before = store.changed_at()
                try:
                    call(desk.actors[role])
                except PermissionDenied as refusal:
                    assert str(refusal).startswith(desk.actors[role].username)
                    continue
                finally:
                    wrote = store.changed_at() != before
                allowed[name].add(role)
                assert wrote or name in READS, f"{role}: {name} did nothing"
        for role in set(ROLES) - allowed[name]:
            with pytest.raises(PermissionDenied):
                call(desk.actors[role])
        assert dump(store.location) == snapshot, f"a refused {name} changed the store"
    assert allowed == {name: roles | {"ada"} for name, roles in EVERYONE_ELSE_REFUSED.items()}


# accounts

def test_the_first_account_is_an_admin_made_by_the_machines_owner(store):
    with pytest.raises(InputError, match="the first account must be an admin"):
        add_account(store, "kat", PASSWORD, role_grants({Role.TRANSLATOR: ["kk"]}), actor=OWNER)
    assert not store.has_accounts()
    add_account(store, "ada", PASSWORD, role_grants({Role.ADMIN: True}), actor=OWNER)
    with pytest.raises(PermissionDenied, match="acts as the machine's owner, but this store has"):
        add_account(store, "bob", PASSWORD, role_grants({Role.ADMIN: True}), actor=OWNER)
    assert [a.username for a in accounts(store)] == ["ada"]


@pytest.mark.parametrize("username, password, problem", [
    ("Bad Name", PASSWORD, "a user name is 1 to 32 lower-case letters"),
    ("-dash", PASSWORD, "a user name is"),
    ("newbie", "tiny1", "too short: use at least 10 characters"),
    ("newbie", "x" * 257, "too long"),
    ("newbie", "Newbie-is-my-password", "contains the user name"),
])
def test_bad_names_and_passwords_are_refused_and_not_repeated(store, username, password, problem):
    make_desk(store)
    with pytest.raises(InputError, match=problem) as refused:
        add_account(store, username, password, role_grants({}), actor=Actor("ada"))
    assert password not in str(refused.value)
    assert [a.username for a in accounts(store)] == sorted(DESK)


def test_roles_name_their_languages_per_language_roles_only(store):
    with pytest.raises(InputError, match="translator: is held per language"):
        role_grants({Role.TRANSLATOR: True})
    with pytest.raises(InputError, match="unknown language xx"):
        role_grants({Role.REVIEWER: ["kk", "xx"]})
    with pytest.raises(InputError, match="manager: is held for every language"):
        role_grants({Role.MANAGER: ["kk"]})


def test_an_account_exists_once_and_the_last_admin_stays(store):
    actors = make_desk(store)
    with pytest.raises(ConflictError, match="account 'kat' exists already"):
        add_account(store, "kat", PASSWORD, role_grants({}), actor=actors["ada"])
    for change in ({"active": False}, {"grants": role_grants({Role.MANAGER: True})}):
        with pytest.raises(ConflictError, match="ada is the last active admin"):
            edit_account(store, "ada", actor=actors["ada"], **change)
    edit_account(store, "tom", actor=actors["ada"], grants=role_grants({Role.ADMIN: True}))
    demoted = edit_account(store, "ada", actor=Actor("tom"), grants=role_grants({}))
    assert demoted.roles == "no role" and demoted.active


def test_a_disabled_account_or_a_withdrawn_role_stops_at_once(store):
    actors = make_desk(store)
    import_paths(store, [SEED], actor=actors["max"])
    kim = actors["kim"]
    workflow.edit(store, SEED_SLUG, "s1", "kk", "Ресей.", actor=kim)
    edit_account(store, "kim", actor=actors["ada"], grants=role_grants({Role.TRANSLATOR: ["ky"]}))
    with pytest.raises(PermissionDenied, match=r"kim \(translator for ky\) may not edit kk"):
        workflow.edit(store, SEED_SLUG, "s1", "kk", "Ресей!", actor=kim)
    edit_account(store, "kim", actor=actors["ada"], active=False)
    with pytest.raises(PermissionDenied, match="kim: the account is disabled"):
        workflow.edit(store, SEED_SLUG, "s1", "ky", "Орусия.", actor=kim)
    with pytest.raises(PermissionDenied, match="ghost: no such account"):
        workflow.edit(store, SEED_SLUG, "s1", "ky", "Орусия.", actor=Actor("ghost"))
    assert [h.author for h in store.history(SEED_SLUG, "s1", "kk")] == ["kim"]


def test_a_refusal_names_who_what_and_the_role_it_takes(store):
    actors = make_desk(store)
    import_paths(store, [SEED], actor=actors["max"])
    with pytest.raises(PermissionDenied) as refused:
        workflow.approve(store, SEED_SLUG, "ru", actor=actors["kat"])
    assert str(refused.value) == ("kat (translator for kk) may not approve ru translations: "
                                  "that takes the reviewer role for ru or an admin")


# signing in

def test_sign_in_says_the_same_for_a_wrong_name_or_password(store):
    make_desk(store)
    for name, password in (("kat", "not the password"), ("nobody", PASSWORD),
                           ("correct horse", PASSWORD)):
        with pytest.raises(SignInRefused, match="^wrong user name or password$"):
            sign_in(store, name, password, via="cli")
    signed = sign_in(store, " KAT ", PASSWORD, via="browser")
    assert (signed.username, signed.display_name, signed.roles_text) == (
        "kat", "Kat", "translator for kk")
    trail = audit.events(store, actor=Actor("ada"), kinds=["sign-in"])
    assert [(e.action, e.detail) for e in trail] == [
        ("signed-in", "browser"), ("failed", "cli"), ("failed", "cli"), ("failed", "cli")]
    assert (trail[0].actor, trail[-1].actor) == ("kat", "kat")
    unknown = {trail[1].actor, trail[2].actor, trail[1].target, trail[2].target}
    assert len(unknown) == 2 and all(name.startswith("?") for name in unknown)  # digests only
    assert next(a for a in accounts(store) if a.username == "kat").last_sign_in == trail[0].at


def test_a_name_that_is_no_account_is_held_up_like_one_that_is(store, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    for name in ("kat", "nobody"):
        for _ in range(settings.FREE_SIGN_IN_ATTEMPTS):
            with pytest.raises(SignInRefused, match="^wrong user name or password$"):
                sign_in(store, name, "guess", via="browser")
        with pytest.raises(SignInRefused, match=f"^too many wrong passwords for {name}: wait "):
            sign_in(store, name, "guess", via="browser")


def test_guesses_sent_at_once_wait_as_guesses_one_after_another(store_location, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    setup = Store.open(store_location)
    make_desk(setup)
    setup.close()
    start = threading.Barrier(8)

    def guess(_):
        own = Store.open(store_location)
        try:
            start.wait()
            sign_in(own, "kat", "guess", via="browser")
        except SignInRefused as refused:
            return str(refused)
        finally:
            own.close()

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(guess, range(8)))
    assert answers.count("wrong user name or password") == settings.FREE_SIGN_IN_ATTEMPTS
    assert sum(answer.startswith("too many wrong passwords for kat") for answer in answers) == 5


def test_a_disabled_account_is_told_so_only_with_its_password(store):
    make_desk(store)
    with pytest.raises(SignInRefused, match="^wrong user name or password$"):
        sign_in(store, "dis", "not the password", via="cli")
    with pytest.raises(SignInRefused, match="dis: the account is disabled; ask an admin"):
        sign_in(store, "dis", PASSWORD, via="cli")


@pytest.fixture
def clock():
    """What sign-ins are dated and their waits measured by, moved on by hand."""
    return ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))


def test_wrong_passwords_bring_a_growing_delay_until_a_sign_in(store, clock):
    assert [delay_after(n) for n in range(8)] == [0, 0, 0, 5, 10, 20, 40, 80]
    assert delay_after(60) == settings.MAX_SIGN_IN_DELAY_SECONDS
    make_desk(store)

    def attempt(name: str, password: str):
        return sign_in(store, name, password, via="browser", clock=clock)

    for _ in range(settings.FREE_SIGN_IN_ATTEMPTS):
        with pytest.raises(SignInRefused, match="wrong user name or password"):
            attempt("kat", "guess")
    with pytest.raises(SignInRefused, match="too many wrong passwords for kat: wait 5 s,"):
        attempt("kat", PASSWORD)  # even the right one must wait
    attempt("kim", PASSWORD)  # another account is not held up
    clock.sleep(4)
    with pytest.raises(SignInRefused, match="wait 1 s,"):
        attempt("kat", PASSWORD)
    clock.sleep(1)
    with pytest.raises(SignInRefused, match="wrong user name or password"):
        attempt("kat", "guess")
    with pytest.raises(SignInRefused, match="wait 10 s,"):  # the wait doubled
        attempt("kat", PASSWORD)
    clock.sleep(-3600)  # the machine's clock set back an hour: the wait grows no longer
    with pytest.raises(SignInRefused, match="wait 10 s,"):
        attempt("kat", PASSWORD)
    clock.sleep(3600)
    clock.sleep(10)
    attempt("kat", PASSWORD)
    with pytest.raises(SignInRefused, match="wrong user name or password"):
        attempt("kat", "guess")  # counting starts again


OFFICE, ELSEWHERE = "203.0.113.7", "198.51.100.9"  # documentation addresses (RFC 5737)
FROM_THE_ADDRESS = "^too many wrong passwords from your network address, under any name: wait "


def _wrong(store, clock, name: str, address: str | None = OFFICE, via: str = "browser") -> None:
    with pytest.raises(SignInRefused, match="^wrong user name or password$"):
        sign_in(store, name, "Winter2025!", via=via, address=address, clock=clock)


def test_one_password_tried_on_many_names_from_one_address_is_held_up(store, clock, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    names = [name for name in DESK if name != "kim"] + [f"reporter{n}" for n in range(10)]
    for name in names[:settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS]:  # once each: no name waits
        _wrong(store, clock, name)
    for name, password in (("kim", PASSWORD), ("kim", "Winter2025!"), ("nobody", PASSWORD)):
        with pytest.raises(SignInRefused, match=FROM_THE_ADDRESS + "30 s, then try again; "
                                                "if this keeps happening, tell an admin"):
            sign_in(store, name, password, via="browser", address=OFFICE, clock=clock)  # the
            # same words, whether the name is an account or not, the password right or not
    for address in ("203.0.113.8", "2001:db8::1", None):  # elsewhere, and no address
        assert sign_in(store, "kim", PASSWORD, via="browser", address=address,
                       clock=clock).username == "kim"
    trail = audit.events(store, actor=Actor("ada"), kinds=["sign-in"])
    assert [(e.detail, e.address) for e in trail[:4]] == [
        ("browser", ""), ("browser", "2001:db8::/64"), ("browser", "203.0.113.8"),
        ("browser", "203.0.113.7")]


def test_an_address_holds_up_nobody_signing_in_from_elsewhere(store, clock, monkeypatch):
    """An attempt waits for the longest of its waits, with its words; the address's and the
    names' counts at one address weigh on nobody elsewhere."""
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    for _ in range(settings.FREE_SIGN_IN_ATTEMPTS - 1):
        _wrong(store, clock, "kim")  # kim: within the name's allowance at the office
    for _ in range(settings.FREE_SIGN_IN_ATTEMPTS):
        _wrong(store, clock, "kat")  # kat: her first wait at the office, 30 s
    with pytest.raises(SignInRefused, match=_here("kat") + "30 s, then try again$"):
        sign_in(store, "kat", PASSWORD, via="browser", address=OFFICE, clock=clock)
    # An address allowed 1 free attempt, so that its wait outgrows kat's: 30 s * 2 ** 4.
    monkeypatch.setattr(settings, "FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS", 1)
    for name in ("kim", "kat", "nobody"):
        with pytest.raises(SignInRefused, match=FROM_THE_ADDRESS + "480 s"):
            sign_in(store, name, PASSWORD, via="browser", address=OFFICE, clock=clock)
    for name, address in (("kim", ELSEWHERE), ("kat", ELSEWHERE), ("kat", None)):
        assert sign_in(store, name, PASSWORD, via="browser", address=address,
                       clock=clock).username == name


def test_a_sign_in_makes_good_only_its_own_names_failures_from_its_address(store, clock):
    make_desk(store)
    _wrong(store, clock, "kat")
    _wrong(store, clock, "kat")
    sign_in(store, "kat", PASSWORD, via="browser", address=OFFICE, clock=clock)  # typos forgiven
    for n in range(settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS - 1):
        _wrong(store, clock, f"reporter{n}")
    sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE, clock=clock)
    _wrong(store, clock,
           f"reporter{settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS}")  # the allowance's last
    with pytest.raises(SignInRefused, match=FROM_THE_ADDRESS):  # kim's sign-in forgave no spray
        sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE, clock=clock)


def test_an_address_counts_the_last_window_only(store, clock, monkeypatch):
    """Failures that have left the window hold nobody up, even while their wait lasts."""
    window = settings.SIGN_IN_WINDOW_MINUTES * 60
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 2 * window)
    monkeypatch.setattr(settings, "MAX_SIGN_IN_DELAY_SECONDS", 2 * window)
    make_desk(store)
    for n in range(settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS):
        _wrong(store, clock, f"reporter{n}")
    clock.sleep(window)  # their last second in the window
    with pytest.raises(SignInRefused, match=FROM_THE_ADDRESS + f"{window} s,"):
        sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE, clock=clock)
    clock.sleep(1)
    assert sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE,
                   clock=clock).username == "kim"


def test_without_an_address_wrong_passwords_are_counted_per_name_only(store, clock, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    for n in range(2 * settings.FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS):  # once per name
        for i, (via, address) in enumerate((("cli", None), ("browser", None),
                                            ("browser", "127.0.0.1"), ("browser", "::1"))):
            _wrong(store, clock, f"reporter{n}x{i}", address, via)
    assert sign_in(store, "kim", PASSWORD, via="cli", clock=clock).username == "kim"
    assert sign_in(store, "kim", PASSWORD, via="browser", clock=clock).username == "kim"
    assert [(e.detail, e.address) for e in audit.events(store, actor=Actor("ada"),
                                                        kinds=["sign-in"], limit=5)] == [
        ("browser", ""), ("cli", "")] + [("browser", "")] * 3


HOME = "192.0.2.10"
DAY = 24 * 60 * 60  # seconds


def _here(name: str) -> str:
    """The start of the refusal for wrong passwords for `name` from the client's address."""
    return f"^too many wrong passwords for {name} from your network address: wait "


def _from_every_address(name: str, wait: int) -> str:
    """The refusal once `name` has had too many wrong passwords from all addresses together."""
    return re.escape(
        f"too many wrong passwords for {name}, from all addresses together: wait {wait} s"
        f", then try again; this wait does not apply where {name} signed in during the last "
        f"{settings.KNOWN_SIGN_IN_PLACE_DAYS} days; if this keeps happening, tell an admin "
        "(the audit trail shows the attempts)") + "$"


def _guesses(store, clock, name: str, count: int, first: int = 0) -> None:
    """`count` wrong passwords for `name` from many addresses, each as many as its own
    allowance lets it try without waiting; `first` skips addresses that tried before."""
    for n in range(first, first + count):
        _wrong(store, clock, name, f"198.51.100.{100 + n // settings.FREE_SIGN_IN_ATTEMPTS}")


def test_wrong_passwords_for_a_name_hold_it_up_only_where_they_were_typed(
        store, clock, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    for _ in range(settings.FREE_SIGN_IN_ATTEMPTS):
        _wrong(store, clock, "kat")  # someone at the office who knows kat's name
    for password in (PASSWORD, "Winter2025!"):  # the right password too
        with pytest.raises(SignInRefused, match=_here("kat") + "30 s, then try again$"):
            sign_in(store, "kat", password, via="browser", address=OFFICE, clock=clock)
    for address in (HOME, "2001:db8::1", None):  # elsewhere, and this machine
        assert sign_in(store, "kat", PASSWORD, via="browser", address=address,
                       clock=clock).username == "kat"
    with pytest.raises(SignInRefused, match=_here("kat")):  # her sign-ins elsewhere forgave
        sign_in(store, "kat", PASSWORD, via="browser", address=OFFICE,
                clock=clock)  # nothing at the office
    _wrong(store, clock, "kim")
    _wrong(store, clock, "kim")
    sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE,
            clock=clock)  # her typos made good
    for _ in range(settings.FREE_SIGN_IN_ATTEMPTS):
        _wrong(store, clock, "kim")  # counted afresh: each only a wrong password
    with pytest.raises(SignInRefused, match=_here("kim")):
        sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE, clock=clock)


def test_a_name_tried_from_many_addresses_waits_only_where_it_did_not_sign_in(
        store, clock, monkeypatch):
    """Someone who knows a colleague's name, trying it from anywhere, holds up its owner at
    a new address once the name's allowance from all addresses is used, never at the
    addresses the owner signs in from."""
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE, clock=clock)  # known from now on
    _guesses(store, clock, "kim", settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME - 1)
    assert sign_in(store, "kim", PASSWORD, via="browser", address=HOME,
                   clock=clock).username == "kim"
    _guesses(store, clock, "kim", 1, first=settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME - 1)  # the last
    for address in (OFFICE, HOME):  # her sign-ins there forgave none of the guesses
        assert sign_in(store, "kim", PASSWORD, via="browser", address=address,
                       clock=clock).username == "kim"
    with pytest.raises(SignInRefused, match=_from_every_address("kim", 30)):  # a new address
        sign_in(store, "kim", PASSWORD, via="browser", address=ELSEWHERE, clock=clock)
    # this machine, where she never signed in, is known all the same: her scripts, and an
    # admin at the machine, are never locked out by guesses from the network
    assert sign_in(store, "kim", PASSWORD, via="cli", clock=clock).username == "kim"
    with pytest.raises(SignInRefused, match=_from_every_address("kim", 30)):  # and a new guesser
        sign_in(store, "kim", "Winter2025!", via="browser", address="198.51.100.250", clock=clock)
    assert sign_in(store, "kat", PASSWORD, via="browser", address=ELSEWHERE,
                   clock=clock).username == "kat"


def test_a_place_is_known_for_days_and_guesses_count_for_the_window(store, clock, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    days, window = settings.KNOWN_SIGN_IN_PLACE_DAYS, settings.SIGN_IN_WINDOW_MINUTES * 60
    sign_in(store, "kim", PASSWORD, via="browser", address=HOME, clock=clock)
    clock.sleep(2 * DAY)
    sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE, clock=clock)
    clock.sleep((days - 1) * DAY - window - 60)
    _guesses(store, clock, "kim", settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME)
    clock.sleep(window + 60)  # HOME's sign-in now days + 1 ago, OFFICE's days - 1, the guesses
    # a minute older than the window: they hold nobody up
    assert sign_in(store, "kim", PASSWORD, via="browser", address="2001:db8::1",
                   clock=clock).username == "kim"
    _guesses(store, clock, "kim", settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME,  # the last hour's:
             first=settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME)  # the wait
    assert sign_in(store, "kim", PASSWORD, via="browser", address=OFFICE,
                   clock=clock).username == "kim"
    with pytest.raises(SignInRefused, match=_from_every_address("kim", 30)):
        sign_in(store, "kim", PASSWORD, via="browser", address=HOME, clock=clock)


def test_a_names_typos_made_good_where_it_signs_in_count_for_no_other_place(
        store, clock, monkeypatch):
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    monkeypatch.setattr(settings, "FREE_SIGN_IN_ATTEMPTS_PER_NAME",
                        settings.FREE_SIGN_IN_ATTEMPTS + 1)
    make_desk(store)
    for address in (OFFICE, HOME):
        for _ in range(settings.FREE_SIGN_IN_ATTEMPTS - 1):
            _wrong(store, clock, "kim", address)
        sign_in(store, "kim", PASSWORD, via="browser", address=address, clock=clock)
    # one short of the name's allowance
    _guesses(store, clock, "kim", settings.FREE_SIGN_IN_ATTEMPTS)
    assert sign_in(store, "kim", PASSWORD, via="browser", address=ELSEWHERE,
                   clock=clock).username == "kim"


def test_this_machine_is_one_place_where_a_names_wrong_passwords_count_as_before(
        store, clock, monkeypatch):
    """The command line, scripts and a browser on this machine have no address: they are
    one place, where a name's wrong passwords bring the wait after the same few and no
    address's rule applies; a name tried from the network does not stop its script here."""
    monkeypatch.setattr(settings, "SIGN_IN_DELAY_SECONDS", 30)
    make_desk(store)
    sign_in(store, "max", PASSWORD, via="cli", clock=clock)  # the account an MT script runs as
    _guesses(store, clock, "max", settings.FREE_SIGN_IN_ATTEMPTS_PER_NAME)
    with pytest.raises(SignInRefused, match=_from_every_address("max", 30)):
        sign_in(store, "max", PASSWORD, via="browser", address=ELSEWHERE, clock=clock)
    assert sign_in(store, "max", PASSWORD, via="cli", clock=clock).username == "max"
    for via in ("cli", "browser", "cli"):
        _wrong(store, clock, "kat", None, via)
    for via in ("cli", "browser"):
        with pytest.raises(SignInRefused, match="^too many wrong passwords for kat: wait "
                                                + "30 s, then try again$"):
            sign_in(store, "kat", PASSWORD, via=via, clock=clock)
    assert sign_in(store, "kat", PASSWORD, via="browser", address=OFFICE,
                   clock=clock).username == "kat"


def test_an_address_is_counted_as_itself_or_its_ipv6_network():
    assert client_address(" 203.0.113.7 ") == "203.0.113.7"
    assert client_address("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_address("2001:db8:1:2:aaaa::5") == client_address("[2001:db8:1:2::9]") == (
        "2001:db8:1:2::/64")
    assert [client_address(a) for a in (None, "", "127.0.0.1", "127.1.2.3", "::1")] == [None] * 5


def test_a_password_is_changed_with_the_current_one_or_set_by_an_admin(store):
    actors = make_desk(store)
    with pytest.raises(SignInRefused):
        change_password(store, "kat", "not the password", "a brand new passphrase")
    change_password(store, "kat", PASSWORD, "a brand new passphrase")
    with pytest.raises(SignInRefused):
        sign_in(store, "kat", PASSWORD, via="cli")
    sign_in(store, "kat", "a brand new passphrase", via="cli")
    with pytest.raises(PermissionDenied, match="kim .* may not manage accounts"):
        reset_password(store, "kat", "set by kim, not allowed", actor=actors["kim"])
    reset_password(store, "kat", "set by the admin", actor=actors["ada"])
    assert sign_in(store, "kat", "set by the admin", via="cli").username == "kat"


def test_a_new_password_ends_the_sessions_opened_before_it(store):
    make_desk(store)
    tab_one = sign_in(store, "kat", PASSWORD, via="browser")
    tab_two = sign_in(store, "kat", PASSWORD, via="browser")
    assert current(store, tab_one).username == "kat"
    renewed = change_password(store, "kat", PASSWORD, "a brand new passphrase")  # in tab two
    for stale in (tab_one, tab_two):
        with pytest.raises(PermissionDenied, match="kat: the password was changed since this "
                                                   "session signed in: sign in again"):
            current(store, stale)
    assert current(store, renewed).username == "kat"  # the tab that changed it goes on
    reset_password(store, "kat", "set by the admin", actor=Actor("ada"))
    with pytest.raises(PermissionDenied, match="the password was changed"):
        current(store, renewed)


@pytest.mark.parametrize("host, headers, refused", [
    ("127.0.0.1", {"Host": "localhost:8501"}, None),
    ("127.0.0.1", {"Host": "[::1]:8501"}, None),
    ("0.0.0.0", {}, "0.0.0.0"),
    ("127.0.0.1", {"Host": "127.0.0.1", "X-Forwarded-For": "203.0.113.9"},
     r"a request through a proxy \(x-forwarded-for\)"),
    ("127.0.0.1", {"Host": "news.example.org"}, "a request for 'news.example.org'"),
])
def test_a_store_without_an_admin_is_served_to_this_machine_only(store, host, headers, refused):
    if refused is None:
        check_serving(store, host, headers)
    else:
        with pytest.raises(PermissionDenied, match=f"^{refused}: this store has no admin"):
            check_serving(store, host, headers)
    make_desk(store)
    check_serving(store, host, headers)  # with an admin, the desk signs in


def test_no_password_is_ever_stored_only_its_argon2id_hash(store, monkeypatch):
    make_desk(store)
    change_password(store, "kat", PASSWORD, "her secret words")
    with pytest.raises(SignInRefused):
        sign_in(store, "kim", "her secret words", via="cli")  # a wrong attempt is recorded
    rows = repr([store._query(f"SELECT * FROM {table}") for table in store.table_checksums()])
    for password in (PASSWORD, "her secret words"):
        assert password not in rows
    if not store.location.startswith("postgresql"):
        store.close()
        files = [store.location, store.location + "-wal"]
        stored = b"".join(open(path, "rb").read() for path in files if os.path.exists(path))
        assert stored and b"secret words" not in stored and PASSWORD.encode() not in stored
    monkeypatch.undo()  # the real hasher, not the tests' quick one
    assert passwords.hash_password("x" * 10).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


# the audit trail

def test_the_audit_trail_has_sign_ins_and_every_change_with_account_names(store):
    actors = make_desk(store)
    import_paths(store, [SEED], actor=actors["max"])
    workflow.edit(store, SEED_SLUG, "s1", "kk", "Ресей.", actor=actors["kat"])
    workflow.approve(store, SEED_SLUG, "kk", ["s1"], actor=actors["kim"], force=True)
    mute(store, SEED_SLUG, "s1", "kk", "numbers", "no number here", actor=actors["kim"])
    storage.remove_concept(store, "moscow", actor=actors["tom"])
    sign_in(store, "kat", PASSWORD, via="cli")
    trail = audit.events(store, actor=actors["ada"])
    assert trail == sorted(trail, key=lambda event: event.at, reverse=True)  # newest first
    assert {(e.actor, e.kind, e.action, e.target) for e in trail} >= {
        ("kat", "sign-in", "signed-in", "kat"),
        ("tom", "concept", "remove", "moscow"),
        ("kim", "segment", "mute", f"{SEED_SLUG} s1 kk"),
        ("kim", "segment", "approved", f"{SEED_SLUG} s1 kk"),
        ("kat", "segment", "edited", f"{SEED_SLUG} s1 kk"),
        ("max", "article", "import", SEED_SLUG),
    }
    approval = next(e for e in trail if e.action == "approved")
    assert approval.detail.startswith("edited -> approved: approved despite")
    assert {e.target for e in trail if e.kind == "account"} == set(DESK)
    assert {e.action for e in audit.events(store, actor=actors["ada"], person="kim")} == {
        "mute", "approved"}
    assert {e.kind for e in audit.events(store, actor=actors["ada"], kinds=["segment",
                                                                            "concept"])} == {
        "segment", "concept"}
    today = trail[0].at[:10]
    assert len(audit.events(store, actor=actors["ada"], since=today, until=today)) == len(trail)
    assert audit.events(store, actor=actors["ada"], until="2000-01-01") == []
    assert len(audit.events(store, actor=actors["ada"], limit=2)) == 2


def test_the_audit_trail_is_for_admins_and_refuses_bad_filters(store):
    actors = make_desk(store)
    with pytest.raises(PermissionDenied, match="max .* may not read the audit trail"):
        audit.events(store, actor=actors["max"])
    with pytest.raises(InputError, match="gossip: no such kind"):
        audit.events(store, actor=actors["ada"], kinds=["gossip"])
    with pytest.raises(InputError, match="since: 'yesterday' is not a date"):
        audit.events(store, actor=actors["ada"], since="yesterday")


def test_a_time_given_with_its_zone_is_read_in_utc(store, clock):
    """The store writes times in UTC: 14:30 at UTC+2 is 12:30 there (it used to be read as
    14:30 UTC)."""
    make_desk(store)
    sign_in(store, "kat", PASSWORD, via="cli", clock=clock)  # 09:00 UTC
    clock.sleep(3 * 60 * 60)
    sign_in(store, "kim", PASSWORD, via="cli", clock=clock)  # 12:00 UTC
    clock.sleep(60 * 60)
    sign_in(store, "max", PASSWORD, via="cli", clock=clock)  # 13:00 UTC

    def signed_in(**window):
        return [e.actor for e in audit.events(store, actor=Actor("ada"), kinds=["sign-in"],
                                              **window)]

    assert signed_in(since="2026-03-02T13:30+02:00") == ["max", "kim"]
    assert signed_in(since="2026-03-02T14:30+02:00", until="2026-03-02T15:30+02:00") == ["max"]


def test_the_audit_trail_finds_sign_ins_by_their_client_address(store, clock):
    actors = make_desk(store)
    import_paths(store, [SEED], actor=actors["max"])
    workflow.edit(store, SEED_SLUG, "s1", "kk", "Ресей.", actor=actors["kat"])
    _wrong(store, clock, "kat")  # from the office
    sign_in(store, "kat", PASSWORD, via="browser", address=OFFICE, clock=clock)
    sign_in(store, "kim", PASSWORD, via="browser", address="2001:db8:1:2::5", clock=clock)
    sign_in(store, "kim", PASSWORD, via="browser", address=ELSEWHERE, clock=clock)
    sign_in(store, "tom", PASSWORD, via="cli", clock=clock)

    def found(address):
        return [(e.actor, e.action, e.detail, e.address)
                for e in audit.events(store, actor=actors["ada"], address=address)]

    assert found(OFFICE) == [("kat", "signed-in", "browser", OFFICE),
                             ("kat", "failed", "browser", OFFICE)]
    for written in ("2001:db8:1:2:ffff::1", "[2001:db8:1:2::5]", " 2001:DB8:1:2::9 ",
                    "2001:db8:1:2::/64"):  # as sign-in records it, or as the trail shows it
        assert found(written) == [("kim", "signed-in", "browser", "2001:db8:1:2::/64")], written
    assert found("::ffff:198.51.100.9") == [("kim", "signed-in", "browser", ELSEWHERE)]
    assert found("203.0.113.70") == []
    trail = found(None)
    assert found("") == trail and ("tom", "signed-in", "cli", "") in trail
    assert {address for _, action, _, address in trail if action in ("edited", "import", "add")
            } == {""}  # the segment history, the changes: no address
    for written, problem in (
            ("the office", "'the office' is not an IP address (203.0.113.7, 2001:db8::1)"),
            ("203.0.113.0/24", "'203.0.113.0/24': the trail has IPv4 addresses whole and IPv6 "
                               "ones as their /64 network"),
            ("2001:db8::/48", "'2001:db8::/48': the trail has IPv4 addresses whole"),
            ("::1", "'::1' is this machine, whose sign-ins are recorded without an address")):
        with pytest.raises(InputError, match=f"^address: {re.escape(problem)}"):
            audit.events(store, actor=actors["ada"], address=written)
