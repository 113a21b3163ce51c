"""How long the Review page takes server-side, per rerun, on a 2,000-segment article
with translations in all five languages (Streamlit's AppTest runs the real page).

    PYTHONPATH=. python benchmarks/bench_ui.py [--segments 2000] [--runs 10]

Reports the first opening of the page (the glossary compiled and every
translation checked, then cached), and the median and worst time of a page
rerun, of a rerun with a text filter, and of approving a segment (the save, the
checks of the changed article and the rerun that follows).
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from workbench.importing import import_paths
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.store import Store
from workbench.accounts import local_owner

OWNER = local_owner()  # a store without accounts: the machine's user acts

APP = Path(__file__).resolve().parent.parent / "workbench" / "ui" / "app.py"
STATUSES = [Status.MACHINE_TRANSLATED, Status.EDITED, Status.REVIEWED, Status.APPROVED]


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


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    print(f"{name:<62} median {statistics.median(times) * 1000:6.0f} ms"
          f"   worst {max(times) * 1000:6.0f} ms   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        db, slug, count = build_store(Path(folder), args.segments)
        print(f"store: 1 article, {count} segments x {len(TARGET_LANGUAGES)} languages"
              f" (built in {time.perf_counter() - start:.1f} s)")
        os.environ["WORKBENCH_DB"] = str(db)
        app = AppTest.from_file(str(APP), default_timeout=60)
        app.run()
        report("review page, first open (glossary compiled, article checked)",
               timed(lambda: app.switch_page("page_scripts/review.py").run(), 1))
        assert not app.exception, app.exception
        rows = len(app.text_area)
        report(f"review page, full rerun ({rows} rows drawn)", timed(app.run, args.runs))
        app.text_input(key="filter_query").set_value("Moscow").run()
        report("review page, text filter 'Moscow'", timed(app.run, args.runs))
        app.text_input(key="filter_query").set_value("").run()

        sids = iter(area.key.rsplit("|", 1)[1] for area in app.text_area)

        def approve():
            app.button(key=f"approve|{slug}|ru|{next(sids)}").click().run()

        report("approve a segment (callback + rerun)", timed(approve, args.runs))
        assert not app.exception, app.exception


if __name__ == "__main__":
    main()
