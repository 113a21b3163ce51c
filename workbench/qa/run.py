"""Running the checks over an article: computed on demand, never stored.

Findings depend on the text, the project's other approved translations and the
glossary, all of which change; computing them per article and language (tens of
milliseconds for thousands of segments, with the caches below) is simpler than
keeping stored findings in step. Only mutes, a user's decision, are stored.
"""

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from workbench.glossary.storage import project_matcher
from workbench.model import Segment, Status
from workbench.qa.base import Check, Finding, Unit
from workbench.qa.checks import (
    TEXT_CHECKS,
    GlossaryCheck,
    Inconsistent,
    ProjectTranslations,
    Untranslated,
)
from workbench.qa.mutes import mutes_for
from workbench.qa.rules import project_script
from workbench.store import GLOSSARY
from workbench.store.memo import article_segments, article_translations, memoized

_UNTRANSLATED = Untranslated()
_TEXT_CHECKS = tuple(check() for check in TEXT_CHECKS)


def project_checks(store, lang: str, strict: bool = False,
                   errors_only: bool = False) -> list[Check]:
    """The checks that compare with the rest of the project, loaded for one language.
    `strict`: the glossary also reports admitted forms where the preferred one is due.
    `errors_only`: only those that can report an error (an approval asks no more), which
    leaves out consistency: reading every reviewed translation of the language to warn."""
    glossary = _glossary_check(store, strict)
    if errors_only:
        return [glossary]
    return [Inconsistent(ProjectTranslations.load(store, lang)), glossary]


def _glossary_check(store, strict: bool) -> GlossaryCheck:
    """Kept while the glossary is unchanged, so are its answers per text: a rerun of a page
    asks again for every segment."""
    return memoized(store, ("glossary-check", strict), (GLOSSARY,),
                    lambda: GlossaryCheck(project_matcher(store), strict))


@lru_cache(maxsize=20_000)
def _text_findings(unit: Unit) -> tuple[Finding, ...]:
    """Findings that depend on the unit alone. Cached: the UI asks again on every
    click, and only the segment just edited has changed."""
    return tuple(finding for check in _TEXT_CHECKS for finding in check.check(unit))


def check_unit(unit: Unit, checks: list[Check]) -> list[Finding]:
    """Text checks plus `checks` (see project_checks). A segment without a translation
    only gets "untranslated": the others need a target."""
    if not unit.translated:
        return _UNTRANSLATED.check(unit)
    return list(_text_findings(unit)) + [
        finding for check in checks for finding in check.check(unit)
    ]


def findings_for_article(store, slug: str, lang: str, include_muted: bool = False,
                         strict: bool = False, translations: Mapping | None = None,
                         errors_only: bool = False) -> dict[str, list[Finding]]:
    """{sid: findings} for the segments of an article that have any, in article order
    (only the segments `translations` holds, {sid: translation}, when the caller has read
    them already: what approving does).

    Muted findings are left out unless `include_muted`, then they carry `muted=True`
    and the stored reason. `strict`, `errors_only`: see project_checks (with `errors_only`
    findings of other severities may still come from checks that also report errors).
    """
    checks = project_checks(store, lang, strict, errors_only)
    wanted = None if translations is None else translations.keys()
    if translations is None:
        translations = article_translations(store, slug, lang)
    script = project_script(store, lang)
    units = [Unit.of(segment, lang, translations.get(segment.sid), script)
             for segment in article_segments(store, slug)
             if wanted is None or segment.sid in wanted]
    found = _findings(units, checks, mutes_for(store, slug, lang), include_muted)
    return {unit.segment.sid: findings for unit, findings in zip(units, found) if findings}


def _findings(units: list[Unit], checks: list[Check], mutes: Mapping,
              include_muted: bool = False) -> list[list[Finding]]:
    """The findings of each unit, every check having read them all first (`Check.prepare`:
    the glossary matches all the texts in one call). `mutes` ({(sid, check): mute}) are left
    out, or with `include_muted` marked and given their reason."""
    for check in checks:
        check.prepare(units)
    result = []
    for unit in units:
        findings = []
        for finding in check_unit(unit, checks):
            mute = mutes.get((unit.segment.sid, finding.check))
            if mute is None:
                findings.append(finding)
            elif include_muted:
                findings.append(replace(finding, muted=True, mute_reason=mute.reason))
        result.append(findings)
    return result


def findings_for_draft(store, segment: Segment, lang: str, target: str,
                       errors_only: bool = False) -> list[Finding]:
    """Findings for text not saved yet (typed, or arriving in a file), less the checks a
    reviewer muted for this segment: the same verdict `workbench approve` would give.
    `errors_only`: see project_checks (what a gate needs)."""
    return findings_for_drafts(store, segment.article, lang, [(segment, target)], errors_only)[0]


def findings_for_drafts(store, article: str, lang: str, drafts: list[tuple[Segment, str]],
                        errors_only: bool = False) -> list[list[Finding]]:
    """`findings_for_draft` for many drafts (segment, target) of one article (a file's units),
    in order: checked together, as an article is. Without drafts nothing is read (a file
    may approve nothing)."""
    if not drafts:
        return []
    script = project_script(store, lang)
    units = [Unit(segment, lang, target, Status.EDITED, script=script)
             for segment, target in drafts]
    return _findings(units, project_checks(store, lang, errors_only=errors_only),
                     mutes_for(store, article, lang))
