"""Muted findings: a user decided a check is wrong for one segment and said why.

A mute names the check, the segment and the language; it stays when the text is
edited (the reason usually still holds) and is removed with `unmute`.
"""

from dataclasses import dataclass

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


def mute(store, slug: str, sid: str, lang: str, check_id: str, reason: str,
         author: str | None = None) -> Mute:
    if check_id not in CHECK_IDS:
        raise InputError(check_id, f"no such check; checks: {', '.join(CHECK_IDS)}")
    if not reason.strip():
        raise InputError("--reason", "say why the check is muted: the reason is stored for reviewers")
    store.segment(slug, sid)
    entry = Mute(slug, sid, lang, check_id, reason.strip(), author, now())
    store.save_mute(entry.article, entry.sid, entry.lang, entry.check_id, entry.reason,
                    entry.author, entry.at)
    return entry


def unmute(store, slug: str, sid: str, lang: str, check_id: str) -> bool:
    """Remove a mute; False if there was none."""
    return store.delete_mute(slug, sid, lang, check_id)


def mutes_for(store, slug: str, lang: str) -> dict[tuple[str, str], Mute]:
    """{(sid, check id): mute} for one article and language."""
    return {(row[1], row[3]): Mute(*row) for row in store.mutes(slug, lang)}
