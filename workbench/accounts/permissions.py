"""Who may do what: the roles of a desk as one table, and the check every library function
that changes the project makes before it changes anything.

A store without accounts belongs to one person: the machine's user acts with every right
(`local_owner`), as the workbench always did on loopback. Once the store has an account,
only accounts act, each with its roles read from the store at every check, so a disabled
account or a withdrawn role stops working at once, in a browser session as in the CLI.
"""

import hashlib
from dataclasses import dataclass, field, replace
from enum import Enum

from workbench import settings
from workbench.errors import InputError, WorkbenchError
from workbench.languages import TARGET_LANGUAGES


class Role(str, Enum):
    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    TERMINOLOGIST = "terminologist"
    MANAGER = "manager"
    ADMIN = "admin"


class Action(str, Enum):
    EDIT = "edit"
    COMMENT = "comment"
    REVIEW = "review"
    APPROVE = "approve"
    REJECT = "reject"
    MUTE = "mute"
    GLOSSARY_EDIT = "glossary-edit"
    GLOSSARY_FILES = "glossary-files"
    TERM_APPLY = "term-apply"
    ARTICLE_IMPORT = "article-import"
    ARTICLE_DELETE = "article-delete"
    TRANSLATE = "translate"
    MODELS = "models"
    EXPORT = "export"
    IMPORT_TRANSLATIONS = "import-translations"
    ACCOUNTS = "accounts"
    AUDIT = "audit"


# What each action is, as a refusal names it ({lang} where it is taken per language).
ACTION_TEXT = {
    Action.EDIT: "edit {lang} translations",
    Action.COMMENT: "comment on {lang} translations",
    Action.REVIEW: "mark {lang} translations reviewed",
    Action.APPROVE: "approve {lang} translations",
    Action.REJECT: "send {lang} translations back",
    Action.MUTE: "mute or unmute checks of {lang} translations",
    Action.GLOSSARY_EDIT: "add, edit or remove glossary concepts",
    Action.GLOSSARY_FILES: "import or export the glossary",
    Action.TERM_APPLY: "rewrite a term in the translations",
    Action.ARTICLE_IMPORT: "import articles",
    Action.ARTICLE_DELETE: "delete articles",
    Action.TRANSLATE: "run machine translation or fill from the translation memory",
    Action.MODELS: "install, remove, register or order models, or change MT settings",
    Action.EXPORT: "export translations",
    Action.IMPORT_TRANSLATIONS: "import translation files",
    Action.ACCOUNTS: "manage accounts",
    Action.AUDIT: "read the audit trail",
}
PER_LANGUAGE_ACTIONS = frozenset({Action.EDIT, Action.COMMENT, Action.REVIEW, Action.APPROVE,
                                  Action.REJECT, Action.MUTE})
_TRANSLATING = frozenset({Action.EDIT, Action.COMMENT})

# The role table: what each role allows. Translator and reviewer are held per language and
# allow their actions in those languages only; every account may read everything.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.TRANSLATOR: _TRANSLATING,
    Role.REVIEWER: _TRANSLATING | {Action.REVIEW, Action.APPROVE, Action.REJECT, Action.MUTE},
    Role.TERMINOLOGIST: frozenset({Action.GLOSSARY_EDIT, Action.GLOSSARY_FILES, Action.TERM_APPLY}),
    Role.MANAGER: frozenset({Action.ARTICLE_IMPORT, Action.ARTICLE_DELETE, Action.TRANSLATE,
                             Action.MODELS, Action.EXPORT, Action.IMPORT_TRANSLATIONS}),
    Role.ADMIN: frozenset(Action),
}
PER_LANGUAGE_ROLES = frozenset({Role.TRANSLATOR, Role.REVIEWER})

Grant = tuple[Role, str]  # a role and its language ("" for a role held for every language)


class PermissionDenied(WorkbenchError):
    """An account (or nobody) tried what its roles do not allow; nothing was changed."""


@dataclass(frozen=True)
class Actor:
    """Who acts: an account with its roles, or the machine's owner on a store without
    accounts (`local`). History, comments and the audit record `username`."""

    username: str
    grants: frozenset[Grant] = field(default_factory=frozenset)
    display_name: str = ""
    local: bool = False
    credential: str = ""  # a signed-in session's: see session_credential

    def may(self, action: Action, lang: str | None = None) -> bool:
        """What the roles allow, as held when this Actor was read (pages use it to hide
        what a person cannot do; the library asks the store again through `require`)."""
        if action in PER_LANGUAGE_ACTIONS and not lang:
            raise ValueError(f"{action.value} is taken per language: name the language")
        return any(action in ROLE_ACTIONS[role] and (role not in PER_LANGUAGE_ROLES
                                                     or held == lang)
                   for role, held in self.grants)

    @property
    def roles_text(self) -> str:
        return roles_text(self.grants)


