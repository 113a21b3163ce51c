"""The project's translation memory: approved and reviewed translations of every
article plus imported memories, looked up exactly and fuzzily.

The index of a language is built once and kept until a translation, a segment or an
imported memory changes (workbench.store.memo), so the UI can ask on every click.
"""

from dataclasses import dataclass

from workbench.accounts import Action, Actor, audit, require
from workbench.inline import code_problems
from workbench.model import Origin, Segment, Status
from workbench.store import ARTICLES, MEMORY, TRANSLATIONS
from workbench.store.memo import memoized
from workbench.tm.index import MemoryIndex, TmEntry, TmMatch



def memory_index(store, lang: str) -> MemoryIndex:
    return memoized(store, ("memory", lang), (TRANSLATIONS, ARTICLES, MEMORY),
                    lambda: MemoryIndex(_project_entries(store, lang)
                                        + _external_entries(store, lang)))


def tm_lookup(store, source: str, lang: str, limit: int = 5, *, role: str = "",
              context: str = "", min_score: float = 60.0) -> list[TmMatch]:
    """Suggestions for `source`: exact matches (same role and context first), then fuzzy."""
    return memory_index(store, lang).lookup(source, role, context, limit, min_score)


def suggestions_for(store, segment: Segment, lang: str, limit: int = 5) -> list[TmMatch]:
    """Suggestions for a segment of an article, its own translation left out."""
    matches = tm_lookup(store, segment.source, lang, limit + 1, role=segment.role.value,
                        context=segment.context)
    own = f"{segment.article}#{segment.sid}"
    return [match for match in matches if match.entry.where != own][:limit]


@dataclass(frozen=True)
class MemoryStats:
    lang: str
    approved: int
    reviewed: int
    external: int

    def to_json(self) -> dict:
        return self.__dict__.copy()


def memory_stats(store, lang: str) -> MemoryStats:
    counts = store.reviewed_counts(lang)
    return MemoryStats(lang, counts.get("approved", 0), counts.get("reviewed", 0),
                       store.external_count(lang))


def fill_from_memory(store, slug: str, langs: list[str], *, actor: Actor,
                     author: str | None = None) -> dict[str, int]:
    """Fill exact matches into untranslated and machine-translated segments; {lang: filled}.

    Runs before machine translation. A human translation of the very same sentence
    beats MT. The filled text gets origin `tm` and status `reviewed` when it comes
    from an approved translation in the same role (a title for a title), `edited`
    otherwise (a person should read it in its new place). Human work (edited,
    reviewed, approved) and drafts with status new that have text are never touched.
    Takes a manager (as machine translation does). The history names `author` (the
    engine's name when MT runs it) or else the acting account.
    """
    require(store, actor, Action.TRANSLATE)
    store.article(slug)
    filled = {}
    with store.transaction():
        for lang in langs:
            filled[lang] = _fill_language(store, slug, lang, author or actor.username)
        if any(filled.values()):
            audit.record(store, actor, audit.ARTICLE, "fill-from-memory", slug,
                         ", ".join(f"{lang}: {count}" for lang, count in filled.items()))
    return filled


def _fill_language(store, slug, lang, author) -> int:
    translations = store.translations(slug, lang)
    index = memory_index(store, lang)
    count = 0
    for segment in store.segments(slug):
        current = translations.get(segment.sid)
        fillable = current is None or current.status == Status.MACHINE_TRANSLATED or (
            current.status == Status.NEW and not current.target.strip())
        if not fillable:
            continue
        own = f"{slug}#{segment.sid}"
        usable = [
            match for match in index.exact(segment.source, segment.role.value, segment.context)
            if match.entry.where != own and not code_problems(match.entry.target, segment.codes)
        ]
        if not usable:
            continue
        best = usable[0]
        status = (Status.REVIEWED if best.entry.status == Status.APPROVED.value and best.same_role
                  else Status.EDITED)
        store.save_translation(slug, segment.sid, lang, best.entry.target, status, Origin.TM,
                               author=author,
                               note=f"exact match from {best.entry.where} ({best.entry.status})")
        count += 1
    return count


def _project_entries(store, lang: str) -> list[TmEntry]:
    return [
        TmEntry(row["source"], row["target"], row["status"], f"{row['article']}#{row['sid']}",
                row["role"], row["context"], row["updated_at"])
        for row in store.reviewed_translations(lang, current_segments_only=False)
    ]


def _external_entries(store, lang: str) -> list[TmEntry]:
    return [TmEntry(row[0], row[1], "external", row[2], updated_at=row[3])
            for row in store.external_units(lang)]
