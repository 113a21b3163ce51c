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

from importlib import resources
from importlib.resources.abc import Traversable

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.errors import ConflictError, NotFoundError, WorkbenchError
from workbench.glossary.model import (
    Concept, Glossary, concept_from_json, concept_to_json, glossary_version,
)
from workbench.glossary.matcher import GlossaryMatcher
from workbench.store import GLOSSARY, now
from workbench.store.memo import memoized


def load_glossary(store, shipped: Traversable | None = settings.SHIPPED_GLOSSARY) -> Glossary:
    """The working glossary; on a project's first use, the shipped file loaded into it.

    A shipped glossary that is missing (a broken install) is an error, never an empty
    glossary that would pass every glossary check."""
    if not settings.GLOSSARY_INITIALIZED.read(store) and shipped is not None:
        from workbench.glossary.files import read_glossary

        if not shipped.is_file():
            raise WorkbenchError(f"{shipped}: the shipped glossary is missing; "
                                 "reinstall the workbench")
        with resources.as_file(shipped) as path, store.transaction():
            _replace(store, read_glossary(path).glossary, "shipped glossary", force=True)
    return Glossary(tuple(concept_from_json(data) for data in store.glossary_concepts()))


def project_matcher(store) -> GlossaryMatcher:
    """The project glossary compiled for matching; compiled again only when it changed."""
    load_glossary(store)  # loads the shipped glossary on a project's first use
    return memoized(store, ("glossary-matcher",), (GLOSSARY,),
                    lambda: GlossaryMatcher(load_glossary(store)))


def has_unexported_edits(store) -> bool:
    glossary = load_glossary(store)
    return settings.GLOSSARY_SYNCED_VERSION.read(store) != glossary_version(glossary, include_history=True)


def export_glossary(store, name: str, write, *, actor: Actor):
    """Hand the working glossary to `write` (which writes the file `name` or returns its
    content) and record that the glossary now equals a file; returns what `write` returned."""
    require(store, actor, Action.GLOSSARY_FILES)
    glossary = load_glossary(store)
    written = write(glossary)
    with store.transaction():
        _mark_synced(store)
        audit.record(store, actor, audit.CONCEPT, "export", name,
                     f"{len(glossary.concepts)} concepts")
    return written


def _mark_synced(store) -> None:
    """Record that the store's glossary now equals what was last written to or read from a file."""
    settings.GLOSSARY_SYNCED_VERSION.write(store, glossary_version(load_glossary(store), include_history=True))


def replace_glossary(store, glossary: Glossary, *, actor: Actor, force: bool = False) -> dict:
    """Make `glossary` the working copy (an import); returns counts of what changed."""
    require(store, actor, Action.GLOSSARY_FILES)
    return _replace(store, glossary, actor.username, force)


def _replace(store, glossary: Glossary, author: str, force: bool) -> dict:
    with store.transaction():
        current = {c.id: c for c in load_glossary(store, shipped=None).concepts}
        if current and not force and has_unexported_edits(store):
            raise ConflictError("the glossary in the project has edits that were never exported; "
                                "export them first (workbench glossary export FILE) or import "
                                "with --force to discard them")
        dropped = dropped_languages(current.values(), glossary.concepts)
        if dropped and not force:
            raise ConflictError(f"the file has no {', '.join(dropped)} terms: importing it would "
                                "delete every one of them (a partial or empty file?); use --force "
                                "if that is what you want")
        counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
        stamp = now()
        kept = []
        for concept in glossary.concepts:
            old = current.pop(concept.id, None)
            if old is not None and _same_content(old, concept):
                counts["unchanged"] += 1
                kept.append(old)  # its who/when stay those of its last real change
                continue
            counts["changed" if old else "added"] += 1
            _history(store, concept.id, stamp, author, "import", old, concept)
            kept.append(concept)
        for old in current.values():
            counts["removed"] += 1
            _history(store, old.id, stamp, author, "import-remove", old, None)
        store.replace_glossary_concepts([(c.id, concept_to_json(c)) for c in kept])
        settings.GLOSSARY_INITIALIZED.write(store, True)
        _mark_synced(store)
    return counts


def dropped_languages(current, incoming) -> list[str]:
    """Languages the glossary has terms in and the imported file has none in."""
    had = {term.lang for concept in current for term in concept.terms}
    has = {term.lang for concept in incoming for term in concept.terms}
    return sorted(had - has)


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
        Glossary.checked(glossary.with_concept(concept).concepts, "glossary")
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


def _same_content(a: Concept, b: Concept) -> bool:
    return glossary_version(Glossary((a,))) == glossary_version(Glossary((b,)))
