"""`workbench check`: quality findings per segment, with an exit code to gate publication;
`workbench mute` / `unmute`: silence a check for one segment, with a stored reason."""

import textwrap

import click

from workbench.cli.context import EXIT_PROBLEMS, echo_json, json_option, pass_context
from workbench.cli.review import lang_option
from workbench.languages import parse_language_list
from workbench.qa import Severity, findings_for_article, mute, unmute
from workbench.qa.reference import REGENERATE, check_reference, checks_markdown

@click.command("check")
@click.argument("article", required=False)
@click.option("--lang", "langs", help="Languages, comma-separated (default: all five).")
@click.option("--all", "include_muted", is_flag=True, help="Also show muted findings.")
@click.option("--strict", is_flag=True,
              help="Warnings also make the exit code non-zero, and the glossary also reports "
                   "admitted forms where the source used the preferred term.")
@json_option
@pass_context
def check_command(obj, article, langs, include_muted, strict, as_json):
    """Check translations of ARTICLE (default: every article) and list findings per segment.

    Exit code 0: no errors; 3: errors remain that are not muted (with --strict,
    warnings too), so a newsroom can gate publication on it; 1: the command failed.
    """
    store = obj.store
    slugs = [store.article(article).slug] if article else [a.slug for a in store.articles()]
    languages = parse_language_list(langs)
    results = {
        (slug, lang): findings_for_article(store, slug, lang, include_muted=include_muted,
                                           strict=strict)
        for slug in slugs
        for lang in languages
    }
    blocking = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    counts = {severity.value: 0 for severity in Severity} | {"muted": 0}
    for found in results.values():
        for finding in (f for findings in found.values() for f in findings):
            counts["muted" if finding.muted else finding.severity.value] += 1
    failed = any(
        finding.severity in blocking and not finding.muted
        for found in results.values() for findings in found.values() for finding in findings
    )
    if as_json:
        echo_json({
            "passed": not failed,
            "counts": counts,
            "findings": [
                {"article": slug, **finding.to_json()}
                for (slug, _lang), found in results.items()
                for findings in found.values() for finding in findings
            ],
        })
    else:
        _print_findings(store, results)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        click.echo(f"{'FAILED' if failed else 'passed'}: {summary}")
    if failed:
        click.get_current_context().exit(EXIT_PROBLEMS)


def _print_findings(store, results) -> None:
    contexts = {}
    for (slug, lang), found in results.items():
        if not found:
            continue
        if slug not in contexts:
            contexts[slug] = {s.sid: s.context for s in store.segments(slug)}
        click.echo(f"{slug} ({lang})")
        for sid, findings in found.items():
            click.echo(f"  {sid} [{contexts[slug].get(sid, '')}]")
            for finding in findings:
                label = "muted" if finding.muted else finding.severity.value
                reason = f"  (muted: {finding.mute_reason})" if finding.muted else ""
                click.echo(f"    {label:<8} {finding.check:<16} {finding.message}{reason}")


@click.command("checks")
@json_option
@click.option("--markdown", is_flag=True,
              help=f"Print the checks page of the docs (`{REGENERATE}`).")
def checks_command(as_json, markdown):
    """List the checks: id (to mute), severity, name and what each one finds."""
    if markdown:
        click.echo(checks_markdown(), nl=False)
        return
    rows = check_reference()
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:<16} {row['severity']:<8} {row['name']}")
        click.echo(textwrap.fill(row["description"], width=88, initial_indent="    ",
                                 subsequent_indent="    ", break_on_hyphens=False))
        click.echo()


@click.command("mute")
@click.argument("article")
@click.argument("segment")
@click.argument("check_id", metavar="CHECK")
@lang_option
@click.option("--reason", required=True, help="Why the finding is wrong here; stored.")
@pass_context
def mute_command(obj, article, segment, check_id, lang, reason):
    """Mute CHECK for SEGMENT of ARTICLE in one language; `workbench check --all` still shows it."""
    mute(obj.store, article, segment, lang, check_id, reason, actor=obj.actor)
    click.echo(f"muted {check_id} for {article} {segment} ({lang}): {reason}")


@click.command("unmute")
@click.argument("article")
@click.argument("segment")
@click.argument("check_id", metavar="CHECK")
@lang_option
@pass_context
def unmute_command(obj, article, segment, check_id, lang):
    """Show CHECK's findings for SEGMENT again."""
    removed = unmute(obj.store, article, segment, lang, check_id, actor=obj.actor)
    click.echo(f"unmuted {check_id} for {article} {segment} ({lang})" if removed
               else f"{check_id} was not muted for {article} {segment} ({lang})")


COMMANDS = [check_command, checks_command, mute_command, unmute_command]
