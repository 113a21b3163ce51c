"""The Models page: what can serve each language, readable whole, and the last evaluation with
the engine order it suggests; driven through Streamlit's AppTest on a real store file."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import OWNER
from tests.mt_helpers import M2M_DIR, RU_PACKAGE
from workbench.glossary.enforce import glossary_hooks
from workbench.glossary.storage import project_matcher
from workbench.mt.evaluation import evaluate
from workbench.mt.registry import Registry
from workbench.project import ensure_example_project
from workbench.store import Store

APP = Path(__file__).resolve().parent.parent / "workbench" / "ui" / "app.py"
MODELS = "page_scripts/models.py"


@pytest.fixture
def project(tmp_path, monkeypatch, argos_dir):
    """A store file with the example project (hand translations reviewed) and no model,
    which the page opens; the test's own connection to it."""
    store = Store.open(tmp_path / "project.db")
    ensure_example_project(store, actor=OWNER)
    monkeypatch.setenv("WORKBENCH_DB", str(store.location))
    yield store
    store.close()


def models_page() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    app.switch_page(MODELS).run()
    assert not app.exception, app.exception
    return app


def shown_text(markdown: str) -> str:
    """What a reader sees of escaped Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table(app: AppTest, column: str):
    """The st.table with `column`, as {first column: that column}, as the reader sees it."""
    for shown in app.table:
        frame = shown.value
        if column in frame.columns:
            return {shown_text(key): shown_text(value)
                    for key, value in zip(frame.iloc[:, 0], frame[column])}
    raise AssertionError(f"no table with a {column!r} column")


def test_the_page_says_per_language_what_can_serve_it_in_full(project):
    app = models_page()

    serving = table(app, "what can serve it")
    assert serving["Русский (ru)"].startswith("An Argos package (argos-en-ru) or a converted "
                                              "multilingual model (nllb-200-distilled-600M")
    assert serving["Кыргызча (ky)"].endswith("M2M-100 has no Kyrgyz.")
    assert "argos" not in serving["Қазақша (kk)"].split(".")[0]
    assert serving["Тоҷикӣ (tg)"].endswith("The Argos index has no Tajik package. M2M-100 has "
                                            "no Tajik.")
    assert "m2m100-418M" in serving["Oʻzbekcha (uz)"]
    todo = table(app, "what to do")
    assert set(todo) == set(serving)  # nothing installed: every language says what to add
    assert "workbench models fetch NAME" in todo["Қазақша (kk)"]
    assert "install an Argos" not in todo["Қазақша (kk)"]
    assert "install an Argos en->ky package" in todo["Кыргызча (ky)"]
    catalogue = table(app, "licence")
    assert catalogue["nllb-200-distilled-600M"].startswith("CC-BY-NC-4.0")
    assert catalogue["m2m100-418M"] == "MIT"
    assert table(app, "languages (model's codes)")["m2m100-418M"] == "ru (__ru__), kk (__kk__), uz (__uz__)"
    assert any("No evaluation yet" in caption.value for caption in app.caption)


def test_the_last_evaluation_is_shown_and_its_engine_order_applied(project):
    registry = Registry(project)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    registry.add_multilingual(M2M_DIR, ["ru", "kk"], name="m2m", actor=OWNER)
    evaluation = evaluate(project, langs=["ru", "kk"], hooks=glossary_hooks(project),
                          matcher=project_matcher(project), actor=OWNER)
    suggested = evaluation.suggested_order("ru")
    registry.set_order("ru", suggested[::-1], actor=OWNER)  # the worse engine first

    app = models_page()

    [shown] = [frame.value for frame in app.dataframe if "chrF++" in frame.value.columns]
    ranked = [(lang, score.engine) for lang in ("ru", "kk") for score in evaluation.ranked(lang)]
    assert list(zip(shown["language"], shown["rank"], shown["engine"])) == [
        ("Русский (ru)", 1, ranked[0][1]), ("Русский (ru)", 2, ranked[1][1]),
        ("Қазақша (kk)", 1, "multilingual:m2m")]
    assert list(shown["chrF++"]) == [s.chrf for lang in ("ru", "kk") for s in evaluation.ranked(lang)]
    [order] = [frame.value for frame in app.dataframe if "suggested" in frame.value.columns]
    assert dict(zip(order["language"], order["suggested"])) == {"Русский (ru)": ", ".join(suggested)}

    app.button(key="apply_order").click().run()

    assert not app.exception
    assert registry.order("ru") == suggested
    assert shown_text(app.success[0].value) == ("Engine order set from the last evaluation: "
                                                f"ru: {', '.join(suggested)}")
    assert not [button for button in app.button if button.key == "apply_order"]
