"""The inverse of import: the article's document from its skeleton and segments.

With no translations this gives back the source as imported; with a language's
translations it gives the translated article, falling back to the source for
segments not yet translated.
"""

import html

from workbench.inline import PLACEHOLDER, code_problems, render
from workbench.model import Block, Segment

_MARKDOWN_SPECIAL = "\\*_`[]<"


def rebuild_document(
    blocks: list[Block], segments: list[Segment], targets: dict[str, str] | None = None,
    format: str = "markdown",
) -> str:
    targets = targets or {}
    by_block: dict[int, list[Segment]] = {}
    for segment in segments:
        by_block.setdefault(segment.block, []).append(segment)
    pieces = []
    for block in blocks:
        sentences = [
            render(_escape(_usable_target(targets.get(s.sid), s), format), s.codes)
            for s in by_block.get(block.number, [])
        ]
        pieces.append(block.prefix + " ".join(sentences) + block.suffix)
    return "\n\n".join(pieces) + "\n"


def _usable_target(target: str | None, segment: Segment) -> str:
    """A translation whose placeholders do not fit the source's markup would publish broken
    markup; the source stands in until the translation is fixed (QA flags it)."""
    if target and not code_problems(target, segment.codes):
        return target
    return segment.source


def _escape(text: str, format: str) -> str:
    """Text that would read as markup in the output format is escaped; codes are left alone."""
    escape_text = _ESCAPERS.get(format)
    if escape_text is None:
        return text
    pieces = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(escape_text(text[position : match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(escape_text(text[position:]))
    return "".join(pieces)


def _escape_markdown(text: str) -> str:
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)


_ESCAPERS = {"markdown": _escape_markdown, "html": lambda text: html.escape(text, quote=False)}
