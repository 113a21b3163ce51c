"""Matching many texts in one call (what checking an article does) finds what matching each
text alone finds, and a word read two ways is always read the same way."""

import os
import subprocess
import sys
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.glossary.csvio import read_csv
from workbench.glossary.files import read_glossary
from workbench.glossary import matcher as matcher_module
from workbench.glossary.matcher import GlossaryMatcher
from workbench.glossary.storage import project_matcher
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.qa import Unit, check_unit, findings_for_article, project_checks
from workbench.qa.checks.glossary import GlossaryCheck
from workbench.qa.rules import project_script
from workbench.settings import SHIPPED_GLOSSARY
from tests.conftest import OWNER, SEED, SEED_SLUG, shipped_translations
from tests.exchange_helpers import edit_xliff2
from workbench.exchange.export import export_article
from workbench.exchange.importer import import_files

LANGS = ["ru", "kk", "ky", "tg", "uz"]
SHIPPED = GlossaryMatcher(read_glossary(SHIPPED_GLOSSARY).glossary)


def test_many_texts_in_one_call_give_what_each_text_gives_alone():
    for lang in LANGS:
        pairs = shipped_translations(lang)
        for index, texts in (("en", [pair["source"] for pair in pairs]),
                             (lang, [pair["target"] for pair in pairs])):
            for nested in (False, True):
                alone = [SHIPPED.index(index).find(text, nested) for text in texts]
                assert sum(map(len, alone)) > 50
                assert SHIPPED.index(index).find_many(texts, nested) == alone, (index, nested)


def test_no_term_runs_from_one_text_into_the_next():
    glossary = read_csv(b"id,en\ncentral-asia,Central Asia\nasia,Asia\n", "g.csv")
    index = GlossaryMatcher(glossary).index("en")
    hits = index.find_many(["News from Central", "Asia today", "Central Asia"])
    assert [[(hit.concept_id, hit.text, hit.start) for hit in found] for found in hits] == [
        [], [("asia", "Asia", 0)], [("central-asia", "Central Asia", 0)]]


def test_an_underscore_is_no_part_of_a_word_and_joins_no_words_of_a_term():
    glossary = read_csv(b"id,en\ncentral-asia,Central Asia\nasia,Asia\n", "g.csv")
    index = GlossaryMatcher(glossary).index("en")
    text = "central_asia and Central-Asia"
    assert [(hit.concept_id, hit.text) for hit in index.find(text)] == [
        ("asia", "asia"), ("central-asia", "Central-Asia")]
    assert index.find_many([text, text]) == [index.find(text)] * 2


# texts made of the small glossary's words, their forms and what may stand around them
_PIECES = ["migrant", "migrants", "Migrants’", "migration", "centre", "center", "centres",
           "Kazakhstan", "KAZAKHSTAN", "US", "us", "Telegram", "telegram", "Vladimir", "Putin's",
           "Moscow", "mobilization", "partial", "the", "of", "{1}", "{/1}", "{2/}", " ", "  ",
           "-", " – ", ". ", ", ", "_", "'", "«", "»", "\n", "’s", "states'"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join),
                min_size=1, max_size=6),
       st.booleans())
def test_one_call_for_many_texts_is_a_call_for_each(texts, nested):
    matcher = GlossaryMatcher(read_csv(
        "id,en,ru\nmigrant,migrant,мигрант\nmigration-center,migration center,центр\n"
        "kazakhstan,Kazakhstan,Казахстан\nus,US|cs,США\ntelegram,Telegram|dnt,\n"
        "putin,Vladimir Putin,Путин\nmoscow,Moscow,Москва\n"
        "partial-mobilization,partial mobilization,частичная мобилизация\n"
        "mobilization,mobilization,мобилизация\nstate,state,государство\n"
        "states,states,штаты\n".encode("utf-8"), "g.csv"))
    index = matcher.index("en")
    assert index.find_many(texts, nested) == [index.find(text, nested) for text in texts]


