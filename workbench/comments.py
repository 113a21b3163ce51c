"""Comments: a thread per segment and language, for translators and reviewers to talk about
a translation where it is (a reason for sending one back is a comment too).

Each comment has its author, its time and its text, and is open until someone resolves it.
Threads travel with exports (PO translator comments, XLIFF notes) and come back on import;
`comments_to_add` keeps only what the thread does not hold yet, so a round trip adds nothing.
"""

from dataclasses import replace

from workbench.accounts import Action, Actor, require
from workbench.errors import InputError
from workbench.formats.units import UnitComment
from workbench.model import Comment
from workbench.store import Store, now


def add_comment(store: Store, slug: str, sid: str, lang: str, text: str, *,
                actor: Actor) -> Comment:
    """Add `text`, by `actor`, to the thread of a segment in `lang` (the segment must be in
    the article). Commenting takes a translator or reviewer of the language."""
    require(store, actor, Action.COMMENT, lang)
    text = text.strip()
    if not text:
        raise InputError(f"{slug} {sid}", "the comment is empty; write something first")
    with store.transaction():
        store.segment(slug, sid)
        return store.add_comment(slug, sid, lang, text, actor.username, now())


def resolve_comment(store: Store, comment_id: int, resolved: bool = True, *,
                    actor: Actor) -> Comment:
    """Mark a comment resolved (or open again), as anyone who may comment in its language."""
    require(store, actor, Action.COMMENT, store.comment(comment_id).lang)
    return store.set_comment_resolved(comment_id, resolved)


def comments_to_add(thread: list[Comment], incoming: list[UnitComment]) -> list[UnitComment]:
    """The comments of a file that `thread` does not hold yet.

    A comment is already there when its text is (spaces and line breaks aside: a PO file
    wraps long comments), by the same author, or by anyone when the file does not say who
    wrote it; a text twice in the file counts once.
    """
    known = {(comment.author, _words(comment.text)) for comment in thread}
    texts = {_words(comment.text) for comment in thread}
    added = []
    for comment in incoming:
        text = _words(comment.text)
        if not text or (comment.author, text) in known or (not comment.author and text in texts):
            continue
        known.add((comment.author, text))
        texts.add(text)
        added.append(replace(comment, text=comment.text.strip()))
    return added


def _words(text: str) -> str:
    return " ".join(text.split())
