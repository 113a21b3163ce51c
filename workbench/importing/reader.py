"""Reading an article file into text: size, binary content and encodings.

Everything here fails with an InputError naming the file, before anything is
parsed or stored.
"""

from dataclasses import dataclass
from pathlib import Path

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
# Encodings newsrooms' files actually arrive in when they are not UTF-8.
_LIKELY_LEGACY = ("cp1252", "cp1251", "latin_1", "iso8859_15", "koi8_r", "mac_roman")


@dataclass(frozen=True)
class ArticleText:
    path: Path
    format: str
    text: str
    encoding: str


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
    text, encoding = decode(path, data)
    if not text.strip():
        raise InputError(path, "file has no text")
    if _control_characters(text) > 0.01 * len(text):
        raise InputError(path, "looks like a binary file, not an article")
    return ArticleText(path, article_format(path) or "text", text, encoding)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data:
        raise InputError(path, "looks like a binary file (it contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    best = from_bytes(data, cp_isolation=list(_LIKELY_LEGACY)).best()
    if best is None or best.chaos > 0.2:
        raise InputError(
            path,
            f"is not UTF-8 (invalid byte at offset {utf8_error.start}) and its encoding could not"
            " be detected; save it as UTF-8 and import again",
        )
    return str(best), best.encoding


def _control_characters(text: str) -> int:
    return sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
