"""The MT job queue: "translate article A into these languages", taken by workers.

A job is queued by the page or the CLI and claimed by one worker at a time. The claim is a
lease, not an open transaction: the worker's name and heartbeat are written on the job, and
every later write of that worker names it (`... AND worker = ?`), so a worker that lost its
job (its heartbeat went stale and another took the job up) finds out at its next write and
stops. A job whose holder stopped beating for `stale_after` seconds is claimed again, until it
was taken `max_attempts` times.

Queue writes run without the store's write lock (`transaction(write_lock=False)`): on
PostgreSQL they lock only the job rows they change, and concurrent claimers skip rows another
is claiming (FOR UPDATE SKIP LOCKED), so a claim or a heartbeat never waits behind an import.
Times are the database's clock.
"""

import json
from dataclasses import dataclass
from enum import Enum

from workbench.errors import InputError, NotFoundError
from workbench.store.base import JOBS


class JobState(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)
# Spelled as the partial index jobs_unfinished is, so that both databases use it.
_UNFINISHED = f"state IN ('{JobState.QUEUED.value}', '{JobState.RUNNING.value}')"


@dataclass(frozen=True)
class MtJob:
    id: int
    article: str
    languages: tuple[str, ...]
    force: bool
    glossary: bool
    state: JobState
    requested_by: str | None
    done: int
    total: int | None
    worker: str | None
    heartbeat_at: str | None
    attempts: int
    error: str | None
    cancel_requested: bool
    results: list[dict]
    created_at: str
    started_at: str | None
    finished_at: str | None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def to_json(self) -> dict:
        data = dict(self.__dict__)
        data.update(state=self.state.value, languages=list(self.languages))
        return data


@dataclass(frozen=True)
class Lease:
    """What a worker learns each time it reports on the job it holds."""

    held: bool  # still this worker's job (False: cancelled and closed, or taken over)
    cancel_requested: bool = False  # asked while it still held the job


