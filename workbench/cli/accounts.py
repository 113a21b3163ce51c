"""`workbench users ...`: the accounts of a desk; `workbench audit`: who did what when.

Passwords are asked on the terminal (twice for a new one) or read from stdin, one line
each, in the order they are asked: the acting account's first (when the store has
accounts), then the new one. They are never options: a command line is visible to others.
"""

import click

from workbench.accounts import Action, Role, audit, require
from workbench.accounts.permissions import held_roles, role_grants
from workbench.accounts.users import (
    account, accounts, add_account, change_password, edit_account, reset_password,
)
from workbench.cli.context import echo_json, json_option, pass_context, read_password
from workbench.errors import InputError
from workbench.languages import parse_language_list


def _languages(_ctx, _param, value):
    """'kk,ru' or 'all' -> codes; '' -> no language (the role withdrawn); None: not given."""
    if value is None:
        return None
    return parse_language_list(value) if value.strip() else []


def _role_options(editing: bool):
    """Options for the roles; when editing, a role not mentioned stays as it is."""
    def per_language(role: Role):
        return click.option(f"--{role.value}", role.value, callback=_languages, metavar="LANGS",
                            help=f"Languages the {role.value} role is held for (ru,kk or all)"
                                 + ("; '' withdraws it." if editing else "."))

    def global_role(role: Role, what: str):
        if editing:
            return click.option(f"--{role.value}/--no-{role.value}", role.value, default=None,
                                help=f"Give or withdraw the {role.value} role: {what}.")
        return click.option(f"--{role.value}", role.value, is_flag=True,
                            help=f"The {role.value} role: {what}.")

    options = [
        per_language(Role.TRANSLATOR), per_language(Role.REVIEWER),
        global_role(Role.TERMINOLOGIST, "the glossary"),
        global_role(Role.MANAGER, "articles, MT, models, files in and out"),
        global_role(Role.ADMIN, "accounts, and everything"),
        click.option("--name", "display_name", default=None, help="The name shown for the account."),
    ]

    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def _given_roles(options: dict) -> dict[Role, list[str] | bool]:
    """Take the role options out of `options`: {role: value} of those given."""
    return {role: value for role in Role
            if (value := options.pop(role.value)) is not None}


@click.group("users")
def users_group():
    """Accounts of the desk: add, list, edit, disable, passwd (docs/desk.md)."""


@users_group.command("add")
@click.argument("username")
@_role_options(editing=False)
@pass_context
def add_command(obj, username, display_name, **options):
    """Add an account; its password is asked (or read from stdin). The first account of a
    store must be an admin: workbench users add NAME --admin."""
    roles = _given_roles(options)
    actor = obj.actor
    require(obj.store, actor, Action.ACCOUNTS)  # before asking a password for nothing
    grants = role_grants(roles)
    password = read_password(f"Password for {username}", confirm=True)
    added = add_account(obj.store, username, password, grants, actor=actor,
                        display_name=display_name or "")
    click.echo(f"added {added.username} ({added.roles})")


@users_group.command("list")
@json_option
@pass_context
def list_command(obj, as_json):
    """Every account with its roles, whether it is active, and its last sign-in."""
    found = accounts(obj.store)
    if as_json:
        echo_json([each.to_json() for each in found])
        return
    for each in found:
        state = "" if each.active else "  [disabled]"
        click.echo(f"{each.username}\t{each.display_name}\t{each.roles}\t"
                   f"last sign-in: {each.last_sign_in or 'never'}{state}")
    if not found:
        click.echo("no accounts: the machine's user acts on this store; "
                   "make the first admin with: workbench users add NAME --admin")


@users_group.command("edit")
@click.argument("username")
@_role_options(editing=True)
@click.option("--enable", is_flag=True, help="Enable a disabled account again.")
@pass_context
def edit_command(obj, username, display_name, enable, **options):
    """Change an account's name or roles: a role given replaces what it was
    (--translator kk,ky; --translator '' withdraws it; --no-manager)."""
    roles = _given_roles(options)
    actor = obj.actor
    grants = None
    if roles:
        held = held_roles(account(obj.store, username).grants)
        grants = role_grants({role: value for role, value in {**held, **roles}.items() if value})
    changed = edit_account(obj.store, username, actor=actor, display_name=display_name,
                           grants=grants, active=True if enable else None)
    click.echo(f"{changed.username} ({changed.display_name}): {changed.roles}"
               + ("" if changed.active else "  [disabled]"))


@users_group.command("disable")
@click.argument("username")
@pass_context
def disable_command(obj, username):
    """Disable an account: it can no longer sign in, and a signed-in session of it ends at
    its next click. Its name stays in the history; `users edit NAME --enable` undoes it."""
    edit_account(obj.store, username, actor=obj.actor, active=False)
    click.echo(f"disabled {username}")


@users_group.command("passwd")
@click.argument("username", required=False)
@pass_context
def passwd_command(obj, username):
    """Change your own password (the account of --user; the current one is asked first),
    or, as an admin, set USERNAME's."""
    if username is None or username == obj.user:
        if not obj.user:
            raise InputError("--user", "say whose password to change: workbench --user NAME "
                                       "users passwd (an admin may name another account)")
        current = read_password(f"Current password for {obj.user}")
        new = read_password(f"New password for {obj.user}", confirm=True)
        change_password(obj.store, obj.user, current, new)
        click.echo(f"changed the password of {obj.user}")
        return
    actor = obj.actor
    require(obj.store, actor, Action.ACCOUNTS)  # before asking a password for nothing
    reset_password(obj.store, username, read_password(f"New password for {username}",
                                                      confirm=True), actor=actor)
    click.echo(f"set the password of {username}; they can change it with users passwd")


@click.command("audit")
@click.option("--person", help="Only what this account (or engine: mt, tm) did.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(audit.KINDS),
              help="Only these kinds (repeat the option for several).")
@click.option("--since", help="From this day or time (2025-05-01, 2025-05-01T14:30; UTC).")
@click.option("--until", help="Up to this day (included) or time.")
@click.option("--address", help="Only sign-ins from this client address (an IPv6 address "
                                "stands for its /64 network, as the trail records it).")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True,
              help="Most events to show, newest first.")
@json_option
@pass_context
def audit_command(obj, person, kinds, since, until, address, limit, as_json):
    """The audit trail, for admins: sign-ins and failed attempts, and every change to
    segments, concepts, models, articles and accounts, newest first."""
    found = audit.events(obj.store, actor=obj.actor, person=person, kinds=list(kinds),
                         since=since, until=until, address=address, limit=limit)
    if as_json:
        echo_json([event.to_json() for event in found])
        return
    for event in found:
        click.echo(f"{event.at}  {event.actor or '-'}  {event.kind}  {event.action}  "
                   f"{event.target}" + (f"  ({event.detail})" if event.detail else "")
                   + (f"  from {event.address}" if event.address else ""))
    if not found:
        click.echo("nothing in the audit trail matches")


COMMANDS = [users_group, audit_command]
