"""The Review page through Streamlit's AppTest on a real store file: the compact list, the
translate view and its moves, comments, MT suggestions, progress, and the selection kept in
the URL. The keyboard itself (JavaScript) is driven in tests/test_ui_browser.py."""

import pytest

from tests.conftest import OWNER, SEED_SLUG, shipped_translations
from tests.mt_helpers import RU_PACKAGE, FakeEngine
from tests.ui_helpers import (  # noqa: F401
    REVIEW, act, check, db, fragments, key, page_text, session, shown, shown_sids)
from workbench.importing import delete_article, import_paths
from workbench.jobs import Worker
from workbench.model import Origin, Status
from workbench.mt.cache import mt_flags
from workbench.mt.hooks import MtHooks
from workbench.mt.pipeline import translate_article
from workbench.mt.registry import Registry
from workbench.progress import count_words
from workbench.store import JobState
from workbench.ui.components import literal
from workbench.ui.keyboard import editor_class
from workbench.ui.row_state import editor_key

# Every page of the sidebar (without accounts, the machine's owner is an admin).
PAGES = ["page_scripts/articles.py", REVIEW, "page_scripts/glossary.py",
         "page_scripts/models.py", "page_scripts/export.py", "page_scripts/audit.py",
         "page_scripts/users.py"]


def open_segment(app, sid: str, lang: str = "ru", slug: str = SEED_SLUG):
    """The translate view for `sid`, opened from its row in the list."""
    return act(app, "open", sid, lang=lang, slug=slug)


def in_hand(app) -> str:
    """The segment of the translate view (its only edit box)."""
    (sid,) = shown_sids(app)
    return sid


def press(app, name: str):
    app.button(key=name).click().run()
    assert not app.exception, app.exception
    return app


# The list

def test_the_list_has_a_compact_row_per_segment_with_chips_and_terms_to_insert(db):
    app = session(REVIEW)
    assert shown_sids(app)[:3] == ["s1", "s2", "s3"] and len(app.text_area) == 17
    sources = page_text(app)
    assert '<span class="wb-chip">{1}</span><span class="wb-term"' in sources
    # The approved form beside a term is put at the cursor of this row's box by a click.
    insert = (f'<span class="wb-insert" data-wb-insert="Казахстан" '
              f'data-wb-editor="{editor_class(key("s9"))}"')
    assert f"Kazakhstan<small>{insert}" in sources
    actions = app.button_group(key=f"act|{key('s3')}")
    assert len(actions.options) == 3 and actions.help.startswith("Save (Ctrl+Enter) · Approve")
    assert not [b for b in app.button if b.key and b.key.endswith(key("s3"))]  # one widget


def test_save_then_approve_writes_status_origin_author_and_history(db, check):
    app = session(REVIEW, author="Aigul")
    act(app, "save", "s2", "23 сентября 2022 года")
    saved = check.translation(SEED_SLUG, "s2", "ru")
    assert (saved.target, saved.status, saved.origin, saved.author) == (
        "23 сентября 2022 года", Status.EDITED, Origin.HUMAN, "Aigul")
    act(app, "approve", "s2")
    approved = check.translation(SEED_SLUG, "s2", "ru")
    assert approved.status == Status.APPROVED and approved.revision == 2
    assert [h.new_status for h in check.history(SEED_SLUG, "s2", "ru")] == ["edited", "approved"]
    assert "✓ Approved" in page_text(app)


def test_a_changed_box_is_marked_unsaved_until_saved(db, check):
    app = session(REVIEW)
    app.text_area(key=editor_key(key("s2"))).set_value("23 сентября").run()
    assert page_text(app).count("● unsaved") == 1
    act(app, "save", "s2")
    assert "● unsaved" not in page_text(app) and "✓ Saved" in page_text(app)


def test_approving_machine_translation_unchanged_keeps_its_origin(db, check):
    check.save_translation(SEED_SLUG, "s2", "kk", "2022 жылғы 23 қыркүйек",
                           Status.MACHINE_TRANSLATED, Origin.MT, engine="argos")
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("kk").run()
    act(app, "approve", "s2", lang="kk")
    approved = check.translation(SEED_SLUG, "s2", "kk")
    assert (approved.status, approved.origin, approved.engine) == (Status.APPROVED, Origin.MT, "argos")


