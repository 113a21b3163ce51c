"""Which surface words count as forms of a glossary word, per language.

Every language answers one question for the matcher: given a lemma word as
written in the glossary, which (stem, allowed endings) pairs spell its forms?
A text word is a form of the lemma when it splits into such a stem plus one of
its endings. Keeping the endings a closed, generated set (not "any letters")
is what stops a short stem from matching unrelated words.

- Kazakh, Kyrgyz, Uzbek, Tajik and English: suffix chains generated from the
  rules in `data/<lang>.json` (slots of optional morphemes, allomorphs chosen
  by the sound that ends the word so far, archiphonemes resolved by vowel
  harmony, final-consonant alternations such as қ -> ғ before a vowel).
  The analysers on PyPI were tried first: kazstem needs FST resources it
  downloads, uzbek-morph does not import on Python 3.11, kyrgyz and tojiki
  do not analyse inflected forms; hence rules as data.
- Russian: pymorphy3's dictionary gives every form of the word (its lexeme),
  which handles stem alternations a suffix table cannot (сила -> сил, отец -> отца).
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

APOSTROPHES = "ʻ‘'`’ʼ′"
SUFFIX_LANGUAGES = ("en", "kk", "ky", "tg", "uz")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*'?")  # a word: letters and digits, inner apostrophes
# The same words, for the hottest call (`word_splitter`): the standard library's re is a fifth
# faster than regex, and a fifth faster again with \w than with [^\W_] (split_words takes `_`
# out first).
_WORD = r"\w+(?:'\w+)*'?"
# where such a word may begin: after no letter, nor after a letter and an apostrophe (that
# apostrophe is inside a word)
_WORD_START = r"(?<!\w)(?<!\w')"
_NO_ENDINGS = frozenset({""})


_FOLD = str.maketrans({"ё": "е", **{mark: "'" for mark in APOSTROPHES}})
_TO_FOLD = regex.compile(f"[ё{APOSTROPHES}]")
_LONGER_IN_LOWER_CASE = "\u0130"  # İ: the one character whose lower case is two


def normalize(text: str) -> str:
    """Lower case, ё -> е and one apostrophe, keeping every offset of `text`.

    Offsets matter: hits point back into the text the user sees. The one letter whose
    lower case is longer, İ, is kept as it is; the text around it is lowered as a whole
    (a final Σ stays ς), so texts read as one are lowered as each alone.
    """
    lower = text.lower()
    if len(lower) != len(text):
        lower = _LONGER_IN_LOWER_CASE.join(
            part.lower() for part in text.split(_LONGER_IN_LOWER_CASE))
    return lower.translate(_FOLD) if _TO_FOLD.search(lower) else lower


def prepare(text: str) -> str:
    """The form in which texts are matched and offsets reported (NFC)."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # normalized


def tokenize(normalized: str) -> list[Token]:
    """Words of a normalized text."""
    return [_token(match) for match in _TOKEN.finditer(normalized)]


def split_words(normalized: str, words: re.Pattern) -> list[str]:
    """[gap, word, gap, word, ..., gap]: the text cut at the edges of the words that `words`
    (from `word_splitter`) cuts out, without losing a character; other words stay inside the
    gaps. `_` is no part of a word: it becomes the control character U+0000, and a gap that
    holds it, like one that holds `_`, is none that a term spans."""
    if "_" in normalized:
        normalized = normalized.replace("_", "\x00")
    return words.split(normalized)


def word_splitter(beginnings) -> re.Pattern:
    """For `split_words`: the words (letters and digits, inner apostrophes and a closing one)
    that begin with one of `beginnings`, strings of one length. Most words of a text begin as
    no stem of a glossary does: one C pass leaves them in the gaps, where cutting out every
    word and looking up its beginning took two passes and made five times the strings."""
    if not beginnings:
        return re.compile("(?!)")  # no word
    if len({len(beginning) for beginning in beginnings}) > 1:
        raise ValueError("word_splitter: beginnings of one length only")
    return re.compile(f"({_WORD_START}(?={_trie(beginnings)}){_WORD})")


