"""Passwords: argon2id hashes through argon2-cffi, and what a new password must be.

Only the hash is stored. A sign-in with an unknown name still verifies against a hash, so
the answer takes as long as for a real account and does not tell which names exist.
"""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workbench import settings
from workbench.errors import InputError

_HASHER = PasswordHasher()  # argon2id with the library's (RFC 9106) parameters


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one `password_hash` was made from (None: no account, which
    costs the same time and is never right)."""
    try:
        return _HASHER.verify(password_hash or _unknown_account_hash(), password) and (
            password_hash is not None)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """A hash made with weaker parameters than today's: hash the password again on sign-in."""
    return _HASHER.check_needs_rehash(password_hash)


def check_new_password(password: str, username: str) -> None:
    """Refuse a password too short, too long or naming the account (InputError; the message
    never repeats the password)."""
    if len(password) < settings.MIN_PASSWORD_LENGTH:
        raise InputError("password", f"too short: use at least {settings.MIN_PASSWORD_LENGTH} "
                                     "characters (a few words make a good one)")
    if len(password) > settings.MAX_PASSWORD_LENGTH:
        raise InputError("password", f"too long: at most {settings.MAX_PASSWORD_LENGTH} characters")
    if username.casefold() in password.casefold():
        raise InputError("password", "contains the user name")


@cache
def _unknown_account_hash() -> str:
    return _HASHER.hash("no account has this password")