class JobTables:
    def enqueue_job(self, slug: str, languages: list[str], *, requested_by: str | None,
                    force: bool = False, glossary: bool = True) -> "MtJob":
        self.article(slug)
        with self.transaction(write_lock=False):
            row = self._write_returning(
                JOBS, "INSERT INTO jobs(article, languages, force, glossary, state, requested_by,"
                      f" created_at) VALUES (?, ?, ?, ?, ?, ?, {self.dialect.clock}) RETURNING id",
                (slug, self.dialect.dump_json(languages), int(force), int(glossary), JobState.QUEUED.value,
                 requested_by, 0))
        return self.job(row[0])

    def job(self, job_id: int) -> "MtJob":
        row = self._query_one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        if row is None:
            raise NotFoundError(f"no job {job_id} in this project (see `workbench jobs`)")
        return _job(row)

    def jobs(self, limit: int | None = None) -> list["MtJob"]:
        """Jobs, newest first (the latest `limit` when given)."""
        limited = f" LIMIT {int(limit)}" if limit else ""
        return [_job(row) for row in self._query(f"SELECT * FROM jobs ORDER BY id DESC{limited}")]

    def claim_job(self, worker: str, *, stale_after: float, max_attempts: int,
                  job_id: int | None = None) -> "MtJob | None":
        """Take the oldest queued job, or one whose holder stopped beating for `stale_after`
        seconds (only job `job_id` when given) for `worker`; None if there is none.

        A job found cancelled is closed rather than taken; one taken `max_attempts` times
        already is closed as failed."""
        only = " AND id = ?" if job_id is not None else ""
        with self.transaction(write_lock=False):
            while True:
                row = self._query_one(
                    f"SELECT * FROM jobs WHERE {_UNFINISHED} AND (state = '{JobState.QUEUED.value}'"
                    f" OR heartbeat_at < {self.dialect.clock}){only}"
                    f" ORDER BY id LIMIT 1{self.dialect.skip_locked}",
                    [stale_after] + ([job_id] if job_id is not None else []))
                if row is None:
                    return None
                job = _job(row)
                if job.cancel_requested:
                    self._close(job.id, JobState.CANCELLED, "cancelled before a worker took it up"
                                if job.state == JobState.QUEUED else
                                f"cancelled; its worker {job.worker} had stopped")
                elif job.attempts >= max_attempts:
                    self._close(job.id, JobState.FAILED,
                                f"its worker stopped {job.attempts} times (last: {job.worker}); "
                                "not taken up again")
                else:
                    self._write(
                        JOBS, f"UPDATE jobs SET state = ?, worker = ?, heartbeat_at ="
                              f" {self.dialect.clock}, attempts = attempts + 1, started_at ="
                              f" COALESCE(started_at, {self.dialect.clock}) WHERE id = ?",
                        (JobState.RUNNING.value, worker, 0, 0, job.id))
                    return self.job(job.id)

    def report_job(self, job_id: int, worker: str, done: int | None = None,
                   total: int | None = None) -> Lease:
        """The holder's sign of life, with its progress when given."""
        progress = ", done = ?, total = ?" if done is not None else ""
        with self.transaction(write_lock=False):
            row = self._write_returning(
                JOBS, f"UPDATE jobs SET heartbeat_at = {self.dialect.clock}{progress}"
                      " WHERE id = ? AND worker = ? AND state = ? RETURNING cancel_requested",
                [0, *((done, total) if done is not None else ()), job_id, worker,
                 JobState.RUNNING.value])
        return Lease(row is not None, bool(row and row[0]))

    def finish_job(self, job_id: int, worker: str, state: JobState, *, results: list[dict],
                   done: int, total: int, error: str | None = None) -> bool:
        """Close the job this worker holds; False if it no longer held it."""
        with self.transaction(write_lock=False):
            return bool(self._write(
                JOBS, f"UPDATE jobs SET state = ?, finished_at = {self.dialect.clock},"
                      " results = ?, done = ?, total = ?, error = ?"
                      " WHERE id = ? AND worker = ? AND state = ?",
                (state.value, 0, self.dialect.dump_json(results), done, total, error,
                 job_id, worker, JobState.RUNNING.value)))

    def release_job(self, job_id: int, worker: str) -> bool:
        """Give a job back to the queue, when its worker is asked to stop: the next worker
        takes it up at once, and this attempt does not count."""
        with self.transaction(write_lock=False):
            return bool(self._write(
                JOBS, "UPDATE jobs SET state = ?, worker = NULL, heartbeat_at = NULL,"
                      " attempts = attempts - 1 WHERE id = ? AND worker = ? AND state = ?",
                (JobState.QUEUED.value, job_id, worker, JobState.RUNNING.value)))

    def cancel_job(self, job_id: int, *, stale_after: float) -> "MtJob":
        """A queued job is cancelled at once, and so is a running one whose worker stopped
        beating `stale_after` seconds ago; a live worker's job when it next reports (between
        batches; what was stored stays)."""
        self.job(job_id)
        with self.transaction(write_lock=False):
            # Each statement rechecks the state on the row it locks: a worker may be claiming it.
            closed = self._write(
                JOBS, "UPDATE jobs SET cancel_requested = 1, state = ?, finished_at ="
                      f" {self.dialect.clock} WHERE id = ? AND (state = ? OR (state = ? AND"
                      f" heartbeat_at < {self.dialect.clock}))",
                (JobState.CANCELLED.value, 0, job_id, JobState.QUEUED.value,
                 JobState.RUNNING.value, stale_after))
            asked = closed or self._write(
                JOBS, "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND state = ?",
                (job_id, JobState.RUNNING.value))
        job = self.job(job_id)
        if not asked:
            raise InputError(f"job {job_id}", f"is already {job.state.value}")
        return job

    def _close(self, job_id: int, state: JobState, error: str | None) -> None:
        self._write(JOBS, f"UPDATE jobs SET state = ?, error = ?, finished_at = {self.dialect.clock}"
                          " WHERE id = ?", (state.value, error, 0, job_id))


def _job(row) -> MtJob:
    return MtJob(
        row["id"], row["article"], tuple(json.loads(row["languages"])), bool(row["force"]),
        bool(row["glossary"]), JobState(row["state"]), row["requested_by"], row["done"],
        row["total"], row["worker"], row["heartbeat_at"], row["attempts"], row["error"],
        bool(row["cancel_requested"]), json.loads(row["results"]) if row["results"] else [],
        row["created_at"], row["started_at"], row["finished_at"],
    )
