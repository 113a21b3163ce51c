"""Sentence segmentation of English news text (rules in workbench/segmentation/rules)."""

import pytest

from tests.conftest import SEED
from workbench.errors import InputError
from workbench.segmentation import (
    DEFAULT_RULES, normalize_space, sentence_spans, split_sentences, split_to_fit)

# Each case: the sentences of one paragraph, in order; the paragraph is them joined by a space.
NEWS = {
    "titles": ["Mr. Smith met Mrs. Jones and Ms. Lee at noon.", "Dr. Ivanova did not attend."],
    "professor and saint": ["Prof. Ivanov flew to St. Petersburg on Monday.", "He returned on Friday."],
    "military ranks": ["Gen. Valery Gerasimov, Lt. Gen. Andrei Mordvichev and Col. Ivan Petrov attended.",
                       "Sgt. Maj. Pavel Orlov did not."],
    "politicians": ["Gov. Kathy Hochul spoke after Sen. Chuck Schumer and Rep. Nancy Pelosi.",
                    "Reporters left early."],
    "juniors before words": ["Martin Luther King Jr. Day is a holiday.", "Offices close."],
    "junior ends sentence": ["The speech was given by Robert F. Kennedy Jr.", "He spoke for an hour."],
    "company in the middle": ["Apple Inc. Chief Executive Tim Cook visited Tokyo.", "Sony Corp. shares rose."],
    "company at the end": ["The deal was signed with Gazprom Neft Ltd.", "The terms were not disclosed."],
    "company before lowercase": ["Samsung Electronics Co. said on Tuesday it would invest more.", "Analysts agreed."],
    "number abbreviation": ["The No. 1 seed lost in Rome.", "No. 2 advanced."],
    "versus": ["Real Madrid vs. Barcelona ended in a draw.", "Roe v. Wade was overturned in 2022."],
    "latin": ["Some fruits, e.g. Apples and pears, were banned.", "Others, i.e. Citrus, were not."],
    "etc at the end": ["They sell grain, oil, gas, etc.", "The list keeps growing."],
    "etc before lowercase": ["Grain, oil, etc. are exported.", "Prices rose."],
    "morning before lowercase": ["The meeting starts at 9 a.m. and ends at 5 p.m. on weekdays.", "It is open."],
    "morning before weekday": ["The polls open at 8 a.m. Sunday and close at 8 p.m. MSK.", "Turnout was low."],
    "morning ends sentence": ["The blast happened at 6 a.m.", "The police arrived an hour later."],
    "united states in a name": ["U.S. President Joe Biden met U.N. Secretary-General António Guterres.",
                                "They talked."],
    "united states at the end": ["The sanctions were announced by the U.S.", "The E.U. followed a day later."],
    "united kingdom before quote": ["He moved to the U.K.", "“It was hard,” he said."],
    "months with dates": ["Russia invaded Ukraine on Feb. 24, 2022.",
                          "Mobilization was announced on Sept. 21 and ended Oct. 28."],
    "initials": ["J. K. Rowling and George W. Bush were not there.", "Vladimir V. Putin was."],
    "joined initials": ["J.R.R. Tolkien wrote the book.", "It sold well."],
    "initial ends sentence": ["The vitamins were labeled C and D.", "The law covers Plan B.",
                              "The Kremlin did not comment."],
    "places": ["The fire started on Tverskaya St. near Mt. Elbrus Ave. and Sunset Blvd. shops.",
               "Ft. Worth was calm."],
    "decimals": ["Inflation rose 3.5% in August, up from 2.9% in July.", "The ruble fell 1.2 percent."],
    "thousands": ["About 10,000 people and 1,250,000 rubles were involved.", "The fine was $3.2 million."],
    "number starts sentence": ["Mobilization began in September 2022.", "300,000 reservists were called up."],
    "year starts sentence": ["The war began in February.", "2023 brought more sanctions."],
    "ellipsis": ["He paused... and then continued.", "We waited…", "Nothing happened."],
    "ellipsis before capital": ["It was over...", "Or so they thought."],
    "question": ["Will they fight?", "Nobody knows!", "The answer came on Friday."],
    "question in quote": ["“Why should we fight?” he asked.", "Nobody answered."],
    "straight quotes": ['"We will not go," he said.', '"Never."', "The crowd cheered."],
    "single quotes": ["‘It is a crime,’ she said.", "‘We will appeal.’", "The court refused."],
    "quote then capital": ["He called it “an adequate response.”", "Others disagreed."],
    "ellipsis in quote": ["“Well…,” he said, “maybe.”", "Then he left."],
    "parentheses": ["The fund (see below.) grew.", "(See the full report.)", "Next, the budget."],
    "period after parenthesis": ["Prices rose (by 5%).", "Wages did not (yet)."],
    "exclamation and question": ["Really?!", "Yes!", "It happened."],
    "lowercase after period": ["The company, known as ibm. in filings, grew.", "Staff rose."],
    "dateline": ["September 23, 2022"],
    "original url": ["Original url:"],
    "url": ["Read more at themoscowtimes.com/news.", "It is free."],
    "abbreviation and quote": ["The fight was moved to the U.S.”", "Then it was cancelled."],
}


