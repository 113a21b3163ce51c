"""The review page's logic without Streamlit: filters, pages, what actions write."""

import pytest

from tests.conftest import OWNER, SEED, SEED_SLUG
from workbench.accounts import Actor, Role, local_owner
from workbench.accounts.permissions import role_grants
from workbench.errors import ConflictError, InputError
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.ui.editing import (Action, Move, Rights, RowFilter, apply_action, filter_rows,
                                  page_count, page_of)
from workbench.ui.keyboard import SHORTCUTS, offered_shortcuts
from workbench.ui.segment_row import ROW_ACTIONS
from workbench.workflow import QualityGateError


@pytest.fixture
def seeded(store):
    import_paths(store, [SEED], actor=OWNER)
    return store


def test_pages_are_clamped_to_the_rows_there_are():
    rows = list(range(60))
    assert page_count(60, 25) == 3 and page_count(0, 25) == 1
    assert page_of(rows, 3, 25) == list(range(50, 60))
    assert page_of(rows, 9, 25) == list(range(50, 60))
    assert page_of(rows, 0, 25) == list(range(25))


# Every action the review page offers somewhere: a row's, the translate view's buttons (Copy
# the source is the shortcut's "source", Suggest a machine translation its "mt"), a shortcut's.
PAGE_ACTIONS = {*Action, *Move, *ROW_ACTIONS, *(shortcut.action for shortcut in SHORTCUTS)}
ANYONES = {"previous", "next", "untranslated", "findings", "open"}
WRITING = {"save", "source", "term", "match", "mt"}


@pytest.mark.parametrize("grants, offered", [
    ({Role.TRANSLATOR: ["ru"]}, ANYONES | WRITING),
    ({Role.REVIEWER: ["ru"]}, ANYONES | WRITING | {"approve", "reject"}),
    ({Role.TRANSLATOR: ["kk"]}, ANYONES),  # translates kk, so reads ru only
], ids=["translator", "reviewer", "reader"])
def test_rights_decide_each_action_the_page_offers(grants, offered):
    rights = Rights.of(Actor("kim", role_grants(grants)), "ru")
    assert {action for action in PAGE_ACTIONS if rights.allows(action)} == offered
    for action in (*Action, *Move):  # the buttons ask with the enums, the keyboard by name
        assert rights.allows(action) == rights.allows(action.value)
    with pytest.raises(ValueError, match="no right decides the action 'publish'"):
        rights.allows("publish")


def test_the_keyboard_listens_only_for_what_the_account_may_do():
    translator = Rights.of(Actor("kat", role_grants({Role.TRANSLATOR: ["ru"]})), "ru")
    reader = Rights.of(Actor("kat", role_grants({Role.TRANSLATOR: ["kk"]})), "ru")
    reviewer = Rights.of(Actor("kim", role_grants({Role.REVIEWER: ["ru"]})), "ru")
    assert "Ctrl+Shift+Enter" not in offered_shortcuts(translator)  # approving
    assert offered_shortcuts(translator)["Ctrl+Enter"] == "save"
    assert set(offered_shortcuts(reader).values()) == {move.value for move in Move}
    assert offered_shortcuts(reviewer) == {s.keys: s.action for s in SHORTCUTS}


def test_filter_keeps_status_finding_and_text_matches(seeded):
    seeded.save_translation(SEED_SLUG, "s4", "ru", "без кода", Status.EDITED, Origin.HUMAN)
    segments = seeded.segments(SEED_SLUG)
    translations = seeded.translations(SEED_SLUG, "ru")
    findings = {"s4": {"Inline codes"}}

    def sids(row_filter):
        return [s.sid for s in filter_rows(segments, translations, row_filter, findings)]

    assert sids(RowFilter(frozenset({Status.EDITED}))) == ["s4"]
    assert len(sids(RowFilter(frozenset({Status.NEW})))) == 16
    assert sids(RowFilter(finding="Inline codes")) == ["s4"]
    assert sids(RowFilter(query="БЕЗ")) == ["s4"]
    assert sids(RowFilter(query="S12")) == ["s12"]
    assert sids(RowFilter(frozenset({Status.NEW}), query="без")) == []


def test_actions_write_their_status_and_a_stale_revision_conflicts(seeded):
    segment = seeded.segment(SEED_SLUG, "s2")
    saved = apply_action(seeded, segment, "kk", "2022 жылғы 23 қыркүйек", Action.SAVE, actor=local_owner("a"),
                         expected_revision=0)
    assert (saved.status, saved.origin, saved.revision) == (Status.EDITED, Origin.HUMAN, 1)
    again = apply_action(seeded, segment, "kk", "2022 жылғы 23 қыркүйек", Action.SAVE, actor=local_owner("a"),
                         expected_revision=1)
    assert again.revision == 1  # nothing changed, nothing written
    with pytest.raises(InputError, match="s2: is edited: already with the translator"):
        apply_action(seeded, segment, "kk", "2022 жылғы 23 қыркүйек", Action.REJECT, actor=local_owner("b"),
                     expected_revision=1)
    apply_action(seeded, segment, "kk", "2022 жылғы 23 қыркүйек", Action.APPROVE, actor=local_owner("b"),
                 expected_revision=1)
    rejected = apply_action(seeded, segment, "kk", "2022 жылғы 23 қыркүйек", Action.REJECT, actor=local_owner("b"),
                            expected_revision=2, reason="wrong month")
    assert (rejected.status, rejected.revision) == (Status.EDITED, 3)
    assert seeded.history(SEED_SLUG, "s2", "kk")[-1].note == "sent back: wrong month"
    with pytest.raises(ConflictError) as conflict:
        apply_action(seeded, segment, "kk", "другое", Action.APPROVE, actor=local_owner("c"),
                     expected_revision=2)
    assert conflict.value.current.author == "b"


def test_approving_a_text_with_errors_is_gated_and_saves_nothing_unless_forced(seeded):
    segment = seeded.segment(SEED_SLUG, "s2")
    with pytest.raises(QualityGateError):
        apply_action(seeded, segment, "kk", "23 қыркүйек", Action.APPROVE, actor=local_owner("a"),
                     expected_revision=0)
    assert seeded.translation(SEED_SLUG, "s2", "kk") is None
    forced = apply_action(seeded, segment, "kk", "23 қыркүйек", Action.APPROVE, actor=local_owner("a"),
                          expected_revision=0, force=True)
    assert (forced.status, forced.revision) == (Status.APPROVED, 2)
