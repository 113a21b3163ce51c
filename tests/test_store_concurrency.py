"""Eight desks at once on the same segments: saves and approvals from separate processes,
on SQLite and on PostgreSQL. No update is lost, every change has its history entry, and no
database error (deadlock, serialization failure, lock timeout) reaches anyone; a save that
came too late is refused as a conflict and tried again, as the page does."""

import multiprocessing
import random
from collections import Counter

from workbench.accounts import local_owner
from workbench.errors import ConflictError
from workbench.importing import import_paths
from workbench.store import Store
from workbench.workflow import approve, edit

DESKS = 8
ROUNDS = 4
SLUG = "short"
SEGMENTS = ("s1", "s2", "s3")  # the title and two paragraphs of the article "short"
LANGS = ("ru", "kk")


def desk(location: str, number: int, results) -> None:
    """One desk: edit then approve every segment (two at a time, in a random order), ROUNDS
    times; reports what it changed and how many of its saves came too late."""
    store = Store.open(location)
    desk_owner = local_owner(f"desk{number}")
    shuffle = random.Random(number)
    changed: Counter = Counter()
    conflicts = 0
    try:
        for round_number in range(ROUNDS):
            for lang in LANGS:
                for sid in shuffle.sample(SEGMENTS, len(SEGMENTS)):
                    while True:
                        current = store.translation(SLUG, sid, lang)
                        try:
                            edit(store, SLUG, sid, lang, f"desk {number}, round {round_number}",
                                 actor=desk_owner,
                                 expected_revision=current.revision if current else 0)
                            break
                        except ConflictError:
                            conflicts += 1
                    changed[(sid, lang)] += 1
                pair = shuffle.sample(SEGMENTS, 2)
                report = approve(store, SLUG, lang, pair, actor=desk_owner, force=True)
                changed.update((sid, lang) for sid in report.changed)
        results.put((number, dict(changed), conflicts, None))
    except Exception as error:  # whatever reaches the desk is the test's failure
        results.put((number, dict(changed), conflicts, f"{type(error).__name__}: {error}"))
    finally:
        store.close()


def test_eight_desks_saving_and_approving_the_same_segments_lose_nothing(store, tmp_path):
    (tmp_path / "short.md").write_text("# Council meets\n\nThe council met on Monday.\n\n"
                                       "It agreed on 3 items.\n")
    import_paths(store, [tmp_path / "short.md"], actor=local_owner("editor"))
    assert [segment.sid for segment in store.segments(SLUG)] == list(SEGMENTS)
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    desks = [spawn.Process(target=desk, args=(store.location, number, results))
             for number in range(DESKS)]
    for process in desks:
        process.start()
    reports = [results.get(timeout=300) for _ in desks]
    for process in desks:
        process.join(60)
    assert [error for *_, error in reports if error] == []
    assert all(process.exitcode == 0 for process in desks)

    made = sum((Counter(changed) for _, changed, _, _ in reports), Counter())
    for sid in SEGMENTS:
        for lang in LANGS:
            translation = store.translation(SLUG, sid, lang)
            history = store.history(SLUG, sid, lang)
            assert translation.revision == len(history) == made[(sid, lang)]
            assert [entry.revision for entry in history] == list(range(1, len(history) + 1))
            assert (translation.target, translation.status.value) == (
                history[-1].new_target, history[-1].new_status)
    assert sum(made.values()) >= DESKS * ROUNDS * len(LANGS) * len(SEGMENTS)
