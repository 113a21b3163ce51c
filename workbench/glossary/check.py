"""Glossary findings for stored translations: what `workbench check` reports."""

from dataclasses import dataclass

from workbench.glossary.matcher import GlossaryFinding, GlossaryMatcher
from workbench.glossary.storage import load_glossary


@dataclass(frozen=True)
class SegmentFinding:
    article: str
    sid: str
    lang: str
    finding: GlossaryFinding

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def message(self) -> str:
        return self.finding.message

    def to_json(self) -> dict:
        return {"article": self.article, "sid": self.sid, **self.finding.to_json()}


def glossary_findings(store, slug: str | None, langs: list[str],
                      strict: bool = False) -> list[SegmentFinding]:
    """Findings of every translated segment of one article (or all), in article order.

    `strict` also reports admitted forms where the source used the preferred term.
    """
    matcher = GlossaryMatcher(load_glossary(store))
    slugs = [slug] if slug else [article.slug for article in store.articles()]
    found = []
    for article in slugs:
        segments = store.segments(article)
        for lang in langs:
            translations = store.translations(article, lang)
            for segment in segments:
                translation = translations.get(segment.sid)
                if translation is None or not translation.target:
                    continue
                found.extend(
                    SegmentFinding(article, segment.sid, lang, finding)
                    for finding in matcher.check_segment(segment.source, translation.target, lang,
                                                         strict)
                )
    return found
