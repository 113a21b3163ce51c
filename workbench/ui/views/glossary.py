"""The Glossary page: find a concept, fix its forms, see which segments use it,
rewrite an old form in their translations; add concepts; import and export the
term base as CSV or TBX.

Every language is edited as one line in the CSV convention of `glossaries/`
("preferred | admitted | !forbidden"), so the page, the files and the command
line speak the same syntax.
"""

from functools import partial

import streamlit as st

from workbench.accounts import Action
from workbench.errors import WorkbenchError
from workbench.glossary import storage
from workbench.glossary.changes import affected_segments, apply_term_change
from workbench.glossary.csvio import LANGUAGES, cell_from_terms
from workbench.glossary.editing import edited_concept, new_concept
from workbench.glossary.files import read_glossary
from workbench.glossary.model import Concept
from workbench.glossary.morphology import normalize
from workbench.languages import TARGET_LANGUAGES
from workbench.store import Store
from workbench.store import now
from workbench.ui import components, state

CELL_HELP = ("Terms separated by ` | `: the first is the approved (preferred) form, later ones "
             "are admitted variants, `!term` is forbidden.")


def render() -> None:
    components.style()
    st.title("Glossary")
    store = state.store()
    concepts = storage.load_glossary(store).concepts
    components.show_flash()
    if storage.has_unexported_edits(store):
        st.caption(":orange[The glossary has edits not yet exported to a file (Import and "
                   "export, below).]")
    if "glossary_show" in st.session_state:  # a concept just saved or added
        st.session_state.glossary_query = st.session_state.glossary_concept = (
            st.session_state.pop("glossary_show"))
    query = st.text_input("Find a concept", key="glossary_query",
                          placeholder="a term in any language, an id or a word of its note")
    found = _matching(concepts, query)
    st.dataframe([{"id": c.id, **{lang: cell_from_terms(c, lang) for lang in LANGUAGES}}
                  for c in found], hide_index=True, width="stretch",
                 height=min(250, 38 + 35 * max(len(found), 1)))
    if found:
        by_id = {concept.id: concept for concept in found}
        chosen = st.selectbox(f"Concept ({len(found)} of {len(concepts)})", list(by_id),
                              key="glossary_concept", format_func=lambda i: _title(by_id[i]))
        _concept_panel(store, by_id[chosen])
    else:
        st.info("No concept matches.")
    actor = state.actor()
    if actor.may(Action.GLOSSARY_EDIT):
        _add_concept(store)
    if actor.may(Action.GLOSSARY_FILES):
        _files(store)
    if not actor.may(Action.GLOSSARY_EDIT):
        st.caption("The glossary is changed by a terminologist.")


def _matching(concepts, query: str) -> list[Concept]:
    needle = normalize(query.strip())
    return [c for c in concepts if needle in normalize(
        " ".join([c.id, c.note, c.definition, *(t.text for t in c.terms)]))]


def _title(concept: Concept) -> str:
    english = concept.preferred("en")
    return f"{english.text if english else concept.id}  ({concept.id})"


def _concept_panel(store: Store, concept: Concept) -> None:
    actor = state.actor()
    edit, used = st.columns([1, 1.3], gap="large")
    if actor.may(Action.GLOSSARY_EDIT):
        with edit:
            _edit_form(store, concept)
    with used:
        _affected(store, concept)
        if actor.may(Action.TERM_APPLY):
            _rewrite_form(store, concept)
        with st.expander("History"):
            st.dataframe([{k: row[k] for k in ("at", "author", "action")}
                          for row in storage.concept_history(store, concept.id)],
                         hide_index=True, width="stretch")


