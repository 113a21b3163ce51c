"""MT as jobs: queued by the CLI or the page, taken by workers, resumed after a worker died,
cancelled between batches; on SQLite and on PostgreSQL."""

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime

import pytest

from tests.account_helpers import PASSWORD, quick_hashes  # noqa: F401 (fast hashes)
from tests.clock_helpers import ManualClock
from tests.conftest import OWNER, SEED, SEED_SLUG
from tests.mt_helpers import KY_PACKAGE, RU_PACKAGE, FakeEngine
from tests.server_helpers import wait_until
from tests.test_store_schema import raw
from workbench import settings
from workbench.accounts import PermissionDenied, Role, audit
from workbench.accounts.permissions import Actor, role_grants
from workbench.accounts.users import add_account, edit_account
from workbench.importing import delete_article, import_paths
from workbench.jobs import Worker, enqueue_translation, language_results, run_here, watch
from workbench.model import Status
from workbench.mt.registry import Registry
from workbench.settings import JOB_MAX_ATTEMPTS, JOB_STALE_AFTER
from workbench.store import JobState, Store


def long_article(folder, segments: int):
    """An article file of `segments` distinct one-sentence segments (a title and paragraphs)."""
    path = folder / "long-read.md"
    path.write_text("# A long read\n\n" + "\n\n".join(
        f"Paragraph {n} says that the council met on day {n} and agreed on item {n * 7}."
        for n in range(1, segments)) + "\n", encoding="utf-8")
    return path


