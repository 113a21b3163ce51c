"""What is expensive to build from the store and kept between calls in one process: the
translation memory's index, the consistency check's index, the compiled glossary, an
article's segments and translations.

Each is keyed on the store's change counter for the concerns it is built from
(`Store.changed_at`), so it is rebuilt exactly when one of them changed, whichever process
changed it. One mechanism for every cache of the library.
"""

import threading
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from workbench.store.base import ARTICLES, TRANSLATIONS

T = TypeVar("T")

_BUILT: dict[tuple, tuple[tuple, object]] = {}
_LOCK = threading.Lock()


def memoized(store, name: tuple, concerns: tuple[str, ...], build: Callable[[], T]) -> T:
    """`build()`'s result, kept until one of `concerns` changes in this store."""
    stamp = store.changed_at(*concerns)
    key = (store.location, *name)
    with _LOCK:
        found = _BUILT.get(key)
    if found is not None and found[0] == stamp:
        return found[1]
    value = build()
    with _LOCK:
        _BUILT[key] = (stamp, value)
    return value


def forget() -> None:
    """Drop everything kept, as a new process starts (what a benchmark's first call needs)."""
    with _LOCK:
        _BUILT.clear()


def article_segments(store, slug: str) -> tuple:
    """An article's segments in order, read again only when an article changed: what a page
    filters and pages through on every rerun."""
    return memoized(store, ("segments", slug), (ARTICLES,), lambda: tuple(store.segments(slug)))


def article_translations(store, slug: str, lang: str) -> Mapping:
    """{sid: translation} of an article in one language (read-only), read again only when a
    translation changed."""
    return memoized(store, ("translations", slug, lang), (TRANSLATIONS,),
                    lambda: MappingProxyType(store.translations(slug, lang)))
