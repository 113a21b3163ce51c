"""Machine translation as jobs: asked for by the page or the CLI, done by workers.

A job ("translate article A into these languages") is recorded in the store
(`workbench.store.jobs`). A worker claims it and runs the MT pipeline on it: every batch is
stored in its own transaction and a run only translates what is not translated yet, so a job
taken up again after its worker died finishes the rest and nothing is translated twice (a
forced job too: each segment is stored with the job's id, and it skips what it stored itself).
While it runs, the worker reports progress after each batch and beats from a thread of its
own; between batches it stops if the job was cancelled, if another worker took the job over
(its heartbeat had gone stale), or if it was asked to stop itself (the job goes back to the
queue).

`workbench worker` runs a Worker; `workbench translate` queues a job and runs it in its own
process (`run_here`); on SQLite `workbench serve` starts one worker beside the server.
"""

import itertools
import logging
import os
import socket
import threading
from collections.abc import Callable

from workbench import settings
from workbench.accounts import Action, Actor, PermissionDenied, audit, local_owner, require
from workbench.clock import MACHINE_CLOCK, Clock, moment_of
from workbench.errors import WorkbenchError
from workbench.glossary.enforce import glossary_hooks
from workbench.languages import parse_language_list
from workbench.mt.engines import Engine
from workbench.mt.hooks import MtHooks
from workbench.mt.pipeline import BATCH_SIZE, LanguageResult, translate_article
from workbench.store import JobState, Lease, MtJob, Store, is_database_error

log = logging.getLogger("workbench.worker")
_WORKERS = itertools.count(1)  # workers made in this process, for their names
Progress = Callable[[int, int | None, str], None]


def enqueue_translation(store, slug: str, langs: list[str] | None = None, *, actor: Actor,
                        force: bool = False, glossary: bool = True) -> MtJob:
    """Queue "translate `slug` into `langs` (default: all five)" for `actor`, who must be
    allowed to run MT (and still be when a worker runs it); the job, state queued."""
    require(store, actor, Action.TRANSLATE)
    languages = parse_language_list(",".join(langs) if langs else None)
    return store.enqueue_job(slug, languages, requested_by=actor.username, force=force,
                             glossary=glossary)


def cancel_job(store, job_id: int, *, actor: Actor) -> MtJob:
    """Cancel a job: a queued one at once, a running one after the batch it is on."""
    require(store, actor, Action.TRANSLATE)
    return store.cancel_job(job_id, stale_after=settings.JOB_STALE_AFTER.read(store))


def configure(store, *, actor: Actor, stale_after: int | None = None,
              max_attempts: int | None = None) -> None:
    """Set when a worker counts as dead and how many deaths a job survives (MT settings:
    they take a manager)."""
    require(store, actor, Action.MODELS)
    with store.transaction():
        for setting, value in ((settings.JOB_STALE_AFTER, stale_after),
                               (settings.JOB_MAX_ATTEMPTS, max_attempts)):
            if value is not None:
                setting.write(store, value)
                audit.record(store, actor, audit.MODEL, setting.key, str(value))


def language_results(job: MtJob) -> list[LanguageResult]:
    """What the job's run did per language (stored as JSON on the job)."""
    return [LanguageResult(**result) for result in job.results]


def watch(store, job_id: int, progress: Progress | None = None,
          take_over: Callable[[], MtJob | None] | None = None, *,
          clock: Clock = MACHINE_CLOCK) -> MtJob:
    """Wait until the job is finished, passing on its progress; the finished job.
    `take_over` runs the job here when it can and returns it ended: tried while the job waits
    in the queue, or once its worker's heartbeat has stood still for as long as makes it
    stale (a claim is a write: not twice a second against a working worker's batches), by
    `clock` (the store's clock still decides whether the claim succeeds)."""
    stale_after = settings.JOB_STALE_AFTER.read(store)
    beat, beat_seen = None, None  # the worker's last heartbeat, and when it was new
    while True:
        job = store.job(job_id)
        if job.heartbeat_at != beat:  # the first one dated by its age: a long-dead worker's
            beat = job.heartbeat_at   # job is taken over at once
            beat_seen = clock.monotonic() - (_age(beat, clock) if beat_seen is None else 0.0)
        stalled = beat_seen is not None and clock.monotonic() - beat_seen >= stale_after
        if take_over is not None and not job.finished and (
                job.state is JobState.QUEUED or stalled):
            if (ended := take_over()) is not None:
                return ended
        if progress:
            progress(job.done, job.total, ",".join(job.languages))
        if job.finished:
            return job
        clock.sleep(settings.WATCH_POLL_SECONDS)


