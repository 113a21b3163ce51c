"""The Models page: which offline engine translates each language, installing an
Argos package by upload, and the script the project writes Uzbek in."""

import tempfile
from contextlib import nullcontext
from pathlib import Path

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.mt import script
from workbench.mt.registry import Registry
from workbench import settings
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
        "how to add one": report.hint,
    } for report in languages], hide_index=True, width="stretch")
    for model in models:
        if model.broken:
            st.warning(f"**{model.engine} {model.name}** at `{model.path}` cannot be used: "
                       f"{model.problem}", icon=":material/warning:")
    st.caption(f"Argos packages of this project: `{registry.argos_dir}`")
    _install(registry)
    _uzbek_script(store)


def _install(registry: Registry) -> None:
    st.subheader("Install an Argos package")
    with st.form("install_model", clear_on_submit=True, border=False):
        upload = st.file_uploader("A .argosmodel file (English to one of the five languages)",
                                  type=["argosmodel"])
        submitted = st.form_submit_button("Install", icon=":material/install_desktop:")
    if not (submitted and upload):
        return
    with st.status(f"Installing {upload.name}…") as status, \
            tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            installed = registry.install_argos(path)
        except WorkbenchError as error:
            status.update(label="Not installed", state="error")
            st.error(str(error).replace(str(path), upload.name), icon=":material/error:")
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
        settings.UZBEK_SCRIPT.write(store, script.check_script(chosen))
        st.toast(f"Uzbek script: {chosen}", icon=":material/check:")
