"""Status changes a reviewer makes: approve, mark reviewed, reject, edit.

Shared by the CLI (scripted workflows) and the UI. Each takes the acting account and
refuses, changing nothing, what its roles do not allow in that language (editing takes
a translator or reviewer, the other changes a reviewer). Every change goes through
`store.save_translation`, so it is recorded in the history with the account's name, and a
batch is one transaction: a refused or conflicting segment leaves all as they were.

Approving is gated on quality: a segment with unmuted errors is not approved unless
`force` is given, and then the history note says so. Rejecting sends a translation
back to the translator, as the review page does: a machine-translated, reviewed or
approved text becomes `edited` again (the translator's stage; MT never overwrites it),
the text stays to be reworked, "sent back: REASON" goes into the history and the reason
into the segment's comment thread. A segment that is new or edited is already with the
translator: nothing to send back (`can_send_back` tells a page whether to offer it).
"""

from dataclasses import dataclass, field

from workbench.accounts import Action, Actor, require
from workbench.errors import InputError, WorkbenchError
from workbench.model import Origin, Status, Translation
from workbench.qa import Finding, Severity, findings_for_article
from workbench.store import now


class QualityGateError(WorkbenchError):
    """Approval refused because errors remain: `errors` holds them, {sid: findings}."""

    def __init__(self, message: str, errors: dict[str, list[Finding]]):
        super().__init__(message)
        self.errors = errors


@dataclass
class StatusReport:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # already at that status or higher
    untranslated: list[str] = field(default_factory=list)
    forced: dict[str, list[Finding]] = field(default_factory=dict)  # approved despite errors
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # errors seen, not gating

    def to_json(self) -> dict:
        return {
            "changed": self.changed, "unchanged": self.unchanged,
            "untranslated": self.untranslated,
            "forced": {sid: [f.to_json() for f in found] for sid, found in self.forced.items()},
            "errors": {sid: [f.to_json() for f in found] for sid, found in self.findings.items()},
        }


def approve(store, slug: str, lang: str, sids: list[str] | None = None, *,
            actor: Actor, force: bool = False) -> StatusReport:
    """Approve translated segments (all of the article when `sids` is empty).

    Refuses, changing nothing, when any of them has unmuted errors, unless `force`.
    """
    require(store, actor, Action.APPROVE, lang)
    return _promote(store, slug, lang, sids, Status.APPROVED, actor.username, gate=not force)


def mark_reviewed(store, slug: str, lang: str, sids: list[str] | None = None, *,
                  actor: Actor) -> StatusReport:
    """Mark translated segments reviewed; errors are reported, not gating.

    Without `sids` only segments below "reviewed" change; named segments are set to
    reviewed whatever their status (taking back an approval).
    """
    require(store, actor, Action.REVIEW, lang)
    return _promote(store, slug, lang, sids, Status.REVIEWED, actor.username, gate=False)


SENDABLE_BACK = (Status.MACHINE_TRANSLATED, Status.REVIEWED, Status.APPROVED)


def can_send_back(translation: Translation | None) -> bool:
    return translation is not None and translation.status in SENDABLE_BACK


def reject(store, slug: str, lang: str, sids: list[str], *, actor: Actor,
           reason: str = "") -> StatusReport:
    require(store, actor, Action.REJECT, lang)
    if not sids:
        raise InputError("reject", "name the segments to send back")
    report = StatusReport()
    with store.transaction():
        for sid, translation in _translated(store, slug, lang, sids, report).items():
            if not can_send_back(translation):
                raise InputError(f"{slug} {sid}", f"is {translation.status.value}: already with "
                                                  "the translator, nothing to send back")
            note = "sent back" + (f": {reason}" if reason else "")
            _save(store, translation, Status.EDITED, actor.username, note)
            if reason:
                store.add_comment(slug, sid, lang, f"Sent back: {reason}", actor.username,
                                  now())
            report.changed.append(sid)
    return report


def edit(store, slug: str, sid: str, lang: str, target: str, *, actor: Actor,
         expected_revision: int | None = None) -> Translation:
    """Save a translator's text: status edited, origin human."""
    require(store, actor, Action.EDIT, lang)
    return store.save_translation(slug, sid, lang, target, Status.EDITED, Origin.HUMAN,
                                  author=actor.username, expected_revision=expected_revision)


def _promote(store, slug, lang, sids, status, author, gate) -> StatusReport:
    report = StatusReport()
    with store.transaction():
        translations = _translated(store, slug, lang, sids, report)
        report.unchanged += [sid for sid, t in translations.items() if _done(t, status, sids)]
        targets = {sid: t for sid, t in translations.items() if not _done(t, status, sids)}
        errors = _errors(store, slug, lang, targets)
        if gate and errors:
            listed = "; ".join(f"{sid}: {found[0].message}" + (f" (+{len(found) - 1} more)"
                               if len(found) > 1 else "") for sid, found in errors.items())
            raise QualityGateError(
                f"nothing approved: {len(errors)} segment(s) of {slug} ({lang}) have errors: "
                f"{listed}. Fix them, mute them with a reason, or approve them anyway", errors)
        for sid, translation in targets.items():
            note = ""
            if sid in errors and status == Status.APPROVED:
                note = f"approved despite {len(errors[sid])} error(s)"
                report.forced[sid] = errors[sid]
            elif sid in errors:
                report.findings[sid] = errors[sid]
            _save(store, translation, status, author, note)
            report.changed.append(sid)
    return report


def _done(translation: Translation, status: Status, named: list[str] | None) -> bool:
    """Named segments are set to exactly `status`; a whole article is only moved up."""
    if translation.needs_review:
        return False
    if named:
        return translation.status == status
    return translation.status.rank >= status.rank


def _translated(store, slug, lang, sids, report) -> dict[str, Translation]:
    """The translations to act on: the named segments (each must be translated),
    or every translated segment of the article."""
    if sids:
        translations = store.translations_of(slug, lang, list(sids))
        chosen = {}
        for sid in sids:
            store.segment(slug, sid)
            translation = translations.get(sid)
            if translation is None or translation.status == Status.NEW:
                raise InputError(f"{slug} {sid}", f"has no {lang} translation to change")
            chosen[sid] = translation
        return chosen
    translations = store.translations(slug, lang)
    chosen = {}
    for segment in store.segments(slug):
        translation = translations.get(segment.sid)
        if translation is None or translation.status == Status.NEW:
            report.untranslated.append(segment.sid)
        else:
            chosen[segment.sid] = translation
    return chosen


def _errors(store, slug, lang, translations) -> dict[str, list[Finding]]:
    if not translations:
        return {}
    found = findings_for_article(store, slug, lang, translations=translations,
                                 errors_only=True)
    return {
        sid: errors
        for sid in translations
        if (errors := [f for f in found.get(sid, []) if f.severity == Severity.ERROR])
    }


def _save(store, translation: Translation, status: Status, author, note) -> None:
    store.save_translation(
        translation.article, translation.sid, translation.lang, translation.target, status,
        translation.origin, author=author, engine=translation.engine,
        model_version=translation.model_version, expected_revision=translation.revision,
        note=note,
    )
