"""Status changes for scripted workflows: approve, review, reject, edit.

Each change is recorded in the history with the account that made it (`--user`; on a
store without accounts, the machine's user).
"""

import click

from workbench.cli.context import echo_json, json_option, pass_context
from workbench.languages import normalize_language
from workbench.qa import findings_for_draft
from workbench.workflow import (
    QualityGateError,
    StatusReport,
    approve,
    edit,
    mark_reviewed,
    reject,
)


lang_option = click.option("--lang", required=True, callback=lambda _c, _p, v: normalize_language(v),
                           help="Target language (ru, kk, ky, tg, uz).")


def _print_report(report: StatusReport, verb: str, as_json: bool) -> None:
    if as_json:
        echo_json(report.to_json())
        return
    click.echo(f"{verb}: {' '.join(report.changed) or 'nothing'}")
    if report.unchanged:
        click.echo(f"already {verb}: {' '.join(report.unchanged)}")
    if report.untranslated:
        click.echo(f"not translated, skipped: {' '.join(report.untranslated)}")
    for label, found in (("approved despite errors", report.forced),
                         ("has errors", report.findings)):
        for sid, findings in found.items():
            for finding in findings:
                click.echo(f"warning: {sid} {label}: [{finding.check}] {finding.message}", err=True)


@click.command("approve")
@click.argument("article")
@click.argument("segments", nargs=-1)
@lang_option
@click.option("--force", is_flag=True, help="Approve even segments with errors (noted in the history).")
@json_option
@pass_context
def approve_command(obj, article, segments, lang, force, as_json):
    """Approve SEGMENTS (default: every translated segment of ARTICLE).

    Refuses, changing nothing, if any of them has errors that are not muted
    (see `workbench check`), unless --force.
    """
    try:
        report = approve(obj.store, article, lang, list(segments), actor=obj.actor, force=force)
    except QualityGateError as error:
        raise click.ClickException(f"{error} (--force)") from None
    _print_report(report, "approved", as_json)


@click.command("review")
@click.argument("article")
@click.argument("segments", nargs=-1)
@lang_option
@json_option
@pass_context
def review_command(obj, article, segments, lang, as_json):
    """Mark SEGMENTS reviewed (default: every translated segment of ARTICLE not yet
    reviewed or approved). Errors are shown but do not block."""
    report = mark_reviewed(obj.store, article, lang, list(segments), actor=obj.actor)
    _print_report(report, "reviewed", as_json)


@click.command("reject")
@click.argument("article")
@click.argument("segments", nargs=-1, required=True)
@lang_option
@click.option("--reason", default="", help="Why: stored in the history for the translator.")
@json_option
@pass_context
def reject_command(obj, article, segments, lang, reason, as_json):
    """Send machine-translated, reviewed or approved SEGMENTS back to the translator:
    status becomes edited, the text stays to be reworked, the reason goes into the history."""
    report = reject(obj.store, article, lang, list(segments), reason=reason, actor=obj.actor)
    _print_report(report, "rejected", as_json)


@click.command("edit")
@click.argument("article")
@click.argument("segment")
@lang_option
@click.option("--target", required=True, help="The new translation (with placeholders {1}…{/1}).")
@click.option("--revision", type=int, help="Revision you edited; refuse if someone saved since.")
@json_option
@pass_context
def edit_command(obj, article, segment, lang, target, revision, as_json):
    """Save a translation of SEGMENT (status edited) and show what the checks find in it."""
    store = obj.store
    saved = edit(store, article, segment, lang, target, actor=obj.actor, expected_revision=revision)
    findings = findings_for_draft(store, store.segment(article, segment), lang, saved.target)
    if as_json:
        echo_json({"sid": saved.sid, "revision": saved.revision, "status": saved.status.value,
                   "findings": [finding.to_json() for finding in findings]})
        return
    click.echo(f"saved {article} {segment} ({lang}), revision {saved.revision}")
    for finding in findings:
        click.echo(f"{finding.severity.value}: [{finding.check}] {finding.message}", err=True)


COMMANDS = [approve_command, review_command, reject_command, edit_command]
