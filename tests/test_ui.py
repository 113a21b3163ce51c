"""The browser workbench's pages, driven through Streamlit's AppTest on a real store file."""

import re
from pathlib import Path

import polib
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import OWNER, SEED, SEED_SLUG
from tests.mt_helpers import RU_PACKAGE, FakeEngine
from workbench import settings
from workbench.exchange.export import export_files
from workbench.glossary.storage import load_glossary
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.mt.cache import mt_flags
from workbench.mt.hooks import MtHooks
from workbench.mt.pipeline import translate_article
from workbench.mt.registry import Registry
from workbench.store import Store
from workbench.ui.segment_row import editor_key

APP = Path(__file__).resolve().parent.parent / "workbench" / "ui" / "app.py"
REVIEW = "page_scripts/review.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A store file with the seed article, untranslated, which every AppTest session opens."""
    path = tmp_path / "project.db"
    store = Store.open(path)
    import_paths(store, [SEED], actor=OWNER)
    store.close()
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    monkeypatch.setenv("USER", "tester")
    return path


@pytest.fixture
def check(db):
    """A second connection to the same store, to assert what the pages wrote."""
    store = Store.open(db)
    yield store
    store.close()


def session(page: str | None = None, author: str | None = None) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30)
    if author:
        app.session_state["author"] = author
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def shown(element) -> str:
    """What a message shows: its Markdown with the escapes of user text taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", element.value).replace("\u2060", "")


def fragments(app: AppTest) -> str:
    """Every HTML fragment the page drew (st.html: no Markdown reading), joined."""
    return " ".join(element.proto.body for element in app.get("html"))


def key(sid: str, lang: str = "ru", slug: str = SEED_SLUG) -> str:
    return f"{slug}|{lang}|{sid}"


def act(app: AppTest, action: str, sid: str, text: str | None = None, lang: str = "ru") -> AppTest:
    if text is not None:
        app.text_area(key=editor_key(key(sid, lang))).set_value(text)
    app.button(key=f"{action}|{key(sid, lang)}").click().run()
    assert not app.exception, app.exception
    return app


def shown_sids(app: AppTest) -> list[str]:
    return [area.key.rsplit("|", 1)[1] for area in app.text_area]


# Articles page

def test_articles_page_lists_each_article_with_progress_per_language(db, check):
    check.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    app = session()
    table = app.dataframe[0].value
    assert list(table["id"]) == [SEED_SLUG]
    assert table["segments"][0] == 17
    assert table["kk"][0] == pytest.approx(1 / 17)
    assert table["ru"][0] == 0


def test_upload_imports_an_article_and_selects_it(db, check):
    app = session()
    app.file_uploader[0].set_value(("Budget news.md", b"# Budget\n\nThe budget grew. It is big.\n",
                                    "text/markdown"))
    app.button[0].click()  # the form's Import button
    app.run()
    assert not app.exception and not app.error
    assert [s.source for s in check.segments("budget-news")] == ["Budget", "The budget grew.",
                                                                 "It is big."]
    assert app.session_state["article"] == "budget-news"
    assert "budget-news" in list(app.dataframe[0].value["id"])


def test_a_bad_upload_is_a_message_and_stores_nothing(db, check):
    app = session()
    app.file_uploader[0].set_value([("good.md", b"Fine text.\n", "text/markdown"),
                                    ("empty.txt", b"   \n", "text/plain")])
    app.button[0].click()
    app.run()
    assert not app.exception
    assert "empty.txt: file is empty" in shown(app.error[0])
    assert [a.slug for a in check.articles()] == [SEED_SLUG]
    uploads = check.folder / settings.UPLOADS_FOLDER
    assert not any(uploads.iterdir())


def test_delete_asks_for_confirmation_first(db, check):
    app = session()
    delete = next(b for b in app.button if b.label == "Delete")
    delete.click().run()
    assert check.has_article(SEED_SLUG)
    assert "cannot be undone" in shown(app.warning[0])
    next(b for b in app.button if b.label == "Cancel").click().run()
    assert check.has_article(SEED_SLUG) and not app.warning
    next(b for b in app.button if b.label == "Delete").click().run()
    next(b for b in app.button if b.label == "Yes, delete it").click().run()
    assert not check.has_article(SEED_SLUG)
    assert not app.exception and not app.dataframe


# Review page: editing

def test_review_shows_one_row_per_segment_with_placeholder_chips_and_terms(db):
    app = session(REVIEW)
    assert shown_sids(app)[:3] == ["s1", "s2", "s3"] and len(app.text_area) == 17
    sources = fragments(app)
    assert '<span class="wb-chip">{1}</span><span class="wb-term"' in sources
    assert "Kirill Kabanov<small>Кирилл Кабанов</small></span>, member of the" in sources
    assert "Kazakhstan<small>Казахстан</small></span>" in sources


def test_a_glossary_term_is_inserted_with_one_click(db, check):
    app = session(REVIEW)
    box = editor_key(key("s9"))
    app.text_area(key=box).set_value("Проект правил предусматривает службу для выходцев из").run()
    terms = app.button_group(key=f"terms|{key('s9')}")
    assert "Казахстан" in terms.options
    terms.set_value("Казахстан").run()
    assert app.text_area(key=box).value.endswith("выходцев из Казахстан")
    assert app.button_group(key=f"terms|{key('s9')}").value is None
    act(app, "save", "s9")
    assert check.translation(SEED_SLUG, "s9", "ru").target.endswith("из Казахстан")


def test_glossary_findings_show_in_the_row_and_filter_it(db, check):
    check.save_translation(SEED_SLUG, "s9", "ru", "Правила касаются граждан из Киргизии.",
                           Status.EDITED, Origin.HUMAN)
    app = session(REVIEW)
    messages = fragments(app)
    assert "forbidden form of “Kyrgyzstan”; use “Кыргызстан”" in messages
    finding = app.selectbox(key="filter_finding")
    assert "Glossary term" in finding.options
    finding.set_value("Glossary term").run()
    assert shown_sids(app) == ["s9"]


def test_what_mt_repaired_shows_in_the_row_as_plain_text_until_someone_edits(db, check):
    def after_mt(hypotheses, lang, state):
        return hypotheses[0], ["glossary: <b>Москва</b> **kept**"] if "Moscow" in state else []

    hooks = MtHooks(lambda text, lang: (text, text), after_mt)
    translate_article(check, SEED_SLUG, ["ru"], hooks=hooks,
                      engine_for=lambda lang: FakeEngine(lambda text: text.replace("{/1}", "")), actor=OWNER)
    flagged = mt_flags(check, SEED_SLUG, "ru")
    assert flagged["s3"] == ["glossary: <b>Москва</b> **kept**"]
    assert "MT dropped {/1}; re-inserted by position" in flagged["s5"]  # a link
    app = session(REVIEW)
    rows = [segment.sid for segment in check.segments(SEED_SLUG)]

    def expected():
        return [f"MT: {flag}" for sid in rows for flag in flagged.get(sid, [])]

    assert [element.value for element in app.text] == expected()  # as written, not as markup
    assert "<b>Москва" not in fragments(app)
    act(app, "save", "s5", "Правка {1}сказал{/1}.")
    del flagged["s5"]  # a person has taken over: MT's repairs no longer apply
    assert [element.value for element in app.text] == expected()


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
    assert "✓ Approved" in fragments(app)


def test_approving_machine_translation_unchanged_keeps_its_origin(db, check):
    check.save_translation(SEED_SLUG, "s2", "kk", "2022 жылғы 23 қыркүйек",
                           Status.MACHINE_TRANSLATED, Origin.MT, engine="argos")
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("kk").run()
    act(app, "approve", "s2", lang="kk")
    approved = check.translation(SEED_SLUG, "s2", "kk")
    assert (approved.status, approved.origin, approved.engine) == (Status.APPROVED, Origin.MT, "argos")


def test_reject_sends_the_segment_back_with_a_history_note(db, check):
    check.save_translation(SEED_SLUG, "s3", "ru", "Сахарово.", Status.APPROVED, Origin.HUMAN)
    app = session(REVIEW, author="Editor")
    act(app, "reject", "s3")
    assert check.translation(SEED_SLUG, "s3", "ru").status == Status.APPROVED  # asks why first
    app.text_input(key=f"reason|{key('s3')}").set_value("name the center as in the glossary")
    app.button(key=f"send|{key('s3')}").click().run()
    rejected = check.translation(SEED_SLUG, "s3", "ru")
    assert rejected.status == Status.EDITED and rejected.author == "Editor"
    assert check.history(SEED_SLUG, "s3", "ru")[-1].note == (
        "sent back: name the center as in the glossary")


def test_rejecting_what_is_already_with_the_translator_is_a_message(db, check):
    check.save_translation(SEED_SLUG, "s3", "ru", "Сахарово.", Status.EDITED, Origin.HUMAN)
    app = session(REVIEW)
    act(app, "reject", "s3")
    app.button(key=f"send|{key('s3')}").click().run()
    assert "already with the translator" in shown(app.error[0])
    assert check.translation(SEED_SLUG, "s3", "ru").revision == 1


def test_an_empty_translation_is_refused_with_a_message(db, check):
    app = session(REVIEW)
    act(app, "save", "s1", "   ")
    assert check.translation(SEED_SLUG, "s1", "ru") is None
    assert "translation is empty" in shown(app.error[0])


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


def test_copy_source_fills_the_box_with_the_placeholders(db):
    app = session(REVIEW)
    app.button(key=f"copy|{key('s4')}").click().run()
    assert app.text_area(key=editor_key(key("s4"))).value == (
        "{1}Sergei Vedyashkin / Moskva News Agency{/1}")


# Review page: finding rows

def test_filter_by_status_search_and_finding(db, check):
    check.save_translation(SEED_SLUG, "s1", "ru", "Россия грозит", Status.APPROVED, Origin.HUMAN)
    check.save_translation(SEED_SLUG, "s4", "ru", "Сергей без кода", Status.MACHINE_TRANSLATED,
                           Origin.MT)
    app = session(REVIEW)
    app.multiselect(key="filter_status").set_value([Status.APPROVED]).run()
    assert shown_sids(app) == ["s1"]
    app.multiselect(key="filter_status").set_value([]).run()
    app.text_input(key="filter_query").set_value("kabanov").run()
    assert shown_sids(app) == ["s6", "s8", "s11"]
    app.text_input(key="filter_query").set_value("грозит").run()
    assert shown_sids(app) == ["s1"]
    app.text_input(key="filter_query").set_value("").run()
    app.selectbox(key="filter_finding").set_value("Inline codes").run()
    assert shown_sids(app) == ["s4"]


def long_read(check, tmp_path, sentences: int) -> AppTest:
    """A review session on an imported article of `sentences` one-sentence paragraphs."""
    big = tmp_path / "long-read.md"
    big.write_text("\n\n".join(f"Sentence number {n} is here." for n in range(sentences)) + "\n")
    import_paths(check, [big], actor=OWNER)
    app = session(REVIEW)
    app.selectbox(key="_article").set_value("long-read").run()
    return app


def test_pagination_draws_one_page_of_rows(db, tmp_path, check):
    app = long_read(check, tmp_path, 60)
    assert len(app.text_area) == 25 and shown_sids(app)[0] == "s1"
    app.button(key="next_page").click().run()
    assert shown_sids(app)[0] == "s26"
    app.number_input(key="page").set_value(3).run()
    assert shown_sids(app) == [f"s{n}" for n in range(51, 61)]
    assert not [b for b in app.button if b.key == "next_page"]
    app.text_input(key="filter_query").set_value("number 5").run()
    assert app.number_input(key="page").value == 1
    assert shown_sids(app) == ["s6"] + [f"s{n}" for n in range(51, 61)]


def test_an_unsaved_draft_survives_paging(db, tmp_path, check):
    app = long_read(check, tmp_path, 30)
    draft = editor_key(key("s2", slug="long-read"))
    app.text_area(key=draft).set_value("Черновик").run()
    app.number_input(key="page").set_value(2).run()
    assert "s2" not in shown_sids(app)
    app.number_input(key="page").set_value(1).run()
    assert app.text_area(key=draft).value == "Черновик"
    assert check.translation("long-read", "s2", "ru") is None


def test_all_languages_view_shows_every_language_and_the_history(db, check):
    check.save_translation(SEED_SLUG, "s2", "uz", "2022-yil 23-sentabr", Status.APPROVED,
                           Origin.HUMAN, note="from the desk")
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("uz").run()
    app.button(key=f"all|{key('s2', 'uz')}").click().run()
    assert not app.exception
    text = fragments(app)
    for label in ("Русский (ru)", "Қазақша (kk)", "Кыргызча (ky)", "Тоҷикӣ (tg)", "Oʻzbekcha (uz)"):
        assert label in text
    assert "2022-yil 23-sentabr" in text
    assert list(app.dataframe[0].value["note"]) == ["from the desk"]


# Review page: two sessions on one store

def test_a_stale_save_shows_both_versions_and_overwrites_nothing(db, check):
    mine, theirs = session(REVIEW, author="Me"), session(REVIEW, author="Them")
    act(theirs, "save", "s3", "Их перевод.")
    act(mine, "save", "s3", "Мой перевод.")
    assert check.translation(SEED_SLUG, "s3", "ru").target == "Их перевод."
    assert "Them saved this segment after you opened it" in shown(mine.warning[0])
    panel = fragments(mine)
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
    assert "Merging" in shown(mine.info[0])
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


def test_a_store_that_cannot_be_opened_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not SQLite" * 100)
    monkeypatch.setenv("WORKBENCH_DB", str(broken))
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert "broken.db: is not a workbench store" in shown(app.error[0])


# Export page

EXPORT = "page_scripts/export.py"


def _exported_po(check, text: str) -> bytes:
    po = polib.pofile(export_files(check, SEED_SLUG, "po", ["ru"], actor=OWNER)["ru.po"].decode("utf-8"))
    entry = next(e for e in po if e.msgctxt == "s2")
    entry.msgstr = text
    return str(po).encode("utf-8")


def test_import_back_previews_then_imports_a_translated_po(db, check):
    app = session(EXPORT)
    assert [b.label for b in app.get("download_button")][:2] == ["Русский (ru)", "Қазақша (kk)"]
    upload = ("ru.po", _exported_po(check, "23 сентября 2022 года"), "text/x-gettext")
    app.file_uploader[0].set_value(upload)
    next(b for b in app.button if "Preview" in b.label).click()
    app.run()
    assert "would change 1" in shown(app.success[0])
    assert check.translation(SEED_SLUG, "s2", "ru") is None
    app.file_uploader[0].set_value(upload)
    next(b for b in app.button if b.label == "Import").click()
    app.run()
    assert "changed 1" in shown(app.success[0])
    imported = check.translation(SEED_SLUG, "s2", "ru")
    assert (imported.target, imported.origin) == ("23 сентября 2022 года", Origin.IMPORT)


def test_a_broken_translation_file_is_a_message(db, check):
    app = session(EXPORT)
    app.file_uploader[0].set_value(("ru.po", b'msgid "unclosed\n', "text/x-gettext"))
    next(b for b in app.button if b.label == "Import").click()
    app.run()
    assert not app.exception
    assert shown(app.error[0]).startswith("ru.po")
    assert check.translations(SEED_SLUG, "ru") == {}


# Glossary page

GLOSSARY = "page_scripts/glossary.py"


def test_find_a_concept_fix_a_form_and_see_where_it_is_used(db, check):
    check.save_translation(SEED_SLUG, "s9", "ky", "… Казакстан, Кыргызстан …", Status.EDITED,
                           Origin.HUMAN)
    app = session(GLOSSARY, author="Editor")
    app.text_input(key="glossary_query").set_value("kazakhstan").run()
    assert app.selectbox(key="glossary_concept").value == "kazakhstan"
    used = app.dataframe[1].value
    assert list(used["segment"]) == ["s9"] * 5
    assert list(used["uses approved form"])[:3] == ["untranslated", "untranslated", "yes"]
    app.text_input(key="cell|kazakhstan|ru").set_value("Казахстан | Республика Казахстан | !Казахия")
    next(b for b in app.button if b.label == "Save concept").click().run()
    assert not app.exception
    concept = load_glossary(check).concept("kazakhstan")
    assert [(t.text, t.status.value) for t in concept.terms_in("ru")][-1] == ("Казахия", "deprecated")
    assert concept.modified_by == "Editor"


def test_add_a_concept_then_it_is_highlighted_in_review(db, check):
    app = session(GLOSSARY)
    app.text_input(key="add|en").set_value("draft rules")
    app.text_input(key="add|ru").set_value("проект правил")
    add_id = next(t for t in app.text_input if t.label == "Id")
    add_id.set_value("draft-rules")
    next(b for b in app.button if b.label == "Add").click().run()
    assert not app.exception and not app.error
    assert load_glossary(check).concept("draft-rules").preferred("ru").text == "проект правил"
    assert app.selectbox(key="glossary_concept").value == "draft-rules"
    app.switch_page(REVIEW).run()
    assert "draft rules<small>проект правил</small>" in fragments(app)


def test_a_concept_without_english_is_refused_with_a_message(db, check):
    app = session(GLOSSARY)
    next(t for t in app.text_input if t.label == "Id").set_value("nameless")
    app.text_input(key="add|ru").set_value("безымянный")
    next(b for b in app.button if b.label == "Add").click().run()
    assert "needs an English term" in shown(app.error[0])
    assert load_glossary(check).concept("nameless") is None


def test_importing_a_glossary_file_asks_before_replacing(db, check):
    app = session(GLOSSARY)
    app.file_uploader[0].set_value(("terms.csv", "id,en,ru\nsteppe,steppe,степь\n".encode(),
                                    "text/csv"))
    next(b for b in app.button if b.label == "Read the file").click().run()
    assert "1 new, 61 removed" in shown(app.warning[0])
    assert "no kk, ky, tg, uz terms" in shown(app.warning[1])
    assert len(load_glossary(check).concepts) == 61
    next(b for b in app.button if b.label == "Replace the glossary").click().run()
    assert len(load_glossary(check).concepts) == 61  # refused: it would delete four languages
    app.file_uploader[0].set_value(("terms.csv", "id,en,ru\nsteppe,steppe,степь\n".encode(),
                                    "text/csv"))
    next(b for b in app.button if b.label == "Read the file").click().run()
    app.checkbox(key="glossary_force").check().run()
    next(b for b in app.button if b.label == "Replace the glossary").click().run()
    assert [c.id for c in load_glossary(check).concepts] == ["steppe"]
    assert "1 added" in shown(app.success[0])


def test_a_broken_glossary_file_is_a_message_and_changes_nothing(db, check):
    before = load_glossary(check)
    app = session(GLOSSARY)
    app.file_uploader[0].set_value(("terms.csv", b"name,meaning\nx,y\n", "text/csv"))
    next(b for b in app.button if b.label == "Read the file").click().run()
    assert not app.exception
    assert shown(app.error[0]).startswith("terms.csv")
    assert load_glossary(check) == before


# Models page and machine translation

MODELS = "page_scripts/models.py"


def test_models_page_installs_an_argos_package_by_upload(db, argos_dir):
    app = session(MODELS)
    table = app.dataframe[0].value
    assert list(table["model"]) == ["MISSING"] * 5
    app.file_uploader[0].set_value(("translate-en_ru.argosmodel", RU_PACKAGE.read_bytes(),
                                    "application/zip"))
    next(b for b in app.button if b.label == "Install").click().run()
    assert not app.exception and not app.error
    assert "Installed translate-en_ru" in shown(app.success[0])
    assert app.dataframe[0].value["model"][0].startswith("translate-en_ru")


def test_a_file_that_is_no_argos_package_is_refused_with_a_message(db, argos_dir):
    app = session(MODELS)
    app.file_uploader[0].set_value(("fake.argosmodel", b"not a zip", "application/zip"))
    next(b for b in app.button if b.label == "Install").click().run()
    assert not app.exception
    assert shown(app.error[0]).startswith("fake.argosmodel")


def test_the_uzbek_script_chosen_on_the_models_page_is_what_review_checks(db, check):
    check.save_translation(SEED_SLUG, "s3", "uz", "Москвадаги «Сахарово» миграция маркази.",
                           Status.EDITED, Origin.HUMAN)
    app = session(REVIEW)
    app.selectbox(key="_lang").set_value("uz").run()
    assert "Wrong script" in app.selectbox(key="filter_finding").options
    app.switch_page(MODELS).run()
    app.button_group(key="uzbek_script").set_value("cyrillic").run()
    assert settings.UZBEK_SCRIPT.read(check) == "cyrillic"
    app.switch_page(REVIEW).run()
    assert not app.exception
    assert app.selectbox(key="_lang").value == "uz"
    assert app.selectbox(key="filter_finding").options == []


def test_review_machine_translates_what_is_missing_with_progress(db, argos_dir, check):
    Registry(check).install_argos(RU_PACKAGE, actor=OWNER)
    check.save_translation(SEED_SLUG, "s2", "ru", "23 сентября", Status.APPROVED, Origin.HUMAN)
    app = session(REVIEW)
    app.button(key="run_mt").click().run()
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
    assert not app.exception
    assert "no working model for Kazakh" in shown(app.error[0])
    assert check.translations(SEED_SLUG, "kk") == {}


# Quality checks and translation memory in the review rows

def test_approving_a_text_with_errors_needs_approve_anyway(db, check):
    app = session(REVIEW, author="Desk")
    act(app, "approve", "s3", "Сахарово.")
    assert check.translation(SEED_SLUG, "s3", "ru") is None  # nothing approved, nothing saved
    assert "errors" in shown(app.warning[0])
    app.button(key=f"confirm|{key('s3')}").click().run()
    approved = check.translation(SEED_SLUG, "s3", "ru")
    assert (approved.target, approved.status) == ("Сахарово.", Status.APPROVED)
    assert check.history(SEED_SLUG, "s3", "ru")[-1].note.startswith("approved despite")


def test_a_finding_is_muted_with_a_reason_and_unmuted(db, check):
    check.save_translation(SEED_SLUG, "s9", "ru", "Правила касаются граждан из Киргизии.",
                           Status.EDITED, Origin.HUMAN)
    app = session(REVIEW, author="Desk")
    app.selectbox(key=f"mutecheck|{key('s9')}").set_value("glossary")
    app.text_input(key=f"mutewhy|{key('s9')}").set_value("quoted from a decree")
    app.button(key=f"mute|{key('s9')}").click().run()
    assert "Glossary term: muted, quoted from a decree" in fragments(app)
    assert "Glossary term" not in app.selectbox(key="filter_finding").options
    app.button(key=f"unmute|glossary|{key('s9')}").click().run()
    assert "Glossary term" in app.selectbox(key="filter_finding").options


def test_a_translation_memory_match_is_used_with_one_click(db, tmp_path, check):
    check.save_translation(SEED_SLUG, "s3", "ru", "Миграционный центр «Сахарово» в Москве.",
                           Status.APPROVED, Origin.HUMAN)
    other = tmp_path / "follow-up.md"
    other.write_text("# Follow-up\n\nThe Sakharovo migration center in Moscow.\n")
    import_paths(check, [other], actor=OWNER)
    app = session(REVIEW)
    app.selectbox(key="_article").set_value("follow-up").run()
    row = key("s2", slug="follow-up")
    assert "<b>TM exact</b> · approved: Миграционный центр" in fragments(app)
    app.button(key=f"tm0|{row}").click().run()
    assert app.text_area(key=editor_key(row)).value == "Миграционный центр «Сахарово» в Москве."


def test_articles_page_translates_an_article_into_every_language(db, argos_dir, check):
    Registry(check).install_argos(RU_PACKAGE, actor=OWNER)
    app = session()
    next(b for b in app.button if b.label == "Translate").click().run()
    assert not app.exception
    assert "no working model for Kazakh" in shown(app.error[0])  # every engine is needed first
    assert check.translations(SEED_SLUG, "ru") == {}


def test_a_form_is_rewritten_in_translations_exactly_as_previewed(db, check):
    check.save_translation(SEED_SLUG, "s9", "ky", "… Казакстандан …", Status.EDITED,
                           Origin.HUMAN)
    app = session(GLOSSARY)
    app.text_input(key="glossary_query").set_value("kazakhstan").run()
    app.text_input(key="old|kazakhstan").set_value("Казакстан")
    app.text_input(key="new|kazakhstan").set_value("Қазақстан")
    next(b for b in app.button if b.label == "Apply").click().run()
    assert "Preview first" in shown(app.info[0])
    app.text_input(key="old|kazakhstan").set_value("Казакстан")
    app.text_input(key="new|kazakhstan").set_value("Қазақстан")
    next(b for b in app.button if b.label == "Preview").click().run()
    assert check.translation(SEED_SLUG, "s9", "ky").target == "… Казакстандан …"
    app.text_input(key="old|kazakhstan").set_value("Казакстан")
    app.text_input(key="new|kazakhstan").set_value("Қазақстан")
    next(b for b in app.button if b.label == "Apply").click().run()
    assert "Applied to 1 translations" in shown(app.success[0])
    assert check.translation(SEED_SLUG, "s9", "ky").target == "… Қазақстандан …"
