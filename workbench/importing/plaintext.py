"""Plain-text articles: blank lines separate paragraphs, single line breaks are stray."""

import regex

from workbench.importing.codes import MarkupText
from workbench.importing.normalize import normalize_inline
from workbench.importing.structure import RawBlock, build_article
from workbench.model import ParsedArticle, Role

_LIST_ITEM = regex.compile(r"^\s*([-*•–]|\d{1,3}[.)])\s+(.*)$")
_PARAGRAPHS = regex.compile(r"\n\s*\n")


def parse_plain_text(text: str) -> ParsedArticle:
    blocks: list[RawBlock] = []
    for paragraph in _PARAGRAPHS.split(text.strip()):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if lines and all(_LIST_ITEM.match(line) for line in lines):
            for line in lines:
                marker, body = _LIST_ITEM.match(line).groups()
                blocks.append(_block(Role.LIST_ITEM, body, prefix=f"{marker} "))
        elif lines:
            blocks.append(_block(Role.PARAGRAPH, " ".join(lines)))
    if blocks and _looks_like_title(text, blocks[0]):
        blocks[0].role = Role.TITLE
    return build_article(blocks, "text", [])


def _block(role: Role, text: str, prefix: str = "") -> RawBlock:
    markup = MarkupText()
    markup.add_text(normalize_inline(text).strip())
    return RawBlock(role, markup.text, markup.codes, prefix)


def _looks_like_title(text: str, block: RawBlock) -> bool:
    first_paragraph = _PARAGRAPHS.split(text.strip())[0]
    return (
        "\n" not in first_paragraph.strip()
        and len(block.text) <= 200
        and not regex.search(r"[.!?:;,]$", block.text)
    )