def test_an_error_is_a_sentence_for_the_row_and_goes_when_the_next_action_succeeds(db, check):
    app = session(REVIEW)
    act(app, "save", "s1", "   ")
    assert check.translation(SEED_SLUG, "s1", "ru") is None
    assert [shown(e) for e in app.error] == ["The translation is empty; write it before saving."]
    act(app, "save", "s2", "23 сентября 2022 года")
    assert not app.error


def test_losing_a_placeholder_needs_confirmation(db, check):
    app = session(REVIEW)
    act(app, "save", "s4", "Сергей Ведяшкин / Агентство «Москва»")
    assert check.translation(SEED_SLUG, "s4", "ru") is None
    assert "missing placeholder {1}" in shown(app.warning[0])
    app.button(key=f"confirm|{key('s4')}").click().run()
    assert check.translation(SEED_SLUG, "s4", "ru").target == "Сергей Ведяшкин / Агентство «Москва»"
    assert not app.warning


def test_placeholder_warning_can_be_cancelled(db, check):
    app = session(REVIEW)
    act(app, "approve", "s4", "{1}Сергей{/1} {2}лишний{/2}")
    assert "unexpected placeholder {2}" in shown(app.warning[0])
    app.button(key=f"cancel|{key('s4')}").click().run()
    assert not app.warning and check.translation(SEED_SLUG, "s4", "ru") is None


def test_approving_a_text_with_errors_says_so_in_plain_words_and_needs_approve_anyway(db, check):
    app = session(REVIEW, author="Desk")
    act(app, "approve", "s3", "Сахарово.")
    assert check.translation(SEED_SLUG, "s3", "ru") is None  # nothing approved, nothing saved
    warning = shown(app.warning[0])
    assert warning.startswith("This translation has errors: ") and "--" not in warning
    assert SEED_SLUG not in warning and "s3" not in warning
    app.button(key=f"confirm|{key('s3')}").click().run()
    approved = check.translation(SEED_SLUG, "s3", "ru")
    assert (approved.target, approved.status) == ("Сахарово.", Status.APPROVED)
    assert check.history(SEED_SLUG, "s3", "ru")[-1].note.startswith("approved despite")


# Finding rows

def test_filter_by_status_search_finding_and_open_comments(db, check):
    check.save_translation(SEED_SLUG, "s1", "ru", "Россия грозит", Status.APPROVED, Origin.HUMAN)
    check.save_translation(SEED_SLUG, "s4", "ru", "Сергей без кода", Status.MACHINE_TRANSLATED,
                           Origin.MT)
    check.add_comment(SEED_SLUG, "s7", "ru", "Check the link", "Editor", "2026-01-01T00:00:00Z")
    app = session(REVIEW)
    app.multiselect(key="_status").set_value(["approved"]).run()
    assert shown_sids(app) == ["s1"]
    app.multiselect(key="_status").set_value([]).run()
    app.text_input(key="_q").set_value("kabanov").run()
    assert shown_sids(app) == ["s6", "s8", "s11"]
    app.text_input(key="_q").set_value("грозит").run()
    assert shown_sids(app) == ["s1"]
    app.text_input(key="_q").set_value("").run()
    app.selectbox(key="_finding").set_value("Inline codes").run()
    assert shown_sids(app) == ["s4"]
    app.selectbox(key="_finding").set_value(None).run()
    app.toggle(key="_comments").set_value(True).run()
    assert shown_sids(app) == ["s7"] and "1 comment" in page_text(app)


def long_read(check, tmp_path, sentences: int):
    """A review session on an imported article of `sentences` one-sentence paragraphs."""
    big = tmp_path / "long-read.md"
    big.write_text("\n\n".join(f"Sentence number {n} is here." for n in range(sentences)) + "\n")
    import_paths(check, [big], actor=OWNER)
    app = session(REVIEW)
    app.selectbox(key="_article").set_value("long-read").run()
    return app


