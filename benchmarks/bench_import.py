"""Import and segmentation throughput on a generated corpus of news articles.

    .venv/bin/python benchmarks/bench_import.py [--articles 5000]

Generates Markdown articles in the shape of the seed (title, dateline, caption with a
credit, paragraphs with links, bold, quotes, abbreviations, numbers), then measures
(1) parsing and segmentation alone and (2) a full `import_paths` into a fresh store,
all articles in one transaction.
"""

import argparse
import random
import tempfile
import time
from pathlib import Path

from workbench.importing import import_paths, parse_file
from workbench.store import Store
from workbench.accounts import local_owner

OWNER = local_owner()  # a store without accounts: the machine's user acts

SENTENCES = [
    "Moscow could strip the Russian passports of naturalized citizens from Central Asia if they defy the orders, a senior official [said](#) on Thursday.",
    "Gen. Ivanov told reporters in St. Petersburg that the U.S. had sent 1,200 troops, up from 950 in Aug. last year.",
    "“Refusal to perform military service should result in the deprivation of citizenship,” Kabanov said.",
    "Prices rose by 3.5% to 10,000 rubles... and then fell again.",
    "The council (which advises the president) met on Monday.",
    "Mr. Smith and Dr. J. K. Rowling attended the session at 9 a.m. on Friday.",
    "Migrants’ rights activists told **The Moscow Times** that recruiters promised expedited citizenship.",
    "Several reports have emerged of Central Asian nationals being pressured to fight!",
    "Is this the end of the policy? Officials would not say.",
    "Russian lawmakers moved to [simplify](https://example.com/a) citizenship for foreigners who serve one year.",
]


def generate_article(rng: random.Random, number: int) -> str:
    paragraphs = [
        f"# Article {number}: Russia Threatens Denaturalization for Draft-Defying Migrants",
        "September 23, 2022",
        "The Sakharovo migration center in Moscow. **Sergei Vedyashkin / Moskva News Agency**",
    ]
    for _ in range(rng.randint(8, 14)):
        paragraphs.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))))
    paragraphs += ["Original url:", f"<https://example.com/{number}>"]
    return "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = root / "corpus"
        corpus.mkdir()
        for number in range(args.articles):
            (corpus / f"article-{number:05d}.md").write_text(generate_article(rng, number), encoding="utf-8")
        files = sorted(corpus.iterdir())
        megabytes = sum(f.stat().st_size for f in files) / 1_048_576

        start = time.perf_counter()
        segments = sum(len(parse_file(path)[0].segments) for path in files)
        parse_seconds = time.perf_counter() - start

        store = Store.open(root / "bench.db")
        start = time.perf_counter()
        reports = import_paths(store, [corpus], actor=OWNER)
        import_seconds = time.perf_counter() - start
        store.close()
    assert sum(r.segments for r in reports) == segments
    print(f"corpus: {args.articles} articles, {segments} segments, {megabytes:.1f} MB")
    print(f"parse + segment: {parse_seconds:.2f} s = {args.articles / parse_seconds:.0f} articles/s, "
          f"{segments / parse_seconds:.0f} segments/s, {megabytes / parse_seconds:.2f} MB/s")
    print(f"full import (read, parse, segment, store in one transaction): {import_seconds:.2f} s = "
          f"{args.articles / import_seconds:.0f} articles/s, {segments / import_seconds:.0f} segments/s")


if __name__ == "__main__":
    main()