def _trie(strings) -> str:
    """`strings`, all of one length, as one regular expression shaped as a trie: shared
    beginnings are written once, and letters followed by the same continuations share a
    character class. re tries an alternative only when the text's letter is in its first
    class, so a word costs a few comparisons a letter, not one per string."""
    if not next(iter(strings)):
        return ""
    continuations: dict[str, list[str]] = {}
    for string in strings:
        continuations.setdefault(string[0], []).append(string[1:])
    letters: dict[str, list[str]] = {}  # continuation -> the letters it follows
    for letter, rests in sorted(continuations.items()):
        letters.setdefault(_trie(rests), []).append(re.escape(letter))
    alternatives = [(first[0] if len(first) == 1 else f"[{''.join(first)}]") + rest
                    for rest, first in letters.items()]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


def word_end(word: str, end: int) -> int:
    """Where a word of `split_words` ends once a closing quote is cut off (kept after s)."""
    return end - 1 if word.endswith("'") and not word.endswith("s'") else end


def _token(match) -> Token:
    """A trailing apostrophe belongs to the word only after s (English plural possessive s')."""
    start, end = match.span()
    end = word_end(match.group(), end)
    return Token(start, end, match.string[start:end])


def word_keys(term_text: str) -> tuple[str, ...]:
    """The normalized words of a term as the matcher indexes them."""
    return tuple(token.text for token in tokenize(normalize(prepare(term_text))))