def test_pages_of_rows_and_a_new_filter_starts_at_page_one(db, tmp_path, check):
    app = long_read(check, tmp_path, 60)
    assert len(app.text_area) == 25 and shown_sids(app)[0] == "s1"
    app.pagination[0].set_value(2).run()
    assert shown_sids(app)[0] == "s26"
    app.pagination[0].set_value(3).run()
    assert shown_sids(app) == [f"s{n}" for n in range(51, 61)]
    assert app.query_params["page"] == "3"
    app.text_input(key="_q").set_value("number 5").run()
    assert shown_sids(app) == ["s6"] + [f"s{n}" for n in range(51, 61)]
    assert "page" not in app.query_params  # back to the first
    app.selectbox(key="_size").set_value(10).run()
    assert len(app.text_area) == 10


def test_an_unsaved_draft_survives_paging(db, tmp_path, check):
    app = long_read(check, tmp_path, 30)
    draft = editor_key(key("s2", slug="long-read"))
    app.text_area(key=draft).set_value("Черновик").run()
    app.pagination[0].set_value(2).run()
    assert "s2" not in shown_sids(app)
    app.pagination[0].set_value(1).run()
    assert app.text_area(key=draft).value == "Черновик"
    assert check.translation("long-read", "s2", "ru") is None


# The translate view

def test_the_translate_view_shows_one_segment_with_its_aids(db, check):
    check.save_translation(SEED_SLUG, "s9", "ru", "Правила касаются граждан из Киргизии.",
                           Status.EDITED, Origin.HUMAN)
    app = open_segment(session(REVIEW), "s9")
    assert in_hand(app) == "s9" and app.query_params["view"] == "segment"
    assert app.query_params["seg"] == "s9"
    text = page_text(app)
    assert "Segment 9 of 17" in text
    assert "forbidden form of “Kyrgyzstan”; use “Кыргызстан”" in text  # its finding
    box = editor_class(key("s9"))
    assert f'<kbd>3</kbd> Kazakhstan → <span class="wb-insert" data-wb-insert="Казахстан" ' \
           f'data-wb-editor="{box}"' in text  # numbered for Alt+3
    assert "<kbd>Ctrl+Shift+Enter</kbd>" in text  # the shortcuts are listed
    assert "Comments** (0 open)" in text or "Comments (0 open)" in text


def test_copy_the_source_fills_an_empty_box_with_the_placeholders(db):
    app = open_segment(session(REVIEW), "s4")
    app.button(key=f"copy|{key('s4')}").click().run()
    assert app.text_area(key=editor_key(key("s4"))).value == (
        "{1}Sergei Vedyashkin / Moskva News Agency{/1}")


def test_approve_and_next_follows_the_filter(db, check):
    texts = [unit["target"] for unit in shipped_translations("ru")]
    check.save_translation(SEED_SLUG, "s2", "ru", texts[1], Status.APPROVED, Origin.HUMAN)
    app = session(REVIEW)
    app.multiselect(key="_status").set_value(["new"]).run()
    open_segment(app, "s1")
    app.text_area(key=editor_key(key("s1"))).set_value(texts[0])
    press(app, f"approvenext|{key('s1')}")
    assert check.translation(SEED_SLUG, "s1", "ru").status == Status.APPROVED
    assert in_hand(app) == "s3"  # s2, approved, is not in the filter
    press(app, "move|previous")
    assert in_hand(app) == "s3"  # s1 and s2 have left the filter: nothing before s3
    assert app.info[0].value == literal("That was the first segment of this list.")
    press(app, "move|next")
    assert in_hand(app) == "s4" and not app.info  # the notice went with the next action
    app.text_area(key=editor_key(key("s4"))).set_value(texts[3])
    press(app, f"savenext|{key('s4')}")
    assert check.translation(SEED_SLUG, "s4", "ru").status == Status.EDITED
    assert in_hand(app) == "s5"  # the filter is "new": s4, now edited, has left it


def test_next_untranslated_and_next_with_findings_go_round_to_the_top(db, check):
    check.save_translation(SEED_SLUG, "s2", "ru", "Сергей без кода", Status.EDITED, Origin.HUMAN)
    for sid in ("s3", "s4", "s5"):
        check.save_translation(SEED_SLUG, sid, "ru", "Перевод.", Status.EDITED, Origin.HUMAN)
    app = open_segment(session(REVIEW), "s2")
    press(app, "move|untranslated")
    assert in_hand(app) == "s6"
    press(app, "move|findings")
    assert in_hand(app) == "s2"  # after s6 nothing else is translated: from the top
    press(app, "move|findings")
    assert in_hand(app) == "s3"