def _age(stamp: str | None, clock: Clock) -> float:
    """Seconds since the store's time stamp `stamp` by `clock`, at least (0 for none): a
    guess only, the store's own clock decides whether a job is stale (`claim_job`)."""
    if stamp is None:
        return 0.0
    seconds = (clock.now() - moment_of(stamp)).total_seconds()
    return max(0.0, seconds - 1)  # the stamp counts whole seconds


class Worker:
    """Takes jobs from one store and runs them, one at a time."""

    def __init__(self, location: str, *, batch_size: int = BATCH_SIZE,
                 engine_for: Callable[[str], Engine] | None = None,
                 parent: int | None = None):
        number = next(_WORKERS)
        self.name = f"{socket.gethostname()}:{os.getpid()}" + (f"/{number}" if number > 1 else "")
        self.location = location
        self.batch_size = batch_size
        self.engine_for = engine_for  # None: the project's models (tests pass doubles)
        self.parent = parent  # stop when this process (the server) has gone
        self.stopping = threading.Event()  # set to stop between batches and give the job back

    def should_stop(self) -> bool:
        if self.parent is not None and os.getppid() != self.parent:
            self.stopping.set()
        return self.stopping.is_set()

    def run(self, *, until_idle: bool = False) -> int:
        """Take and run jobs until asked to stop (or, `until_idle`, until none is left);
        the number of jobs run."""
        store = Store.open(self.location)
        ran = 0
        try:
            log.info("worker %s on %s", self.name, store.dialect.name)
            while not self.should_stop():
                job = self.claim(store)
                if job is not None:
                    self._run_logged(store, job)
                    ran += 1
                elif until_idle:
                    break
                else:
                    self.stopping.wait(settings.WORKER_POLL_SECONDS)
        finally:
            store.close()
        return ran

    def _run_logged(self, store, job: MtJob) -> None:
        """Run one job; whatever ends it (its article deleted meanwhile, an engine's error,
        both recorded on the job where it still exists) the worker goes on to the next.
        Only the store being unreachable stops it."""
        try:
            self.run_job(store, job)
        except Exception as error:  # noqa: BLE001 - one job's failure is not the worker's
            if is_database_error(error):
                raise
            log.warning("job %s: %s: %s", job.id, type(error).__name__, error)

    def claim(self, store, job_id: int | None = None) -> MtJob | None:
        return store.claim_job(self.name, stale_after=settings.JOB_STALE_AFTER.read(store),
                               max_attempts=settings.JOB_MAX_ATTEMPTS.read(store),
                               job_id=job_id)

    def run_job(self, store, job: MtJob, progress: Progress | None = None) -> MtJob:
        """Run a job this worker claimed; the job as it ended (or as another left it)."""
        log.info("job %s: %s into %s (asked by %s, attempt %s)", job.id, job.article,
                 ",".join(job.languages), job.requested_by or "someone", job.attempts)
        counts = {"done": 0, "total": 0}
        stopped = threading.Event()
        actor = requester(store, job)
        refused: list[str] = []  # why the account may no longer run it
        interval = settings.JOB_STALE_AFTER.read(store) / 4
        with Heartbeat(store.location, job.id, self.name, interval) as beat:
            def report(done: int, total: int, lang: str) -> None:
                counts.update(done=done, total=total)
                beat.observe(store.report_job(job.id, self.name, done, total))
                if progress:
                    progress(done, total, lang)

            def stop_here() -> bool:
                if beat.lost or beat.cancel_requested or self.should_stop():
                    stopped.set()
                elif not stopped.is_set() and (why := _no_longer_allowed(store, actor)):
                    refused.append(why)
                    stopped.set()
                return stopped.is_set()

            try:
                results = translate_article(
                    store, job.article, list(job.languages), actor=actor,
                    force=job.force, progress=report,
                    hooks=glossary_hooks(store) if job.glossary else MtHooks(),
                    batch_size=self.batch_size, engine_for=self.engine_for,
                    should_stop=stop_here, job_id=job.id)
            except WorkbenchError as error:
                self._finish(store, job, JobState.FAILED, [], counts, str(error))
                return store.job(job.id)
            except BaseException as error:
                if is_database_error(error):
                    raise  # the store is unreachable: the job is taken up once it is back
                interrupted = isinstance(error, KeyboardInterrupt)
                self._finish(store, job, JobState.CANCELLED if interrupted else JobState.FAILED,
                             [], counts, "interrupted" if interrupted
                             else f"{type(error).__name__}: {error}")
                raise
        summary = [result.__dict__ for result in results]
        if not stopped.is_set():
            self._finish(store, job, JobState.DONE, summary, counts)
        elif refused:
            self._finish(store, job, JobState.FAILED, summary, counts, refused[0])
        elif beat.lost:
            log.info("job %s: taken over by another worker; stopped", job.id)
        elif beat.cancel_requested:
            self._finish(store, job, JobState.CANCELLED, summary, counts)
        elif store.release_job(job.id, self.name):
            log.info("job %s: given back to the queue after %s segments", job.id, counts["done"])
        return store.job(job.id)

    def _finish(self, store, job, state, summary, counts, error=None) -> None:
        store.finish_job(job.id, self.name, state, results=summary, done=counts["done"],
                         total=counts["total"], error=error)
        log.info("job %s: %s after %s of %s segments%s", job.id, state.value, counts["done"],
                 counts["total"], f": {error}" if error else "")


