"""HTML articles: the readable blocks of a page, inline tags as codes.

The rebuilt document is the article's blocks as an HTML fragment (page chrome
such as scripts, navigation and forms is not part of an article).
"""

from html import escape

from lxml import etree
from lxml import html as lxml_html

from workbench.importing.codes import MarkupText
from workbench.importing.normalize import normalize_inline
from workbench.importing.structure import ArticleError, RawBlock, build_article
from workbench.model import ParsedArticle, Role
from workbench.settings import MAX_NESTING_DEPTH

_BLOCK_ROLES = {
    "h1": Role.HEADING, "h2": Role.HEADING, "h3": Role.HEADING, "h4": Role.HEADING,
    "h5": Role.HEADING, "h6": Role.HEADING, "p": Role.PARAGRAPH, "li": Role.LIST_ITEM,
    "blockquote": Role.QUOTE, "figcaption": Role.CAPTION, "td": Role.TABLE_CELL,
    "th": Role.TABLE_CELL, "dt": Role.PARAGRAPH, "dd": Role.PARAGRAPH, "caption": Role.CAPTION,
}
_SKIPPED = {"script", "style", "nav", "noscript", "svg", "form", "button", "iframe", "template", "head"}
_CONTAINERS = {
    "html", "body", "div", "section", "article", "main", "header", "footer", "aside", "figure",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "address", "details", "fieldset",
    "hgroup", "pre", "hr",
}
_INLINE_KINDS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "a": "link"}
_STANDALONE = {"br", "img", "wbr", "input", "code", "kbd", "var", "samp"}
_PARSER = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding="utf-8")


def parse_html(text: str) -> ParsedArticle:
    root = lxml_html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    _check_depth(root)
    blocks: list[RawBlock] = []
    _collect(root, blocks)
    titles = [b for b in blocks if b.prefix.startswith("<h1")]
    if titles:
        titles[0].role = Role.TITLE
    return build_article(blocks, "html", [])


def _check_depth(root) -> None:
    """libxml2 drops what lies deeper than 256 elements, and everything after it: a document
    nested deeper than any article is refused before the walk below."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_NESTING_DEPTH:
            raise ArticleError(f"elements are nested more than {MAX_NESTING_DEPTH} levels deep "
                               f"(line {element.sourceline}); no article needs that many")


def _collect(element, blocks: list[RawBlock]) -> None:
    """Blocks of a container; text standing loose in it (between or around its blocks)
    becomes paragraphs of its own, so nothing a reader sees is lost."""
    loose = MarkupText()
    _add_text(loose, element.text)
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIPPED and _is_block(child):
            _flush(loose, blocks)
            loose = MarkupText()
            if child.tag in _BLOCK_ROLES and not _has_block_children(child):
                markup = MarkupText()
                _inline(child, markup)
                blocks.append(RawBlock(_BLOCK_ROLES[child.tag], markup.text.strip(), markup.codes,
                                       _start_tag(child), f"</{child.tag}>"))
            else:
                _collect(child, blocks)
        else:
            _inline_child(child, loose)
        _add_text(loose, child.tail)
    _flush(loose, blocks)


def _flush(loose: MarkupText, blocks: list[RawBlock]) -> None:
    text = loose.text.strip()
    if text:
        blocks.append(RawBlock(Role.PARAGRAPH, text, loose.codes, "<p>", "</p>"))


def _is_block(element) -> bool:
    return element.tag in _BLOCK_ROLES or element.tag in _CONTAINERS


def _has_block_children(element) -> bool:
    return any(isinstance(c.tag, str) and _is_block(c) for c in element)


def _inline(element, markup: MarkupText) -> None:
    _add_text(markup, element.text)
    for child in element:
        _inline_child(child, markup)
        _add_text(markup, child.tail)


def _inline_child(child, markup: MarkupText) -> None:
    if not isinstance(child.tag, str) or child.tag in _SKIPPED:
        return
    if child.tag in _STANDALONE:
        markup.add_standalone("image" if child.tag == "img" else "html", _outer(child))
    else:
        markup.open(_INLINE_KINDS.get(child.tag, "html"), _start_tag(child), f"</{child.tag}>")
        _inline(child, markup)
        markup.close()


def _add_text(markup: MarkupText, text: str | None) -> None:
    if text:
        markup.add_text(normalize_inline(text))


def _start_tag(element) -> str:
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in element.attrib.items())
    return f"<{element.tag}{attributes}>"


def _outer(element) -> str:
    tail, element.tail = element.tail, None
    try:
        return etree.tostring(element, method="html", encoding="unicode")
    finally:
        element.tail = tail
