"""Muted findings: a user decided a check is wrong for one segment and said why.

A mute names the check, the segment and the language; it stays when the text is
edited (the reason usually still holds) and is removed with `unmute`. Muting and unmuting
take a reviewer of the language; both are kept in the audit trail.
"""

from dataclasses import dataclass

from workbench.accounts import Action, Actor, audit, require
from workbench.errors import InputError
from workbench.qa.checks import CHECK_IDS
from workbench.store import now

@dataclass(frozen=True)
class Mute:
    article: str
    sid: str
    lang: str
    check_id: str
    reason: str
    author: str | None
    at: str


def mute(store, slug: str, sid: str, lang: str, check_id: str, reason: str, *,
         actor: Actor) -> Mute:
    require(store, actor, Action.MUTE, lang)
    if check_id not in CHECK_IDS:
        raise InputError(check_id, f"no such check; checks: {', '.join(CHECK_IDS)}")
    if not reason.strip():
        raise InputError("--reason", "say why the check is muted: the reason is stored for reviewers")
    store.segment(slug, sid)
    entry = Mute(slug, sid, lang, check_id, reason.strip(), actor.username, now())
    with store.transaction():
        store.save_mute(entry.article, entry.sid, entry.lang, entry.check_id, entry.reason,
                        entry.author, entry.at)
        audit.record(store, actor, audit.SEGMENT, "mute", f"{slug} {sid} {lang}",
                     f"{check_id}: {entry.reason}")
    return entry


def unmute(store, slug: str, sid: str, lang: str, check_id: str, *, actor: Actor) -> bool:
    """Remove a mute; False if there was none."""
    require(store, actor, Action.MUTE, lang)
    with store.transaction():
        removed = store.delete_mute(slug, sid, lang, check_id)
        if removed:
            audit.record(store, actor, audit.SEGMENT, "unmute", f"{slug} {sid} {lang}", check_id)
    return removed


def mutes_for(store, slug: str, lang: str) -> dict[tuple[str, str], Mute]:
    """{(sid, check id): mute} for one article and language."""
    return {(row[1], row[3]): Mute(*row) for row in store.mutes(slug, lang)}