def test_a_word_read_two_ways_is_read_as_the_longer_glossary_word_in_every_process():
    """"medipes's" is medip + es's or medipes + 's: the longer word wins, whatever order the
    process's string hashing gives a set (it used to change from one process to the next)."""
    script = (
        "from workbench.glossary.csvio import read_csv\n"
        "from workbench.glossary.matcher import GlossaryMatcher\n"
        "g = read_csv(b'id,en\\nstate,state\\nstates,states\\nmedip,medip\\n"
        "medipes,medipes\\n', 'g.csv')\n"
        "print([h.concept_id for h in GlossaryMatcher(g).source_terms("
        "\"the states' rights, the medipes's\")])\n")
    for seed in range(4):
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)})
        assert output.stdout.strip() == "['states', 'medipes']", seed


def test_checking_an_article_reads_its_texts_in_one_call_and_finds_what_each_finds(
        store, monkeypatch):
    import_paths(store, [SEED], actor=OWNER)
    segments = store.segments(SEED_SLUG)
    for segment, pair in zip(segments, shipped_translations("kk")):
        # every third left in English: its glossary terms are missing
        target = segment.source if segment.position % 3 == 0 else pair["target"]
        store.save_translation(SEED_SLUG, segment.sid, "kk", target, Status.EDITED, Origin.HUMAN)
    asked = []
    check_many = GlossaryMatcher.check_many
    monkeypatch.setattr(GlossaryMatcher, "check_many", lambda self, pairs, lang, strict=False: (
        asked.append(len(pairs)) or check_many(self, pairs, lang, strict)))

    found = findings_for_article(store, SEED_SLUG, "kk")

    assert asked == [len(segments)]  # every translation, in one call
    glossary = GlossaryCheck(project_matcher(store))  # answers one text at a time
    checks = [check for check in project_checks(store, "kk")
              if not isinstance(check, GlossaryCheck)] + [glossary]
    translations = store.translations_of(SEED_SLUG, "kk", [s.sid for s in segments])
    one_by_one = {}
    for segment in segments:
        findings = check_unit(Unit.of(segment, "kk", translations.get(segment.sid),
                                      project_script(store, "kk")), checks)
        if findings:
            one_by_one[segment.sid] = findings
    assert found == one_by_one
    assert sum(f.check == "glossary" for findings in found.values() for f in findings) > 10


def test_an_imported_files_approvals_are_checked_in_one_call_and_term_errors_held_back(
        store, monkeypatch, tmp_path):
    """The import's approval gate checks the file's units as an article is checked."""
    import_paths(store, [SEED], actor=OWNER)
    segments = store.segments(SEED_SLUG)
    english = {segment.sid for segment in segments if segment.position % 3 == 0}
    for segment, pair in zip(segments, shipped_translations("kk")):
        # left in English: its glossary terms are missing
        target = segment.source if segment.sid in english else pair["target"]
        store.save_translation(SEED_SLUG, segment.sid, "kk", target, Status.EDITED, Origin.HUMAN)
    [path] = export_article(store, SEED_SLUG, "xliff2", ["kk"], actor=OWNER, folder=tmp_path)
    for segment in segments:
        edit_xliff2(path, segment.sid, state="final")  # the translator approves them all
    prepared, alone = [], []
    prepare, check_segment = GlossaryCheck.prepare, GlossaryMatcher.check_segment
    monkeypatch.setattr(GlossaryCheck, "prepare", lambda self, units: (
        prepared.append([unit.segment.sid for unit in units]) or prepare(self, units)))
    monkeypatch.setattr(GlossaryMatcher, "check_segment", lambda self, *args: (
        alone.append(args) or check_segment(self, *args)))

    [report] = import_files(store, [path], actor=OWNER).files

    assert prepared == [[segment.sid for segment in segments]]  # every approval, in one call
    assert alone == []  # no text matched on its own
    held_back = {change.sid: change.note for change in report.updated
                 if change.new_status == Status.REVIEWED.value}
    assert held_back.keys() == english
    assert all(note.startswith("approval held back: ") and note.endswith("(glossary)")
               for note in held_back.values())
    assert {change.sid for change in report.updated
            if change.new_status == Status.APPROVED.value} == {s.sid for s in segments} - english
    assert store.translation(SEED_SLUG, "s1", "kk").status == Status.REVIEWED


