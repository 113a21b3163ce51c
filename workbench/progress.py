"""How far an article is in each language: segments and source words by status.

A word is what `count_words` counts (progress on the pages, `workbench status` and its JSON
all come from here): a run of letters, digits and combining marks, with an apostrophe, hyphen, period or
comma inside it (don't, Moscow-based, 2,000, 12.5) kept as one word. Placeholders are not
words: a paired code's tags vanish (its text counts), a standalone code separates.

Done means approved: a translation that is approved and whose source has not changed since.
"""

from dataclasses import dataclass

import regex

from workbench.inline import PLACEHOLDER
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Status, status_of
from workbench.store import ARTICLES, TRANSLATIONS
from workbench.store.memo import article_segments, article_translations, memoized

WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’\-‐.,][\p{L}\p{N}\p{M}]+)*")
NEEDS_REVIEW = "needs-review"
DONE = "done"
TOTAL = "total"


def count_words(text: str) -> int:
    """The number of words in segment text (see the module docstring)."""
    without_codes = PLACEHOLDER.sub(lambda code: " " if code.group(3) else "", text)
    return sum(1 for _ in WORD.finditer(without_codes))


@dataclass(frozen=True)
class Progress:
    """One article in one language. Both counts are keyed by status, plus "needs-review"
    (translations whose source changed since), "done" (approved and current) and "total"."""

    segments: dict[str, int]
    words: dict[str, int]

    @property
    def done_share(self) -> float:
        """Share of the source words approved: the progress bar."""
        return self.words[DONE] / self.words[TOTAL] if self.words[TOTAL] else 0.0

    def to_json(self) -> dict:
        return {**self.segments, "words": dict(self.words), "done_share": round(self.done_share, 4)}


def source_words(store, slug: str) -> dict[str, int]:
    """{sid: words} of an article's source, counted again only when an article changed."""
    return memoized(store, ("source-words", slug), (ARTICLES,),
                    lambda: {s.sid: count_words(s.source) for s in article_segments(store, slug)})


def article_progress(store, slug: str, lang: str) -> Progress:
    """Segments and words of `slug` in `lang`, counted again only when something changed."""
    return memoized(store, ("progress", slug, lang), (ARTICLES, TRANSLATIONS),
                    lambda: _count(source_words(store, slug),
                                   article_translations(store, slug, lang)))


def project_progress(store, slug: str | None = None,
                     langs: list[str] | None = None) -> dict[str, dict[str, Progress]]:
    """{article: {lang: progress}} of one article or all, in the given languages (all five)."""
    slugs = [store.article(slug).slug] if slug else [article.slug for article in store.articles()]
    return {each: {lang: article_progress(store, each, lang) for lang in langs or TARGET_LANGUAGES}
            for each in slugs}


def _count(words: dict[str, int], translations) -> Progress:
    keys = [status.value for status in Status] + [NEEDS_REVIEW, DONE, TOTAL]
    segments, counted = dict.fromkeys(keys, 0), dict.fromkeys(keys, 0)
    for sid, size in words.items():
        translation = translations.get(sid)
        status = status_of(translation).value
        stale = bool(translation and translation.needs_review)
        for key, applies in ((status, True), (NEEDS_REVIEW, stale), (TOTAL, True),
                             (DONE, status == Status.APPROVED.value and not stale)):
            if applies:
                segments[key] += 1
                counted[key] += size
    return Progress(segments, counted)
