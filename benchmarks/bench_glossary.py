"""Glossary matching speed: 5,000 generated concepts against 20,000 segments.

Every segment has an English source and translations; each text carries a few
terms in inflected forms among filler words made of the same letters, drawn from a
vocabulary of a real language's size (200,000 words per language, generated
deterministically) as often as Zipf's law has a language use its words: most words
of a text are common, and many are rare, so remembering words does not do the work.
Two workloads: A, each segment translated into one of the five languages
(4,000 per language) and B, each segment in all five. The naive baseline loops
over every term's own regex for each text; it and the compiled matcher run on the
same subset of texts, and the naive time for A is extrapolated (said so in the output).
Everything runs in interleaved rounds (benchmarks/rounds.py), a freshly compiled
matcher in each.

    .venv/bin/python benchmarks/bench_glossary.py [--concepts 5000] [--segments 20000]
        [--vocabulary 200000] [--rounds 3]
"""

import argparse
import random
import statistics
import time
from itertools import accumulate

import regex

from rounds import interleaved, load_average, seconds, spread
from workbench.glossary import morphology
from workbench.glossary.matcher import GlossaryMatcher
from workbench.glossary.model import Concept, Glossary, Term

LANGS = ["ru", "kk", "ky", "tg", "uz"]
LETTERS = {
    "en": ("bcdfghklmnprstvz", "aeiou"),
    "ru": ("бвгдзклмнпрстх", "аоиеу"),
    "kk": ("бгдзқклмнпрстшң", "аыұоәіүе"),
    "ky": ("бгдзклмнпрстшң", "аыуоеиүө"),
    "tg": ("бгдзқклмнпрстҳҷ", "аоиеуӯ"),
    "uz": ("bdgkmnpqrstxz", "aeiou"),
}
RUSSIAN_WORDS = ("граница", "закон", "мигрант", "центр", "совет", "служба", "паспорт", "город",
                 "суд", "армия", "право", "земля", "работа", "страна", "министр", "власть")


def word(rng: random.Random, lang: str, syllables: int) -> str:
    consonants, vowels = LETTERS[lang]
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)) + (
        rng.choice(consonants) if lang != "ru" else "")


def make_glossary(rng: random.Random, count: int) -> Glossary:
    concepts = []
    seen = set()
    for number in range(count):
        size = rng.choice((1, 1, 2, 2, 3))
        english = " ".join(word(rng, "en", rng.randint(2, 3)) for _ in range(size))
        if english in seen:
            continue
        seen.add(english)
        terms = [Term(english, "en")]
        for lang in LANGS:
            if lang == "ru":  # real words, so pymorphy3 generates real paradigms
                text = " ".join(rng.choice(RUSSIAN_WORDS) + word(rng, "ru", 1) for _ in range(size))
            else:
                text = " ".join(word(rng, lang, rng.randint(2, 3)) for _ in range(size))
            terms.append(Term(text, lang))
        concepts.append(Concept(f"c{number}", tuple(terms)))
    return Glossary(tuple(concepts))


def inflect(rng: random.Random, term: str, lang: str) -> str:
    words = term.split()
    generator = morphology.rules(lang)
    stem, endings = rng.choice(generator.stems(morphology.normalize(words[-1])))
    return " ".join([*words[:-1], stem + rng.choice(sorted(endings))])


def vocabulary(rng: random.Random, lang: str, size: int) -> list[str]:
    """`size` distinct words made of the language's letters, most frequent first."""
    words: dict[str, None] = {}
    while len(words) < size:
        words[word(rng, lang, rng.choice((1, 2, 2, 3, 3, 3, 4)))] = None
    return list(words)


def zipf(rng: random.Random, words: list[str]):
    """Draws of `words` as often as a language uses its words: the k-th most frequent with
    weight 1/k (Zipf's law), so a few words recur everywhere and most are rare."""
    weights = list(accumulate(1 / rank for rank in range(1, len(words) + 1)))
    return lambda count: rng.choices(words, cum_weights=weights, k=count)


def make_segments(rng, glossary: Glossary, count: int, words_per_language: int
                  ) -> list[dict[str, str]]:
    filler = {lang: zipf(rng, vocabulary(rng, lang, words_per_language))
              for lang in ["en", *LANGS]}
    segments = []
    for _ in range(count):
        chosen = rng.sample(glossary.concepts, rng.randint(1, 3))
        segment = {}
        for lang in ["en", *LANGS]:
            words = filler[lang](rng.randint(14, 22))
            for concept in chosen:
                term = concept.terms_in(lang)[0].text
                words.insert(rng.randrange(len(words) + 1),
                             inflect(rng, term, lang) if lang != "ru" else term)
            segment[lang] = " ".join(words).capitalize() + "."
        segment["planted"] = len(chosen) * (1 + len(LANGS))
        segments.append(segment)
    return segments


def naive_matcher(glossary: Glossary, lang: str):
    """One regex per term (its words as stems, any word ending), tried one after the other."""
    patterns = []
    for concept in glossary.concepts:
        for term in concept.terms_in(lang):
            words = [regex.escape(w[:-2] if len(w) > 5 else w) for w in term.text.split()]
            patterns.append((concept.id, regex.compile(
                r"\b" + r"\w*\s+".join(words) + r"\w*", regex.IGNORECASE)))

    def find(text: str) -> list[str]:
        return [concept_id for concept_id, pattern in patterns if pattern.search(text)]

    return find