@pytest.mark.parametrize("name", NEWS)
def test_news_sentences(name):
    sentences = NEWS[name]
    assert split_sentences(" ".join(sentences)) == sentences


@pytest.mark.parametrize("text, expected", [  # end quotes and periods followed by a capital
    ("The law took effect Jan. 1. It covers migrants.", ["The law took effect Jan. 1.", "It covers migrants."]),
    ("“This is unacceptable.” The minister left.", ["“This is unacceptable.”", "The minister left."]),
    ("«Мы против», — сказал он. «Hello.» Next sentence here.",
     ["«Мы против», — сказал он.", "«Hello.»", "Next sentence here."]),
])
def test_sentence_ends_before_capital(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a closing placeholder stays with the sentence it ends
    ("Kabanov {1}said.{/1} Next came the law.", ["Kabanov {1}said.{/1}", "Next came the law."]),
    # an opening placeholder starts the next sentence
    ("It ended. {2}Moscow{/2} agreed.", ["It ended.", "{2}Moscow{/2} agreed."]),
    # a standalone code right after the end (footnote marker) stays behind
    ("It ended.{3/} Then it began.", ["It ended.{3/}", "Then it began."]),
    ("It ended. {3/}Then it began.", ["It ended.", "{3/}Then it began."]),
    # placeholders around abbreviations do not hide them
    ("{1}Mr.{/1} Putin spoke. {2}Gen.{/2} Gerasimov listened.",
     ["{1}Mr.{/1} Putin spoke.", "{2}Gen.{/2} Gerasimov listened."]),
    # closing quote and closing placeholder in both orders
    ("{1}“We refuse.”{/1} The talks ended.", ["{1}“We refuse.”{/1}", "The talks ended."]),
    ("“{1}We refuse.{/1}” The talks ended.", ["“{1}We refuse.{/1}”", "The talks ended."]),
    # a placeholder before lowercase is not a sentence start
    ("It ended. {1}and{/1} began.", ["It ended. {1}and{/1} began."]),
])
def test_placeholders_around_sentence_ends(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("{1}Sanctions hit hard. Prices rose.{/1} Then they fell.",
     ["{1}Sanctions hit hard. Prices rose.{/1}", "Then they fell."]),
    ("He read {1}the report. It was long{/1} and left.", ["He read {1}the report. It was long{/1} and left."]),
    ("A {1}b {2}One. Two.{/2} c. Three{/1} d. Four.", ["A {1}b {2}One. Two.{/2} c. Three{/1} d.", "Four."]),
])
def test_never_breaks_inside_a_paired_placeholder_span(text, expected):
    assert split_sentences(text) == expected


