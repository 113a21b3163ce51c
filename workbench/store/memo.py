"""What is expensive to build from the store and kept between calls in one process: the
translation memory's index, the consistency check's index, the compiled glossary.

Each is keyed on the store's change counter for the concerns it is built from
(`Store.changed_at`), so it is rebuilt exactly when one of them changed, whichever process
changed it. One mechanism for every cache of the library.
"""

import threading
from collections.abc import Callable
from typing import TypeVar

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