def roles_text(grants) -> str:
    """The roles in one phrase: "translator for kk, ky; terminologist"."""
    held = held_roles(grants)
    if not held:
        return "no role"
    return "; ".join(f"{role.value} for {', '.join(value)}" if isinstance(value, list)
                     else role.value for role, value in held.items())


def held_roles(grants) -> dict[Role, list[str] | bool]:
    """{role: its languages (per-language roles) or True}, for the roles held, in table order."""
    held: dict[Role, list[str] | bool] = {}
    for role in Role:
        langs = [lang for code in TARGET_LANGUAGES for held_role, lang in grants
                 if held_role == role and lang == code]
        if role in PER_LANGUAGE_ROLES and langs:
            held[role] = langs
        elif role not in PER_LANGUAGE_ROLES and any(held_role == role for held_role, _ in grants):
            held[role] = True
    return held


def role_grants(roles: dict[Role, list[str] | bool]) -> frozenset[Grant]:
    """Grants from {role: languages} for translator and reviewer and {role: True/False} for
    the others; a language not among the five is refused."""
    grants = set()
    for role, value in roles.items():
        role = Role(role)
        if role in PER_LANGUAGE_ROLES:
            if isinstance(value, bool):
                raise InputError(role.value, "is held per language: name the languages")
            unknown = [lang for lang in value if lang not in TARGET_LANGUAGES]
            if unknown:
                raise InputError(role.value, f"unknown language {', '.join(unknown)}; "
                                             f"languages: {', '.join(TARGET_LANGUAGES)}")
            grants.update((role, lang) for lang in value)
        elif not isinstance(value, bool):
            raise InputError(role.value, "is held for every language: it takes no languages")
        elif value:
            grants.add((role, ""))
    return frozenset(grants)


def local_owner(name: str | None = None) -> Actor:
    """The machine's owner acting on a store without accounts: every right."""
    return Actor(name or settings.default_author(), frozenset({(Role.ADMIN, "")}), local=True)


def actor_from(account: dict) -> Actor:
    """The Actor of an account as the store keeps it (see Store.account)."""
    return Actor(account["username"],
                 frozenset((Role(role), lang) for role, lang in account["grants"]),
                 account["display_name"])


def session_credential(password_hash: str) -> str:
    """What a signed-in session keeps of the password hash it signed in with: a new password
    (a new hash, with a new salt) ends every session opened before it."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def current(store, actor: Actor) -> Actor:
    """`actor` with its roles as the store holds them now; PermissionDenied when it may not
    act at all (its account is gone or disabled, its session began before a password change,
    or it is the machine's owner on a store that has accounts)."""
    if actor.local:
        if store.has_accounts():
            raise PermissionDenied(
                f"{actor.username} acts as the machine's owner, but this store has accounts: "
                f"sign in (--user NAME or {settings.USER_ENV})")
        return actor
    account = store.account(actor.username, with_password_hash=True)
    if account is None:
        raise PermissionDenied(f"{actor.username}: no such account in this store")
    if not account["active"]:
        raise PermissionDenied(f"{actor.username}: the account is disabled")
    if actor.credential and actor.credential != session_credential(account["password_hash"]):
        raise PermissionDenied(f"{actor.username}: the password was changed since this session "
                               "signed in: sign in again")
    return replace(actor_from(account), credential=actor.credential)


def require(store, actor: Actor, action: Action, lang: str | None = None) -> None:
    """Refuse, before anything changes, what `actor` may not do (in `lang`, for the actions
    taken per language): PermissionDenied names who, what, and which role it takes."""
    now = current(store, actor)
    if now.may(action, lang):
        return
    what = ACTION_TEXT[action].format(lang=lang)
    raise PermissionDenied(f"{now.username} ({now.roles_text}) may not {what}: "
                           f"that takes {_roles_allowing(action, lang)}")


def _roles_allowing(action: Action, lang: str | None) -> str:
    names = [f"the {role.value} role" + (f" for {lang}" if role in PER_LANGUAGE_ROLES else "")
             for role in Role if role != Role.ADMIN and action in ROLE_ACTIONS[role]]
    return " or ".join(names + ["an admin"]) if names else "an admin"
