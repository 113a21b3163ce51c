"""`workbench check`: findings per segment from every registered check.

A check is a function (store, slug or None, langs, strict=False) -> list of
findings, each with `article`, `sid`, `lang`, `severity`, `message` and
`to_json()`. Other concerns (QA) add theirs to CHECKS.
"""

import click

from workbench.cli.context import echo_json, json_option, pass_context
from workbench.glossary.check import glossary_findings
from workbench.languages import parse_language_list

CHECKS = [glossary_findings]


@click.command("check")
@click.argument("article", required=False)
@click.option("--lang", default=None, help="Languages (e.g. ru,kk); default all.")
@click.option("--strict", is_flag=True,
              help="Also warn where an admitted form stands for the preferred one.")
@json_option
@pass_context
def check_command(obj, article, lang, strict, as_json):
    """List problems per segment (glossary: missing term, forbidden term, inconsistent form).

    Exits with status 1 when any error-level finding is reported.
    """
    if article:
        obj.store.article(article)
    langs = parse_language_list(lang)
    findings = [finding for check in CHECKS for finding in check(obj.store, article, langs, strict=strict)]
    if as_json:
        echo_json([finding.to_json() for finding in findings])
    else:
        for finding in findings:
            click.echo(f"{finding.article} {finding.sid} [{finding.lang}] "
                       f"{finding.severity}: {finding.message}")
        errors = sum(finding.severity == "error" for finding in findings)
        click.echo(f"{len(findings)} findings, {errors} errors")
    if any(finding.severity == "error" for finding in findings):
        raise click.exceptions.Exit(1)


COMMANDS = [check_command]
