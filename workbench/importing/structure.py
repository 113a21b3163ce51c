"""From a reader's blocks to segments: roles, repaired paragraphs, sentences.

Readers (Markdown, plain text, HTML) only say what the markup is; the editorial
reading of an article (which paragraph is the dateline, the photo caption, the
"related article" teaser, the source footer, which paragraph break is a stray
one) is decided here once, for every format.
"""

from dataclasses import dataclass, field, replace

import regex

from workbench.importing.codes import renumber, renumber_placeholders
from workbench.inline import PLACEHOLDER, plain_text, render
from workbench.model import Block, InlineCode, ParsedArticle, ParsedSegment, Role
from workbench.segmentation import split_sentences


@dataclass
class RawBlock:
    """A block as a reader found it: markup around one run of text with placeholders."""

    role: Role
    text: str = ""
    codes: list[InlineCode] = field(default_factory=list)
    prefix: str = ""
    suffix: str = ""
    translatable: bool = True


_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATELINE = regex.compile(
    rf"^(?:(?:Updated|Published|Posted)\s*:?\s*)?(?:\w+day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?$",
    regex.IGNORECASE,
)
_RELATED = regex.compile(r"^\{\d+\}\s*(?:related(?: articles?| stories| story)?|read more|see also|read also)\s*:?\s*\{/\d+\}", regex.IGNORECASE)
_FOOTER = regex.compile(r"^(?:original(?:ly published| url| article| source)?|source|this article (?:was )?(?:first |originally )?(?:published|appeared))\b.*:\s*$", regex.IGNORECASE)
_CREDIT = regex.compile(r"\{(\d+)\}[^{}]*(?:\s/\s|\bphoto\b|\bagency\b|\bAP\b|\bReuters\b|\bGetty\b|\bAFP\b)[^{}]*\{/\1\}$", regex.IGNORECASE)
_SENTENCE_END = regex.compile(r"[.!?…:;][\"'”’»)\]]*$")
_ONLY_CODES = regex.compile(r"^(?:\s|\{\d+/\})*$")


def build_article(blocks: list[RawBlock], format: str, notes: list[str]) -> ParsedArticle:
    blocks = _assign_roles(_join_broken_paragraphs(blocks, notes))
    blocks = [_unwrap(block) for block in blocks]
    parsed_blocks: list[Block] = []
    segments: list[ParsedSegment] = []
    counters: dict[Role, int] = {}
    for number, block in enumerate(blocks):
        translatable = block.translatable and not _ONLY_CODES.match(block.text)
        if not translatable:
            markup = _render_raw(block)
            parsed_blocks.append(Block(number, block.role, markup, ""))
            continue
        parsed_blocks.append(Block(number, block.role, block.prefix, block.suffix))
        counters[block.role] = counters.get(block.role, 0) + 1
        sentences = split_sentences(block.text)
        for index, sentence in enumerate(sentences, start=1):
            text, codes = renumber(sentence, block.codes)
            context = f"{block.role.value} {counters[block.role]}"
            if len(sentences) > 1:
                context += f", sentence {index} of {len(sentences)}"
            segments.append(ParsedSegment(number, block.role, text, codes, context))
    title = next((s.source for s in segments if s.role == Role.TITLE), "")
    if not title and segments:
        title = segments[0].source
    return ParsedArticle(plain_text(title)[:200], format, parsed_blocks, segments, notes)


def _render_raw(block: RawBlock) -> str:
    return block.prefix + render(block.text, block.codes) + block.suffix


def _join_broken_paragraphs(blocks: list[RawBlock], notes: list[str]) -> list[RawBlock]:
    """A paragraph that stops mid-sentence and a next one that starts in lower case are one."""
    joined: list[RawBlock] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.role == block.role == Role.PARAGRAPH
            and previous.translatable
            and block.translatable
            and previous.prefix == block.prefix
            and not _SENTENCE_END.search(PLACEHOLDER.sub("", previous.text).rstrip())
            and regex.match(r"^(?:\{\d+\})*\p{Ll}", block.text)
        ):
            offset = len(previous.codes)
            shifted = renumber_placeholders(block.text, {c.id: c.id + offset for c in block.codes})
            previous.text = previous.text.rstrip() + " " + shifted.lstrip()
            previous.codes += [replace(code, id=code.id + offset) for code in block.codes]
            notes.append(
                f"joined a paragraph broken mid-sentence: …{PLACEHOLDER.sub('', previous.text)[-60:]}"
            )
            continue
        joined.append(block)
    return joined


def _assign_roles(blocks: list[RawBlock]) -> list[RawBlock]:
    in_footer = False
    for index, block in enumerate(blocks):
        plain = PLACEHOLDER.sub("", block.text).strip()
        if block.role != Role.PARAGRAPH:
            continue
        if in_footer:
            block.role = Role.FOOTER
        elif index <= 3 and _DATELINE.match(plain):
            block.role = Role.DATELINE
        elif _RELATED.match(block.text):
            block.role = Role.RELATED
        elif _FOOTER.match(plain):
            block.role = Role.FOOTER
            in_footer = True
        elif _CREDIT.search(block.text.rstrip()) or _follows_image(blocks, index):
            block.role = Role.CAPTION
    return blocks


def _follows_image(blocks: list[RawBlock], index: int) -> bool:
    if index == 0:
        return False
    previous = blocks[index - 1]
    return bool(previous.codes) and all(code.kind == "image" for code in previous.codes) and bool(
        _ONLY_CODES.match(previous.text)
    )


def _unwrap(block: RawBlock) -> RawBlock:
    """Markup around a whole block (a fully bold paragraph) belongs to the block, not a sentence."""
    while True:
        text = block.text.strip()
        match = regex.fullmatch(r"\{(\d+)\}(.*)\{/\1\}", text, flags=regex.DOTALL)
        if not match:
            return block
        code = next(code for code in block.codes if code.id == int(match.group(1)))
        block.prefix += code.opening
        block.suffix = (code.closing or "") + block.suffix
        block.text = match.group(2)