def start_worker(location: str, *options: str) -> subprocess.Popen:
    """`workbench worker` in a process of its own, as a desk runs it."""
    return subprocess.Popen([sys.executable, "-m", "workbench", "--db", location, "worker",
                             *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def history_counts(store, slug: str) -> Counter:
    return Counter((entry.sid, entry.lang) for entry in store.history(slug))


LONG_AGO = "2020-01-01T00:00:00Z"


def beat_at(store, job_id: int, stamp: str) -> None:
    """Date the job's last heartbeat `stamp`, as if its worker had beaten then: the store's
    clock decides when a heartbeat is stale, and a test moves the heartbeat, not that clock."""
    raw(store.location, "UPDATE jobs SET heartbeat_at = ? WHERE id = ?", (stamp, job_id))


# the queue from the command line


def test_translate_queue_leaves_the_job_to_a_worker(run, argos_dir, monkeypatch):
    monkeypatch.setenv("USER", "anna")  # the machine's owner asks, on a store without accounts
    run("import", str(SEED))
    run("models", "install", str(RU_PACKAGE))
    queued = run("translate", SEED_SLUG, "--to", "ru", "--queue", "--json")
    assert queued.exit_code == 0, queued.output
    job = json.loads(queued.output)
    assert (job["state"], job["languages"], job["requested_by"]) == ("queued", ["ru"], "anna")
    assert json.loads(run("status", "--json").output)[SEED_SLUG]["ru"]["new"] == 17
    assert f"{job['id']:>5}  queued" in run("jobs").output

    worked = run("worker", "--until-idle")
    assert worked.exit_code == 0 and "1 job(s) run" in worked.output
    done = json.loads(run("jobs", "show", str(job["id"]), "--json").output)
    assert (done["state"], done["done"], done["total"], done["attempts"]) == ("done", 17, 17, 1)
    assert [(r["lang"], r["translated"]) for r in done["results"]] == [("ru", 17)]
    assert json.loads(run("status", "--json").output)[SEED_SLUG]["ru"]["machine-translated"] == 17
    assert "state:            done" in run("jobs", "show", str(job["id"]), "--wait").output


def test_a_queued_job_cancelled_is_never_run(run, argos_dir):
    run("import", str(SEED))
    run("models", "install", str(RU_PACKAGE))
    job_id = json.loads(run("translate", SEED_SLUG, "--to", "ru", "--queue", "--json").output)["id"]
    assert run("jobs", "cancel", str(job_id)).output.strip() == f"job {job_id}: cancelled"
    assert "0 job(s) run" in run("worker", "--until-idle").output
    assert json.loads(run("status", "--json").output)[SEED_SLUG]["ru"]["new"] == 17
    again = run("jobs", "cancel", str(job_id))
    assert again.exit_code == 1 and f"job {job_id}: is already cancelled" in again.output
    missing = run("jobs", "show", "999")
    assert missing.exit_code == 1 and "no job 999" in missing.output


def test_translate_runs_its_job_here_and_records_it(run, argos_dir):
    run("import", str(SEED))
    failed = run("translate", SEED_SLUG, "--to", "ru")
    assert failed.exit_code == 1 and "no working model for Russian" in failed.output
    run("models", "install", str(RU_PACKAGE))
    assert "ru: 17 translated" in run("translate", SEED_SLUG, "--to", "ru").output
    jobs = json.loads(run("jobs", "--json").output)
    assert [(j["state"], j["worker"] is not None) for j in jobs] == [("done", True), ("failed", True)]
    assert "no working model for Russian" in jobs[1]["error"]


# leases: heartbeats, takeover, attempts


def test_a_stale_job_is_taken_over_and_its_first_worker_told(seeded):
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    first = seeded.claim_job("a", stale_after=60, max_attempts=3)
    assert (first.id, first.state, first.worker, first.attempts) == (job.id, JobState.RUNNING, "a", 1)
    assert seeded.claim_job("b", stale_after=60, max_attempts=3) is None  # it is a's
    assert seeded.report_job(job.id, "a", 4, 17).held
    beat_at(seeded, job.id, LONG_AGO)  # a stopped beating
    taken = seeded.claim_job("b", stale_after=60, max_attempts=3)
    assert (taken.worker, taken.attempts, taken.done) == ("b", 2, 4)
    assert not seeded.report_job(job.id, "a", 8, 17).held  # a learns it lost the job
    assert not seeded.finish_job(job.id, "a", JobState.DONE, results=[], done=8, total=17)
    assert seeded.finish_job(job.id, "b", JobState.DONE, results=[], done=17, total=17)
    assert seeded.job(job.id).state == JobState.DONE


def test_a_job_whose_workers_keep_dying_fails_and_a_cancelled_one_closes(seeded):
    doomed = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    assert seeded.claim_job("a", stale_after=60, max_attempts=1).id == doomed.id
    cancelled = enqueue_translation(seeded, SEED_SLUG, ["kk"], actor=OWNER)
    assert seeded.claim_job("b", stale_after=60, max_attempts=1).id == cancelled.id
    assert seeded.cancel_job(cancelled.id, stale_after=60).state == JobState.RUNNING  # b decides
    for job in (doomed, cancelled):  # a and b stopped beating
        beat_at(seeded, job.id, LONG_AGO)
    assert seeded.claim_job("c", stale_after=60, max_attempts=1) is None
    failed, closed = seeded.job(doomed.id), seeded.job(cancelled.id)
    assert failed.state == JobState.FAILED and "its worker stopped 1 times (last: a)" in failed.error
    assert closed.state == JobState.CANCELLED and "its worker b had stopped" in closed.error


def test_a_running_job_stops_between_batches_when_cancelled(seeded):
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    other = Store.open(seeded.location)  # the page or `workbench jobs cancel`

    def cancel_once(text: str) -> str:
        if not other.job(job.id).cancel_requested:
            other.cancel_job(job.id, stale_after=60)
        return f"[{text}]"

    worker = Worker(seeded.location, batch_size=5, engine_for=lambda lang: FakeEngine(cancel_once))
    ended = worker.run_job(seeded, worker.claim(seeded))
    other.close()
    assert (ended.state, ended.done, ended.total) == (JobState.CANCELLED, 5, 17)
    assert len(seeded.translations(SEED_SLUG, "ru")) == 5  # the batch it was on is kept
    assert ended.results[0]["translated"] == 5


def test_a_worker_asked_to_stop_gives_its_job_back(seeded):
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    worker = Worker(seeded.location, batch_size=5,
                    engine_for=lambda lang: FakeEngine(lambda text: worker.stopping.set() or text))
    back = worker.run_job(seeded, worker.claim(seeded))
    assert (back.state, back.worker, back.attempts) == (JobState.QUEUED, None, 0)
    assert len(seeded.translations(SEED_SLUG, "ru")) == 5
    rest = Worker(seeded.location, engine_for=lambda lang: FakeEngine())
    assert rest.run(until_idle=True) == 1
    finished = seeded.job(job.id)
    assert (finished.state, finished.attempts, finished.done) == (JobState.DONE, 1, 17)
    assert [(r["translated"], r["earlier_attempt"]) for r in finished.results] == [(12, 5)]
    assert set(history_counts(seeded, SEED_SLUG).values()) == {1}


def test_translate_follows_a_job_another_worker_took(seeded):
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    elsewhere = Worker(seeded.location, engine_for=lambda lang: FakeEngine())
    taken = elsewhere.claim(seeded)
    other = Store.open(seeded.location)
    thread = threading.Thread(target=lambda: (time.sleep(0.5), elsewhere.run_job(other, taken)))
    thread.start()
    seen = []
    followed = run_here(seeded, job.id, lambda done, total, lang: seen.append((done, total)))
    thread.join()
    other.close()
    assert (followed.state, followed.worker) == (JobState.DONE, elsewhere.name)
    assert seen[-1] == (17, 17) and followed.results[0]["translated"] == 17


def test_a_forced_job_taken_over_translates_only_what_its_dead_worker_left(seeded):
    """A forced job redoes every MT segment, but when its worker dies mid-job the worker that
    takes it over skips the segments the job already stored, keeps them and counts them as
    done; a new forced job still redoes them all."""
    enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    assert Worker(seeded.location, engine_for=lambda lang: FakeEngine()).run(until_idle=True) == 1
    forced = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER, force=True)

    def dies_in_the_second_batch(text: str) -> str:
        if len(dying.calls) > 1:  # the store is unreachable: the worker leaves the job running
            raise sqlite3.OperationalError("disk I/O error")  # and beats no more, as if killed
        return f"first: {text}"

    dying = FakeEngine(dies_in_the_second_batch)
    first = Worker(seeded.location, batch_size=5, engine_for=lambda lang: dying)
    with pytest.raises(sqlite3.OperationalError):
        first.run_job(seeded, first.claim(seeded))
    left = seeded.job(forced.id)
    assert (left.state, left.worker, left.done, left.total) == (JobState.RUNNING, first.name, 5, 17)

    engine = FakeEngine(lambda text: f"second: {text}")
    second = Worker(seeded.location, batch_size=4, engine_for=lambda lang: engine)
    assert second.claim(seeded) is None  # not while the heartbeat is fresh
    beat_at(seeded, forced.id, LONG_AGO)
    taken = second.claim(seeded)
    assert (taken.id, taken.attempts) == (forced.id, 2)
    seen = []
    ended = second.run_job(seeded, taken, lambda done, total, lang: seen.append((done, total)))
    assert (ended.state, ended.done, ended.total) == (JobState.DONE, 17, 17)
    assert seen[:2] == [(5, 17), (9, 17)]  # progress goes on from the first worker's
    assert len(engine.translated) == 12 and not set(engine.translated) & set(dying.calls[0])
    [result] = language_results(ended)
    assert (result.translated, result.earlier_attempt, result.up_to_date) == (12, 5, 0)
    assert "5 stored by an earlier attempt of the job" in result.summary()
    assert Counter((t.target.split(":")[0], t.revision) for t in
                   seeded.translations(SEED_SLUG, "ru").values()) == {("first", 2): 5,
                                                                       ("second", 2): 12}

    again = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER, force=True)
    fresh = FakeEngine(lambda text: f"third: {text}")
    assert Worker(seeded.location, engine_for=lambda lang: fresh).run(until_idle=True) == 1
    assert len(fresh.translated) == 17
    assert [(r.translated, r.earlier_attempt) for r in language_results(seeded.job(again.id))] == [
        (17, 0)]