def compiled_matcher(glossary: Glossary) -> GlossaryMatcher:
    matcher = GlossaryMatcher(glossary)
    for lang in ["en", *LANGS]:
        matcher.index(lang)
    return matcher


def matching(glossary: Glossary, texts: list[tuple[str, str]], cpu: list[float], hits: list[int],
             one_by_one: bool = False):
    """A contender: match `texts` ((lang, text) pairs) with a freshly compiled matcher, so no
    word is remembered from an earlier round, each language's texts in one call as checking
    an article does (`one_by_one`: a call per text); gives wall seconds, keeps CPU seconds
    (the steadier figure on a shared machine) and the hits."""
    by_language: dict[str, list[str]] = {}
    for lang, text in texts:
        by_language.setdefault(lang, []).append(text)

    def run() -> float:
        matcher = compiled_matcher(glossary)
        started, cpu_started = time.perf_counter(), time.process_time()
        if one_by_one:
            hits.append(sum(len(matcher.index(lang).find(text)) for lang, text in texts))
        else:
            hits.append(sum(len(found) for lang, group in by_language.items()
                            for found in matcher.index(lang).find_many(group)))
        wall = time.perf_counter() - started
        cpu.append(time.process_time() - cpu_started)
        return wall

    return run


def naive_run(naive, texts: list[tuple[str, str]]):
    def run() -> float:
        started = time.process_time()
        for lang, text in texts:
            naive[lang](text)
        return time.process_time() - started

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=5000)
    parser.add_argument("--segments", type=int, default=20000)
    parser.add_argument("--vocabulary", type=int, default=200_000,
                        help="distinct words per language the filler is drawn from")
    parser.add_argument("--naive-subset", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(4)
    glossary = make_glossary(rng, args.concepts)
    segments = make_segments(rng, glossary, args.segments, args.vocabulary)
    compile_seconds = seconds(lambda: compiled_matcher(glossary))
    # A: 20,000 segments spread over the five languages (4,000 each), with their sources
    spread_texts = [pair for i, segment in enumerate(segments)
                    for pair in (("en", segment["en"]), (LANGS[i % 5], segment[LANGS[i % 5]]))]
    # B: every segment translated into all five languages
    every = [(lang, segment[lang]) for segment in segments for lang in ["en", *LANGS]]
    distinct = len({text_word for _, text in spread_texts for text_word in text.split()})
    print(f"{len(glossary.concepts)} concepts; filler drawn from {args.vocabulary:,} words per "
          f"language by Zipf's law ({distinct:,} distinct words in A); compile (six languages, "
          f"once per glossary version): {compile_seconds:.2f} s; {load_average()}")

    naive_started = time.perf_counter()
    naive = {lang: naive_matcher(glossary, lang) for lang in ["en", *LANGS]}
    naive_compile = time.perf_counter() - naive_started
    subset = every[: args.naive_subset * (1 + len(LANGS))]
    cpu = {"A": [], "A, a call per text": [], "B": [], "compiled on the subset": []}
    hits = {name: [] for name in cpu}
    results = interleaved({
        "A": matching(glossary, spread_texts, cpu["A"], hits["A"]),
        "A, a call per text": matching(glossary, spread_texts, cpu["A, a call per text"],
                                       hits["A, a call per text"], one_by_one=True),
        "B": matching(glossary, every, cpu["B"], hits["B"]),
        "compiled on the subset": matching(glossary, subset, cpu["compiled on the subset"],
                                           hits["compiled on the subset"], one_by_one=True),
        "naive on the subset": naive_run(naive, subset),
    }, args.rounds, log=lambda line: print(line, flush=True))
    planted = sum(segment["planted"] for segment in segments)
    print(f"median (range) over {args.rounds} interleaved rounds, fresh matcher each round:")
    for key, name, texts in (
            ("A", "A: one target language per segment, a call per language", spread_texts),
            ("A, a call per text", "A, a call per text (as the editor asks)", spread_texts),
            ("B", "B: all five target languages per segment", every)):
        print(f"{name}: {len(texts)} texts: {spread(results[key], 's', 2)} wall, "
              f"{spread(cpu[key], 's', 2)} CPU ({len(texts) / statistics.median(cpu[key]):,.0f} "
              f"texts per CPU second, {hits[key][0]} hits)")
    print(f"B planted {planted} term occurrences (hits above that are chance matches in the "
          "random filler)")
    naive_over_compiled = [slow / fast for slow, fast in
                           zip(results["naive on the subset"], cpu["compiled on the subset"])]
    print(f"naive per-term regex loop (compile {naive_compile:.2f} s) against the compiled matcher "
          f"on the same {len(subset)} texts, CPU, within each round: "
          f"{spread(naive_over_compiled, 'x', 0)}; naive extrapolated to A: "
          f"{statistics.median(results['naive on the subset']) * len(spread_texts) / len(subset):.0f}"
          f" s")
    verdict = "under" if statistics.median(cpu["A"]) < 2 else "OVER"
    print(f"target A under 2 s: {verdict} (CPU median); {load_average()}")


if __name__ == "__main__":
    main()
