"""From a reader's blocks to segments: roles, repaired paragraphs, sentences.

Readers (Markdown, plain text, HTML) only say what the markup is; the editorial
reading of an article (which paragraph is the dateline, the photo caption, the
"related article" teaser, the source footer, which paragraph break is a stray
one) is decided here once, for every format.
"""

from dataclasses import dataclass, field, replace

import regex

from workbench.importing.codes import renumber, renumber_placeholders
from workbench.inline import PLACEHOLDER, find_placeholders, format_placeholder, plain_text, render
from workbench.model import Block, InlineCode, ParsedArticle, ParsedSegment, Role
from workbench.segmentation import split_sentences
from workbench import settings


class ArticleError(Exception):
    """What a reader found wrong with an article's text; the import names the file."""


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
_CLAUSE_END = regex.compile(r"[,;:)”»](?= )|(?<= )[—–](?= )")  # where a long sentence is cut first
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
        place = f"{block.role.value} {counters[block.role]}"
        sentences = split_sentences(block.text)
        for index, sentence in enumerate(sentences, start=1):
            context = place + (f", sentence {index} of {len(sentences)}" if len(sentences) > 1
                               else "")
            limit = settings.MAX_SEGMENT_CHARS
            parts = _cut_to_length(sentence, block.codes, limit, context)
            if len(parts) > 1:
                notes.append(f"{context}: a sentence of {len(sentence):,} characters was cut into "
                             f"{len(parts):,} segments of at most {limit:,} "
                             "(at commas, semicolons, colons or dashes, else between words)")
            for part, (text, codes) in enumerate(parts, start=1):
                segments.append(ParsedSegment(
                    number, block.role, text, codes,
                    context + (f", part {part} of {len(parts)}" if len(parts) > 1 else "")))
    title = next((s.source for s in segments if s.role == Role.TITLE), "")
    if not title and segments:
        title = segments[0].source
    return ParsedArticle(plain_text(title)[:200], format, parsed_blocks, segments, notes)


def _cut_to_length(sentence: str, codes: list[InlineCode], limit: int,
                   context: str) -> list[tuple[str, tuple[InlineCode, ...]]]:
    """The sentence as segments of at most `limit` characters (text and codes renumbered per
    segment): cut after the last clause end that fits, else at the last space; a word longer
    than `limit` is refused. Bold or a link open across a cut is closed at the end of one part
    and opened again in the next: the first part's code keeps the opening markup, the next
    the closing, so the rebuilt article has the markup exactly once."""
    if len(sentence) <= limit:
        return [renumber(sentence, codes)]
    by_id = {code.id: code for code in codes}
    parts, start, carried = [], 0, []
    while start < len(sentence):
        room = limit  # less the codes a part opens and closes again, once they are known
        while True:
            end = (len(sentence) if len(sentence) - start <= room
                   else _cut(sentence, start, room, context))
            part, still_open = _part(sentence[start:end].strip(), carried, by_id)
            if len(part[0]) <= limit:
                break
            room -= len(part[0]) - limit
            if room < limit // 2:
                raise ArticleError(f"{context} has more bold, italics or links open at once "
                                   f"than a segment of {limit:,} characters can carry")
        parts.append(part)
        start, carried = end, still_open
    return parts


def _part(piece: str, carried: list[int], by_id: dict[int, InlineCode]):
    """One part of a cut sentence, renumbered: the codes open across the cut before it are
    opened again, those still open at its end are closed; and the ids still open."""
    still_open = _open_after(piece, carried)
    text = ("".join(format_placeholder("open", i) for i in carried) + piece
            + "".join(format_placeholder("close", i) for i in reversed(still_open)))
    part_codes = [replace(by_id[i], opening="") if i in carried else by_id[i]
                  for i in sorted(by_id)]
    part_codes = [replace(code, closing="") if code.id in still_open else code
                  for code in part_codes]
    return renumber(text, part_codes), still_open


def _cut(text: str, start: int, limit: int, context: str) -> int:
    window = text[start:start + limit]
    ends = [match.end() for match in _CLAUSE_END.finditer(window)]
    if ends and ends[-1] > limit // 4:
        return start + ends[-1]
    space = window.rfind(" ")
    if space <= 0:
        raise ArticleError(f"{context} has a word of more than {limit:,} characters "
                           f"(“{text[start:start + 40]}…”), which is no text to translate")
    return start + space


def _open_after(piece: str, carried: list[int]) -> list[int]:
    """Ids of paired codes still open at the end of `piece`, which opens with `carried`."""
    stack = list(carried)
    for placeholder in find_placeholders(piece):
        if placeholder.kind == "open":
            stack.append(placeholder.id)
        elif placeholder.kind == "close" and placeholder.id in stack:
            stack.remove(placeholder.id)
    return stack


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