def test_a_session_reading_while_another_learns_new_words_gets_whole_answers():
    """The matcher is shared by the sessions of a server: one may read while another's texts
    teach it new words. Here the other session reads at the worst moment, as the learning
    writes what it learnt (it used to find no term there, or fail with a KeyError)."""
    glossary = read_csv(b"id,en\nuzbekistan,Uzbekistan\nkazakhstan,Kazakhstan\n", "g.csv")
    index = GlossaryMatcher(glossary).index("en")
    meanwhile = []

    class Interrupted(dict):  # the other session reads once the first answers are written
        def update(self, *args):
            super().update(*args)
            if not meanwhile:
                meanwhile.append("reading")
                meanwhile[:] = [[hit.concept_id for hit in index.find(text)]
                                for text in ("Uzbekistan", "Kazakhstan", "Kazakhstan's")]

    index._memo, index._one_word = Interrupted(index._memo), Interrupted(index._one_word)
    assert [[hit.concept_id for hit in found] for found in index.find_many(
        ["Kazakhstan and Uzbekistan", "Kazakhstan's"])] == [
            ["kazakhstan", "uzbekistan"], ["kazakhstan"]]
    assert meanwhile == [["uzbekistan"], ["kazakhstan"], ["kazakhstan"]]


def test_the_collector_runs_again_once_sessions_matching_at_once_are_done(monkeypatch):
    """find_many pauses the cyclic garbage collector; sessions in threads overlapping in any
    order must leave it on. Here session B looks whether the collector runs while A is
    inside, and A leaves before B switches it off (that left it off for good)."""
    index = GlossaryMatcher(read_csv(b"id,en\nkazakhstan,Kazakhstan\n", "g.csv")).index("en")
    a_inside, b_started, a_done = threading.Event(), threading.Event(), threading.Event()

    class Collector:  # the gc module as the matcher sees it
        enabled = True

        def isenabled(self):
            seen = self.enabled
            if threading.current_thread().name == "B":
                a_done.wait(5)  # A leaves between B's look and B's switching off
            return seen

        def disable(self):
            self.enabled = False

        def enable(self):
            self.enabled = True

    collector = Collector()
    monkeypatch.setattr(matcher_module, "gc", collector)
    spans = type(index)._spans

    def held(self, text, nested):
        if threading.current_thread().name == "A":
            a_inside.set()
            b_started.wait(5)
        return spans(self, text, nested)

    monkeypatch.setattr(type(index), "_spans", held)

    def session_a():
        index.find_many(["Kazakhstan"])
        a_done.set()

    def session_b():
        a_inside.wait(5)
        b_started.set()
        index.find_many(["Kazakhstan"])

    threads = [threading.Thread(target=session_a, name="A"),
               threading.Thread(target=session_b, name="B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert a_done.is_set() and collector.enabled


def test_a_text_with_a_capital_dotted_i_changes_no_other_text_read_with_it():
    """İ is the one letter whose lower case is longer; the others of its batch are lowered as
    each alone (a Greek final sigma stays final)."""
    index = GlossaryMatcher(read_csv("id,en\nodos,οδος\n".encode("utf-8"), "g.csv")).index("en")
    texts = ["ΟΔΟΣ", "İstanbul", "ΟΔΟΣ İstanbul"]
    assert index.find_many(texts) == [index.find(text) for text in texts]
    assert [hit.text for hit in index.find("ΟΔΟΣ")] == ["ΟΔΟΣ"]
