"""Export and import of one 50,000-segment article in every exchange format.

    .venv/bin/python benchmarks/bench_exchange.py [--segments 50000] [--rounds 3]

Builds an article in a temporary store (every fifth segment with a link, every
seventh with bold), machine-translated into Russian and approved in Kazakh. Each
export is `workbench export` run in a child process, so its time is the command's and
its peak resident memory (the child's maxrss, from wait4) is the export's alone; the
formats are interleaved in rounds and the median and range over the rounds reported.
Then per format: an import in which every target was changed (all units updated, one
transaction) and a second import of the same file (nothing to change); TMX is read
back as a translation memory.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rounds import interleaved, load_average, seconds, spread
from workbench.exchange.importer import import_files
from workbench.formats import TranslationMemory, open_exchange
from workbench.model import Article, InlineCode, Origin, Role, Status
from workbench.store import SegmentWrite, Store
from workbench.store import now
from workbench.accounts import local_owner

OWNER = local_owner()  # a store without accounts: the machine's user acts

SLUG = "bench"
# Each import format gets its own machine-translated language, so every run starts alike;
# TMX carries the approved Kazakh.
FORMAT_LANGUAGES = {"po": "ru", "xliff2": "ky", "xliff12": "tg", "tmx": "kk"}
RSS_TARGET_MB = 250


def build_store(path: Path, count: int) -> Store:
    store = Store.open(path)
    store.save_article(Article(SLUG, "Benchmark", "bench.md", "markdown", "0", now(), now()))
    segments = []
    for number in range(1, count + 1):
        codes: tuple[InlineCode, ...] = ()
        text = f"Sentence number {number} about migrants and the council, reported on Thursday."
        if number % 5 == 0:
            codes = (InlineCode(1, "link", "[", "](https://example.com)"),)
            text = f"Officials {{1}}said{{/1}} that sentence {number} matters."
        elif number % 7 == 0:
            codes = (InlineCode(1, "bold", "**", "**"),)
            text = f"{{1}}The Moscow Times{{/1}} reported item {number}."
        segments.append(SegmentWrite(f"s{number}", number, number, Role.PARAGRAPH, text, codes,
                                     f"paragraph {number}", str(number)))
    with store.transaction():
        store.replace_structure(SLUG, [], segments, [])
        for segment in segments:
            for lang in ("ru", "ky", "tg"):
                store.save_translation(SLUG, segment.sid, lang, f"МП {segment.source}",
                                       Status.MACHINE_TRANSLATED, Origin.MT, engine="bench")
            store.save_translation(SLUG, segment.sid, "kk", f"ҚЗ {segment.source}",
                                   Status.APPROVED, Origin.HUMAN, author="bench")
    return store


def run_child(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of a child process run to its end."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return took, usage.ru_maxrss / 1024  # Linux reports kilobytes


def workbench(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "workbench", "--db", str(db), *args]


def timed(action):
    result = []
    took = seconds(lambda: result.append(action()))
    return result[0], took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db = root / "bench.db"
        store, took = timed(lambda: build_store(db, args.segments))
        print(f"setup: {args.segments} segments, ru/ky/tg machine-translated, kk approved: "
              f"{took:.1f} s; {load_average()}")
        _, idle_rss = run_child(workbench(db, "articles"))
        print(f"`workbench articles` in a child: peak {idle_rss:.0f} MB (what any command holds)")
        peaks: dict[str, list[float]] = {fmt: [] for fmt in FORMAT_LANGUAGES}

        def export(fmt: str, lang: str):
            def run() -> float:
                took, peak = run_child(workbench(db, "export", SLUG, "--format", fmt, "--lang",
                                                 lang, "--output", str(root / fmt)))
                peaks[fmt].append(peak)
                return took

            return run

        times = interleaved({fmt: export(fmt, lang) for fmt, lang in FORMAT_LANGUAGES.items()},
                            args.rounds, log=lambda line: print(line, flush=True))
        print(f"`workbench export` per format, {args.rounds} interleaved rounds, median (range); "
              f"{load_average()}")
        for fmt in FORMAT_LANGUAGES:
            [path] = (root / fmt).iterdir()
            verdict = "under" if max(peaks[fmt]) < RSS_TARGET_MB else "OVER"
            print(f"{fmt:8} export {spread(times[fmt], 's')}  ({path.stat().st_size / 1_048_576:.1f}"
                  f" MB file)   peak RSS {spread(peaks[fmt], 'MB', 0)}, {verdict} "
                  f"{RSS_TARGET_MB} MB")
        for fmt, lang in FORMAT_LANGUAGES.items():
            [path] = (root / fmt).iterdir()
            if fmt == "tmx":
                memory, read_seconds = timed(lambda: open_exchange(path, expect=TranslationMemory))
                assert len(memory.units) == args.segments
                print(f"tmx      read {read_seconds:6.2f} s")
                continue
            path.write_bytes(path.read_bytes().replace("МП ".encode(), "ПР ".encode()))
            result, import_seconds = timed(lambda: import_files(store, [path], actor=OWNER))
            assert len(result.files[0].updated) == args.segments, result.files[0].errors[:3]
            again, reimport_seconds = timed(lambda: import_files(store, [path], actor=OWNER))
            assert again.files[0].updated == []
            print(f"{fmt:8} import, all changed {import_seconds:6.2f} s   "
                  f"import again, nothing changed {reimport_seconds:6.2f} s")
        print(load_average())
        store.close()


if __name__ == "__main__":
    main()
