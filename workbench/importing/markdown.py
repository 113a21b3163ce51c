"""Markdown articles, read with markdown-it-py (CommonMark)."""

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.importing.codes import MarkupText
from workbench.importing.normalize import normalize_inline
from workbench.importing.structure import ArticleError, RawBlock, build_article
from workbench.model import ParsedArticle, Role
from workbench.settings import MAX_NESTING_DEPTH

# markdown-it stops reading a document at its nesting limit and drops the rest without a
# word: the limit is set above ours, so a deeper document is seen, and refused.
_PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING_DEPTH + 10})
_PAIRED = {"strong": "bold", "em": "italic", "s": "strikethrough"}


def parse_markdown(text: str) -> ParsedArticle:
    tokens = _PARSER.parse(text)
    too_deep = next((token for token in tokens if token.level > MAX_NESTING_DEPTH), None)
    if too_deep is not None:
        line = next(token.map[0] + 1 for token in reversed(tokens[:tokens.index(too_deep) + 1])
                    if token.map)
        raise ArticleError(f"lists or quotes are nested more than {MAX_NESTING_DEPTH} levels "
                           f"deep (line {line}); no article needs that many: flatten them")
    return build_article(_blocks(tokens), "markdown", [])


def _blocks(tokens: list[Token]) -> list[RawBlock]:
    """Blocks with the line prefix that puts them back where they were: "> " inside a quote,
    the list marker on an item's first block and its indentation on the item's other lines."""
    blocks: list[RawBlock] = []
    containers: list[str] = []  # what every line inside each open container starts with
    list_numbers: list[int | None] = []
    pending_marker = ""  # the marker the next block of a list item starts with
    seen_title = False

    def line_prefix() -> str:
        nonlocal pending_marker
        if not pending_marker:
            return "".join(containers)
        prefix, pending_marker = "".join(containers[:-1]) + pending_marker, ""
        return prefix

    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            containers.append("> ")
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            list_numbers.append(None if kind == "bullet_list_open" else int(start or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_numbers.pop()
        elif kind == "list_item_open":
            number = list_numbers[-1]
            pending_marker = f"{token.markup} " if number is None else f"{number}{token.markup} "
            if number is not None:
                list_numbers[-1] = number + 1
            containers.append(" " * len(pending_marker))
        elif kind == "heading_open":
            level = int(token.tag[1])
            role = Role.TITLE if level == 1 and not seen_title else Role.HEADING
            seen_title = seen_title or role == Role.TITLE
            blocks.append(RawBlock(role, prefix=line_prefix() + "#" * level + " "))
        elif kind == "paragraph_open":
            in_item = bool(pending_marker)
            role = Role.LIST_ITEM if in_item else Role.QUOTE if "> " in containers else Role.PARAGRAPH
            blocks.append(RawBlock(role, prefix=line_prefix()))
        elif kind == "inline":
            markup = _inline(token.children or [])
            blocks[-1].text = markup.text.strip()
            blocks[-1].codes = markup.codes
        elif kind in ("fence", "code_block", "html_block", "hr"):
            first, rest = line_prefix(), "".join(containers)
            lines = _raw_markup(token).split("\n")
            markup = "\n".join([first + lines[0]] + [rest + line if line else rest.rstrip() for line in lines[1:]])
            blocks.append(RawBlock(Role.PARAGRAPH, prefix=markup, translatable=False))
    return blocks


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
