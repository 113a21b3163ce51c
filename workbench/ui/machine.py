"""Machine translation from a page: queued as a job for a worker (`workbench serve` runs one
beside a SQLite store; a PostgreSQL desk runs its own), followed in the sidebar.

The sidebar shows this session's jobs: waiting, running with their progress (and a button to
cancel), or finished with what they did or why they failed. While any is unfinished the panel
looks again every second; when one finishes the whole page is drawn again, so its rows show
what MT stored.
"""

import streamlit as st

from workbench import settings
from workbench.errors import WorkbenchError
from workbench.jobs import cancel_job, enqueue_translation, language_results
from workbench.languages import TARGET_LANGUAGES
from workbench.mt.registry import Registry
from workbench.store import JobState, MtJob, Store
from workbench.ui import components, state

_JOBS = "mt_jobs"  # ids of the jobs this session queued, oldest first
_SEEN_FINISHED = "mt_jobs_finished"  # ids whose end the page was already redrawn for


def translate(slug: str, langs: list[str]) -> None:
    """Queue MT of `slug` into `langs`: exact translation-memory matches first, then MT
    steered by the project glossary; human work is never touched. A button's on_click, so
    the run it starts shows the new job in the sidebar, which is drawn before the page."""
    try:
        job = enqueue_translation(state.store(), slug, langs, actor=state.actor())
    except WorkbenchError as error:
        components.toast_error(error)
        return
    st.session_state.setdefault(_JOBS, []).append(job.id)


def job_panel(store: Store) -> None:
    """This session's MT jobs (for the sidebar)."""
    jobs = _session_jobs(store)
    if not jobs:
        return
    following = any(not job.finished for job in jobs)
    st.fragment(_panel, run_every=settings.WATCH_POLL_SECONDS * 2 if following else None)(store)


def _session_jobs(store: Store) -> list[MtJob]:
    jobs = []
    for job_id in list(st.session_state.get(_JOBS, [])):
        try:
            jobs.append(store.job(job_id))
        except WorkbenchError:  # deleted with its article
            st.session_state[_JOBS].remove(job_id)
    return jobs


def _panel(store: Store) -> None:
    seen = st.session_state.setdefault(_SEEN_FINISHED, set())
    jobs = _session_jobs(store)
    newly_finished = {job.id for job in jobs if job.finished} - seen
    if newly_finished:
        seen.update(newly_finished)
        st.rerun(scope="app")
    st.caption("Machine translation")
    for job in reversed(jobs):
        _job(store, job)


def _job(store: Store, job: MtJob) -> None:
    what = components.literal(f"{job.article} → {', '.join(job.languages)}")
    if job.state == JobState.QUEUED:
        st.info(f"Job {job.id} waits for a worker: {what}", icon=":material/schedule:")
    elif job.state == JobState.RUNNING:
        share = job.done / job.total if job.total else 0.0
        st.progress(share, text=f"Job {job.id}: {job.done} of {job.total or '…'} segments "
                                f"({what})")
        if job.cancel_requested:
            st.caption("cancelling after the batch it is on…")
        else:
            st.button("Cancel", key=f"cancel_job|{job.id}", icon=":material/stop_circle:",
                      on_click=_cancel, args=(store, job.id))
    elif job.state == JobState.DONE:
        results = language_results(job)
        filled = sum(r.translated + r.from_cache + r.earlier_attempt + r.from_memory
                     for r in results)
        with st.status(f"Machine translation done: {filled} segments", state="complete",
                       expanded=False):
            for result in results:
                st.text(f"{result.lang}: {result.summary()}"
                        + (f"; flagged for review: {', '.join(result.flagged)}"
                           if result.flagged else ""))
    elif job.state == JobState.FAILED:
        no_model = _no_model(store, list(job.languages))
        st.error(f"Job {job.id} ({what}) stopped; nothing more was stored. {no_model or ''}",
                 icon=":material/error:")
        if not no_model:
            st.text(job.error)
    else:
        st.warning(f"Job {job.id} ({what}) was cancelled after {job.done} of {job.total or 0} "
                   "segments; what was translated is kept", icon=":material/stop_circle:")
    if job.finished:
        st.button("Dismiss", key=f"dismiss_job|{job.id}", type="tertiary",
                  on_click=st.session_state[_JOBS].remove, args=(job.id,))


def _cancel(store: Store, job_id: int) -> None:
    try:
        cancel_job(store, job_id, actor=state.actor())
    except WorkbenchError as error:  # it finished meanwhile
        components.flash(str(error))


def unavailable(store: Store, langs: list[str]) -> str:
    """Why MT cannot serve `langs`, for a translator: the languages without a working model,
    or that a model would not load, and where to look."""
    return _no_model(store, langs) or (
        "Machine translation could not use the installed model; the Models page shows what is "
        "wrong with it.")


def _no_model(store: Store, langs: list[str]) -> str | None:
    """Which of `langs` have no working model installed, for a translator; None if all have."""
    registry = Registry(store)
    models = registry.all_models()  # the model folders read once
    missing = [TARGET_LANGUAGES[lang].name for lang in langs
               if registry.working_model(lang, models) is None]
    if missing:
        return (f"No machine translation model is installed for {', '.join(missing)} yet; "
                "the Models page says how to add one.")
    return None
