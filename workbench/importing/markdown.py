"""Markdown articles, read with markdown-it-py (CommonMark)."""

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.importing.codes import MarkupText
from workbench.importing.normalize import normalize_inline
from workbench.importing.structure import RawBlock, build_article
from workbench.model import ParsedArticle, Role

_PARSER = MarkdownIt("commonmark")
_PAIRED = {"strong": "bold", "em": "italic", "s": "strikethrough"}


def parse_markdown(text: str) -> ParsedArticle:
    return build_article(_blocks(_PARSER.parse(text)), "markdown", [])


def _blocks(tokens: list[Token]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    containers: list[str] = []  # "> " for quotes, list markers for items
    list_numbers: list[int | None] = []
    pending_marker = ""
    seen_title = False
    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            containers.append("> ")
        elif kind in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            containers.pop()
            if kind != "blockquote_close":
                list_numbers.pop()
        elif kind == "bullet_list_open":
            containers.append("")
            list_numbers.append(None)
        elif kind == "ordered_list_open":
            containers.append("")
            list_numbers.append(int(token.attrGet("start") or 1))
        elif kind == "list_item_open":
            number = list_numbers[-1]
            if number is None:
                pending_marker = f"{token.markup} "
            else:
                pending_marker = f"{number}{token.markup} "
                list_numbers[-1] = number + 1
        elif kind == "heading_open":
            level = int(token.tag[1])
            role = Role.TITLE if level == 1 and not seen_title else Role.HEADING
            seen_title = seen_title or role == Role.TITLE
            blocks.append(RawBlock(role, prefix=_indent(containers) + "#" * level + " "))
        elif kind == "paragraph_open":
            if pending_marker:
                role, marker = Role.LIST_ITEM, pending_marker
                pending_marker = ""
            else:
                role = Role.QUOTE if "> " in containers else Role.PARAGRAPH
                marker = ""
            blocks.append(RawBlock(role, prefix=_indent(containers) + marker))
        elif kind == "inline":
            markup = _inline(token.children or [])
            blocks[-1].text = markup.text.strip()
            blocks[-1].codes = markup.codes
        elif kind in ("fence", "code_block", "html_block", "hr"):
            blocks.append(RawBlock(Role.PARAGRAPH, prefix=_raw_markup(token), translatable=False))
    return blocks


def _indent(containers: list[str]) -> str:
    return "".join(marker for marker in containers if marker)


def _raw_markup(token: Token) -> str:
    if token.type == "fence":
        return f"{token.markup}{token.info}\n{token.content}{token.markup}"
    if token.type == "code_block":
        return "".join(f"    {line}\n" for line in token.content.splitlines()).rstrip("\n")
    if token.type == "hr":
        return token.markup
    return token.content.rstrip("\n")


def _inline(children: list[Token]) -> MarkupText:
    markup = MarkupText()
    index = 0
    while index < len(children):
        child = children[index]
        kind = child.type
        if kind == "text":
            markup.add_text(normalize_inline(child.content))
        elif kind in ("softbreak", "hardbreak"):
            markup.add_text(" ")
        elif kind == "code_inline":
            fence = child.markup
            markup.add_standalone("code", f"{fence}{child.content}{fence}")
        elif kind == "html_inline":
            markup.add_standalone("html", child.content)
        elif kind == "image":
            markup.add_standalone("image", _image(child))
        elif kind == "link_open" and child.markup == "autolink":
            markup.add_standalone("url", f"<{children[index + 1].content}>")
            index += 2  # the link text and link_close belong to the autolink
        elif kind == "link_open":
            markup.open("link", "[", f"]({_destination(child)})")
        elif kind.endswith("_open") and kind[:-5] in _PAIRED:
            markup.open(_PAIRED[kind[:-5]], child.markup, child.markup)
        elif kind.endswith("_close"):
            markup.close()
        index += 1
    return markup


def _destination(token: Token) -> str:
    return _target(token.attrGet("href") or "", token.attrGet("title"))


def _image(token: Token) -> str:
    alt = "".join(child.content for child in token.children or [])
    return f"![{alt}]({_target(token.attrGet('src') or '', token.attrGet('title'))})"


def _target(url: str, title: str | None) -> str:
    if " " in url or "(" in url or ")" in url:
        url = f"<{url}>"
    return f'{url} "{title}"' if title else url
