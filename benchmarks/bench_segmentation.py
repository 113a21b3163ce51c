"""Segmentation throughput on a generated corpus of news-like paragraphs (~5 MB).

Run: PYTHONPATH=. python benchmarks/bench_segmentation.py [megabytes]
Prints sentences/second and MB/s, segmenting paragraph by paragraph (as an import does)
and the whole corpus in one call.
"""

import random
import sys
import time

from workbench.segmentation import split_sentences

SUBJECTS = ["Mr. Kabanov", "Gen. Valery Gerasimov", "President Vladimir V. Putin", "The U.S. State Department",
            "Gazprom Neft Ltd.", "Dr. Aigerim Nurlanova", "Sen. Lindsey Graham", "{1}The Moscow Times{/1}",
            "U.N. Secretary-General António Guterres", "Apple Inc. Chief Executive Tim Cook"]
VERBS = ["said on Thursday", "told reporters in St. Petersburg", "wrote on his {2}Telegram channel{/2}",
         "warned at 9 a.m. Monday", "announced on Sept. 23", "confirmed late on Feb. 24, 2022"]
OBJECTS = ["that 10,000 migrants had received passports", "that prices rose 3.5% in August",
           "that the No. 1 priority was security", "that losses reached $1.2 million",
           "that reservists, e.g. drivers and medics, were called up", "that talks were over"]
ENDINGS = [".", ".", ".", "...", "?", "!"]
ENCLOSINGS = [("", ""), ("", ""), ("", ""), ("“", "”"), ("(", ")"), ("{3}", "{/3}")]


def sentence(rng: random.Random) -> str:
    opening, closing = rng.choice(ENCLOSINGS)
    body = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    return f"{opening}{body}{rng.choice(ENDINGS)}{closing}"


def corpus(megabytes: float, seed: int = 2) -> tuple[list[str], int]:
    """Paragraphs of 1-6 sentences, and how many sentences they hold."""
    rng = random.Random(seed)
    paragraphs, size, sentences = [], 0, 0
    while size < megabytes * 1_000_000:
        count = rng.randint(1, 6)
        paragraph = " ".join(sentence(rng) for _ in range(count))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        sentences += count
    return paragraphs, sentences


def measure(label: str, texts: list[str], megabytes: float) -> None:
    started = time.perf_counter()
    count = sum(len(split_sentences(text)) for text in texts)
    seconds = time.perf_counter() - started
    print(f"{label}: {count} sentences in {seconds:.2f} s = "
          f"{count / seconds:,.0f} sentences/s, {megabytes / seconds:.2f} MB/s")


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    paragraphs, sentences = corpus(megabytes)
    size = sum(len(p.encode("utf-8")) + 2 for p in paragraphs) / 1_000_000
    split_sentences("Warm up. The rules are compiled once.")
    print(f"corpus: {len(paragraphs)} paragraphs, {sentences} sentences, {size:.1f} MB")
    measure("per paragraph", paragraphs, size)
    measure("one call", ["\n\n".join(paragraphs)], size)


if __name__ == "__main__":
    main()