class SuffixRules:
    """Suffix chains of one language, generated from its data file."""

    def __init__(self, data: dict):
        self.harmony_vowels: dict[str, str] = data["harmony_vowels"]
        self.default_harmony: str = data["default_harmony"]
        self.sound_classes = {
            char: name for name, chars in data["sound_classes"].items() for char in chars
        }
        self.archiphonemes: dict[str, dict[str, str]] = data["archiphonemes"]
        self.alternations: list[dict] = data["alternations"]
        self.min_stem: int = data["min_stem"]
        self.slots: list[dict] = data["slots"]
        # A term word may already end in a possessive (көші-қон орталығы): then
        # case endings follow the possessive's rules (орталығында, not орталығыда).
        self.possessive_final = data.get("possessive_final")
        # Endings a term word may be written with that inflection replaces: the
        # Tajik izofa (шаҳрванди нав -> шаҳрвандони нави), the possessive after a
        # vowel (Орталық Азия тумасы -> тумаларына, huquq himoyachisi -> himoyachilari).
        self.detachable: list[str] = data.get("detachable_endings", [])
        # Words of their own that look like a shorter word plus an ending (Tajik муҳоҷират
        # 'migration', not муҳоҷир + -ат 'your migrant'): no form of the shorter word
        # starts with one, so the derivative is never taken for the shorter word.
        self.derivatives: tuple[str, ...] = tuple(data.get("derivatives", {}))
        self._chains: dict[tuple, dict[str, tuple[str, ...]]] = {}

    def stems(self, word: str) -> list[tuple[str, frozenset[str]]]:
        """(stem, endings) pairs that spell the forms of `word`."""
        if len(word) < self.min_stem:
            return [(word, _NO_ENDINGS)]
        pairs = self._stems_of(word)
        for ending in self.detachable:
            base = word[: -len(ending)]
            if word.endswith(ending) and len(base) >= self.min_stem:
                pairs.extend(self._stems_of(base))
        others = [d for d in self.derivatives if not word.startswith(d)]
        return [(stem, _not_starting(stem, endings, others)) for stem, endings in pairs]

    def _stems_of(self, word: str) -> list[tuple[str, frozenset[str]]]:
        pairs = [(word, self.endings(word))]
        for alternation in self.alternations:
            final, becomes = alternation["final"], alternation["becomes"]
            if word.endswith(final):
                stem = word[: -len(final)] + becomes
                endings = self.endings(stem)
                before = alternation["before"]
                allowed = frozenset(
                    ending for ending in endings
                    if ending and (before == "any" or ending.startswith(before)
                                   or (before == "vowel" and self._class(ending[0]) == "vowel"))
                )
                pairs.append((stem, allowed))
        return pairs

    def endings(self, stem: str) -> frozenset[str]:
        return frozenset(self._paths(stem))

    def _paths(self, stem: str) -> dict[str, tuple[str, ...]]:
        """Every ending of `stem`, with the morphemes it spells (('pl', 'gen'), ...)."""
        key = (self._harmony(stem), self._class(stem[-1]) if stem else "")
        if key not in self._chains:
            chains = dict(self._generate(stem, 0, None))
            if self.possessive_final and key[1] == "vowel":
                morpheme, slot = self.possessive_final["morpheme"], self.possessive_final["slot"]
                index = [s["name"] for s in self.slots].index(slot)
                for ending, path in self._generate(stem, index, morpheme):
                    chains.setdefault(ending, ("~" + morpheme, *path))
            self._chains[key] = chains
        return self._chains[key]

    def carry_over(self, surface: str, old: str, new: str) -> str | None:
        """`new` with the morphemes `surface` has after `old`, spelled for `new`'s sounds."""
        for stem, endings in self.stems(old):
            ending = surface[len(stem):]
            if surface.startswith(stem) and ending in endings:
                path = self._paths(stem)[ending]
                for new_stem, new_endings in self.stems(new):
                    spelled = {p: e for e, p in self._paths(new_stem).items()}.get(path)
                    if spelled is not None and spelled in new_endings:
                        return new_stem + spelled
        return None

    def _generate(self, word: str, slot_index: int, previous: str | None):
        """(ending, morphemes) for every ending from slot `slot_index` on, after `word`."""
        if slot_index == len(self.slots):
            yield "", ()
            return
        yield from self._generate(word, slot_index + 1, previous)
        for morpheme in self.slots[slot_index]["morphemes"]:
            name = morpheme["name"]
            for form in self._allomorph_forms(morpheme, word, previous):
                suffix = normalize(self._resolve(form, word))  # the text is folded too (ё -> е)
                for rest, path in self._generate(word + suffix, slot_index + 1, name):
                    yield suffix + rest, (name, *path)

    def _allomorph_forms(self, morpheme: dict, word: str, previous: str | None) -> list[str]:
        final = self._class(word[-1])
        for allomorph in morpheme["allomorphs"]:
            if "after_morpheme" in allomorph and allomorph["after_morpheme"] != previous:
                continue
            if "after" in allomorph and final not in allomorph["after"]:
                continue
            return allomorph["forms"] if "forms" in allomorph else [allomorph["form"]]
        return []

    def _resolve(self, form: str, word: str) -> str:
        """Spell archiphonemes (capital letters) by the harmony of the word so far."""
        out = ""
        for char in form:
            table = self.archiphonemes.get(char)
            out += table[self._harmony(word + out)] if table else char
        return out

    def _harmony(self, word: str) -> str:
        for char in reversed(word):
            if char in self.harmony_vowels:
                return self.harmony_vowels[char]
        return self.default_harmony

    def _class(self, char: str) -> str:
        return self.sound_classes.get(char, "other")


def _not_starting(stem: str, endings: frozenset[str], words: list[str]) -> frozenset[str]:
    """`endings` without those that make `stem` start one of `words`."""
    blocked = tuple(word for word in words if word.startswith(stem) or stem.startswith(word))
    if not blocked:
        return endings
    return frozenset(ending for ending in endings if not (stem + ending).startswith(blocked))