def test_cancelling_the_job_of_a_worker_that_died_closes_it_at_once(seeded):
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    seeded.claim_job("dead:1", stale_after=60, max_attempts=3)
    beat_at(seeded, job.id, LONG_AGO)
    closed = seeded.cancel_job(job.id, stale_after=60)
    assert (closed.state, closed.cancel_requested) == (JobState.CANCELLED, True)


def test_a_watcher_takes_over_only_a_queued_job_or_one_whose_heartbeat_stands_still(
        seeded, monkeypatch):
    """`translate` watching a job another worker runs tries to take it over (a claim is a
    write) only once its heartbeat has stood still as long as makes it stale, not at every
    look; a job still in the queue it takes at once."""
    poll = 0.25  # a power of two: the clock's sums of it are exact
    monkeypatch.setattr(settings, "WATCH_POLL_SECONDS", poll)
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    assert watch(seeded, job.id, take_over=lambda: "taken here") == "taken here"
    running = seeded.claim_job("busy:1", stale_after=60, max_attempts=3)
    clock = ManualClock(datetime.fromisoformat(running.heartbeat_at))  # watching as it beats
    beats_again = 10  # seconds on, the worker's next heartbeat
    looks, tries = [], []

    def look(done, total, langs):
        looks.append(clock.monotonic())
        if clock.monotonic() == beats_again:
            beat_at(seeded, job.id, clock.stamp())

    def take_over():
        tries.append(clock.monotonic())
        return "taken here"

    assert watch(seeded, job.id, look, take_over, clock=clock) == "taken here"
    standing_still = beats_again + poll  # from the look that found the new heartbeat
    assert tries == [standing_still + JOB_STALE_AFTER.read(seeded)]
    assert looks == [n * poll for n in range(int(tries[0] / poll))]  # a look at each poll