def _edit_form(store: Store, concept: Concept) -> None:
    with st.form(f"edit|{concept.id}", border=True):
        st.markdown(f"**{components.literal(concept.id)}**")
        cells = {lang: st.text_input(lang, cell_from_terms(concept, lang), key=f"cell|{concept.id}|{lang}",
                                     help=CELL_HELP) for lang in LANGUAGES}
        note = st.text_area("Note", concept.note, key=f"note|{concept.id}", height=80)
        flags = st.columns(2)
        dnt = flags[0].checkbox("Do not translate", concept.do_not_translate,
                                key=f"dnt|{concept.id}")
        case = flags[1].checkbox("Case-sensitive", any(t.case_sensitive for t in concept.terms),
                                 key=f"case|{concept.id}")
        if st.form_submit_button("Save concept", icon=":material/save:", type="primary"):
            actor = state.actor()
            _guarded(lambda: storage.save_concept(store, edited_concept(
                concept, cells, author=actor.username, at=now(), dnt=dnt, case_sensitive=case,
                note=note), "edit", actor=actor), f"Saved {concept.id}", concept.id)
    st.button("Remove concept", key=f"remove|{concept.id}", icon=":material/delete:",
              on_click=st.session_state.update, kwargs={"remove_concept": concept.id})
    if st.session_state.get("remove_concept") == concept.id:
        st.warning(f"Remove **{components.literal(concept.id)}** from the glossary? It stays in "
                   "the history.")
        with st.container(horizontal=True):
            st.button("Yes, remove it", type="primary", on_click=_remove,
                      args=(store, concept.id))
            st.button("Cancel", key="keep_concept", on_click=st.session_state.update,
                      kwargs={"remove_concept": None})


def _remove(store: Store, concept_id: str) -> None:
    st.session_state.remove_concept = None
    try:
        storage.remove_concept(store, concept_id, actor=state.actor())
    except WorkbenchError as error:
        components.toast_error(error)
        return
    st.toast(f"Removed {components.literal(concept_id)}", icon=":material/delete:")


def _guarded(action, done: str, show: str | None = None) -> None:
    """Run a glossary change, then draw the page again showing concept `show`;
    a problem is a message on the page."""
    try:
        action()
    except WorkbenchError as error:
        components.show_error(error)
        return
    st.toast(components.literal(done), icon=":material/check:")
    if show:
        st.session_state.glossary_show = show
        st.rerun()


def _affected(store: Store, concept: Concept) -> None:
    st.markdown("**Used in**")
    affected = affected_segments(store, concept.id)
    if not affected:
        st.caption("No segment uses this concept.")
        return
    st.dataframe(
        [{"segment": a.sid, "lang": a.lang,
          "uses approved form": {None: "untranslated", True: "yes", False: "NO"}[a.uses_approved],
          "translation": a.target or "", "problem": "; ".join(a.problems),
          "article": a.article} for a in affected],
        hide_index=True, width="stretch", height=220)


def _rewrite_form(store: Store, concept: Concept) -> None:
    with st.form(f"rewrite|{concept.id}", border=True):
        st.markdown("**Replace a form in the translations** (endings kept)")
        old_col, new_col, lang_col = st.columns([2, 2, 1])
        old = old_col.text_input("Old form", key=f"old|{concept.id}")
        new = new_col.text_input("New form", key=f"new|{concept.id}")
        lang = lang_col.selectbox("Language", [None, *TARGET_LANGUAGES], key=f"rlang|{concept.id}",
                                  format_func=lambda code: code or "all")
        preview_col, apply_col = st.columns(2)
        preview = preview_col.form_submit_button("Preview", width="stretch")
        apply = apply_col.form_submit_button("Apply", type="primary", width="stretch")
    request = (concept.id, old.strip(), new.strip(), lang)
    if not ((preview or apply) and request[1] and request[2]):
        return
    previewed = st.session_state.get("rewrite_preview", {}).get(request)
    if apply and previewed is None:
        st.info("Preview first: Apply changes exactly what the preview showed.")
        return
    try:
        changes = apply_term_change(store, concept.id, request[1], request[2],
                                    actor=state.actor(), preview=not apply, lang=lang,
                                    previewed=previewed)
    except WorkbenchError as error:
        components.show_error(error)
        return
    st.session_state.rewrite_preview = {} if apply else {request: changes}
    if not changes:
        st.info(f"No translation uses “{components.literal(request[1])}”.")
        return
    st.dataframe([{"segment": f"{c.article} {c.sid}", "lang": c.lang, "before": c.before,
                   "after": c.after if c.after is not None else "(edit by hand)"}
                  for c in changes], hide_index=True, width="stretch")
    if apply:
        st.success(f"Applied to {sum(c.after is not None for c in changes)} translations "
                   "(each recorded in its history).")


