"""`workbench tm`: look up, fill from, import into and count the translation memory."""

from pathlib import Path

import click

from workbench.cli.context import echo_json, json_option, pass_context
from workbench.formats import TranslationMemory, open_exchange
from workbench.languages import TARGET_LANGUAGES, normalize_language, parse_language_list
from workbench.tm import concordance, fill_from_memory, import_units, memory_stats, tm_lookup


@click.group("tm")
def tm_group():
    """Translation memory: approved and reviewed translations of the project plus
    imported TMX memories."""


@tm_group.command("lookup")
@click.argument("text")
@click.option("--lang", required=True, help="Target language.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1),
              help="Most suggestions to show.")
@click.option("--min-score", default=60.0, show_default=True, type=click.FloatRange(0, 100),
              help="Lowest fuzzy score (0-100).")
@json_option
@pass_context
def lookup_command(obj, text, lang, limit, min_score, as_json):
    """Suggestions for an English TEXT: exact matches, then fuzzy ones with their score
    and what differs ([-in the memory-] {+in TEXT+})."""
    matches = tm_lookup(obj.store, text, normalize_language(lang), limit, min_score=min_score)
    if as_json:
        echo_json([match.to_json() for match in matches])
        return
    if not matches:
        click.echo("no match")
    for match in matches:
        kind = "exact" if match.exact else "fuzzy"
        click.echo(f"{match.score:5.1f}  {kind}  {match.entry.status}  {match.entry.where}")
        click.echo(f"       {match.diff_text() if match.diff else match.entry.source}")
        click.echo(f"    -> {match.entry.target}")


@tm_group.command("concordance")
@click.argument("phrase")
@click.option("--lang", "langs", help="Languages, comma-separated (default: all five).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1),
              help="Most texts to show per language.")
@json_option
@pass_context
def concordance_command(obj, phrase, langs, limit, as_json):
    """Where PHRASE occurs (at the start of a word, any case) in the translations of every
    article and in the imported memories, English source and translation side by side."""
    hits = concordance(obj.store, phrase, parse_language_list(langs), limit)
    if as_json:
        echo_json([hit.to_json() for hit in hits])
        return
    if not hits:
        click.echo("not found")
    for hit in hits:
        click.echo(f"{hit.lang}  {hit.status}  {hit.where}")
        click.echo(f"    {hit.source}")
        click.echo(f"    {hit.target}")


@tm_group.command("fill")
@click.argument("article")
@click.option("--lang", "langs", help="Languages, comma-separated (default: all five).")
@json_option
@pass_context
def fill_command(obj, article, langs, as_json):
    """Fill exact memory matches into untranslated and machine-translated segments."""
    filled = fill_from_memory(obj.store, article, parse_language_list(langs), actor=obj.actor)
    if as_json:
        echo_json(filled)
        return
    for lang, count in filled.items():
        click.echo(f"{lang}: {count} segment(s) filled from memory")


@tm_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@pass_context
def import_command(obj, paths, as_json):
    """Add TMX files to the memory (English sources into ru, kk, ky, tg, uz).

    Every file is read before anything is stored: one bad file and nothing is imported.
    """
    actor = obj.actor
    units = {path: open_exchange(path, expect=TranslationMemory).units for path in paths}
    with obj.store.transaction():
        reports = {str(path): import_units(obj.store, found, path.name, actor=actor)
                   for path, found in units.items()}
    if as_json:
        echo_json({path: report.to_json() for path, report in reports.items()})
        return
    for path, report in reports.items():
        skipped = ", ".join(f"{count} ({reason})" for reason, count in report.skipped.items())
        click.echo(f"{path}: {report.added} added, {report.duplicates} already in memory"
                   + (f", skipped {skipped}" if skipped else ""))


@tm_group.command("stats")
@json_option
@pass_context
def stats_command(obj, as_json):
    """How many memory entries each language has, by where they come from."""
    stats = [memory_stats(obj.store, lang) for lang in TARGET_LANGUAGES]
    if as_json:
        echo_json([entry.to_json() for entry in stats])
        return
    click.echo("lang  approved  reviewed  imported")
    for entry in stats:
        click.echo(f"{entry.lang:<4}  {entry.approved:>8}  {entry.reviewed:>8}  {entry.external:>8}")


COMMANDS = [tm_group]
