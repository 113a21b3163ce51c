"""MT's own tables: the output cache and what MT last did to each segment.

mt_cache     raw model hypotheses by cache key (source as sent, language, model and
             version, glossary version, output options): the same request is never
             translated twice, across articles and runs.
mt_segments  per segment and language, the key its MT translation was made with
             and the repairs it needed (flags): a re-run skips segments whose key
             is unchanged, and QA/UI show the flags.
"""

import hashlib
import json

from workbench.model import Origin, Status

def cache_key(*parts: str | int) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def cached(store, keys: list[str]) -> dict[str, list[str]]:
    found = {}
    for key in set(keys):
        row = store.connection.execute("SELECT hypotheses FROM mt_cache WHERE key = ?",
                                       (key,)).fetchone()
        if row:
            found[key] = json.loads(row[0])
    return found


def remember(store, key: str, hypotheses: list[str]) -> None:
    store.connection.execute(
        "INSERT OR REPLACE INTO mt_cache(key, hypotheses) VALUES (?, ?)",
        (key, json.dumps(hypotheses, ensure_ascii=False)),
    )


def segment_keys(store, slug: str, lang: str) -> dict[str, str]:
    rows = store.connection.execute(
        "SELECT sid, cache_key FROM mt_segments WHERE article = ? AND lang = ?", (slug, lang)
    ).fetchall()
    return {sid: key for sid, key in rows}


def record_segment(store, slug: str, sid: str, lang: str, key: str, flags: list[str]) -> None:
    store.connection.execute(
        "INSERT OR REPLACE INTO mt_segments(article, sid, lang, cache_key, flags)"
        " VALUES (?, ?, ?, ?, ?)",
        (slug, sid, lang, key, json.dumps(flags, ensure_ascii=False)),
    )


def mt_flags(store, slug: str, lang: str) -> dict[str, list[str]]:
    """Segments whose stored MT output needed repair (placeholders, splitting), with what was done.

    Once someone edits the translation, the MT flags no longer apply and are left out.
    """
    rows = store.connection.execute(
        "SELECT sid, flags FROM mt_segments WHERE article = ? AND lang = ? AND flags != '[]'",
        (slug, lang),
    ).fetchall()
    translations = store.translations(slug, lang)
    return {
        sid: json.loads(flags)
        for sid, flags in rows
        if sid in translations
        and translations[sid].status == Status.MACHINE_TRANSLATED
        and translations[sid].origin == Origin.MT
    }
