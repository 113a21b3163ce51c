"""Inflected forms count as the term; unrelated words that share letters do not."""

import re
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.glossary.matcher import LanguageIndex
from workbench.glossary.model import Term
from workbench.glossary.morphology import (
    normalize, reinflect, reinflect_term, split_words, word_splitter)


def concepts_found(lang: str, terms: list[str], text: str) -> list[str]:
    index = LanguageIndex(lang, [(term, Term(term, lang)) for term in terms])
    return [hit.concept_id for hit in index.find(text)]


FORMS = {
    "kk": (["Қазақстан", "Мәскеу", "Ресей", "азаматтық", "көші-қон орталығы",
            "Орталық Азия тумасы"], [
        "Орталық Азия тумаларына", "Орталық Азия тумасының",
        "Қазақстанның", "Қазақстанға", "Қазақстанда", "Қазақстаннан", "Қазақстанды",
        "Қазақстандағы", "Қазақстанымен", "Мәскеуде", "Мәскеуге", "Ресейдің", "Ресейге",
        "азаматтығынан", "азаматтықтан", "азаматтықтары", "көші-қон орталығында",
    ]),
    "ky": (["Кыргызстан", "Орусия", "Москва", "Өзбекстан", "Куралдуу Күчтөр", "Кабанов"], [
        "Кабановдун",
        "Кыргызстандын", "Кыргызстанга", "Кыргызстанда", "Кыргызстандан", "Кыргызстандагы",
        "Орусияга", "Орусиянын", "Орусиядан", "Москвада", "Өзбекстандын", "Куралдуу Күчтөрү",
    ]),
    "uz": (["Rossiya", "Oʻzbekiston", "fuqarolik", "Qirgʻiziston", "migratsiya markazi",
            "huquq himoyachisi"], [
        "huquq himoyachilari", "huquq himoyachisiga",
        "Rossiyaga", "Rossiyadan", "Rossiyaning", "Oʻzbekistonda", "O‘zbekistonning",
        "O'zbekistonga", "Oʻzbekiston`dan".replace("`", ""), "fuqaroligi", "fuqaroligidan",
        "fuqarolikka", "Qirg’izistonda", "Qirgʻizistonlik".replace("lik", "ga"),
        "migratsiya markazida",
    ]),
    "tg": (["Тоҷикистон", "Русия", "Маскав", "муҳоҷир", "маркази муҳоҷират", "хориҷӣ",
            "шаҳрвандӣ", "шаҳрванди нав"], [
        "Тоҷикистонро", "Тоҷикистони", "Тоҷикистонам", "Русияро", "Русияи", "Маскави",
        "Маскавро", "муҳоҷирон", "муҳоҷирҳо", "муҳоҷиронро", "маркази муҳоҷирати",
        "хориҷиён", "хориҷиёне", "шаҳрвандиро", "шаҳрвандии", "шаҳрвандони нави",
        # the enclitic "and": -у after a consonant, -ву or -ю after a vowel (ӣ -> и)
        "Русияву", "Маскаву", "Тоҷикистону", "муҳоҷирону", "шаҳрвандиву", "шаҳрвандию",
    ]),
    "ru": (["Россия", "Вооружённые силы России", "гражданство", "мигрант", "Москва"], [
        "России", "Россией", "Вооружёнными силами России", "Вооруженные силы России",
        "гражданства", "гражданством", "мигрантов", "мигрантами", "Москвой",
    ]),
}


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_inflected_forms_are_found(lang):
    terms, forms = FORMS[lang]
    for form in forms:
        assert concepts_found(lang, terms, f"… {form} …"), f"{lang}: {form!r} not recognized"


NEAR_MISSES = {
    # wrong harmony, unknown endings, other words sharing a stem
    "kk": (["Қазақстан", "Ресей", "азаматтық"], ["Қазақстанге", "Қазақстанлар", "қазақ",
                                                  "ресейлік", "азаматтар", "Қазақстанбай"]),
    "ky": (["Кыргызстан", "Орусия"], ["Кыргызстанге", "кыргыз", "орусиялык", "Кыргызстантар"]),
    "uz": (["Rossiya", "Oʻzbekiston", "migrant"], ["Rossiyaka", "rossiyalik", "oʻzbek",
                                                   "oʻzbekistonlik", "migratsiya"]),
    "tg": (["Тоҷикистон", "Русия", "муҳоҷир"], ["тоҷик", "тоҷикистониён",
                                                "Русиягӣ".replace("гӣ", "ст"),
                                                # migration, not муҳоҷир + -ат "your migrant"
                                                "муҳоҷират", "муҳоҷиратро", "муҳоҷирати"]),
    "ru": (["сила", "Россия", "мигрант"], ["российский", "миграция", "Росс", "силос"]),
    "en": (["citizen", "Russia", "migrant"], ["citizenship", "Russian", "migration", "citizenry"]),
}


