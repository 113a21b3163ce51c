"""How long the Review page takes server-side on a 2,001-segment article with translations in
all five languages (Streamlit's AppTest runs the real page), and what the keyboard flow
costs a translator in a real browser.

    PYTHONPATH=. python benchmarks/bench_ui.py [--segments 2000] [--runs 10] [--no-browser]

Server time is the time Streamlit spends running the page (callbacks and script) per run,
taken inside its script runner: what a browser waits for beyond the network. Reported as
the median and range of `--runs` runs, with the load average, and beside it the CPU time the
run's thread used (what the run costs when it has a core to itself: on a shared, busy machine
the wall time also counts the waits for one):
- the first opening of the page (glossary compiled, the article checked, then kept);
- a rerun of the list view (25 rows), with a text filter, and of the translate view;
- approving a row of the list, and save and next, approve and next in the translate view,
  each with a new text that passes the quality gate (the save, the gate, the checks of the
  changed article, the rerun that follows and the move; each checked in the store).
Then, unless --no-browser (or without Debian's Chromium): the example article served by
`workbench serve`, ten segments translated and approved in the translate view by keyboard
only, the key presses beyond the typed text counted by the page, and the time from the
approving key press until the approval is in the store.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.testing.v1 import AppTest

from workbench.importing import import_paths
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.accounts import local_owner
from workbench.glossary.storage import project_matcher
from workbench.store import Store
from workbench.ui.row_state import editor_key

APP = Path(__file__).resolve().parent.parent / "workbench" / "ui" / "app.py"
STATUSES = [Status.MACHINE_TRANSLATED, Status.EDITED, Status.REVIEWED, Status.APPROVED]
OWNER = local_owner()  # a store without accounts: the machine's user acts
SERVER_TIMES: list[tuple[float, float]] = []  # (wall, CPU of the thread) per script run


def _timed_script_run(run):
    def timed(self, rerun_data):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return run(self, rerun_data)
        finally:
            SERVER_TIMES.append((time.perf_counter() - start, time.thread_time() - cpu))

    return timed


ScriptRunner._run_script = _timed_script_run(ScriptRunner._run_script)


def build_store(folder: Path, segments: int) -> tuple[Path, str, int]:
    """An article of `segments` sentences (five per paragraph, some with a link),
    translated into every language with mixed statuses."""
    article = folder / "long-read.md"
    paragraphs = [
        " ".join(f"Sentence {n} of the long read mentions [Moscow]({n}) and Central Asia."
                 if n % 7 == 0 else f"Sentence {n} of the long read is about migrants."
                 for n in range(start, min(start + 5, segments)))
        for start in range(0, segments, 5)
    ]
    article.write_text("# A long read\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    db = folder / "bench.db"
    store = Store.open(db)
    slug = import_paths(store, [article], actor=OWNER)[0].slug
    with store.transaction():
        for index, segment in enumerate(store.segments(slug)):
            for lang in TARGET_LANGUAGES:
                store.save_translation(slug, segment.sid, lang, f"{lang}: {segment.source}",
                                       STATUSES[index % 4], Origin.MT, author="bench")
    count = len(store.segments(slug))
    store.close()
    return db, slug, count


def server_time(action) -> tuple[float, float]:
    """The server time (wall, CPU) of the page runs `action` causes."""
    SERVER_TIMES.clear()
    action()
    return sum(wall for wall, _ in SERVER_TIMES), sum(cpu for _, cpu in SERVER_TIMES)


def report(name: str, times: list[float], cpu: list[float] | None = None) -> None:
    line = (f"{name:<56} median {statistics.median(times) * 1000:5.0f} ms"
            f"   range {min(times) * 1000:4.0f}–{max(times) * 1000:4.0f} ms")
    if cpu:
        line += f"   CPU median {statistics.median(cpu) * 1000:4.0f} ms"
    print(line + f"   ({len(times)} runs)")


def measure(name: str, action, runs: int) -> None:
    walls, cpus = zip(*(server_time(action) for _ in range(runs)))
    report(name, list(walls), list(cpus))


def approvable(store: Store, segment) -> str:
    """A Russian text for `segment` that passes the quality gate: its source with each
    glossary term in the approved Russian form (numbers and placeholders kept)."""
    matcher = project_matcher(store)
    forms = {term.source.concept_id: term.approved
             for term in matcher.suggestions(segment.source, "ru")}
    text = segment.source
    for hit in sorted(matcher.source_terms(segment.source), key=lambda hit: -hit.start):
        text = text[:hit.start] + forms.get(hit.concept_id, hit.text) + text[hit.end:]
    return text


def page(db: Path, slug: str, runs: int) -> None:
    os.environ["WORKBENCH_DB"] = str(db)
    store = Store.open(db)
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    measure("review page, first open (glossary compiled, checks run)",
            lambda: app.switch_page("page_scripts/review.py").run(), 1)
    app.selectbox(key="_article").set_value(slug).run()
    assert not app.exception, app.exception
    measure(f"list view rerun ({len(app.text_area)} rows drawn)", app.run, runs)
    app.text_input(key="_q").set_value("Moscow").run()
    measure("list view rerun, text filter 'Moscow'", app.run, runs)
    app.text_input(key="_q").set_value("").run()
    rows = iter(row for row in (area.key.split("|", 1)[1] for area in app.text_area)
                if store.translation(slug, row.rsplit("|", 1)[1], "ru").status
                != Status.APPROVED)

    def approve_row():
        row = next(rows)
        sid = row.rsplit("|", 1)[1]
        app.text_area(key=editor_key(row)).set_value(approvable(store, store.segment(slug, sid)))
        app.button_group(key=f"act|{row}").set_value("approve").run()
        assert store.translation(slug, sid, "ru").status == Status.APPROVED, app.warning

    measure("approve a row of the list (save, gate, checks, rerun)", approve_row, runs)
    app.button_group(key=f"act|{next(rows)}").set_value("open").run()
    measure("translate view rerun", app.run, runs)

    def and_next(action: str, status: Status):
        def act():
            row = next(area.key for area in app.text_area
                       if area.key.startswith("edit|")).split("|", 1)[1]
            sid = row.rsplit("|", 1)[1]
            app.text_area(key=editor_key(row)).set_value(
                approvable(store, store.segment(slug, sid)))
            app.button(key=f"{action}|{row}").click().run()
            assert not app.exception, app.exception
            assert store.translation(slug, sid, "ru").status == status, app.warning
        return act

    measure("save and next (translate view, a changed text)",
            and_next("savenext", Status.EDITED), runs)
    measure("approve and next (translate view, a changed text)",
            and_next("approvenext", Status.APPROVED), runs)
    store.close()


def keyboard(runs_note: str) -> None:
    """The keyboard-only flow on the example, in Debian's Chromium."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.conftest import SEED, SEED_SLUG, shipped_translations
    from tests.server_helpers import approve_with_keyboard, chromium, serving
    from workbench.ui.keyboard import editor_class

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "project.db"
        store = Store.open(db)
        import_paths(store, [SEED], actor=OWNER)
        store.close()
        command = [sys.executable, "-m", "workbench", "--db", str(db), "serve"]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        with serving(command, folder, env) as url:
            driver = chromium(Path(folder) / "chromium")
            try:
                driver.get(f"{url}/review?lang=kk&view=segment")
                texts = [unit["target"] for unit in shipped_translations("kk")][:10]
                work = [(editor_class(f"{SEED_SLUG}|kk|s{n}"), text)
                        for n, text in enumerate(texts, 1)]

                def approved(editor):
                    check = Store.open(db)
                    try:
                        found = check.translation(SEED_SLUG, editor.rsplit("-", 1)[1], "kk")
                    finally:
                        check.close()
                    return found is not None and found.status == Status.APPROVED

                done = approve_with_keyboard(driver, approved, work)
            finally:
                driver.quit()
    keys = [segment.keys_beyond_text for segment in done]
    print(f"keyboard flow, 10 segments of the example (kk){runs_note}: key presses beyond the "
          f"typed text per segment {statistics.median(keys):.0f} (each: {keys})")
    report("keyboard flow: approving key press to approval in the store",
           [segment.seconds for segment in done])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-browser", action="store_true",
                        help="Leave out the keyboard flow in Chromium.")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        db, slug, count = build_store(Path(folder), args.segments)
        print(f"store: 1 article, {count} segments x {len(TARGET_LANGUAGES)} languages"
              f" (built in {time.perf_counter() - start:.1f} s)")
        page(db, slug, args.runs)
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        keyboard("")
    print(f"load average {os.getloadavg()[0]:.1f} (1 min) at the end")


if __name__ == "__main__":
    main()
