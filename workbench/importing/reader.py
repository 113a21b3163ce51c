"""Reading an article file into text: size, binary content and encodings.

Everything here fails with an InputError naming the file, before anything is
parsed or stored.
"""

from dataclasses import dataclass
from pathlib import Path

import regex
from charset_normalizer import from_bytes

from workbench.errors import InputError
from workbench.settings import MAX_ARTICLE_BYTES, MB, megabytes

ARTICLE_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # not whitespace: binary when common
# Encodings newsrooms' files actually arrive in when they are not UTF-8.
_LIKELY_LEGACY = ("cp1252", "cp1251", "latin_1", "iso8859_15", "koi8_r", "mac_roman")


@dataclass(frozen=True)
class ArticleText:
    path: Path
    format: str
    text: str
    encoding: str
    note: str = ""  # how the text was read, when that is not plain UTF-8


def article_format(path: Path) -> str | None:
    return ARTICLE_SUFFIXES.get(path.suffix.lower())


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> ArticleText:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder; give the files in it or the folder to import")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            path,
            f"file is {megabytes(size)}, over the {max_bytes / MB:.0f} MB limit"
            " for one article (split it, or raise the limit with --max-size)",
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "file is empty")
    text, encoding, note = decode(path, data)
    if not text.strip():
        raise InputError(path, "file has no text")
    if _control_characters(text) > 0.01 * len(text):
        raise InputError(path, "looks like a binary file, not an article")
    return ArticleText(path, article_format(path) or "text", text, encoding, note)


def decode(path: Path, data: bytes) -> tuple[str, str, str]:
    """(text, encoding, note): UTF-8 unless a byte order mark, UTF-16's pattern of zero
    bytes or a clearly legacy file says otherwise; the note says what was not UTF-8.

    A file that is UTF-8 but for a few bytes is refused naming them: guessing a legacy code
    page for it would turn every non-ASCII character into mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(path, data, encoding), encoding, ""
    utf16 = _utf16_without_bom(data)
    if utf16:
        return (_strict(path, data, utf16), utf16,
                f"read as {utf16.upper()} (no byte order mark): save articles as UTF-8")
    if b"\x00" in data:
        raise InputError(path, "looks like a binary file (it contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as error:
        utf8_error = error
    lenient = data.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", errors="ignore"))
    if non_ascii - damaged >= damaged:  # more good UTF-8 characters than bad bytes
        line, column = _place(data, utf8_error.start)
        raise InputError(path, f"is UTF-8 but for {damaged} invalid byte sequence(s), the first "
                               f"(byte 0x{data[utf8_error.start]:02X}) on line {line}, column "
                               f"{column}; fix them, or save the file as UTF-8 again")
    best = from_bytes(data, cp_isolation=list(_LIKELY_LEGACY)).best()
    if best is None or best.chaos > 0.2:
        raise InputError(
            path,
            f"is not UTF-8 (invalid byte at offset {utf8_error.start}) and its encoding could not"
            " be detected; save it as UTF-8 and import again",
        )
    return str(best), best.encoding, f"not UTF-8: read as {best.encoding}, the likeliest " \
                                     "legacy encoding; check the text, or save it as UTF-8"


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not valid {encoding.upper()} (byte {error.start}); save it "
                               "as UTF-8") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the zero bytes fall on one side of every pair, as
    UTF-16 text has them (ASCII letters, spaces, digits, punctuation), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    pairs = len(data) // 2
    if odd >= 0.1 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.1 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None


def _place(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset, both from 1."""
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _control_characters(text: str) -> int:
    return len(_CONTROL.findall(text))