def test_send_back_is_offered_only_where_it_can_go_back_and_needs_a_reason(db, check):
    check.save_translation(SEED_SLUG, "s3", "ru", "Сахарово.", Status.APPROVED, Origin.HUMAN)
    check.save_translation(SEED_SLUG, "s5", "ru", "Правка.", Status.EDITED, Origin.HUMAN)
    app = open_segment(session(REVIEW, author="Editor"), "s5")
    assert not [b for b in app.button if b.key == f"reject|{key('s5')}"]  # with the translator
    open_segment(press(app, "to_list"), "s3")
    press(app, f"reject|{key('s3')}")
    press(app, f"send|{key('s3')}")
    assert "Say why it goes back" in shown(app.error[0])
    assert check.translation(SEED_SLUG, "s3", "ru").status == Status.APPROVED
    app.text_input(key=f"reason|{key('s3')}").set_value("name the center as in the glossary")
    press(app, f"send|{key('s3')}")
    rejected = check.translation(SEED_SLUG, "s3", "ru")
    assert rejected.status == Status.EDITED and rejected.author == "Editor"
    assert check.history(SEED_SLUG, "s3", "ru")[-1].note == (
        "sent back: name the center as in the glossary")
    (comment,) = check.comments(SEED_SLUG, "ru", ["s3"])
    assert (comment.author, comment.text) == ("Editor", "Sent back: name the center as in the "
                                                        "glossary")
    assert "Sent back: name the center as in the glossary" in page_text(app)


def test_comments_are_added_counted_filtered_and_resolved(db, check):
    app = open_segment(session(REVIEW, author="Aigul"), "s6")
    app.text_area(key=f"newcomment|{key('s6')}").set_value("Is it the council's full name?")
    app.button(key=f"FormSubmitter:comment|{key('s6')}-Add the comment").click().run()
    (comment,) = check.comments(SEED_SLUG, "ru", ["s6"])
    assert (comment.author, comment.text, comment.resolved) == (
        "Aigul", "Is it the council's full name?", False)
    assert "Is it the council's full name?" in page_text(app) and "(1 open)" in page_text(app)
    press(app, "to_list")
    app.toggle(key="_comments").set_value(True).run()
    assert shown_sids(app) == ["s6"]
    open_segment(app, "s6")
    press(app, f"resolve|{comment.id}")
    assert check.comment(comment.id).resolved
    assert "(0 open)" in page_text(app)


def test_an_empty_comment_is_refused_with_a_message(db, check):
    app = open_segment(session(REVIEW), "s6")
    app.button(key=f"FormSubmitter:comment|{key('s6')}-Add the comment").click().run()
    assert shown(app.error[0]) == "The comment is empty; write something first."
    assert check.comments(SEED_SLUG, "ru") == []


def test_an_mt_suggestion_is_shown_and_saved_only_when_used(db, argos_dir, check):
    Registry(check).install_argos(RU_PACKAGE, actor=OWNER)
    app = open_segment(session(REVIEW), "s3")
    press(app, f"mt|{key('s3')}")
    suggestion = app.text[0].value
    assert suggestion and "argos:translate-en_ru" in page_text(app)
    assert check.translation(SEED_SLUG, "s3", "ru") is None  # shown, not saved
    press(app, f"usemt|{key('s3')}")
    assert app.text_area(key=editor_key(key("s3"))).value == suggestion
    assert check.translation(SEED_SLUG, "s3", "ru") is None
    press(app, f"save|{key('s3')}")
    assert check.translation(SEED_SLUG, "s3", "ru").target == suggestion


def test_no_mt_model_is_a_message_for_a_translator(db, argos_dir, check):
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("kk").run()
    open_segment(app, "s3", lang="kk")
    press(app, f"mt|{key('s3', 'kk')}")
    assert shown(app.error[0]) == ("No machine translation model is installed for Kazakh yet; "
                                  "the Models page says how to add one.")