def _no_longer_allowed(store, actor: Actor) -> str | None:
    """Why `actor` may no longer run MT (disabled, or the role withdrawn since the job was
    asked for), checked between batches; None while it may."""
    try:
        require(store, actor, Action.TRANSLATE)
    except PermissionDenied as denied:
        return str(denied)
    return None


def requester(store, job: MtJob) -> Actor:
    """Who the job runs for: the account that asked, with its roles as they are now (or, on
    a store without accounts, the person named)."""
    return Actor(job.requested_by) if store.has_accounts() else local_owner(job.requested_by)


def run_here(store, job_id: int, progress: Progress | None = None, *,
             batch_size: int = BATCH_SIZE) -> MtJob:
    """Run a queued job in this process, as `workbench translate` does; if a worker took it
    first, follow it there. The finished job."""
    worker = Worker(store.location, batch_size=batch_size)

    def take_over() -> MtJob | None:  # also a job whose worker stopped beating
        job = worker.claim(store, job_id)
        return None if job is None else worker.run_job(store, job, progress)

    return watch(store, job_id, progress, take_over)


class Heartbeat:
    """A worker's sign of life for the job it holds, written every `interval` seconds on a
    connection of its own, so a long batch never makes a live worker look dead."""

    def __init__(self, location: str, job_id: int, worker: str, interval: float):
        self.location, self.job_id, self.worker, self.interval = location, job_id, worker, interval
        self.lost = False  # another worker took the job over, or it was closed
        self.cancel_requested = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def observe(self, lease: Lease) -> None:
        self.lost = self.lost or not lease.held
        self.cancel_requested = self.cancel_requested or lease.cancel_requested

    def _beat(self) -> None:
        store = Store.open(self.location)
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.observe(store.report_job(self.job_id, self.worker))
                except Exception as error:  # a busy or unreachable store: try at the next beat
                    if not is_database_error(error):
                        raise
                    log.warning("job %s: heartbeat failed (%s)", self.job_id, error)
        finally:
            store.close()
