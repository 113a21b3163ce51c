"""The browser workbench's pages, driven through Streamlit's AppTest on a real store file."""

import polib
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import OWNER, SEED_SLUG
from tests.mt_helpers import RU_PACKAGE
from tests.ui_helpers import APP, REVIEW, check, db, page_text, session, shown  # noqa: F401
from workbench import settings
from workbench.exchange.export import export_files
from workbench.glossary.storage import load_glossary
from workbench.jobs import Worker
from workbench.model import Origin, Status
from workbench.mt.registry import Registry
from workbench.progress import count_words


# Articles page

def test_articles_page_lists_each_article_with_words_and_approved_share_per_language(db, check):
    words = {s.sid: count_words(s.source) for s in check.segments(SEED_SLUG)}
    check.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    check.save_translation(SEED_SLUG, "s2", "kk", "2022", Status.EDITED, Origin.HUMAN)
    app = session()
    table = app.dataframe[0].value
    assert list(table["id"]) == [SEED_SLUG]
    assert (table["segments"][0], table["words"][0]) == (17, sum(words.values()))
    assert table["kk"][0] == pytest.approx(words["s1"] / sum(words.values()))  # edited: not done
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
    assert app.session_state["article"] == "budget-news" == app.query_params["article"]
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


# Any page

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
    assert "draft rules<small><span class=\"wb-insert\" data-wb-insert=\"проект правил\"" in (
        page_text(app))


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
    assert "Wrong script" in app.selectbox(key="_finding").options
    app.switch_page(MODELS).run()
    app.button_group(key="uzbek_script").set_value("cyrillic").run()
    assert settings.UZBEK_SCRIPT.read(check) == "cyrillic"
    app.switch_page(REVIEW).run()
    assert not app.exception
    assert app.selectbox(key="_lang").value == "uz"
    assert app.selectbox(key="_finding").options == ["any finding"]


def test_articles_page_translates_an_article_into_every_language(db, argos_dir, check):
    Registry(check).install_argos(RU_PACKAGE, actor=OWNER)
    app = session()
    next(b for b in app.button if b.label == "Translate").click().run()
    assert not app.exception
    assert check.jobs()[0].languages == ("ru", "kk", "ky", "tg", "uz")
    Worker(str(db)).run(until_idle=True)
    app.run()
    assert shown(app.error[0]).endswith(  # every engine is needed first
        "stopped; nothing more was stored. No machine translation model is installed for "
        "Kazakh, Kyrgyz, Tajik, Uzbek yet; the Models page says how to add one.")
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
