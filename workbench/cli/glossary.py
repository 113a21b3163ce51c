"""`workbench glossary ...`: list, add, edit, remove, import, export, affected, apply."""

from pathlib import Path

import click

from workbench.cli.context import echo_json, json_option, pass_context
from workbench.errors import NotFoundError
from workbench.glossary import storage
from workbench.glossary.changes import affected_segments, apply_term_change
from workbench.glossary.csvio import LANGUAGES
from workbench.glossary.editing import edited_concept, new_concept
from workbench.glossary.model import concept_to_json
from workbench.glossary.morphology import normalize
from workbench.languages import normalize_language, parse_language_list
from workbench.store import now



def _language_options(function):
    for lang in reversed(LANGUAGES):
        function = click.option(
            f"--{lang}", lang, default=None,
            help=f"{lang} terms: 'preferred | admitted | !deprecated'.")(function)
    return function


@click.group("glossary")
def glossary_group():
    """The project's term base (working copy in the store; files under glossaries/)."""


@glossary_group.command("list")
@click.option("--search", default=None, help="Only concepts whose id, terms or note contain TEXT.")
@click.option("--lang", default=None, help="Languages to show (e.g. ru,kk); default all.")
@json_option
@pass_context
def list_command(obj, search, lang, as_json):
    """List concepts with their approved terms."""
    langs = parse_language_list(lang)
    concepts = storage.load_glossary(obj.store).concepts
    if search:
        needle = normalize(search)
        concepts = [c for c in concepts if needle in normalize(
            " ".join([c.id, c.note, c.definition, *(t.text for t in c.terms)]))]
    if as_json:
        echo_json([concept_to_json(c) for c in concepts])
        return
    for concept in concepts:
        english = concept.preferred("en")
        click.echo(f"{concept.id}\t{english.text if english else ''}"
                   + ("  [do not translate]" if concept.do_not_translate else ""))
        for code in langs:
            terms = concept.terms_in(code)
            shown = " | ".join(("!" if not t.status.approved else "") + t.text for t in terms)
            click.echo(f"  {code}: {shown or '—'}")


def _concept_options(editing: bool):
    """Options of add and edit; when editing, an option not given leaves the value as it is."""
    unset = None if editing else ""
    options = [
        click.option("--pos", default=unset,
                     help="Part of speech (noun, properNoun, adjective, verb...)."),
        click.option("--dnt/--no-dnt", default=None if editing else False,
                     help="Do not translate: kept as written in every language."),
        click.option("--case-sensitive/--no-case-sensitive", default=None if editing else False),
        click.option("--note", default=unset),
        click.option("--definition", default=unset),
    ]

    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return _language_options(function)

    return decorate


def _cells(options: dict) -> dict:
    """Take the language options (--en, --ru, ...) out of `options`."""
    return {lang: options.pop(lang) for lang in LANGUAGES}


@glossary_group.command("add")
@click.argument("concept_id")
@_concept_options(editing=False)
@pass_context
def add_command(obj, concept_id, **options):
    """Add a concept: workbench glossary add kazakhstan --en Kazakhstan --ru Казахстан ..."""
    cells = _cells(options)
    actor = obj.actor
    storage.save_concept(obj.store, new_concept(concept_id, cells, author=actor.username,
                                                at=now(), **options), "add", actor=actor)
    click.echo(f"added {concept_id}")


@glossary_group.command("edit")
@click.argument("concept_id")
@_concept_options(editing=True)
@pass_context
def edit_command(obj, concept_id, **options):
    """Change a concept: the languages given replace that language's terms."""
    actor = obj.actor
    concept = storage.load_glossary(obj.store).concept(concept_id)
    if concept is None:
        raise NotFoundError(f"no concept {concept_id!r} in the glossary")
    cells = _cells(options)
    storage.save_concept(obj.store, edited_concept(concept, cells, author=actor.username,
                                                   at=now(), **options), "edit", actor=actor)
    click.echo(f"changed {concept_id}; see who uses it: workbench glossary affected {concept_id}")