def test_what_mt_repaired_shows_as_plain_text_until_someone_edits(db, check):
    def after_mt(hypotheses, lang, state):
        return hypotheses[0], ["glossary: <b>Москва</b> **kept**"] if "Moscow" in state else []

    hooks = MtHooks(lambda text, lang: (text, text), after_mt)
    translate_article(check, SEED_SLUG, ["ru"], hooks=hooks, actor=OWNER,
                      engine_for=lambda lang: FakeEngine(lambda text: text.replace("{/1}", "")))
    assert mt_flags(check, SEED_SLUG, "ru")["s3"] == ["glossary: <b>Москва</b> **kept**"]
    app = open_segment(session(REVIEW), "s3")
    assert [t.value for t in app.text] == ["MT: glossary: <b>Москва</b> **kept**"]
    assert "<b>Москва" not in fragments(app)  # as written, not as markup
    assert not any("<b>Москва" in m.value for m in app.markdown)
    app.text_area(key=editor_key(key("s3"))).set_value("Правка.")
    press(app, f"save|{key('s3')}")
    assert not app.text  # a person has taken over: MT's repairs no longer apply


def test_a_finding_is_muted_with_a_reason_and_unmuted(db, check):
    check.save_translation(SEED_SLUG, "s9", "ru", "Правила касаются граждан из Киргизии.",
                           Status.EDITED, Origin.HUMAN)
    app = open_segment(session(REVIEW, author="Desk"), "s9")
    app.selectbox(key=f"mutecheck|{key('s9')}").set_value("glossary")
    app.text_input(key=f"mutewhy|{key('s9')}").set_value("quoted from a decree")
    press(app, f"mute|{key('s9')}")
    assert "Glossary term: muted, quoted from a decree" in page_text(app)
    assert "Glossary term" not in app.selectbox(key="_finding").options
    press(app, f"unmute|glossary|{key('s9')}")
    assert "Glossary term" in app.selectbox(key="_finding").options


def test_translation_memory_matches_are_numbered_to_put_in_the_box(db, tmp_path, check):
    check.save_translation(SEED_SLUG, "s3", "ru", "Миграционный центр «Сахарово» в Москве.",
                           Status.APPROVED, Origin.HUMAN)
    other = tmp_path / "follow-up.md"
    other.write_text("# Follow-up\n\nThe Sakharovo migration center in Moscow.\n")
    import_paths(check, [other], actor=OWNER)
    app = session(REVIEW)
    app.selectbox(key="_article").set_value("follow-up").run()
    app = open_segment(app, "s2", slug="follow-up")
    box = editor_class(key("s2", slug="follow-up"))
    assert (f"<kbd>⇧1</kbd> <b>exact</b> · approved · {SEED_SLUG}#s3<br><span class=\"wb-insert\" "
            f'data-wb-insert="Миграционный центр «Сахарово» в Москве." data-wb-editor="{box}" '
            f'data-wb-replace="1"') in page_text(app)


def test_concordance_finds_a_phrase_in_every_article_and_the_memory(db, check):
    check.save_translation(SEED_SLUG, "s3", "ru", "Миграционный центр «Сахарово» в Москве.",
                           Status.APPROVED, Origin.HUMAN)
    app = open_segment(session(REVIEW), "s1")
    app.text_input(key="concordance").set_value("migration center").run()
    table = app.dataframe[-1].value
    assert list(table["English"]) == ["The Sakharovo migration center in Moscow."]
    assert list(table["translation"]) == ["Миграционный центр «Сахарово» в Москве."]


def test_history_and_all_languages_in_the_translate_view(db, check):
    check.save_translation(SEED_SLUG, "s2", "uz", "2022-yil 23-sentabr", Status.APPROVED,
                           Origin.HUMAN, note="from the desk")
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("uz").run()
    open_segment(app, "s2", lang="uz")
    text = page_text(app)
    for label in ("Русский (ru)", "Қазақша (kk)", "Кыргызча (ky)", "Тоҷикӣ (tg)", "Oʻzbekcha (uz)"):
        assert label in text
    assert "2022-yil 23-sentabr" in text
    assert list(app.dataframe[0].value["note"]) == ["from the desk"]


# Progress and the header

def test_the_header_names_the_language_and_counts_approved_work_as_done(db, check):
    sources = {s.sid: s.source for s in check.segments(SEED_SLUG)}
    check.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    check.save_translation(SEED_SLUG, "s2", "kk", "2022", Status.EDITED, Origin.HUMAN)
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("kk").run()
    heading = fragments(app)
    assert '<span class="wb-lang"' in heading and ">KK</span>" in heading and "Қазақша" in heading
    total = sum(count_words(source) for source in sources.values())
    assert app.get("progress")[0].proto.text == (
        f"1 of 17 segments approved · {count_words(sources['s1'])} of {total} words")


