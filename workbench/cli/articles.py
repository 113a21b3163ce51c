"""Commands about articles: import, list, status, segments, show the document, delete."""

import math
from pathlib import Path

import click

from workbench.cli.context import echo_json, json_option, pass_context
from workbench.errors import InputError
from workbench.files import write_atomically
from workbench.languages import normalize_language, parse_language_list
from workbench.model import Status
from workbench.progress import NEEDS_REVIEW, TOTAL, project_progress
from workbench.settings import LARGEST_ARTICLE_LIMIT_BYTES, MAX_ARTICLE_BYTES, MB

STATUS_COLUMNS = [status.value for status in Status] + [NEEDS_REVIEW]


def _megabytes(_context, _parameter, value: float) -> int:
    """--max-size in bytes; a size is a number above zero (not nan, inf or -1)."""
    if not (math.isfinite(value) and 0 < value * MB <= LARGEST_ARTICLE_LIMIT_BYTES):
        raise InputError("--max-size", f"must be a number of megabytes above 0 and at most "
                                       f"{LARGEST_ARTICLE_LIMIT_BYTES // MB:,}, not {value}")
    return int(value * MB)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--max-size", "max_bytes", type=float, default=MAX_ARTICLE_BYTES / MB,
              show_default=True, callback=_megabytes, help="Largest article file accepted, in MB.")
@click.option("--replace", "replaced", metavar="ARTICLE",
              help="The one file given updates this article, whatever file it came from.")
@json_option
@pass_context
def import_command(obj, paths, max_bytes, replaced, as_json):
    """Import articles (Markdown .md, plain text .txt, HTML .html; files or folders).

    Each article is split into segments and stored. Importing a changed article
    again (the same file) keeps the translations of unchanged segments and marks
    those of changed segments for review; importing the same file twice changes
    nothing. A file from another path is another article, named after the file
    (and its folder when the name is taken), unless --replace names the article it
    updates. All files are imported in one transaction: one bad file and nothing
    is stored.
    """
    from workbench.importing import import_paths  # the parsers: only this command needs them

    replace = {}
    if replaced:
        if len(paths) != 1 or paths[0].is_dir():
            raise InputError("--replace", "updates one article: give exactly one file")
        replace = {paths[0]: replaced}
    reports = import_paths(obj.store, list(paths), actor=obj.actor, max_bytes=max_bytes,
                           replace=replace)
    if as_json:
        echo_json([report.to_json() for report in reports])
        return
    for report in reports:
        if report.created:
            summary = f"imported, {report.segments} segments"
        elif report.changed_anything:
            summary = (f"updated: {report.added} new, {report.changed} changed (translations "
                       f"marked for review), {report.removed} removed, {report.unchanged} unchanged"
                       f" ({report.markup_changed} with new links or formatting)")
        else:
            summary = f"unchanged ({report.segments} segments)"
        click.echo(f"{report.slug}: {summary}  [{report.path}, {report.encoding}]")
        for note in report.notes:
            click.echo(f"  note: {note}")


@click.command("articles")
@json_option
@pass_context
def articles_command(obj, as_json):
    """List the articles in the project."""
    articles = obj.store.articles()
    if as_json:
        echo_json([article.__dict__ for article in articles])
        return
    for article in articles:
        click.echo(f"{article.slug}\t{article.title}")


@click.command("status")
@click.argument("article", required=False)
@click.option("--lang", "langs", help="Languages, comma-separated (default: all five).")
@json_option
@pass_context
def status_command(obj, article, langs, as_json):
    """Per article and language: how many segments are new, machine-translated, edited,
    reviewed and approved (and how many need review after a source change), the source
    words, and how much is done (approved, in words)."""
    progress = project_progress(obj.store, article, parse_language_list(langs))
    if as_json:
        echo_json({slug: {lang: each.to_json() for lang, each in per_lang.items()}
                   for slug, per_lang in progress.items()})
        return
    if not progress:
        click.echo("No articles yet: run `workbench import FILE`.")
        return
    header = ["article", "lang", "total"] + STATUS_COLUMNS + ["words", "done"]
    rows = [
        [slug, lang, str(each.segments[TOTAL])]
        + [str(each.segments[column]) for column in STATUS_COLUMNS]
        + [str(each.words[TOTAL]), f"{each.done_share:.0%}"]
        for slug, per_lang in progress.items()
        for lang, each in per_lang.items()
    ]
    _print_table(header, rows)


@click.command("segments")
@click.argument("article")
@click.option("--lang", help="Also show the translations into this language.")
@click.option("--markup", is_flag=True, help="Show inline markup instead of placeholders.")
@json_option
@pass_context
def segments_command(obj, article, lang, markup, as_json):
    """Print an article's segments in order, with their ids and context."""
    from workbench.inline import render  # the markup, with --markup only

    store = obj.store
    store.article(article)
    lang = normalize_language(lang) if lang else None
    translations = store.translations(article, lang) if lang else {}
    segments = store.segments(article)
    if as_json:
        echo_json([
            {
                "sid": s.sid, "position": s.position, "role": s.role.value, "context": s.context,
                "source": s.source, "codes": [code.to_json() for code in s.codes],
                **({"translation": _translation_json(translations.get(s.sid))} if lang else {}),
            }
            for s in segments
        ])
        return
    for segment in segments:
        source = render(segment.source, segment.codes) if markup else segment.source
        click.echo(f"{segment.sid}\t[{segment.context}]\t{source}")
        if lang:
            translation = translations.get(segment.sid)
            if translation is None:
                click.echo(f"\t{lang} (new)")
            else:
                target = render(translation.target, segment.codes) if markup else translation.target
                flag = ", needs review" if translation.needs_review else ""
                click.echo(f"\t{lang} ({translation.status.value}{flag})\t{target}")


@click.command("document")
@click.argument("article")
@click.option("--lang", help="Rebuild the translated article (untranslated segments stay in English).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of printing.")
@pass_context
def document_command(obj, article, lang, output):
    """Rebuild an article's document, in the source or a target language, with its markup."""
    from workbench.importing.rebuild import rebuild_document  # the parsers' writers

    store = obj.store
    store.article(article)
    targets = None
    if lang:
        lang = normalize_language(lang)
        targets = {sid: t.target for sid, t in store.translations(article, lang).items()}
    text = rebuild_document(store.blocks(article), store.segments(article), targets,
                            store.article(article).format)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, text)
    click.echo(f"wrote {output}")


@click.command("delete")
@click.argument("article")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def delete_command(obj, article, yes):
    """Delete an article with all its translations and history."""
    from workbench.importing import delete_article  # with the parsers: only this command needs it

    actor = obj.actor
    obj.store.article(article)
    if not yes:
        click.confirm(f"Delete {article} and all its translations?", abort=True)
    delete_article(obj.store, article, actor=actor)
    click.echo(f"deleted {article}")


def _translation_json(translation):
    if translation is None:
        return {"status": Status.NEW.value, "target": None}
    return {
        "target": translation.target, "status": translation.status.value,
        "origin": translation.origin.value if translation.origin else None,
        "engine": translation.engine, "model_version": translation.model_version,
        "author": translation.author, "updated_at": translation.updated_at,
        "revision": translation.revision, "needs_review": translation.needs_review,
    }


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


COMMANDS = [import_command, articles_command, status_command, segments_command,
            document_command, delete_command]
