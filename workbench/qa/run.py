"""Running the checks over an article: computed on demand, never stored.

Findings depend on the text, the project's other approved translations and the
glossary, all of which change; computing them per article and language (a few
milliseconds for thousands of segments) is simpler than keeping stored findings
in step. Only mutes, a user's decision, are stored.
"""

from dataclasses import replace

from workbench.model import Origin, Segment, Status, Translation
from workbench.qa.base import Check, Finding, Unit
from workbench.qa.checks import TEXT_CHECKS, Inconsistent, ProjectTranslations, Untranslated
from workbench.qa.mutes import mutes_for

_UNTRANSLATED = Untranslated()


def checks_for(store, lang: str) -> list[Check]:
    """The checks for one language, loaded with what they need from the project."""
    return [check() for check in TEXT_CHECKS] + [Inconsistent(ProjectTranslations.load(store, lang))]


def check_unit(unit: Unit, checks: list[Check]) -> list[Finding]:
    """A segment without a translation only gets "untranslated"; the rest need a target."""
    if not unit.translated:
        return _UNTRANSLATED.check(unit)
    return [finding for check in checks for finding in check.check(unit)]


def findings_for_article(store, slug: str, lang: str, include_muted: bool = False,
                         checks: list[Check] | None = None) -> dict[str, list[Finding]]:
    """{sid: findings} for the segments of an article that have any, in article order.

    Muted findings are left out unless `include_muted`, then they carry `muted=True`
    and the stored reason.
    """
    checks = checks_for(store, lang) if checks is None else checks
    translations = store.translations(slug, lang)
    mutes = mutes_for(store, slug, lang)
    result = {}
    for segment in store.segments(slug):
        findings = []
        for finding in check_unit(Unit(segment, lang, translations.get(segment.sid)), checks):
            mute = mutes.get((segment.sid, finding.check))
            if mute is None:
                findings.append(finding)
            elif include_muted:
                findings.append(replace(finding, muted=True, mute_reason=mute.reason))
        if findings:
            result[segment.sid] = findings
    return result


def findings_for_draft(store, segment: Segment, lang: str, target: str) -> list[Finding]:
    """Findings for text a translator is typing, before it is saved (mutes not applied)."""
    draft = Translation(segment.sid, segment.article, lang, target, Status.EDITED, Origin.HUMAN)
    return check_unit(Unit(segment, lang, draft), checks_for(store, lang))