def test_a_watcher_takes_over_at_once_a_job_whose_worker_died_long_ago(seeded, monkeypatch):
    """Its heartbeat is dated by its age: no waiting a whole stale period to find it stale."""
    monkeypatch.setattr(settings, "WATCH_POLL_SECONDS", 0.05)
    JOB_STALE_AFTER.write(seeded, 60)
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    seeded.claim_job("dead:1", stale_after=60, max_attempts=3)
    beat_at(seeded, job.id, LONG_AGO)
    looks = []

    def look(done, total, langs):  # a look without a take-over first
        looks.append(done)
        assert len(looks) < 3, "the watcher did not try to take over the dead worker's job"

    assert watch(seeded, job.id, look, take_over=lambda: "taken here") == "taken here"
    assert looks == []


def test_a_worker_goes_on_after_a_job_whose_article_was_deleted(seeded):
    doomed = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    other = Store.open(seeded.location)

    def delete_during_the_first_batch(text: str) -> str:
        if other.articles():
            delete_article(other, SEED_SLUG, actor=OWNER)
        return f"[{text}]"

    worker = Worker(seeded.location, batch_size=4,
                    engine_for=lambda lang: FakeEngine(delete_during_the_first_batch))
    assert worker.run(until_idle=True) == 1  # the job is gone with its article; no traceback
    other.close()
    import_paths(seeded, [SEED], actor=OWNER)
    again = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    assert Worker(seeded.location, engine_for=lambda lang: FakeEngine()).run(until_idle=True) == 1
    assert seeded.job(again.id).state == JobState.DONE and doomed.id != again.id


def test_a_job_stops_when_its_account_loses_the_right_between_batches(seeded):
    add_account(seeded, "ada", PASSWORD, role_grants({Role.ADMIN: True}), actor=OWNER)
    add_account(seeded, "max", PASSWORD, role_grants({Role.MANAGER: True}), actor=Actor("ada"))
    job = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=Actor("max"))
    admin = Store.open(seeded.location)

    def disable_max_once(text: str) -> str:
        if admin.account("max")["active"]:
            edit_account(admin, "max", actor=Actor("ada"), active=False)
        return f"[{text}]"

    worker = Worker(seeded.location, batch_size=4, engine_for=lambda lang: FakeEngine(disable_max_once))
    ended = worker.run_job(seeded, worker.claim(seeded))
    admin.close()
    assert ended.state == JobState.FAILED and ended.error == "max: the account is disabled"
    assert len(seeded.translations(SEED_SLUG, "ru")) == 4  # the batch it was on is kept


def test_a_job_runs_for_the_account_that_asked_with_its_roles_as_they_are_now(seeded):
    add_account(seeded, "ada", PASSWORD, role_grants({Role.ADMIN: True}), actor=OWNER)
    add_account(seeded, "max", PASSWORD, role_grants({Role.MANAGER: True}), actor=Actor("ada"))
    with pytest.raises(PermissionDenied, match="acts as the machine's owner"):
        enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=OWNER)
    withdrawn = enqueue_translation(seeded, SEED_SLUG, ["ru"], actor=Actor("max"))
    edit_account(seeded, "max", actor=Actor("ada"), grants=role_grants({}))
    kept = enqueue_translation(seeded, SEED_SLUG, ["kk"], actor=Actor("ada"))
    assert Worker(seeded.location, engine_for=lambda lang: FakeEngine()).run(until_idle=True) == 2
    refused = seeded.job(withdrawn.id)
    assert refused.state == JobState.FAILED
    assert refused.error.startswith("max (no role) may not run machine translation")
    assert seeded.translations(SEED_SLUG, "ru") == {}
    assert seeded.job(kept.id).state == JobState.DONE
    assert [e.actor for e in audit.events(seeded, actor=Actor("ada"), kinds=[audit.ARTICLE])
            if e.action == "translate"] == ["ada"]


