"""Building segment text with placeholders while a reader walks the markup."""

from dataclasses import replace

import regex

from workbench.inline import PLACEHOLDER, find_placeholders, format_placeholder
from workbench.model import InlineCode

# Web and mail addresses inside running text: MT must not touch them.
_URL = regex.compile(r"\b(?:https?://|www\.)[^\s<>\"“”«»]+[^\s<>\"“”«».,;:!?)\]]|\b[\w.+-]+@[\w-]+\.[\w.-]+\w")


class MarkupText:
    """Text plus the inline codes it refers to, at block level (ids from 1)."""

    def __init__(self):
        self.parts: list[str] = []
        self.codes: list[InlineCode] = []
        self._open: list[int] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add_text(self, text: str) -> None:
        """Running text; URLs and text that looks like a placeholder become standalone codes."""
        position = 0
        for match in _protected_spans(text):
            self.parts.append(text[position : match.start()])
            self.add_standalone("url" if _URL.fullmatch(match.group(0)) else "literal",
                                match.group(0))
            position = match.end()
        self.parts.append(text[position:])

    def add_standalone(self, kind: str, markup: str) -> None:
        code_id = len(self.codes) + 1
        self.codes.append(InlineCode(code_id, kind, markup))
        self.parts.append(format_placeholder("standalone", code_id))

    def open(self, kind: str, opening: str, closing: str) -> None:
        code_id = len(self.codes) + 1
        self.codes.append(InlineCode(code_id, kind, opening, closing))
        self._open.append(code_id)
        self.parts.append(format_placeholder("open", code_id))

    def close(self) -> None:
        self.parts.append(format_placeholder("close", self._open.pop()))


def _protected_spans(text: str):
    spans = sorted(list(_URL.finditer(text)) + list(PLACEHOLDER.finditer(text)),
                   key=lambda match: match.start())
    end = 0
    for match in spans:
        if match.start() >= end:
            end = match.end()
            yield match


def renumber(text: str, codes: list[InlineCode] | tuple[InlineCode, ...]) -> tuple[str, tuple[InlineCode, ...]]:
    """Restrict codes to those `text` uses and number them 1, 2, ... in order of appearance."""
    by_id = {code.id: code for code in codes}
    mapping: dict[int, int] = {}
    for placeholder in find_placeholders(text):
        if placeholder.id not in mapping:
            mapping[placeholder.id] = len(mapping) + 1

    new_codes = tuple(replace(by_id[old_id], id=new_id) for old_id, new_id in mapping.items())
    return renumber_placeholders(text, mapping), new_codes


def renumber_placeholders(text: str, mapping: dict[int, int]) -> str:
    """Placeholder ids changed by `mapping`; ids it does not name stay as written."""

    def new_id(match: regex.Match) -> str:
        slash_before, number, slash_after = match.groups()
        return "{" + slash_before + str(mapping.get(int(number), number)) + slash_after + "}"

    return PLACEHOLDER.sub(new_id, text)
