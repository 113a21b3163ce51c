"""MT output is cached by request, so the same request is never translated twice, across
articles and runs; the store keeps it (workbench/store/mt.py) with the key each segment's
MT translation was made with and the repairs it needed (flags), which the Review page shows.
"""

import hashlib
import json

from workbench.model import Origin, Status
from workbench.store.memo import article_translations


def cache_key(*parts: str | int) -> str:
    """The request's key: source as sent, language, model and version, glossary version,
    output options."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def mt_flags(store, slug: str, lang: str) -> dict[str, list[str]]:
    """Segments whose stored MT output needed repair (placeholders, splitting), with what was done.

    Once someone edits the translation, the MT flags no longer apply and are left out.
    """
    translations = article_translations(store, slug, lang)
    return {
        sid: flags
        for sid, flags in store.mt_segment_flags(slug, lang).items()
        if sid in translations
        and translations[sid].status == Status.MACHINE_TRANSLATED
        and translations[sid].origin == Origin.MT
    }
