"""Characters no text of the workbench may hold, and how a file that must carry one shows it.

Refused: the C0 control characters other than tab and line feed (U+0000-U+0008,
U+000B-U+001F, carriage return included), lone surrogates (U+D800-U+DFFF, half a character)
and the non-characters U+FFFE and U+FFFF. XML 1.0 cannot carry them, so an XLIFF, TMX or TBX
file holding one could not be written; no language is written with them, and a screen does
not show them. Every way text comes in (an article, an exchange file, an edit, a glossary)
refuses them naming where, and the store refuses to write them whatever the caller.

A store written before this rule may still hold one: writers then show it as its Unicode
control picture (U+0001 -> U+2401 ␁) or U+FFFD, so an export never fails on stored text, and
the store copies it unchanged where it keeps old text (the history), so it can be corrected.
"""

import re

from workbench.errors import InputError

# `re`, not `regex`: a plain character class, searched in every text the store writes, where
# `re` is three times faster.
_CLASS = r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]"
_FORBIDDEN = re.compile(_CLASS)
FORBIDDEN_SPLIT = re.compile(f"({_CLASS})")  # split keeps them, at the odd places
_CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL ... U+241F SYMBOL FOR UNIT SEPARATOR
_CONTEXT = 20


def describe(char: str) -> str:
    """'control character U+0001', 'lone surrogate U+D800', 'non-character U+FFFF'."""
    code = ord(char)
    kind = ("control character" if code < 0x20 else
            "lone surrogate" if 0xD800 <= code <= 0xDFFF else "non-character")
    return f"{kind} U+{code:04X}"


def forbidden_in(text: str) -> str | None:
    """What is wrong with `text`: the first forbidden character and where it stands
    ("control character U+0001 at character 4, after 'abc'"), or None when it is fine."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    before = _FORBIDDEN.sub("", text[max(0, found.start() - _CONTEXT):found.start()])
    after = f", after {before!r}" if before.strip() else ""
    return f"{describe(found.group())} at character {found.start() + 1}{after}"


def check_text(text: str | None, where, what: str) -> None:
    """InputError naming `where` when `text` (`what` it is: "translation", "author") holds a
    forbidden character."""
    problem = forbidden_in(text) if text else None
    if problem:
        raise InputError(where, f"{what} contains {problem}; such characters are not text: "
                                "remove it")


def has_forbidden(texts) -> bool:
    """Whether any of `texts` holds a forbidden character (each scanned in place: a store
    write of 100,000 concepts is not copied into one string to be scanned)."""
    search = _FORBIDDEN.search
    return any(search(text) for text in texts)


def visible(text: str) -> str:
    """`text` with each forbidden character replaced by its control picture (U+2401 for
    U+0001) or U+FFFD: what a writer puts in a file for text stored before the rule."""
    return _FORBIDDEN.sub(_picture, text) if text else text


def _picture(match) -> str:
    code = ord(match.group())
    return chr(_CONTROL_PICTURES + code) if code < 0x20 else "\ufffd"
