"""Glossary matching speed: 5,000 generated concepts against 20,000 segments.

Every segment has an English source and translations; each text carries a few
terms in inflected forms among random filler words made of the same letters.
Two workloads: A, each segment translated into one of the five languages
(4,000 per language) and B, each segment in all five. The naive baseline loops
over every term's own regex for each text; it is run on a subset and
extrapolated (said so in the output).

    PYTHONPATH=. python benchmarks/bench_glossary.py [--concepts 5000] [--segments 20000]
"""

import argparse
import random
import time

import regex

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


def make_segments(rng, glossary: Glossary, count: int) -> list[dict[str, str]]:
    filler = {lang: [word(rng, lang, rng.randint(1, 4)) for _ in range(3000)]
              for lang in ["en", *LANGS]}
    segments = []
    for _ in range(count):
        chosen = rng.sample(glossary.concepts, rng.randint(1, 3))
        segment = {}
        for lang in ["en", *LANGS]:
            words = rng.sample(filler[lang], rng.randint(14, 22))
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


def compiled_matcher(glossary: Glossary) -> tuple[GlossaryMatcher, float]:
    started = time.perf_counter()
    matcher = GlossaryMatcher(glossary)
    for lang in ["en", *LANGS]:
        matcher.index(lang)
    return matcher, time.perf_counter() - started


def timed_run(glossary: Glossary, texts: list[tuple[str, str]]) -> tuple[float, float, int]:
    """Wall and CPU seconds to match `texts` ((lang, text) pairs) with a fresh matcher.

    CPU time is the steadier figure on a machine other jobs share; wall time is
    what a user waits.
    """
    matcher, _ = compiled_matcher(glossary)
    started, cpu_started = time.perf_counter(), time.process_time()
    hits = sum(len(matcher.index(lang).find(text)) for lang, text in texts)
    return time.perf_counter() - started, time.process_time() - cpu_started, hits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concepts", type=int, default=5000)
    parser.add_argument("--segments", type=int, default=20000)
    parser.add_argument("--naive-subset", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(4)
    glossary = make_glossary(rng, args.concepts)
    segments = make_segments(rng, glossary, args.segments)
    _, compiled = compiled_matcher(glossary)
    print(f"{len(glossary.concepts)} concepts; compile (six languages, once per glossary "
          f"version): {compiled:.2f} s")

    # A: 20,000 segments spread over the five languages (4,000 each), with their sources
    spread = [pair for i, segment in enumerate(segments)
              for pair in (("en", segment["en"]), (LANGS[i % 5], segment[LANGS[i % 5]]))]
    # B: every segment translated into all five languages
    every = [(lang, segment[lang]) for segment in segments for lang in ["en", *LANGS]]
    planted = sum(segment["planted"] for segment in segments)
    for name, texts in (("A: one target language per segment", spread),
                        ("B: all five target languages per segment", every)):
        seconds, cpu, hits = timed_run(glossary, texts)
        print(f"{name}: {len(texts)} texts: {seconds:.2f} s wall, {cpu:.2f} s CPU "
              f"({len(texts) / cpu:,.0f} texts per CPU second, {hits} hits)")
    print(f"B planted {planted} term occurrences (hits above that are chance matches in the "
          "random filler)")

    started = time.perf_counter()
    naive = {lang: naive_matcher(glossary, lang) for lang in ["en", *LANGS]}
    naive_compile = time.perf_counter() - started
    subset = every[: args.naive_subset * (1 + len(LANGS))]
    started = time.process_time()
    for lang, text in subset:
        naive[lang](text)
    per_text = (time.process_time() - started) / len(subset)
    _, single, _ = timed_run(glossary, spread)
    print(f"naive per-term regex loop (compile {naive_compile:.2f} s), CPU time measured on "
          f"{len(subset)} texts and extrapolated: A {per_text * len(spread):.0f} s, "
          f"B {per_text * len(every):.0f} s; ratio naive / compiled (A, CPU): "
          f"{per_text * len(spread) / single:.0f}x")


if __name__ == "__main__":
    main()