class RussianForms:
    """Russian word forms from pymorphy3's dictionary (and its guesser for names)."""

    def __init__(self):
        import pymorphy3

        self.analyzer = pymorphy3.MorphAnalyzer()

    def stems(self, word: str) -> list[tuple[str, frozenset[str]]]:
        return [(form, _NO_ENDINGS) for form in self.forms(word)]

    def forms(self, word: str) -> set[str]:
        forms = {word}
        seen_lemmas = set()
        for parse in self.analyzer.parse(word)[:3]:
            if parse.normal_form in seen_lemmas:
                continue
            seen_lemmas.add(parse.normal_form)
            forms.update(normalize(form.word) for form in parse.lexeme)
        return forms

    def reinflect(self, surface: str, old_word: str, new_word: str) -> str | None:
        """`new_word` in the grammatical form `surface` has as a form of `old_word`."""
        for parse in self.analyzer.parse(surface):
            if normalize(parse.word) not in self.forms(old_word):
                continue
            grammemes = set(parse.tag.grammemes) & {
                "nomn", "gent", "datv", "accs", "ablt", "loct", "sing", "plur"
            }
            for target in self.analyzer.parse(new_word):
                inflected = target.inflect(grammemes)
                if inflected is not None:
                    return inflected.word
        return None


@cache
def rules(lang: str):
    """The form generator of a language (loaded once)."""
    if lang == "ru":
        return RussianForms()
    if lang not in SUFFIX_LANGUAGES:
        raise ValueError(f"no morphology for language {lang!r}")
    text = resources.files("workbench.glossary").joinpath("data", f"{lang}.json").read_text("utf-8")
    return SuffixRules(json.loads(text))


def reinflect(surface: str, old_word: str, new_word: str, lang: str) -> str | None:
    """`new_word` carrying the endings `surface` has after `old_word`, or None if unsafe.

    Safe means: `surface` is a known form of `old_word` and the same ending is a
    valid ending of `new_word` (harmony and assimilation agree). Capitalization
    of the first letter follows `surface`.
    """
    norm_surface = normalize(surface)
    old, new = normalize(old_word), normalize(new_word)
    generator = rules(lang)
    if lang == "ru":
        result = generator.reinflect(norm_surface, old, new)
    else:
        result = generator.carry_over(norm_surface, old, new)
    if result is None:
        return None
    return _spell(result, new_word, surface)


def _spell(result: str, new_word: str, surface: str) -> str:
    """Write `result` with the glossary's own letters where it overlaps `new_word`
    (capitals, ё, apostrophe), capitalized like `surface` at a sentence start."""
    norm_new = normalize(new_word)
    common = 0
    while common < min(len(result), len(norm_new)) and result[common] == norm_new[common]:
        common += 1
    spelled = new_word[:common] + result[common:]
    if surface.isupper() and len(surface) > 1:
        return spelled.upper()
    if surface[:1].isupper():
        return spelled[:1].upper() + spelled[1:]
    return spelled


def reinflect_term(surface: str, old_term: str, new_term: str, lang: str) -> str | None:
    """`new_term` written in the inflection `surface` has as a form of `old_term`, or None.

    Word by word when both terms have as many words; otherwise only where the
    old term's last word alone carries the endings (Turkic and Tajik phrases,
    whose inner words do not inflect). Russian phrases of different length are
    never rewritten: their agreement cannot be carried over safely.
    """
    tokens = tokenize(normalize(surface))
    old_words, new_words = word_keys(old_term), _words(new_term)
    if len(tokens) != len(old_words) or not new_words:
        return None
    surfaces = [surface[token.start:token.end] for token in tokens]
    if len(old_words) == len(new_words):
        parts = [reinflect(s, o, n, lang) for s, o, n in zip(surfaces, old_words, new_words)]
        if None in parts:
            return None
        out, last = "", 0
        for token, part in zip(tokens, parts):
            out += surface[last:token.start] + part
            last = token.end
        return out + surface[last:]
    if lang == "ru" or any(token.text != word for token, word in zip(tokens[:-1], old_words)):
        return None
    tail = reinflect(surfaces[-1], old_words[-1], new_words[-1], lang)
    return None if tail is None else " ".join([*new_words[:-1], tail])


def _words(term: str) -> list[str]:
    text = prepare(term)
    return [text[token.start:token.end] for token in tokenize(normalize(text))]