def _add_concept(store: Store) -> None:
    with st.expander("Add a concept", icon=":material/add:"):
        with st.form("add_concept", clear_on_submit=False, border=False):
            concept_id = st.text_input("Id", placeholder="e.g. national-guard",
                                       help="Lower case, digits and hyphens; never reused")
            cells = dict(zip(LANGUAGES, st.columns(len(LANGUAGES))))
            cells = {lang: column.text_input(lang, key=f"add|{lang}", help=CELL_HELP)
                     for lang, column in cells.items()}
            note = st.text_input("Note", key="add|note")
            if st.form_submit_button("Add", icon=":material/add:", type="primary"):
                actor = state.actor()
                _guarded(lambda: storage.save_concept(store, new_concept(
                    concept_id.strip(), cells, author=actor.username, at=now(), note=note),
                    "add", actor=actor), f"Added {concept_id}", concept_id.strip())


def _files(store: Store) -> None:
    with st.expander("Import and export (CSV, TBX)", icon=":material/swap_vert:"):
        with st.container(horizontal=True):
            st.download_button("Export CSV", partial(_export, store, "glossary.csv"),
                               file_name="glossary.csv", mime="text/csv", on_click="ignore",
                               icon=":material/download:")
            st.download_button("Export TBX", partial(_export, store, "glossary.tbx"),
                               file_name="glossary.tbx", mime="application/x-tbx+xml",
                               on_click="ignore", icon=":material/download:")
        with st.form("import_glossary", clear_on_submit=True, border=False):
            upload = st.file_uploader("Replace the glossary by a file", type=["csv", "tbx"])
            submitted = st.form_submit_button("Read the file", icon=":material/upload:")
        if submitted and upload:
            _read(upload)
        if "glossary_upload" in st.session_state:
            _confirm_import(store)


def _export(store: Store, name: str) -> bytes:
    """The working glossary as a file; exporting marks its edits as saved to a file."""
    content, _ = storage.export_glossary(store, name, actor=state.actor())
    return content


def _read(upload) -> None:
    """Parse an uploaded glossary for the preview (the file is kept until the user confirms
    or cancels, then imported as the command line imports it)."""
    try:
        data = upload.getvalue()
        st.session_state.glossary_upload = (upload.name, data, read_glossary(
            data, upload.name, author=state.actor().username, at=now()))
    except WorkbenchError as error:
        components.show_error(error)


def _confirm_import(store: Store) -> None:
    name, data, result = st.session_state.glossary_upload
    glossary = storage.load_glossary(store)
    current = {concept.id for concept in glossary.concepts}
    incoming = {concept.id for concept in result.glossary.concepts}
    st.warning(f"**{components.literal(name)}** has {len(incoming)} concepts: importing it "
               f"replaces the glossary ({len(incoming - current)} new, "
               f"{len(current - incoming)} removed; the history keeps every replaced concept).",
               icon=":material/swap_vert:")
    dropped = storage.dropped_languages(
        {term.lang for concept in glossary.concepts for term in concept.terms},
        result.glossary.concepts)
    if dropped:
        st.warning(f"The file has no {components.literal(', '.join(dropped))} terms: every one of "
                   "them would be deleted.", icon=":material/warning:")
    for ignored in result.ignored:
        st.caption(f"ignored: {components.literal(ignored)}")
    force = st.checkbox("Even if the glossary has edits that were never exported, or loses "
                        "languages", key="glossary_force")
    with st.container(horizontal=True):
        if st.button("Replace the glossary", type="primary"):
            del st.session_state.glossary_upload
            try:
                counts, _ignored = storage.import_glossary_file(
                    store, data, name, actor=state.actor(), force=force)
            except WorkbenchError as error:
                components.show_error(error)
                return
            components.flash(f"{name}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
            st.rerun()
        st.button("Cancel", key="cancel_glossary_import",
                  on_click=st.session_state.pop, args=("glossary_upload", None))