@glossary_group.command("remove")
@click.argument("concept_id")
@pass_context
def remove_command(obj, concept_id):
    """Remove a concept (kept in the glossary history)."""
    storage.remove_concept(obj.store, concept_id, actor=obj.actor)
    click.echo(f"removed {concept_id}")


@glossary_group.command("history")
@click.argument("concept_id")
@json_option
@pass_context
def history_command(obj, concept_id, as_json):
    """Who changed a concept when (add, edit, import, remove)."""
    entries = storage.concept_history(obj.store, concept_id)
    if as_json:
        echo_json(entries)
        return
    for entry in entries:
        click.echo(f"{entry['at']}  {entry['author'] or '?'}  {entry['action']}")
    if not entries:
        click.echo(f"no history for {concept_id}")


@glossary_group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace even edits that were never exported.")
@pass_context
def import_command(obj, path, force):
    """Replace the project's glossary by a .csv or .tbx file (all or nothing)."""
    counts, ignored = storage.import_glossary_file(obj.store, path, actor=obj.actor, force=force)
    concepts = counts["added"] + counts["changed"] + counts["unchanged"]
    click.echo(f"{path}: {concepts} concepts; " + ", ".join(
        f"{count} {name}" for name, count in counts.items()))
    for line in ignored:
        click.echo(f"  ignored: {line}")


@glossary_group.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@pass_context
def export_command(obj, path):
    """Write the project's glossary to a .csv or .tbx file (atomically)."""
    _, concepts = storage.export_glossary(obj.store, path.name, actor=obj.actor, path=path)
    click.echo(f"{path}: {concepts} concepts written")


@glossary_group.command("affected")
@click.argument("concept_id")
@click.option("--lang", default=None, help="Languages (e.g. ru,kk); default all.")
@json_option
@pass_context
def affected_command(obj, concept_id, lang, as_json):
    """Segments whose source uses a concept, and whether each translation uses its approved form."""
    affected = affected_segments(obj.store, concept_id, parse_language_list(lang))
    if as_json:
        echo_json([item.to_json() for item in affected])
        return
    for item in affected:
        state = {None: "untranslated", True: "ok", False: "NOT APPROVED"}[item.uses_approved]
        click.echo(f"{item.article} {item.sid} [{item.lang}] {state}: {item.target or item.source}")
        for problem in item.problems:
            click.echo(f"    {problem}")
    if not affected:
        click.echo(f"no segment uses {concept_id}")


@glossary_group.command("apply")
@click.argument("concept_id")
@click.option("--lang", default=None, help="One target language; default every one.")
@click.option("--old", "old_form", required=True, help="The form to replace (any inflection).")
@click.option("--new", "new_form", required=True, help="The form to write instead.")
@click.option("--yes", is_flag=True, help="Apply without asking after the preview.")
@pass_context
def apply_command(obj, concept_id, lang, old_form, new_form, yes):
    """Preview, then replace a term's old form by the new one in its segments' translations."""
    actor = obj.actor
    lang = normalize_language(lang) if lang else None
    changes = apply_term_change(obj.store, concept_id, old_form, new_form, actor=actor, lang=lang)
    for change in changes:
        after = change.after if change.after is not None else "(cannot rewrite safely: edit by hand)"
        click.echo(f"{change.article} {change.sid} [{change.lang}]\n"
                   f"  - {change.before}\n  + {after}")
    if not any(change.after is not None for change in changes):
        click.echo("nothing to change")
        return
    if yes or click.confirm("Apply these changes?", default=False):
        applied = apply_term_change(obj.store, concept_id, old_form, new_form, actor=actor,
                                    preview=False, lang=lang, previewed=changes)
        click.echo(f"applied to {sum(c.after is not None for c in applied)} translations"
                   " (each recorded in the history)")


COMMANDS = [glossary_group]