# The selection in the URL

def test_the_selection_lives_in_the_url_and_a_reload_restores_it(db, check):
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("ky").run()
    app.multiselect(key="_status").set_value(["new"]).run()
    app.text_input(key="_q").set_value("Kabanov").run()
    open_segment(app, "s8", lang="ky")
    query = dict(app.query_params)
    assert query == {"article": SEED_SLUG, "lang": "ky", "status": "new", "q": "Kabanov",
                     "view": "segment", "seg": "s8"}
    reloaded = session(REVIEW, query=query)
    assert reloaded.selectbox(key="_lang").value == "ky"
    assert reloaded.multiselect(key="_status").value == ["new"]
    assert reloaded.text_input(key="_q").value == "Kabanov"
    assert in_hand(reloaded) == "s8"


@pytest.mark.parametrize("query", [{"size": "0"}, {"size": "-5"}, {"size": "7"}, {"page": "-3"},
                                   {"page": "0"}, {"size": "x", "page": "y"}])
def test_a_hand_edited_url_opens_the_default_selection(db, query):
    app = session(REVIEW, query={"article": SEED_SLUG, "lang": "kk", **query})
    assert not app.exception, app.exception
    assert app.selectbox(key="_size").value == 25
    assert shown_sids(app)[0] == "s1"  # the first page


def test_a_language_chosen_on_articles_is_the_language_of_every_page_and_reload(db):
    app = session()
    app.selectbox(key="_lang").set_value("kk").run()
    for page in PAGES:
        app.switch_page(page)
        app.query_params.clear()  # as in the browser: another page starts with a bare URL
        app.run()
        assert not app.exception, app.exception
        assert app.query_params["lang"] == "kk", page
        reloaded = session(page, query=dict(app.query_params))
        assert reloaded.query_params["lang"] == "kk", page
        if page == REVIEW:
            assert reloaded.selectbox(key="_lang").value == "kk"
    app.switch_page(REVIEW).run()
    assert app.selectbox(key="_lang").value == "kk"
    assert ">KK</span>" in fragments(app)
    assert shown_sids(app) and all(area.key.split("|")[2] == "kk" for area in app.text_area)


def test_the_review_button_of_articles_opens_review_in_the_chosen_language(db):
    app = session()
    app.selectbox(key="_lang").set_value("kk").run()
    next(b for b in app.button if b.label == "Review").click().run()
    assert not app.exception
    assert app.selectbox(key="_lang").value == "kk"


# Two sessions on one store

def test_a_stale_save_shows_both_versions_and_overwrites_nothing(db, check):
    mine, theirs = session(REVIEW, author="Me"), session(REVIEW, author="Them")
    act(theirs, "save", "s3", "Их перевод.")
    act(mine, "save", "s3", "Мой перевод.")
    assert check.translation(SEED_SLUG, "s3", "ru").target == "Их перевод."
    assert "Them saved this segment after you opened it" in mine.warning[0].value
    panel = page_text(mine)
    assert "Их перевод." in panel and "Мой перевод." in panel
    mine.button(key=f"mine|{key('s3')}").click().run()
    stored = check.translation(SEED_SLUG, "s3", "ru")
    assert (stored.target, stored.author, stored.revision) == ("Мой перевод.", "Me", 2)
    assert not mine.warning


def test_conflict_keep_theirs_loads_their_text(db, check):
    mine, theirs = session(REVIEW), session(REVIEW, author="Them")
    act(theirs, "save", "s3", "Их перевод.")
    act(mine, "approve", "s3", "Мой перевод.")
    mine.button(key=f"theirs|{key('s3')}").click().run()
    assert mine.text_area(key=editor_key(key("s3"))).value == "Их перевод."
    assert check.translation(SEED_SLUG, "s3", "ru").author == "Them"
    act(mine, "save", "s3", "Их перевод, поправленный.")
    assert check.translation(SEED_SLUG, "s3", "ru").target == "Их перевод, поправленный."


