"""The language rules of the checks, read from `languages.json`.

Rules are data so that a linguist can tune a range or a letter list without
touching check code. A language a project may write in more than one script
(Uzbek: Latin or Cyrillic) has rules for each script, and the project's setting
chooses (SCRIPT_SETTINGS).
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from workbench import settings
from workbench.languages import SOURCE_LANGUAGE

# The project setting that chooses the script of each language written in more than one.
SCRIPT_SETTINGS = {"uz": settings.UZBEK_SCRIPT}


@dataclass(frozen=True)
class ForeignLetters:
    letters: str
    means: str


@dataclass(frozen=True)
class LanguageRules:
    code: str
    script: str  # ISO 15924: "Cyrl" or "Latn"
    other_script_words_allowed: bool  # a whole word in the other script (Telegram) is fine
    thousands: tuple[str, ...]
    decimal: str
    length_ratio: tuple[float, float] | None
    expected_letters: str
    expected_sequences: tuple[str, ...]
    expected_min_letters: int
    foreign_letters: tuple[ForeignLetters, ...]
    length_ratio_min_source_chars: int

    @property
    def number_pattern(self) -> regex.Pattern:
        return _number_pattern(self.thousands, self.decimal)


@cache
def _number_pattern(thousands: tuple[str, ...], decimal: str) -> regex.Pattern:
    """Numbers as the language writes them: grouped thousands, then an optional decimal part."""
    group = "[" + regex.escape("".join(thousands)) + "]"
    point = regex.escape(decimal)
    return regex.compile(
        rf"(?<![\d{point}])(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{point}\d+)?(?!\d)"
    )


@cache
def _data() -> dict:
    text = resources.files("workbench.qa").joinpath("languages.json").read_text(encoding="utf-8")
    return json.loads(text)


def project_script(store, lang: str) -> str | None:
    """The script the project writes `lang` in, for a language with a choice; else None."""
    setting = SCRIPT_SETTINGS.get(lang)
    return setting.read(store) if setting else None


@cache
def rules_for(lang: str, script: str | None = None) -> LanguageRules:
    """The rules of `lang`; for a language with a choice of script, those of `script`
    (None: the setting's default)."""
    data = _data()
    entry = data["languages"][lang]
    if "scripts" in entry:
        entry = {**entry, **entry["scripts"][script or SCRIPT_SETTINGS[lang].default]}
    ratio = entry.get("length_ratio")
    return LanguageRules(
        code=lang,
        script=entry["script"],
        other_script_words_allowed=entry.get("other_script_words_allowed", False),
        thousands=tuple(entry["thousands"]),
        decimal=entry["decimal"],
        length_ratio=(ratio[0], ratio[1]) if ratio else None,
        expected_letters=entry.get("expected_letters", ""),
        expected_sequences=tuple(entry.get("expected_sequences", ())),
        expected_min_letters=entry.get("expected_min_letters", 0),
        foreign_letters=tuple(
            ForeignLetters(item["letters"], item["means"]) for item in entry.get("foreign_letters", [])
        ),
        length_ratio_min_source_chars=data["length_ratio_min_source_chars"],
    )


def source_rules() -> LanguageRules:
    return rules_for(SOURCE_LANGUAGE)
