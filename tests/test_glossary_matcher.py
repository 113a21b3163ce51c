"""Matching glossary terms in English sources and in the five target languages."""

import json
from pathlib import Path

import pytest

from workbench.glossary.csvio import parse_csv
from workbench.glossary.files import read_glossary
from workbench.glossary.matcher import GlossaryMatcher

DATA = Path(__file__).parent / "data" / "glossary"
LANGS = ["ru", "kk", "ky", "tg", "uz"]


@pytest.fixture(scope="module")
def matcher():
    return GlossaryMatcher(read_glossary(DATA / "small.csv").glossary)


def found(matcher, text):
    return [(hit.concept_id, hit.text) for hit in matcher.source_terms(text)]


def test_plurals_and_possessives(matcher):
    assert found(matcher, "Migrants’ rights and migrant workers") == [
        ("migrant", "Migrants’"), ("migrant", "migrant")]
    assert found(matcher, "President Vladimir Putin's orders") == [("putin", "Vladimir Putin's")]
    assert found(matcher, "two migration centres") == [("migration-center", "migration centres")]


def test_case_sensitive_terms_keep_their_capitals(matcher):
    assert found(matcher, "The US said") == [("us", "US")]
    assert found(matcher, "He told us") == []
    assert found(matcher, "telegram channel") == []  # a name: only as written
    assert found(matcher, "Kazakhstan and KAZAKHSTAN and kazakhstan") == [
        ("kazakhstan", "Kazakhstan"), ("kazakhstan", "KAZAKHSTAN"), ("kazakhstan", "kazakhstan")]


def test_multi_word_terms_allow_hyphen_variants_but_not_punctuation(matcher):
    assert found(matcher, "the migration-center") == [("migration-center", "migration-center")]
    assert found(matcher, "the migration – center") == [("migration-center", "migration – center")]
    assert found(matcher, "against migration. Center stage") == []


def test_longest_match_wins():
    glossary = parse_csv("id,en\nrussia,Russia\nforces,Armed Forces of Russia\n", "g.csv")
    hits = GlossaryMatcher(glossary).source_terms("the Armed Forces of Russia and Russia")
    assert [(h.concept_id, h.text) for h in hits] == [
        ("forces", "Armed Forces of Russia"), ("russia", "Russia")]


def test_placeholders_are_ignored_and_offsets_point_into_the_text(matcher):
    text = "{1}Moscow{/1} and {2/}Kazakhstan"
    hits = matcher.source_terms(text)
    assert [text[h.start:h.end] for h in hits] == ["Moscow", "Kazakhstan"]


def test_check_segment_reports_each_kind(matcher):
    source = "Migrants from Kyrgyzstan joined the Armed Forces."
    good = "Мигранты из Киргизии вступили в Вооружённые силы."
    assert matcher.check_segment(source, good, "ru") == []
    findings = matcher.check_segment(
        source, "Гастарбайтеры из Кыргызстана вступили в армию.", "ru")
    assert [(f.kind, f.severity, f.concept_id) for f in findings] == [
        ("forbidden-term", "error", "migrant"),
        ("inconsistent-form", "warning", "kyrgyzstan"),
        ("missing-term", "error", "armed-forces"),
    ]
    forbidden, inconsistent, missing = findings
    assert forbidden.found == "Гастарбайтеры" and forbidden.approved == "мигрант"
    assert inconsistent.approved == "Киргизия"
    assert "Вооружённые силы" in missing.message


def test_forbidden_form_is_flagged_even_without_the_source_term(matcher):
    findings = matcher.check_segment("Workers arrived.", "Приехали гастарбайтеры.", "ru")
    assert [f.kind for f in findings] == ["forbidden-term"]


def test_do_not_translate_names_are_expected_as_written(matcher):
    assert matcher.check_segment("on Telegram", "в Telegram", "kk") == []
    assert [f.kind for f in matcher.check_segment("on Telegram", "в Телеграме", "ru")] == [
        "missing-term"]


def test_hand_translations_have_no_false_alarm(matcher):
    """Every term of each source is found in each careful translation, in whatever form."""
    for item in json.loads((DATA / "seed-like.json").read_text("utf-8")):
        assert matcher.source_terms(item["source"])
        for lang in LANGS:
            assert matcher.check_segment(item["source"], item[lang], lang) == [], (lang, item[lang])
