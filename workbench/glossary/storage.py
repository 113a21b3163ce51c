"""The glossary in the project store: the working copy every edit goes to.

Source of truth and edit flow:
- The store is the working copy. `glossary add/edit/remove` and `apply` write
  here, stamping who changed what when on the concept and its terms, and add a
  row to `glossary_history` (old and new JSON of the concept).
- Glossary files are the shared, versioned copy. On a fresh project the shipped
  CSV (package data, `settings.SHIPPED_GLOSSARY`) is loaded into the store the
  first time the glossary is used.
  `glossary export FILE` writes the store's glossary atomically and records the
  exported version; `glossary import FILE` replaces the working copy in one
  transaction, refusing while the store has edits not yet exported (so none is
  lost) unless forced; every replaced concept is still in the history.

Edits take a terminologist (Action.GLOSSARY_EDIT), imports and exports too
(Action.GLOSSARY_FILES): each function takes the acting account and refuses first.
"""

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.errors import ConflictError, NotFoundError, WorkbenchError
from workbench.files import Source, read_source, write_atomically
from workbench.glossary.model import (
    Concept, Glossary, concept_from_json, concept_to_json, content, glossary_version,
    json_content,
)
from workbench.glossary.files import glossary_file_content, read_glossary
from workbench.glossary.matcher import GlossaryMatcher
from workbench.store import GLOSSARY, now
from workbench.store.memo import memoized


def load_glossary(store, shipped: Traversable | None = settings.SHIPPED_GLOSSARY) -> Glossary:
    """The working glossary; on a project's first use, the shipped file loaded into it.
    Read from the store once per change of the glossary (it may hold 100,000 concepts).

    A shipped glossary that is missing (a broken install) is an error, never an empty
    glossary that would pass every glossary check."""
    if not settings.GLOSSARY_INITIALIZED.read(store) and shipped is not None:
        if not shipped.is_file():
            raise WorkbenchError(f"{shipped}: the shipped glossary is missing; "
                                 "reinstall the workbench")
        with resources.as_file(shipped) as path, store.transaction():
            _replace(store, read_glossary(path).glossary, "shipped glossary", force=True)
    return memoized(store, ("glossary",), (GLOSSARY,), lambda: Glossary(tuple(
        concept_from_json(data) for data in store.glossary_concepts())).indexed())


def project_matcher(store) -> GlossaryMatcher:
    """The project glossary compiled for matching; compiled again only when it changed."""
    glossary = load_glossary(store)  # loads the shipped glossary on a project's first use
    return memoized(store, ("glossary-matcher",), (GLOSSARY,), lambda: GlossaryMatcher(glossary))


def has_unexported_edits(store) -> bool:
    """Whether the glossary changed since it was last exported to or imported from a file:
    every change adds a history entry, and syncing records the latest one."""
    synced = settings.GLOSSARY_SYNCED_VERSION.read(store)
    if isinstance(synced, str):  # a store from before history numbers: a hash of the glossary
        return synced != glossary_version(load_glossary(store), include_history=True)
    return (synced or {}).get("history") != store.glossary_history_seq()