# The paragraphs of the example article (workbench/example/articles/) as the importer
# gives them: Markdown bold and links as placeholders, the stray blank line joined.
SEED_PARAGRAPHS = [
    ["Russia Threatens Denaturalization for Draft-Defying Central Asians"],
    ["September 23, 2022"],
    ["The Sakharovo migration center in Moscow.", "{1}Sergei Vedyashkin / Moskva News Agency{/1}"],
    ["Moscow could strip the Russian passports of naturalized citizens from Central Asia if they defy "
     "President Vladimir Putin's orders to take up arms in Ukraine, a senior human rights official "
     "{1}said{/1} Thursday."],
    ["Kirill Kabanov, member of the presidential human rights council, issued the warning after four "
     "ex-Soviet Central Asian republics {1}threatened{/1} their citizens with criminal prosecution for "
     "fighting in foreign conflicts."],
    ["{1}Related article:{/1} {2}Central Asians in Russia Pressured to Join Moscow's Fight in Ukraine{/2}"],
    ["Kabanov said his body is drafting new rules as part of Putin's mobilization orders for migrants who "
     "have obtained Russian citizenship within the past 10 years."],
    ["The draft rules include compulsory military service within a year for Russian citizens hailing "
     "from Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan, he wrote on his Telegram channel."],
    ["Nationals of these countries, who often move to Russia to find work, make up a "
     "{1}significant share{/1} of foreigners granted Russian passports."],
    ["“Refusal to perform military service should result in the deprivation of Russian citizenship not "
     "only for the person subject to military service, but also for members of his family,” Kabanov said."],
    ["He said denaturalization “would be an adequate response to an official ban” on taking part in "
     "hostilities on foreign soil by the Central Asian countries."],
    ["Several reports have emerged of Central Asian nationals living in Russia being pressured to fight "
     "on Moscow’s side in the months since Russia invaded Ukraine in February."],
    ["Migrants’ rights activists told The Moscow Times in spring that the recruitment tactics included "
     "{1}promising expedited citizenship{/1} in exchange for Central Asians signing up for contract "
     "service with the Russian army."],
    ["Russian lawmakers this week moved to {1}simplify{/1} citizenships for foreigners who complete a "
     "one-year contract with the Russian Armed Forces."],
    ["Moscow Mayor Sergei Sobyenin {1}announced{/1} the opening of a military recruitment site for "
     "foreigners at a migration center outside the Russian capital."],
    ["Original url:"],
    ["{1}https://www.themoscowtimes.com/2022/09/23/russia-threatens-denaturalization-for-draft-defying-"
     "central-asians-a78873{/1}"],
]


@pytest.mark.parametrize("sentences", SEED_PARAGRAPHS, ids=lambda s: s[0][:30])
def test_seed_article_paragraphs(sentences):
    assert split_sentences(" ".join(sentences)) == sentences


def test_seed_sentences_come_from_the_seed_file():
    seed = SEED.read_text(encoding="utf-8")
    assert "The Sakharovo migration center in Moscow. **Sergei Vedyashkin / Moskva News Agency**" in seed
    assert SEED_PARAGRAPHS[9][0] in seed


def test_paragraphs_split_at_blank_lines_and_whitespace_is_normalized():
    text = "  First  paragraph\n ends here\n\n  Second one.\tIt has\ntwo sentences.  "
    sentences = split_sentences(text)
    assert sentences == ["First paragraph ends here", "Second one.", "It has two sentences."]
    assert " ".join(sentences) == normalize_space(text)


def test_non_breaking_spaces_are_kept():
    assert split_sentences("It cost 10\u00a0000 rubles. Then\u00a0more.") == [
        "It cost 10\u00a0000 rubles.", "Then\u00a0more."]


def test_spans_point_into_the_original_text():
    text = " Mr. Smith left.\n\nHe said:  “No.”  Then silence. "
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == [
        "Mr. Smith left.", "He said:  “No.”", "Then silence."]


def test_empty_and_blank_text_have_no_sentences():
    assert split_sentences("") == []
    assert sentence_spans(" \n\t ") == []


def test_other_languages_use_the_default_rules_without_the_english_exceptions():
    """The English exceptions (titles, initials, "Inc." before a name) hold for English in any
    region; in another language a sentence that ends in "Inc." or "C." ends there."""
    assert split_sentences("Он уехал в 2022 г. В Москве его ждали.", lang="ru") == [
        "Он уехал в 2022 г.", "В Москве его ждали."]
    assert split_sentences("Сделку подписала Apple Inc. Акции компании выросли на 1,5 %.",
                           lang="ru") == ["Сделку подписала Apple Inc.",
                                          "Акции компании выросли на 1,5 %."]
    assert split_sentences("Eng koʻp kerak boʻlgani — vitamin C. Uni apelsindan olish mumkin.",
                           lang="uz") == ["Eng koʻp kerak boʻlgani — vitamin C.",
                                          "Uni apelsindan olish mumkin."]
    for english in ("en", "en-GB", "EN-us"):
        assert split_sentences("Mr. Smith met Apple Inc. Chief Executive Tim Cook. He left.",
                               lang=english) == [
            "Mr. Smith met Apple Inc. Chief Executive Tim Cook.", "He left."]


