"""MT jobs: `workbench worker` takes and runs them; `workbench jobs` lists, shows, follows and
cancels them (`workbench translate --queue` queues one)."""

import logging
import signal
from contextlib import contextmanager

import click
from tqdm import tqdm

from workbench import settings
from workbench.cli.context import echo_json, json_option, pass_context
from workbench.errors import WorkbenchError
from workbench.jobs import Worker, cancel_job, configure, language_results, watch
from workbench.mt.pipeline import BATCH_SIZE, LanguageResult
from workbench.store import JobState, MtJob


@contextmanager
def progress_bar(hidden: bool):
    """A progress callback drawing a bar on stderr: segments through MT of the total."""
    with tqdm(unit="seg", desc="translating", disable=hidden, delay=0.3) as bar:
        def progress(done: int, total: int | None, lang: str) -> None:
            bar.total = total
            bar.set_postfix_str(lang, refresh=False)
            bar.update(done - bar.n)

        yield progress


def finished_results(job: MtJob) -> list[LanguageResult]:
    """What a finished job did per language; a failed or cancelled one is an error."""
    if job.state == JobState.FAILED:
        raise WorkbenchError(job.error or f"job {job.id} failed")
    if job.state == JobState.CANCELLED:
        raise WorkbenchError(f"job {job.id} was cancelled after {job.done} of {job.total or 0} "
                             "segments; what was translated is stored, run it again to finish")
    return language_results(job)


def echo_results(results: list[LanguageResult]) -> None:
    """What a job did, one line per language, and the segments to look at again."""
    for result in results:
        click.echo(f"{result.lang}: {result.summary()}")
        if result.flagged:
            click.echo(f"  {len(result.flagged)} flagged for review (repaired placeholders, "
                       f"glossary, long segments): {', '.join(result.flagged)}")


@click.command("worker")
@click.option("--until-idle", is_flag=True,
              help="Stop when no job is waiting (default: wait for jobs until stopped).")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=BATCH_SIZE,
              show_default=True, help="Segments per model call and per stored batch.")
@click.option("--parent", type=int, hidden=True, help="Stop when process PARENT has ended.")
@pass_context
def worker_command(obj, until_idle, batch_size, parent):
    """Take MT jobs from the project store and run them, one at a time.

    Run as many as you like, on any machine that reaches a PostgreSQL store. SIGTERM or
    Ctrl+C stops the worker after the batch it is on and gives its job back to the queue;
    a worker that dies leaves its job to be taken up again once its heartbeat is stale.
    """
    location = obj.store.location  # refuses a missing store, upgrades an old one
    obj.close()
    logging.basicConfig(format="%(asctime)s %(message)s")
    logging.getLogger("workbench").setLevel(logging.INFO)
    worker = Worker(location, batch_size=batch_size, parent=parent)
    previous = {number: signal.signal(number, lambda *_: worker.stopping.set())
                for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        ran = worker.run(until_idle=until_idle)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo(f"worker {worker.name}: {ran} job(s) run")


@click.group("jobs", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Every job, not only the latest 20.")
@json_option
@pass_context
@click.pass_context
def jobs_group(ctx, obj, show_all, as_json):
    """MT jobs of this project, newest first: state, progress, who asked, which worker."""
    if ctx.invoked_subcommand is not None:
        return
    jobs = obj.store.jobs(limit=None if show_all else 20)
    if as_json:
        echo_json([job.to_json() for job in jobs])
        return
    if not jobs:
        click.echo("no jobs yet (`workbench translate ARTICLE --queue` queues one)")
    for job in jobs:
        click.echo(f"{job.id:>5}  {job.state.value:<9}  {_progress(job):>11}  {job.article}  "
                   f"{','.join(job.languages)}  by {job.requested_by or '?'}"
                   + (f"  on {job.worker}" if job.worker else "") + f"  {job.created_at}")


@jobs_group.command("show")
@click.argument("job_id", type=int)
@click.option("--wait", is_flag=True, help="Follow the job until it is finished.")
@json_option
@pass_context
def show_command(obj, job_id, wait, as_json):
    """One job in full: its state, progress, worker, heartbeat, error and results."""
    job = obj.store.job(job_id)
    if wait:
        with progress_bar(as_json) as progress:
            job = watch(obj.store, job_id, progress)
    if as_json:
        echo_json(job.to_json())
        return
    for label, value in (
        ("job", job.id), ("state", job.state.value), ("article", job.article),
        ("languages", ", ".join(job.languages)), ("progress", _progress(job)),
        ("asked by", job.requested_by), ("created", job.created_at),
        ("started", job.started_at), ("finished", job.finished_at),
        ("worker", job.worker), ("heartbeat", job.heartbeat_at), ("attempts", job.attempts),
        ("cancel requested", "yes" if job.cancel_requested else None), ("error", job.error),
    ):
        if value not in (None, ""):
            click.echo(f"{label + ':':<18}{value}")
    echo_results(language_results(job))


@jobs_group.command("cancel")
@click.argument("job_id", type=int)
@pass_context
def cancel_command(obj, job_id):
    """Cancel a job: a queued one at once, a running one after the batch it is on."""
    job = cancel_job(obj.store, job_id, actor=obj.actor)
    if job.state == JobState.CANCELLED:
        click.echo(f"job {job_id}: cancelled")
    else:
        click.echo(f"job {job_id}: cancel requested; {job.worker} stops after the batch it is "
                   "on (what it stored stays)")


@jobs_group.command("settings")
@click.option("--stale-after", type=click.IntRange(5, None),
              help="Seconds without a heartbeat after which another worker takes a job up.")
@click.option("--max-attempts", type=click.IntRange(1, None),
              help="Workers that may die on a job before it is marked failed.")
@pass_context
def settings_command(obj, stale_after, max_attempts):
    """Show or set how the project's workers take over jobs of workers that died."""
    if stale_after is not None or max_attempts is not None:
        configure(obj.store, actor=obj.actor, stale_after=stale_after, max_attempts=max_attempts)
    for setting in (settings.JOB_STALE_AFTER, settings.JOB_MAX_ATTEMPTS):
        click.echo(f"{setting.key}: {setting.read(obj.store)}")


def _progress(job: MtJob) -> str:
    if job.total is None:
        return "-"
    return f"{job.done}/{job.total}"


COMMANDS = [worker_command, jobs_group]