def import_glossary_file(store, source: Source, name: str | None = None, *, actor: Actor,
                         force: bool = False) -> tuple[dict, list[str]]:
    """Import a CSV or TBX file (a path, or its bytes named `name`): the counts of
    `replace_glossary`, and what the file had that could not be used. The file the glossary
    was last imported from, imported again with no edit since, is not read again: the store
    holds it already."""
    require(store, actor, Action.GLOSSARY_FILES)
    name, data = read_source(source, name, limit=settings.MAX_GLOSSARY_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    synced = settings.GLOSSARY_SYNCED_VERSION.read(store)
    if (isinstance(synced, dict) and synced.get("file") == digest
            and not has_unexported_edits(store)):
        unchanged = store.glossary_size()
        return ({"added": 0, "changed": 0, "removed": 0, "unchanged": unchanged},
                synced.get("ignored", []))
    result = read_glossary(data, name, author=actor.username, at=now())
    counts = _replace(store, result.glossary, actor.username, force, digest, result.ignored)
    return counts, result.ignored


def export_glossary(store, name: str, *, actor: Actor,
                    path: Path | str | None = None) -> tuple[bytes, int]:
    """The working glossary as the file `name` (CSV or TBX) and how many concepts it holds,
    written atomically to `path` when given; records that the glossary now equals that file
    (its digest too, so importing the file back unchanged reads nothing)."""
    require(store, actor, Action.GLOSSARY_FILES)
    glossary = load_glossary(store)
    content = glossary_file_content(name, glossary)
    if path is not None:
        write_atomically(path, content)
    with store.transaction():
        _mark_synced(store, hashlib.sha256(content).hexdigest())
        audit.record(store, actor, audit.CONCEPT, "export", name,
                     f"{len(glossary.concepts)} concepts")
    return content, len(glossary.concepts)


def _mark_synced(store, file: str | None = None, ignored: list[str] = ()) -> None:
    """Record that the store's glossary now equals what was last written to or read from a
    file: the history's latest entry, and for an import the file's digest and what it held
    that could not be used (said again when the same file comes again)."""
    synced = {"history": store.glossary_history_seq(), "file": file, "ignored": list(ignored)}
    if settings.GLOSSARY_SYNCED_VERSION.read(store) != synced:
        settings.GLOSSARY_SYNCED_VERSION.write(store, synced)


def replace_glossary(store, glossary: Glossary, *, actor: Actor, force: bool = False) -> dict:
    """Make `glossary` the working copy (an import); returns counts of what changed."""
    require(store, actor, Action.GLOSSARY_FILES)
    return _replace(store, glossary, actor.username, force)


def _replace(store, glossary: Glossary, author: str, force: bool, file: str | None = None,
             ignored: list[str] = ()) -> dict:
    """The import itself, for an account or for the shipped glossary on first use.

    Reads the stored JSON one concept at a time, without building the stored concepts, and
    writes only what changed, in batches: a concept that says the same keeps its row (and its
    who/when), one that moved only gets its new position, and importing the file the store
    already holds writes nothing at all."""
    with store.transaction():
        incoming = {concept.id: (position, concept)
                    for position, concept in enumerate(glossary.concepts)}
        kept: dict[str, int] = {}  # unchanged concept -> its stored position
        replaced: dict[str, dict] = {}  # changed or removed concept -> its stored JSON
        had = set()
        for position, data in enumerate(store.glossary_concepts()):
            had.update(term["lang"] for term in data.get("terms", ()))
            found = incoming.get(data["id"])
            if found is not None and json_content(data) == content(found[1]):
                kept[data["id"]] = position
            else:
                replaced[data["id"]] = data
        if (kept or replaced) and not force and has_unexported_edits(store):
            raise ConflictError("the glossary in the project has edits that were never exported; "
                                "export them first (workbench glossary export FILE) or import "
                                "with --force to discard them")
        dropped = dropped_languages(had, glossary.concepts)
        if dropped and not force:
            raise ConflictError(f"the file has no {', '.join(dropped)} terms: importing it would "
                                "delete every one of them (a partial or empty file?); use --force "
                                "if that is what you want")
        removed = [concept_id for concept_id in replaced if concept_id not in incoming]
        counts = {"added": len(incoming) - len(kept) - (len(replaced) - len(removed)),
                  "changed": len(replaced) - len(removed), "removed": len(removed),
                  "unchanged": len(kept)}

        def changes():
            for position, concept in enumerate(glossary.concepts):
                if concept.id not in kept:
                    yield (concept.id, position, "import", replaced.get(concept.id),
                           concept_to_json(concept))
            for concept_id in removed:
                yield concept_id, None, "import-remove", replaced[concept_id], None

        moves = [(incoming[concept_id][0], concept_id) for concept_id, position in kept.items()
                 if incoming[concept_id][0] != position]
        store.apply_glossary_import(changes(), moves, now(), author)
        if not settings.GLOSSARY_INITIALIZED.read(store):
            settings.GLOSSARY_INITIALIZED.write(store, True)
        _mark_synced(store, file, ignored)
    return counts


def dropped_languages(had: set[str], incoming) -> list[str]:
    """Languages the glossary has terms in (`had`) and the imported concepts have none in."""
    return sorted(had - {term.lang for concept in incoming for term in concept.terms})


def save_concept(store, concept: Concept, action: str, *, actor: Actor) -> None:
    """Insert (`action` "add") or update ("edit") one concept and record it in the history."""
    require(store, actor, Action.GLOSSARY_EDIT)
    with store.transaction():
        glossary = load_glossary(store)
        old = glossary.concept(concept.id)
        if action == "add" and old is not None:
            raise ConflictError(f"concept {concept.id!r} already exists; use glossary edit")
        if action != "add" and old is None:
            raise NotFoundError(f"no concept {concept.id!r} in the glossary")
        glossary.check_change(concept, "glossary")
        store.save_glossary_concept(concept.id, concept_to_json(concept))
        _history(store, concept.id, now(), actor.username, action, old, concept)


def remove_concept(store, concept_id: str, *, actor: Actor) -> None:
    require(store, actor, Action.GLOSSARY_EDIT)
    with store.transaction():
        old = load_glossary(store).concept(concept_id)
        if old is None:
            raise NotFoundError(f"no concept {concept_id!r} in the glossary")
        store.delete_glossary_concept(concept_id)
        _history(store, concept_id, now(), actor.username, "remove", old, None)


def concept_history(store, concept_id: str) -> list[dict]:
    """[{at, author, action, old_data, new_data}] of one concept, oldest first."""
    return store.glossary_history(concept_id)


def _history(store, concept_id, at, author, action, old, new) -> None:
    store.record_glossary_change(concept_id, at, author, action,
                                 old and concept_to_json(old), new and concept_to_json(new))