def test_rules_file_is_srx_2_0_with_english_and_default_maps():
    from lxml import etree
    root = etree.parse(str(DEFAULT_RULES)).getroot()
    namespace = {"srx": "http://www.lisa.org/srx20"}
    patterns = [element.get("languagepattern")
                for element in root.iterfind(".//srx:languagemap", namespace)]
    assert root.get("version") == "2.0"
    assert "en.*" in patterns and patterns[-1] == ".*"


def test_cascade_off_uses_only_the_first_matching_map(tmp_path):
    rules = DEFAULT_RULES.read_text(encoding="utf-8").replace('cascade="yes"', 'cascade="no"')
    path = tmp_path / "no-cascade.srx"
    path.write_text(rules, encoding="utf-8")
    # only the "Paragraphs" rules apply: blank lines break, sentence ends do not
    assert split_sentences("One. Two.\n\nThree.", rules=path) == ["One. Two.", "Three."]


def test_split_to_fit_packs_whole_sentences_then_cuts_at_spaces():
    assert split_to_fit("short", 10) == ["short"]
    assert split_to_fit("One two. Three four.", 10) == ["One two.", "Three", "four."]
    assert split_to_fit("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    text = "He agreed. Mr. Kabanov said: the rules are ready; they apply in May."
    assert split_to_fit(text, 60) == [
        "He agreed.", "Mr. Kabanov said: the rules are ready; they apply in May."]


def _srx(rules: str) -> str:
    return ("<srx version='2.0' xmlns='http://www.lisa.org/srx20'><header cascade='yes'/><body>"
            f"<languagerules><languagerule languagerulename='X'>{rules}</languagerule></languagerules>"
            "<maprules><languagemap languagepattern='.*' languagerulename='X'/></maprules></body></srx>")


@pytest.mark.parametrize("content, problem", [
    (None, "cannot be read"),
    ("<srx version='2.0' xmlns='http://www.lisa.org/srx20'><header>", "not well-formed XML"),
    ("<srx version='1.0' xmlns='http://www.lisa.org/srx10'/>", "not an SRX 2.0 document"),
    ("<srx version='2.0' xmlns='http://www.lisa.org/srx20'><body/></srx>", "no <header>"),
    (_srx("<rule><beforebreak>[.</beforebreak></rule>"), "bad regular expression"),
    ("<srx version='2.0' xmlns='http://www.lisa.org/srx20'><header/><body><maprules>"
     "<languagemap languagepattern='.*' languagerulename='Nope'/></maprules></body></srx>",
     "unknown languagerule 'Nope'"),
    ("<srx version='2.0' xmlns='http://www.lisa.org/srx20'><header/><body><maprules>"
     "<languagemap languagepattern='en(' languagerulename='Nope'/></maprules></body></srx>",
     "bad languagepattern 'en\\('"),
    ("<srx version='2.0' xmlns='http://www.lisa.org/srx20'><header/><body/></srx>",
     "no segmentation rules for language 'en'"),
])
def test_broken_rules_file_is_an_input_error_naming_it(tmp_path, content, problem):
    path = tmp_path / "rules.srx"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as error:
        split_sentences("One. Two.", rules=path)
    assert str(path) in str(error.value)


def test_entity_declarations_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("[.]", encoding="utf-8")
    path = tmp_path / "rules.srx"
    path.write_text(
        f'<!DOCTYPE srx [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<srx version='2.0' xmlns='http://www.lisa.org/srx20'><header/><body><languagerules>"
        "<languagerule languagerulename='X'><rule><beforebreak>&x;</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule></languagerule></languagerules><maprules>"
        "<languagemap languagepattern='.*' languagerulename='X'/></maprules></body></srx>",
        encoding="utf-8")
    with pytest.raises(InputError, match="has entity declarations or an internal DTD; refused for safety"):
        split_sentences("One. Two.", rules=path)


@pytest.mark.parametrize("first, expected", [
    ("no", ["Dr. Who left.", "Then."]),
    ("yes", ["Dr.", "Who left.", "Then."]),
])
def test_first_matching_rule_decides(tmp_path, first, expected):
    path = tmp_path / f"{first}.srx"
    path.write_text(_srx(
        f"<rule break='{first}'><beforebreak>Dr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "<rule break='no'><beforebreak>Dr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "<rule break='yes'><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"),
        encoding="utf-8")
    assert split_sentences("Dr. Who left. Then.", rules=path) == expected
