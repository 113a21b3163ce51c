"""Export and import of one 50,000-segment article in every exchange format.

    .venv/bin/python benchmarks/bench_exchange.py [--segments 50000]

Builds an article in a temporary store (every fifth segment with a link, every
seventh with bold), machine-translated into Russian and approved in Kazakh. Per
format it measures the export, an import in which every target was changed
(all units updated, one transaction), and a second import of the same file
(nothing to change). TMX: export of the approved Kazakh and reading it back.
"""

import argparse
import tempfile
import time
from pathlib import Path

from workbench.exchange.export import export_article
from workbench.exchange.importer import import_files
from workbench.formats import TranslationMemory, open_exchange
from workbench.model import Article, InlineCode, Origin, Role, Status
from workbench.store import SegmentWrite, Store
from workbench.store import now

SLUG = "bench"
# Each import format gets its own machine-translated language, so every run starts alike.
FORMAT_LANGUAGES = {"po": "ru", "xliff2": "ky", "xliff12": "tg"}


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
            for lang in FORMAT_LANGUAGES.values():
                store.save_translation(SLUG, segment.sid, lang, f"МП {segment.source}",
                                       Status.MACHINE_TRANSLATED, Origin.MT, engine="bench")
            store.save_translation(SLUG, segment.sid, "kk", f"ҚЗ {segment.source}",
                                   Status.APPROVED, Origin.HUMAN, author="bench")
    return store


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        store, seconds = timed(lambda: build_store(root / "bench.db", args.segments))
        print(f"setup: {args.segments} segments, ru/ky/tg machine-translated, kk approved: "
              f"{seconds:.1f} s")
        for fmt, lang in FORMAT_LANGUAGES.items():
            [path], export_seconds = timed(
                lambda: export_article(store, SLUG, fmt, [lang], folder=root / fmt))
            path.write_bytes(path.read_bytes().replace("МП ".encode(), "ПР ".encode()))
            result, import_seconds = timed(lambda: import_files(store, [path]))
            assert len(result.files[0].updated) == args.segments, result.files[0].errors[:3]
            again, reimport_seconds = timed(lambda: import_files(store, [path]))
            assert again.files[0].updated == []
            megabytes = path.stat().st_size / 1_048_576
            print(f"{fmt:8} export {export_seconds:6.2f} s ({megabytes:.1f} MB)   "
                  f"import, all changed {import_seconds:6.2f} s   "
                  f"import again, nothing changed {reimport_seconds:6.2f} s")
        [tmx], export_seconds = timed(lambda: export_article(store, SLUG, "tmx", ["kk"],
                                                              folder=root / "tmx"))
        memory, read_seconds = timed(lambda: open_exchange(tmx, expect=TranslationMemory))
        assert len(memory.units) == args.segments
        print(f"tmx      export {export_seconds:6.2f} s ({tmx.stat().st_size / 1_048_576:.1f} MB)   "
              f"read {read_seconds:6.2f} s")
        store.close()


if __name__ == "__main__":
    main()
