"""How long the quality checks take on a 2,000-segment article in each of the five languages.

    PYTHONPATH=. python benchmarks/bench_checks.py [--segments 2000]

Builds a throwaway store: the seed article's shipped hand translations (workbench/example/),
repeated up to the segment count and made distinct (every third by a number in
brackets), a few translations given a wrong number; every translation approved. Reports the time of
`findings_for_article` per language (loading, project index, glossary and checks included), as
CPU time: the first call, and a call again (what the UI does after an edit: text
checks of unchanged segments come from a cache).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from workbench import settings
from workbench.formats import open_exchange
from workbench.model import Article, Block, Origin, Role, Status
from workbench.qa import findings_for_article
from workbench.qa.run import _text_findings
from workbench.store import SegmentWrite, Store, memo
from workbench.accounts import local_owner

OWNER = local_owner()  # a store without accounts: the machine's user acts

SEED = settings.EXAMPLE_ARTICLES / "russia-threatens-denaturalization-central-asians.md"
LANGS = ["ru", "kk", "ky", "tg", "uz"]
SHIPPED = {  # the seed's hand translations: {lang: {sid: target}}
    lang: {unit.sid: unit.target
           for unit in open_exchange(settings.EXAMPLE_TRANSLATIONS / SEED.stem / f"{lang}.po").units}
    for lang in LANGS
}


def _mark(number: int) -> str:
    """What makes each sentence distinct: a number in brackets for every third one (news
    has figures, not in every sentence), otherwise a made-up word."""
    if number % 3 == 0:
        return f" ({number + 1})"
    letters = "".join("abcdefghij"[int(digit)] for digit in str(number))
    return f" {letters}"


def build(store: Store, count: int) -> str:
    from workbench.importing import import_paths

    import_paths(store, [SEED], actor=OWNER)
    seed = "russia-threatens-denaturalization-central-asians"
    sources = {s.sid: s for s in store.segments(seed)}
    sids = sorted(sources)
    slug = "bench"
    writes = []
    translations = []
    for number in range(count):
        sid = sids[number % len(sids)]
        original = sources[sid]
        mark = _mark(number)
        writes.append(SegmentWrite(f"s{number + 1}", number + 1, number + 1, Role.PARAGRAPH,
                                   original.source + mark, original.codes,
                                   f"paragraph {number + 1}", ""))
        for lang in LANGS:
            wrong = number % 40 == 0
            target = SHIPPED[lang][sid] + (_mark(number + 3) if wrong else mark)
            translations.append((f"s{number + 1}", lang, target))
    with store.transaction():
        store.save_article(Article(slug, "Bench", "bench.md", "markdown", ""))
        store.replace_structure(slug, [Block(n + 1, Role.PARAGRAPH) for n in range(count)],
                                writes, [])
        for sid, lang, target in translations:
            store.save_translation(slug, sid, lang, target, Status.APPROVED, Origin.HUMAN)
    return slug


def _timed(function, *args) -> float:
    """CPU time: on a shared machine, wall time also counts other people's jobs."""
    started = time.process_time()
    function(*args)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.db")
        started = time.perf_counter()
        slug = build(store, args.segments)
        print(f"built {args.segments} segments x {len(LANGS)} languages "
              f"in {time.perf_counter() - started:.1f} s")
        cold_total, warm_total = [], []
        for lang in LANGS:
            cold, warm = [], []
            for _ in range(args.runs):
                _text_findings.cache_clear()
                memo.forget()  # the glossary compiled again, the indexes read again
                cold.append(_timed(findings_for_article, store, slug, lang))
                warm.append(_timed(findings_for_article, store, slug, lang))
            cold_total.append(statistics.median(cold))
            warm_total.append(statistics.median(warm))
            findings = findings_for_article(store, slug, lang)
            flagged = sum(len(found) for found in findings.values())
            print(f"{lang}: first call median {statistics.median(cold) * 1000:6.1f} ms "
                  f"(best {min(cold) * 1000:.1f}), again {statistics.median(warm) * 1000:6.1f} ms "
                  f"(best {min(warm) * 1000:.1f}); {flagged} findings in {len(findings)} segments")
        print(f"all five languages: first call {sum(cold_total) * 1000:.0f} ms, "
              f"again {sum(warm_total) * 1000:.0f} ms")
        store.close()


if __name__ == "__main__":
    main()