def test_conflict_merge_by_editing_saves_on_top_of_their_revision(db, check):
    mine, theirs = session(REVIEW), session(REVIEW, author="Them")
    act(theirs, "save", "s3", "Центр Сахарово.")
    act(mine, "save", "s3", "Миграционный центр.")
    mine.button(key=f"merge|{key('s3')}").click().run()
    assert "Merging" in mine.info[0].value
    assert mine.text_area(key=editor_key(key("s3"))).value == "Миграционный центр."
    act(mine, "save", "s3", "Миграционный центр «Сахарово».")
    stored = check.translation(SEED_SLUG, "s3", "ru")
    assert (stored.target, stored.revision) == ("Миграционный центр «Сахарово».", 2)
    assert not mine.info


def test_a_row_without_a_draft_shows_what_another_session_saved(db, check):
    mine, theirs = session(REVIEW), session(REVIEW)
    act(theirs, "save", "s2", "23 сентября 2022 года")
    mine.run()
    assert mine.text_area(key=editor_key(key("s2"))).value == "23 сентября 2022 года"
    act(mine, "approve", "s2")
    assert check.translation(SEED_SLUG, "s2", "ru").status == Status.APPROVED


# Machine translation of the language

def test_review_queues_machine_translation_and_shows_the_job_until_done(db, argos_dir, check):
    Registry(check).install_argos(RU_PACKAGE, actor=OWNER)
    check.save_translation(SEED_SLUG, "s2", "ru", "23 сентября", Status.APPROVED, Origin.HUMAN)
    app = session(REVIEW)
    app.button(key="run_mt").click().run()
    assert not app.exception and not app.error
    [job] = check.jobs()
    assert (job.state, job.languages, job.requested_by) == (JobState.QUEUED, ("ru",), "tester")
    assert f"Job {job.id} waits for a worker" in app.info[0].value
    assert check.translations(SEED_SLUG, "ru").keys() == {"s2"}  # the page translates nothing

    assert Worker(str(db)).run(until_idle=True) == 1
    app.run()
    assert not app.exception and not app.error
    assert "Machine translation done: 16 segments" in app.status[0].label
    translations = check.translations(SEED_SLUG, "ru")
    assert translations["s2"].target == "23 сентября"
    assert translations["s1"].status == Status.MACHINE_TRANSLATED
    assert translations["s1"].engine.startswith("argos")
    assert app.text_area(key=editor_key(key("s1"))).value == translations["s1"].target


def test_machine_translation_without_a_model_is_a_message(db, argos_dir, check):
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("kk").run()
    app.button(key="run_mt").click().run()
    Worker(str(db)).run(until_idle=True)
    app.run()
    assert not app.exception
    assert shown(app.error[0]).endswith(
        "stopped; nothing more was stored. No machine translation model is installed for "
        "Kazakh yet; the Models page says how to add one.")
    assert check.translations(SEED_SLUG, "kk") == {}


def test_machine_translating_an_article_deleted_meanwhile_says_why(db, check):
    app = session(REVIEW)
    delete_article(check, SEED_SLUG, actor=OWNER)  # by someone else, after the page was drawn
    app.button(key="run_mt").click().run()
    assert not app.exception and check.jobs() == []
    assert shown(app.toast[0]).startswith(f"no article '{SEED_SLUG}' in ")
    assert app.toast[0].proto.duration == 0  # it stays until closed: there is something to do


def test_a_running_job_is_cancelled_from_the_sidebar(db, argos_dir, check):
    app = session(REVIEW)
    app.button(key="run_mt").click().run()
    [job] = check.jobs()
    Worker(str(db)).claim(check)  # a worker has taken it and works on its first batch
    app.run()
    app.button(key=f"cancel_job|{job.id}").click().run()
    assert check.job(job.id).cancel_requested
    assert "cancelling after the batch it is on" in app.caption[-1].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_example(db, page):
    assert not session(page).exception


def test_the_pages_segments_beside_the_translate_view_open_another(db):
    app = open_segment(session(REVIEW), "s2")
    pages = app.radio(key="_pagelist")
    assert pages.value == "s2" and len(pages.options) == 17
    assert pages.options[3] == "4 · new · \\{1\\}Sergei Vedyashkin \\/ Moskva…"
    pages.set_value("s12").run()
    assert in_hand(app) == "s12" and app.radio(key="_pagelist").value == "s12"
