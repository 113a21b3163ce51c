"""Fuzzy translation-memory lookup: 1,000 queries against 10,000, 50,000 and 100,000 entries.

    .venv/bin/python benchmarks/bench_tm.py [--sizes 10000,50000,100000] [--queries 1000] [--rounds 3]

Entries are synthetic news-like English sentences (8-30 words drawn with a Zipf
distribution from a 20,000-word vocabulary, so common words are very common). Half
of the queries are entries with one to three words changed (a fuzzy match exists),
half are new sentences (usually none does). For each size the script reports the time
to build the index and, in interleaved rounds (benchmarks/rounds.py), the time for all
queries with the token index and, on the first 100 queries, the index against a
brute-force baseline (rapidfuzz over every entry) on the same queries, with how often
the index finds the same best match as brute force and how many near copies found a
match at all. Times are CPU seconds (the machine may be shared), medians with their
range. Finally it loads 100,000 imported entries from a store, as `workbench tm lookup`
does on its first call.
"""

import argparse
import random
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from rounds import interleaved, load_average, ratios, spread
from workbench.formats.tmx import TmxUnit
from workbench.store import Store
from workbench.tm import MemoryIndex, TmEntry, import_units, memory_index
from workbench.accounts import local_owner

OWNER = local_owner()  # a store without accounts: the machine's user acts

MIN_SCORE = 60.0


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Pseudo-words with English letter frequencies, 2 to 10 letters."""
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2,
               2.0, 2.0, 1.9, 1.5, 1.0, 0.8, 0.2, 0.2, 0.1, 0.1]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(letters, weights=weights, k=rng.randint(2, 10))))
    return sorted(words, key=lambda word: (len(word), word))


def sentences(rng: random.Random, words: list[str], count: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(words))]
    result = []
    for _ in range(count):
        chosen = rng.choices(words, weights=weights, k=rng.randint(8, 30))
        result.append(" ".join(chosen).capitalize() + ".")
    return result


def near_copy(rng: random.Random, sentence: str, words: list[str]) -> str:
    tokens = sentence.rstrip(".").split()
    for _ in range(rng.randint(1, 3)):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens) + "."


def cpu_seconds(action) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    rng = random.Random(2022)
    words = vocabulary(rng, 20_000)
    corpus = sentences(rng, words, max(sizes))
    print(f"CPU seconds, median (range) over {args.rounds} interleaved rounds; {load_average()}")
    print(f"{'entries':>8}  {'build':>7}  {f'{args.queries:,} queries':>18}  "
          f"{'100 queries: index':>20}  {'brute force':>20}  {'brute/index':>16}  "
          f"{'same best match':>15}  {'near copies found':>17}")
    for size in sizes:
        entries = corpus[:size]
        started = time.process_time()
        index = MemoryIndex([TmEntry(text, text, "approved", f"a#s{n}") for n, text in enumerate(entries)])
        build = time.process_time() - started
        queries = [near_copy(rng, rng.choice(entries), words) if n % 2 == 0
                   else sentences(rng, words, 1)[0] for n in range(args.queries)]
        sample = queries[:100]
        lowered = [text.casefold() for text in entries]
        results, brute = [], []

        def lookups(chosen, kept):
            return lambda: cpu_seconds(lambda: kept.append(
                [index.lookup(query, limit=5, min_score=MIN_SCORE) for query in chosen]))

        def brute_force():
            brute.append([process.extractOne(query.casefold(), lowered, scorer=fuzz.ratio,
                                             score_cutoff=MIN_SCORE) for query in sample])

        timings = interleaved({"all": lookups(queries, results), "index": lookups(sample, []),
                               "brute": lambda: cpu_seconds(brute_force)},
                              args.rounds, log=lambda line: None)
        found = results[0]
        agree = sum(
            bool(hit[0].score == best[1] if hit and best else not hit and not best)
            for best, hit in zip(brute[0], found[:100])
        )
        near_found = sum(bool(hit) for hit in found[::2])
        print(f"{size:>8}  {build:>6.2f}s  {spread(timings['all'], 's', 2):>18}  "
              f"{spread(timings['index'], 's', 3):>20}  {spread(timings['brute'], 's', 2):>20}  "
              f"{spread(ratios(timings, 'brute', 'index'), 'x', 1):>16}  "
              f"{agree:>11}/{len(sample)}  {near_found:>7}/{len(found[::2])}")

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "tm.db")
        units = [TmxUnit("en", "ru", text, text, None, None) for text in corpus[:100_000]]
        started = time.perf_counter()
        import_units(store, units, "bench.tmx", actor=OWNER)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        memory_index(store, "ru")
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        memory_index(store, "ru")
        cached = time.perf_counter() - started
        print(f"store: import 100,000 TMX units {imported:.1f}s; first lookup loads and indexes "
              f"them in {loaded:.1f}s; later lookups reuse the index (check {cached * 1000:.1f}ms)")
        store.close()


if __name__ == "__main__":
    main()
