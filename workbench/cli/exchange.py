"""Commands for exchanging translations with other tools: export and import-translations."""

from pathlib import Path

import click

from workbench.cli.context import EXIT_PROBLEMS, echo_json, json_option, pass_context
from workbench.exchange.export import export_article
from workbench.exchange.importer import ImportResult, import_files
from workbench.formats import FORMATS
from workbench.glossary.storage import project_matcher
from workbench.languages import normalize_language, parse_language_list


@click.command("export")
@click.argument("article")
@click.option("--format", "format_name", type=click.Choice(list(FORMATS)), default="po",
              show_default=True, help="po, xliff2 (XLIFF 2.1), xliff12 (XLIFF 1.2) or tmx.")
@click.option("--lang", "langs", default="all", show_default=True,
              help="Languages, comma-separated, or all.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files (default: exports/<article>/ beside the store: "
                   "translations/exports/<article>/ for the default store).")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one zip of all the files instead.")
@pass_context
def export_command(obj, article, format_name, langs, output, zip_path):
    """Export an article's translations, one file per language, for another tool.

    PO and XLIFF files can be edited elsewhere and brought back with
    `workbench import-translations`; TMX holds the approved translations only.
    """
    matcher = project_matcher(obj.store)
    written = export_article(obj.store, article, format_name, parse_language_list(langs),
                             actor=obj.actor, folder=output, zip_path=zip_path,
                             terms_for=matcher.term_notes)
    for path in written:
        click.echo(str(path))


@click.command("import-translations")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--article", help="Refuse files for any other article.")
@click.option("--lang", help="Refuse files for any other language.")
@json_option
@pass_context
def import_command(obj, files, dry_run, article, lang, as_json):
    """Import translated PO or XLIFF (1.2, 2.x) files back into the project.

    Changed translations land with origin `import` and the file's status.
    Conflicts (the source changed, or the workbench changed the translation
    since the export) and errors are reported and the workbench keeps its
    version. All files go in one transaction: a bad file and nothing changes.

    Exit code 0: every unit imported or unchanged; 3: some units were conflicts or
    errors (the rest imported; with --dry-run, would be); 1: a file was refused and
    nothing changed.
    """
    result = import_files(obj.store, list(files), actor=obj.actor, dry_run=dry_run,
                          article=article, lang=normalize_language(lang) if lang else None)
    if as_json:
        echo_json(result.to_json())
    else:
        _print_report(result)
    if any(report.conflicts or report.errors for report in result.files):
        click.get_current_context().exit(EXIT_PROBLEMS)


def _print_report(result: ImportResult) -> None:
    verb = "would update" if result.dry_run else "updated"
    for report in result.files:
        click.echo(f"{report.path} ({report.format}, {report.article}, {report.lang}): "
                   f"{len(report.updated)} {verb}, {report.unchanged} unchanged, "
                   f"{len(report.conflicts)} conflicts, {len(report.errors)} errors, "
                   f"{report.comments} new comments")
        for change in report.updated:
            click.echo(f"  {change.sid}: {change.old_status or 'none'} -> {change.new_status}: "
                       f"{change.new_target}")
            if change.note:
                click.echo(f"    {change.note}")
        for conflict in report.conflicts:
            click.echo(f"  CONFLICT {conflict.sid}: {conflict.reason}; kept the workbench's")
            click.echo(f"    workbench ({conflict.workbench_status}): {conflict.workbench_target}")
            click.echo(f"    file      ({conflict.file_status}): {conflict.file_target}")
        for error in report.errors:
            click.echo(f"  ERROR {error.sid}: {error.problem}")
    if result.dry_run:
        click.echo("Dry run: nothing was changed.")


COMMANDS = [export_command, import_command]