@pytest.mark.parametrize("lang", sorted(NEAR_MISSES))
def test_near_misses_are_not_found(lang):
    terms, words = NEAR_MISSES[lang]
    for word in words:
        assert concepts_found(lang, terms, word) == [], f"{lang}: {word!r} wrongly matched"


def test_tajik_possessive_at_still_counts_on_other_nouns():
    """Only a listed derivative (муҳоҷират) blocks -ат: "your citizen" is still a citizen."""
    assert concepts_found("tg", ["шаҳрванд", "муҳоҷир"], "шаҳрвандат муҳоҷират") == ["шаҳрванд"]


def test_tajik_izofa_takes_no_ending_after_it():
    """-ро and "and" follow the whole phrase, never the izofa: шаҳрвандиро is citizenship
    (шаҳрвандӣ), not citizen (шаҳрванд) + izofa + -ро."""
    index = LanguageIndex("tg", [(term, Term(term, "tg")) for term in ["шаҳрванд", "шаҳрвандӣ"]])
    for word in ["шаҳрвандиро", "шаҳрвандиву"]:
        assert [hit.concept_id for hit in index.find(word, nested=True)] == ["шаҳрвандӣ"], word


def test_short_words_match_only_exactly():
    assert concepts_found("kk", ["ел"], "ел") == ["ел"]
    assert concepts_found("kk", ["ел"], "елге") == []


def test_russian_multi_word_term_needs_every_word():
    assert concepts_found("ru", ["Вооружённые силы"], "вооружёнными силами") == ["Вооружённые силы"]
    assert concepts_found("ru", ["Вооружённые силы"], "вооружённые люди и силы") == []


@pytest.mark.parametrize("lang, surface, old, new, expected", [
    ("kk", "Қазақстанның", "Қазақстан", "Қазақия", "Қазақияның"),
    ("kk", "Ресейге", "Ресей", "Қазақстан", "Қазақстанға"),  # harmony and assimilation redone
    ("kk", "Ресейдің", "Ресей", "Қазақстан", "Қазақстанның"),
    ("ky", "Кыргызстандагы", "Кыргызстан", "Орусия", "Орусиядагы"),
    ("ky", "Россияга", "Россия", "Орусия", "Орусияга"),
    ("uz", "Rossiyadan", "Rossiya", "Orusiya", "Orusiyadan"),
    ("tg", "Русияро", "Русия", "Россия", "Россияро"),
    ("ru", "Киргизии", "Киргизия", "Кыргызстан", "Кыргызстана"),
    ("ru", "гастарбайтерами", "гастарбайтер", "мигрант", "мигрантами"),
])
def test_reinflect_keeps_the_ending(lang, surface, old, new, expected):
    assert reinflect(surface, old, new, lang) == expected


def test_reinflect_refuses_what_it_cannot_carry_over():
    assert reinflect("Қазақстанда", "Ресей", "Мәскеу", "kk") is None  # not a form of Ресей
    assert reinflect("Москвада", "Москва", "ел", "ky") is None  # a short word takes no ending


def test_reinflect_term_rewrites_phrases():
    assert reinflect_term("вооружёнными войсками", "вооружённые войска", "Вооружённые силы",
                          "ru") == "Вооружёнными силами"
    assert reinflect_term("көші-қон орталығында", "көші-қон орталығы", "миграция орталығы",
                          "kk") == "миграция орталығында"


# a word as the matcher reads it: letters and digits, no `_`, inner apostrophes and a closing one
_EVERY_WORD = re.compile(r"([^\W_]+(?:'[^\W_]+)*'?)")


def _words_at(parts: list[str]) -> list[tuple[int, str]]:
    """(offset, word) of the odd parts of a split."""
    offsets = list(accumulate(map(len, parts), initial=0))
    return [(offsets[i], parts[i]) for i in range(1, len(parts), 2)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1'’ʻ_ -«»\n\x00İё", max_size=40),
       st.sets(st.text(alphabet="ab1'ё", min_size=2, max_size=2), max_size=8))
def test_the_splitter_cuts_out_the_words_that_begin_so_and_loses_no_character(
        text, beginnings):
    """Only words that begin with one of the stems' beginnings are cut out of a text (the rest
    stay in the gaps): exactly those words, at their places, whatever apostrophes, underscores
    and quotes stand around them."""
    normalized = normalize(text)
    parts = split_words(normalized, word_splitter(beginnings))

    assert "".join(parts) == normalized.replace("_", "\x00")
    every = _words_at(_EVERY_WORD.split(normalized))
    assert _words_at(parts) == [(at, word) for at, word in every if word[:2] in beginnings]


def test_a_splitter_for_no_beginnings_cuts_out_no_word():
    assert split_words("any words at all", word_splitter(set())) == ["any words at all"]
