"""What the XML formats (XLIFF 1.2, XLIFF 2.1, TMX) share: the walk between segment text
with placeholders and text with inline elements, and writing a document unit by unit
(parsing is `workbench.xmlsafe`'s)."""

import itertools
from collections.abc import Callable, Iterable
from typing import BinaryIO

from lxml import etree

from workbench.characters import FORBIDDEN_SPLIT, has_forbidden, visible
from workbench.errors import InputError
from workbench.formats.units import small_number
from workbench.formats.validation import unsupported
from workbench.inline import code_problems, find_placeholders
from workbench.model import InlineCode
from workbench.xmlsafe import local_name


def single_file(root, tag: str, where, version: str):
    """The one <file> of a valid XLIFF document: the workbench writes one article per file."""
    files = root.findall(tag)
    if len(files) != 1:
        raise unsupported(where, f"{len(files)} <file> elements in one document (one article "
                                 "per file)", version)
    return files[0]


def append_text(parent, text: str, unrepresentable: Callable | None = None) -> None:
    """Add text after the last child of `parent` (or inside it when it has none). A character
    XML cannot carry (a store from before `workbench.characters` may hold one) is written by
    `unrepresentable(parent, character)`, or shown as its control picture."""
    if not text:
        return
    if unrepresentable is not None and has_forbidden([text]):
        for place, piece in enumerate(FORBIDDEN_SPLIT.split(text)):
            if place % 2:  # the split's captured pieces: the forbidden characters
                unrepresentable(parent, piece)
            else:
                append_text(parent, piece)
        return
    text = visible(text)
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def write_inline(
    parent,
    text: str,
    codes: tuple[InlineCode, ...],
    open_code: Callable,
    close_code: Callable,
    standalone_code: Callable,
    unrepresentable: Callable | None = None,
) -> None:
    """Write `text` into `parent` with its placeholders as inline elements.

    `open_code(container, code)` returns the container for what follows (a new
    nested element, or the same one for flat bpt/ept); `close_code(container, code)`
    ends it. Text whose placeholders do not fit its codes is written as it is, so
    re-import gives back exactly the same string and QA still sees the problem.
    `unrepresentable`: see `append_text`.
    """
    if code_problems(text, codes):
        append_text(parent, text, unrepresentable)
        return
    by_id = {code.id: code for code in codes}
    stack = [parent]
    position = 0
    for placeholder in find_placeholders(text):
        append_text(stack[-1], text[position:placeholder.start], unrepresentable)
        code = by_id[placeholder.id]
        if placeholder.kind == "open":
            stack.append(open_code(stack[-1], code))
        elif placeholder.kind == "close":
            close_code(stack.pop(), code)
        else:
            standalone_code(stack[-1], code)
        position = placeholder.end
    append_text(stack[-1], text[position:], unrepresentable)


def read_inline(element, convert: Callable) -> str:
    """Segment text of `element`: its text, and `convert(child)` for every inline child."""
    parts = [element.text or ""]
    for child in element:
        parts.append(convert(child))
        parts.append(child.tail or "")
    return "".join(parts)


def source_and_target(container, namespace: str, convert: Callable, where) -> tuple[str, str | None]:
    """Segment text of <source> and <target> (None when there is no target or it is empty)."""
    source = container.find(f"{{{namespace}}}source")
    if source is None:
        raise InputError(where, f"<{local_name(container)}> on line {container.sourceline} "
                                "has no <source>")
    target = container.find(f"{{{namespace}}}target")
    return read_inline(source, convert), (read_inline(target, convert) if target is not None
                                          else None) or None


def code_id(value: str | None, where, element, version: str) -> int:
    """Our placeholder number from a valid inline element's id; anything else is refused."""
    number = small_number(value)
    if number is None:
        raise unsupported(where, f"inline code <{local_name(element)} id={value!r}> on line "
                                 f"{element.sourceline}: the workbench numbers inline codes "
                                 "1, 2, 3...", version)
    return number


def write_streamed(output: BinaryIO, root, container, elements: Iterable, text_elements: set[str]) -> None:
    """Write the document `root` to `output` with `elements` (the units, built one at a time)
    as the last children of `container`: memory holds the skeleton and one unit, never the
    article, and the bytes are those `serialize` gives for the whole tree.

    The skeleton is serialized once with a marker where the units go. Each unit is a tree
    of its own, built with the root's namespace map; it is indented for its depth and
    serialized alone, less the namespace declarations the root already makes.
    """
    elements = iter(elements)
    first = next(elements, None)
    if first is None:
        output.write(serialize(root, text_elements))
        return
    if not first.nsmap.items() <= root.nsmap.items():
        raise ValueError(f"<{local_name(first)}> uses namespaces its document does not declare")
    marker = etree.ProcessingInstruction("workbench-units")
    container.append(marker)
    head, tail = serialize(root, text_elements).split(etree.tostring(marker, with_tail=False))
    container.remove(marker)
    level = sum(1 for _ in container.iterancestors()) + 1
    opening = etree.tostring(etree.Element(first.tag, nsmap=first.nsmap))[:-2]  # <unit xmlns=…
    bare = opening.split(b" ", 1)[0]  # <unit
    output.write(head)
    for number, element in enumerate(itertools.chain([first], elements)):
        if number:
            output.write(b"\n" + b"  " * level)
        _indent(element, text_elements, level)
        element.tail = None
        data = etree.tostring(element, encoding="UTF-8")
        if not data.startswith(opening):
            raise ValueError(f"<{local_name(element)}> was not built like the first unit")
        output.write(bare)
        output.write(data[len(opening):])
    output.write(tail)


def unknown_inline(where, element, version: str) -> InputError:
    return unsupported(where, f"inline element <{local_name(element)}> on line "
                              f"{element.sourceline}", version)


def serialize(root, text_elements: set[str]) -> bytes:
    """UTF-8 bytes, indented for people, without touching whitespace inside text elements."""
    _indent(root, text_elements, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _indent(element, text_elements: set[str], level: int) -> None:
    # lxml's pretty_print would add whitespace inside <source><ph/></source>: content.
    if local_name(element) in text_elements or not len(element):
        return
    padding = "\n" + "  " * (level + 1)
    if not (element.text or "").strip():
        element.text = padding
    for child in element:
        _indent(child, text_elements, level + 1)
        if not (child.tail or "").strip():
            child.tail = padding
    if not (element[-1].tail or "").strip():
        element[-1].tail = "\n" + "  " * level
