"""The languages the workbench translates into, and how users may name them.

The script each is written in belongs to the checks' rules (qa/languages.json); Uzbek's,
Latin or Cyrillic, is a project setting (settings.UZBEK_SCRIPT).
"""

from dataclasses import dataclass

from workbench.errors import UnknownLanguageError

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native_name: str


TARGET_LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("ru", "Russian", "Русский"),
        Language("kk", "Kazakh", "Қазақша"),
        Language("ky", "Kyrgyz", "Кыргызча"),
        Language("tg", "Tajik", "Тоҷикӣ"),
        Language("uz", "Uzbek", "Oʻzbekcha"),
    )
}

# Other spellings users and files use for the same languages (BCP 47 regions and
# scripts, ISO 639-2/3 codes, NLLB-style codes).
_ALIASES = {
    "rus": "ru", "ru-ru": "ru", "rus_cyrl": "ru",
    "kaz": "kk", "kk-kz": "kk", "kk-cyrl": "kk", "kaz_cyrl": "kk",
    "kir": "ky", "ky-kg": "ky", "ky-cyrl": "ky", "kir_cyrl": "ky",
    "tgk": "tg", "tg-tj": "tg", "tg-cyrl": "tg", "tgk_cyrl": "tg",
    "uzb": "uz", "uzn": "uz", "uz-uz": "uz", "uz-latn": "uz", "uzn_latn": "uz",
    "uz-cyrl": "uz", "uzn_cyrl": "uz",
}


def normalize_language(code: str) -> str:
    """Return our code for a target language, or raise naming the supported ones."""
    key = code.strip().replace("_", "-").lower()
    key = _ALIASES.get(key, _ALIASES.get(key.replace("-", "_"), key))
    if key not in TARGET_LANGUAGES:
        supported = ", ".join(TARGET_LANGUAGES)
        raise UnknownLanguageError(f"unknown language code {code!r}; supported: {supported}")
    return key


def parse_language_list(value: str | None) -> list[str]:
    """'ru,kk' -> ['ru', 'kk']; None or 'all' -> all five, in the usual order."""
    if value is None or value.strip().lower() in ("", "all"):
        return list(TARGET_LANGUAGES)
    codes = [normalize_language(part) for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(codes))
