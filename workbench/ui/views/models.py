"""The Models page: which offline engine translates each language, what can serve each
language (the model catalogue), the last evaluation of the engines with the engine order
it suggests, installing an Argos package by upload, and the script the project writes
Uzbek in.

Everything a file or a folder named (model and package names, paths, problems) is shown in
tables, as text; long explanations are in tables too, which wrap rather than cut them off.
"""

import tempfile
from contextlib import nullcontext
from pathlib import Path

import streamlit as st

from workbench.accounts import Action
from workbench.errors import WorkbenchError
from workbench.languages import TARGET_LANGUAGES
from workbench.mt import catalogue, script
from workbench.mt.evaluation import last_evaluation, order_changes
from workbench.mt.registry import Registry
from workbench.settings import megabytes
from workbench.store import Store
from workbench.ui import components, state


def render() -> None:
    components.style()
    st.title("Models")
    components.show_flash()
    st.caption("Machine translation runs offline on these models; nothing is downloaded. "
               "Review → *Machine-translate what is missing* uses them.")
    store = state.store()
    registry = Registry(store)
    manager = state.actor().may(Action.MODELS)
    _installed(registry)
    _catalogue()
    _evaluation(registry, manager)
    if manager:
        _install(registry)
        _uzbek_script(store)
    else:
        st.caption(f"Uzbek is written in the {script.uzbek_script(store)} script. Models and "
                   "MT settings are changed by a manager.")


def _installed(registry: Registry) -> None:
    check = st.button("Load every model to check it", icon=":material/fact_check:",
                      help="Finds corrupt weights; takes a few seconds per real model")
    with st.spinner("Loading the models…", show_time=True) if check else nullcontext():
        languages, models = registry.report(load=check)
    st.dataframe([{
        "language": state.language_label(report.lang),
        "engine": report.model.engine if report.model else "—",
        "model": report.model.name if report.model else "MISSING",
        "version": report.model.version if report.model else "",
        "size": megabytes(report.model.size) if report.model else "",
        "engine order": ", ".join(registry.order(report.lang)),
    } for report in languages], hide_index=True, width="stretch", key="served")
    missing = [report for report in languages if report.model is None]
    if missing:
        st.markdown("**Missing models: how to add one**")
        _table([{"language": state.language_label(report.lang), "what to do": report.hint}
                for report in missing])
    broken = [model for model in models if model.broken]
    if broken:
        st.warning("These models cannot be used:", icon=":material/warning:")
        st.dataframe([{"engine": model.engine, "model": model.name, "problem": model.problem,
                       "folder": model.path} for model in broken],
                     hide_index=True, width="stretch", key="broken")
    st.caption(components.literal(f"Argos packages of this project: {registry.argos_dir}; "
                                  f"models added from bundles: {registry.models_dir}"))


def _table(rows: list[dict]) -> None:
    """A table whose long texts wrap instead of being cut off (st.table renders Markdown:
    every cell is escaped to show as written)."""
    st.table([{column: components.literal(str(value)) for column, value in row.items()}
              for row in rows])


def _catalogue() -> None:
    st.subheader("What can serve each language")
    _table([{"language": state.language_label(lang),
              "what can serve it": catalogue.serving_summary(lang)} for lang in TARGET_LANGUAGES])
    st.markdown("On a machine with internet, `workbench models fetch NAME` downloads a model, "
                "converts it, checks that it translates and writes one bundle file; here, "
                "`workbench models add FILE` checks every file of the bundle and installs it. "
                "The commands and how to read an evaluation: docs/models.md.")
    _table([{
        "model": entry.name,
        "what it is": entry.title,
        "languages (model's codes)": ", ".join(
            lang if code == lang else f"{lang} ({code})"
            for lang, code in entry.model_codes().items()),
        "download": f"about {entry.download_mb} MB",
        "installed": f"about {entry.installed_mb} MB",
        "licence": entry.licence,
        "source": entry.where,
    } for entry in catalogue.models()])


def _evaluation(registry: Registry, manager: bool) -> None:
    st.subheader("Last evaluation")
    evaluation = last_evaluation(registry.store)
    if evaluation is None:
        st.caption("No evaluation yet: `workbench mt eval` translates the approved and "
                   "reviewed segments with every installed engine, stores nothing, and scores "
                   "the output against the human translations.")
        return
    st.caption(f"{components.literal(evaluation.at)} on "
               f"{components.literal(evaluation.article or 'every article')}: chrF++ and BLEU "
               "(0-100) say how close the engine comes to the human translation, glossary "
               "agreement how often it uses an approved form of the glossary's terms. "
               "Engines are ranked by chrF++.")
    st.dataframe([{
        "language": state.language_label(score.lang),
        "rank": rank,
        "engine": score.engine,
        "segments": score.segments,
        "chrF++": score.chrf,
        "BLEU": score.bleu,
        "glossary agreement": (f"{score.glossary:.0f}% ({score.terms_agreed} of "
                               f"{score.terms} terms)" if score.terms else "no terms"),
    } for lang in evaluation.languages()
        for rank, score in enumerate(evaluation.ranked(lang), start=1)],
        hide_index=True, width="stretch", key="evaluation")
    changes = order_changes(evaluation, registry)
    if not changes:
        st.caption("The engine order already follows this evaluation.")
        return
    st.dataframe([{"language": state.language_label(lang),
                   "engine order now": ", ".join(registry.order(lang)),
                   "suggested": ", ".join(order)} for lang, order in changes.items()],
                 hide_index=True, width="stretch", key="suggested_order")
    if manager and st.button("Use the suggested engine order", icon=":material/sort:", key="apply_order"):
        try:
            for lang, order in changes.items():
                registry.set_order(lang, order, actor=state.actor())
        except WorkbenchError as error:
            components.show_error(error)
            return
        components.flash("Engine order set from the last evaluation: " + "; ".join(
            f"{lang}: {', '.join(order)}" for lang, order in changes.items()))
        st.rerun()


def _install(registry: Registry) -> None:
    st.subheader("Install an Argos package")
    with st.form("install_model", clear_on_submit=True, border=False):
        upload = st.file_uploader("A .argosmodel file (English to one of the five languages)",
                                  type=["argosmodel"])
        submitted = st.form_submit_button("Install", icon=":material/install_desktop:")
    if not (submitted and upload):
        return
    with st.status(f"Installing {components.literal(upload.name)}…") as status, \
            tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            installed = registry.install_argos(path, actor=state.actor())
        except WorkbenchError as error:
            status.update(label="Not installed", state="error")
            components.show_error(str(error).replace(str(path), upload.name))
            return
    components.flash(f"Installed {installed.name} (en → {', '.join(installed.languages)})")
    st.rerun()


def _uzbek_script(store: Store) -> None:
    st.subheader("Uzbek script")
    current = script.uzbek_script(store)
    chosen = st.segmented_control("Script this project writes Uzbek in", script.SCRIPTS,
                                  default=current, key="uzbek_script",
                                  format_func=str.capitalize,
                                  help="Machine translation is written in it and the checks "
                                       "expect it.")
    if chosen and chosen != current:
        try:
            script.set_uzbek_script(store, chosen, actor=state.actor())
        except WorkbenchError as error:
            components.show_error(error)
            return
        st.toast(f"Uzbek script: {chosen}", icon=":material/check:")