# workers in processes of their own


def test_two_workers_one_killed_mid_job_translate_every_segment_once(store, tmp_path, argos_dir):
    """The worker holding the job is killed (SIGKILL) while it waits to store a batch; the
    other takes the job up once its heartbeat is stale and finishes it."""
    [report] = import_paths(store, [long_article(tmp_path, 160)], actor=OWNER)
    Registry(store).install_argos(RU_PACKAGE, actor=OWNER)
    Registry(store).install_argos(KY_PACKAGE, actor=OWNER)
    JOB_STALE_AFTER.write(store, 2)
    job = enqueue_translation(store, report.slug, ["ru", "ky"], actor=OWNER)
    workers = [start_worker(store.location, "--batch-size", "4") for _ in range(2)]
    try:
        holder = wait_until(lambda: _holder(store, job.id, workers), 60, "no worker took the job")
        with store.transaction():  # the write lock: the holder cannot store its next batch
            time.sleep(0.3)
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
        survivor = next(worker for worker in workers if worker is not holder)
        wait_until(lambda: store.job(job.id).finished, 90, "the job was not finished")
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(10)
    finished = store.job(job.id)
    assert (finished.state, finished.attempts) == (JobState.DONE, 2), survivor.stdout.read()
    assert finished.worker.endswith(f":{survivor.pid}")
    segments = {segment.sid for segment in store.segments(report.slug)}
    stored_before = sum(result["earlier_attempt"] for result in finished.results)
    assert 0 < stored_before < 2 * len(segments)
    assert finished.done == finished.total == 2 * len(segments)  # the first run's count kept
    assert sum(result["translated"] for result in finished.results) == (
        2 * len(segments) - stored_before)  # the second run did only the rest
    for lang in ("ru", "ky"):
        translations = store.translations(report.slug, lang)
        assert translations.keys() == segments
        assert {t.status for t in translations.values()} == {Status.MACHINE_TRANSLATED}
        assert {t.revision for t in translations.values()} == {1}
    assert history_counts(store, report.slug) == Counter(
        {(sid, lang): 1 for sid in segments for lang in ("ru", "ky")})


def _holder(store, job_id: int, workers: list[subprocess.Popen]):
    """The worker process holding the job once it has stored a batch, else None."""
    job = store.job(job_id)
    if job.state != JobState.RUNNING or not job.done:
        return None
    assert job.done < job.total, "the job ran through before a worker could be killed"
    return next(worker for worker in workers if job.worker.endswith(f":{worker.pid}"))


def test_sigterm_stops_a_worker_after_its_batch_and_the_job_waits_for_the_next(
        store, tmp_path, argos_dir):
    [report] = import_paths(store, [long_article(tmp_path, 160)], actor=OWNER)
    Registry(store).install_argos(RU_PACKAGE, actor=OWNER)
    job = enqueue_translation(store, report.slug, ["ru"], actor=OWNER)
    worker = start_worker(store.location, "--batch-size", "4")
    try:
        wait_until(lambda: store.job(job.id).done, 60, "the worker did not start the job")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(30) == 0
    finally:
        worker.kill()
    back = store.job(job.id)
    assert (back.state, back.worker, back.attempts) == (JobState.QUEUED, None, 0)
    kept = len(store.translations(report.slug, "ru"))
    assert 0 < kept < len(store.segments(report.slug))
    assert "given back to the queue" in worker.stdout.read()


def test_the_settings_of_takeover_are_the_projects(run):
    run("import", str(SEED))
    assert run("jobs", "settings").output.splitlines() == [
        "jobs.stale_after_seconds: 60", "jobs.max_attempts: 3"]
    assert run("jobs", "settings", "--stale-after", "30", "--max-attempts", "5").exit_code == 0
    store = Store.open(run.db)
    assert (JOB_STALE_AFTER.read(store), JOB_MAX_ATTEMPTS.read(store)) == (30, 5)
    store.close()
    assert run("jobs", "settings", "--stale-after", "1").exit_code == 2
