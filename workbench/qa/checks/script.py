"""Letters that do not belong: the wrong script, or letters that mark another language."""

from functools import cache

import regex

from workbench.languages import TARGET_LANGUAGES
from workbench.qa.base import Check, Severity, quoted
from workbench.qa.rules import rules_for

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’ʻʼ‘][\p{L}\p{M}]+)*")
_LATIN = regex.compile(r"\p{Latin}")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_SCRIPTS_MEET = regex.compile(r"\p{Latin}\p{Cyrillic}|\p{Cyrillic}\p{Latin}")
# Per ISO 15924 script of a target: its name, and the letters of the other script.
_SCRIPT_NAMES = {"Cyrl": "Cyrillic", "Latn": "Latin"}
_OTHER_SCRIPT = {"Cyrl": ("Latin", _LATIN), "Latn": ("Cyrillic", _CYRILLIC)}


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@cache
def _any_of(letters: str) -> regex.Pattern:
    """A pattern finding any of `letters`, either case."""
    return regex.compile("[" + regex.escape(letters.lower() + letters.upper()) + "]")


@cache
def _all_foreign(lang: str, script: str | None) -> regex.Pattern | None:
    letters = "".join(foreign.letters for foreign in rules_for(lang, script).foreign_letters)
    return _any_of(letters) if letters else None


class WrongScript(Check):
    id = "script"
    name = "Wrong script"
    severity = Severity.ERROR
    description = (
        "In Cyrillic targets (ru, kk, ky, tg) a word mixing Latin and Cyrillic letters: a "
        "Latin o or c typed inside a Cyrillic word looks right but breaks search and "
        "spelling. In Uzbek, any letter of the other script than the project's (Latin by "
        "default, Cyrillic where the project chose it: `workbench models uzbek-script`). Words "
        "also found in the source (names) are left alone. Fix: retype the word in one script.")

    def messages(self, unit):
        target = unit.plain_target
        rules = unit.rules
        other_name, other_letters = _OTHER_SCRIPT[rules.script]
        suspect = _SCRIPTS_MEET if rules.other_script_words_allowed else other_letters
        if not suspect.search(target):
            return []
        source_words = set(_words(unit.plain_source))
        if rules.other_script_words_allowed:
            wrong = [word for word in _words(target) if _LATIN.search(word) and _CYRILLIC.search(word)]
            what = "mixes Latin and Cyrillic letters"
        else:
            wrong = [word for word in _words(target) if other_letters.search(word)]
            what = f"has {other_name} letters in {_SCRIPT_NAMES[rules.script]}-script text"
        return [
            f"word {quoted(word)} {what}"
            for word in dict.fromkeys(wrong) if word not in source_words
        ]


class OtherLanguageLetters(Check):
    id = "foreign-letters"
    name = "Letters of another language"
    severity = Severity.WARNING
    description = (
        "Letters that mark another language or a foreign spelling, such as Kazakh қ or ә in "
        "Kyrgyz, Russian ы in Tajik (Tajik keeps э, as in эълон: only ы щ ц ь mark Russian "
        "spelling), Turkish ş in Latin Uzbek, which writes sh, or Russian щ ы in Cyrillic "
        "Uzbek. They come from a neighbour's "
        "keyboard layout or spelling habit. Words also found in the source (names) are left "
        "alone. The letters and what they mean are per language in the language rules "
        "(workbench/qa/languages.json). Fix the spelling.")

    def messages(self, unit):
        pattern = _all_foreign(unit.lang, unit.script)
        if pattern is None or not pattern.search(unit.plain_target):
            return []
        problems = []
        target = unit.plain_target.lower()
        for foreign in unit.rules.foreign_letters:
            pattern = _any_of(foreign.letters)
            if not pattern.search(target):
                continue
            source_words = set(_words(unit.plain_source.lower()))
            hits = [word for word in dict.fromkeys(_words(target))
                    if word not in source_words and pattern.search(word)]
            if hits:
                letters = "".join(sorted({ch for word in hits for ch in word if ch in foreign.letters}))
                examples = ", ".join(quoted(word) for word in hits[:3])
                problems.append(f"{' '.join(letters)} ({foreign.means}) in {examples}")
        return problems


class MissingLanguageLetters(Check):
    id = "missing-letters"
    name = "Letters of the language missing"
    severity = Severity.WARNING
    description = (
        "A long target without any of the letters its language cannot do without (Kazakh ә "
        "ғ қ ң ө ұ ү һ і; Tajik ӣ ӯ ҳ ҷ қ ғ; Cyrillic Uzbek ў қ ғ ҳ; Kyrgyz ң ө ү or a long "
        "vowel such as уу): such "
        "text is almost surely Russian, or another language, in the wrong column. The letters "
        "and the length from which a text counts as long are per language in the language "
        "rules. Fix: translate into the right language.")

    def messages(self, unit):
        expected = unit.rules.expected_letters
        if not expected:
            return []
        target = unit.plain_target.lower()
        if _any_of(expected).search(target):
            return []
        letters = len(_CYRILLIC.findall(target))
        if letters < unit.rules.expected_min_letters:
            return []
        if any(sequence in target for sequence in unit.rules.expected_sequences):
            return []
        return [f"{letters} letters without any of {' '.join(expected)}: is this really "
                f"{TARGET_LANGUAGES[unit.lang].name}?"]
