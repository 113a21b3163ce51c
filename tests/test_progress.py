"""Word counts and progress: one definition of a word, approved as done, on the CLI too."""

import json
import re

import pytest

from tests.conftest import OWNER, SEED, SEED_SLUG
from workbench.importing import import_paths
from workbench.model import Origin, Status
from workbench.progress import article_progress, count_words, project_progress


@pytest.mark.parametrize("text, words", [
    ("Moscow-based officials don't say", 4),
    ("{1}Sergei Vedyashkin{/1} / Moskva News Agency", 5),  # placeholders are not words
    ("Photo{1/}caption", 2),  # a standalone code separates
    ("2,000 people, 12.5% — “quoted”", 4),
    ("Қазақстан, Кыргызстан ва Oʻzbekiston", 4),
    ("{1}{/1} — ", 0),
])
def test_a_word_is_counted_once_whatever_its_punctuation(text, words):
    assert count_words(text) == words


def test_the_words_of_an_article_agree_with_a_count_of_its_source_text(store):
    """Counted another way: the Markdown without its link targets and addresses, split at
    spaces, each piece with a letter or digit one word."""
    import_paths(store, [SEED], actor=OWNER)
    markdown = SEED.read_text(encoding="utf-8")
    prose = re.sub(r"<https?://[^>]*>|\]\([^)]*\)", " ", markdown)
    prose = re.sub(r"[#*_\[\]!]", " ", prose)
    by_spaces = [piece for piece in prose.split() if re.search(r"\w", piece)]
    progress = article_progress(store, SEED_SLUG, "ru")
    assert progress.words["total"] == len(by_spaces) == sum(
        count_words(segment.source) for segment in store.segments(SEED_SLUG))


def test_only_approved_and_current_translations_count_as_done(store):
    import_paths(store, [SEED], actor=OWNER)
    words = {s.sid: count_words(s.source) for s in store.segments(SEED_SLUG)}
    store.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    store.save_translation(SEED_SLUG, "s2", "kk", "2022", Status.APPROVED, Origin.HUMAN)
    store.save_translation(SEED_SLUG, "s3", "kk", "Сахарово", Status.EDITED, Origin.HUMAN)
    store.mark_source_changed(SEED_SLUG, "s2", "September 22, 2022")
    progress = article_progress(store, SEED_SLUG, "kk")
    assert progress.segments == {"new": 14, "machine-translated": 0, "edited": 1, "reviewed": 0,
                                 "approved": 2, "needs-review": 1, "done": 1, "total": 17}
    assert progress.words["done"] == words["s1"]
    assert progress.words["edited"] == words["s3"]
    assert progress.done_share == pytest.approx(words["s1"] / sum(words.values()))
    assert article_progress(store, SEED_SLUG, "ru").done_share == 0


def test_status_reports_words_and_done_in_text_and_json(run, store):
    import_paths(store, [SEED], actor=OWNER)
    store.save_translation(SEED_SLUG, "s1", "kk", "Ресей", Status.APPROVED, Origin.HUMAN)
    expected = project_progress(store)[SEED_SLUG]["kk"]
    data = json.loads(run("status", "--json", "--lang", "kk").output)
    assert data == {SEED_SLUG: {"kk": expected.to_json()}}
    assert data[SEED_SLUG]["kk"]["words"]["done"] == count_words(store.segment(SEED_SLUG, "s1").source)
    header, row = run("status", SEED_SLUG, "--lang", "kk").output.splitlines()
    assert header.split()[-2:] == ["words", "done"]
    assert row.split()[-2:] == [str(expected.words["total"]), f"{expected.done_share:.0%}"]
    missing = run("status", "nothing-here")
    assert missing.exit_code == 1 and "no article 'nothing-here'" in missing.output
