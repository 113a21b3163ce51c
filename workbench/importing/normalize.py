"""Reading messy text the way a careful editor does.

Stray line breaks become spaces, invisible characters go, and non-breaking
spaces count as spaces except inside numbers ("10 000"), where they are a
thousands separator and are kept.
"""

import regex

_INVISIBLE = regex.compile("[\u200b\u2060\ufeff\u00ad]")
_NUMBER_SPACE = regex.compile(r"(?<=\d)[\u00a0\u202f\u2007](?=\d{3}\b)")
_ANY_SPACE = regex.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a]+")
_KEPT_SPACE = "\u0000"


def normalize_inline(text: str) -> str:
    """Whitespace-normalize one run of text (no leading/trailing trimming)."""
    text = _INVISIBLE.sub("", text)
    text = _NUMBER_SPACE.sub(_KEPT_SPACE, text)
    text = _ANY_SPACE.sub(" ", text)
    return text.replace(_KEPT_SPACE, "\u00a0")

