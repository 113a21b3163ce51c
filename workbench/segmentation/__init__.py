"""Sentence segmentation of segment text, with the rules kept as SRX data.

The rules live in `rules/default.srx`; `srx.py` applies them. Placeholders ({n}, {/n},
{n/}, see workbench.inline) are hidden from the rules, so "said.{/1} Next" and
"end. {2}Next" break like plain text would.

A break is never made inside a paired placeholder span ({1} ... {/1}): when a bold phrase or
a link covers two sentences, both stay in one segment, because rebuilding the original
markup exactly on export matters more than the finest segmentation. Only `split_to_fit`,
which cuts a long text for a translation model, breaks inside one: MT puts the placeholders
back where the parts are joined.
"""

from bisect import bisect_right
from pathlib import Path

import regex

from workbench.inline import find_placeholders
from workbench.segmentation.srx import Code, segmenter_for

DEFAULT_RULES = Path(__file__).parent / "rules" / "default.srx"

# Whitespace that may be collapsed or trimmed; non-breaking spaces are content.
_BREAKING_SPACES = "".join(character for character in map(chr, range(0x3001))
                           if character.isspace() and character not in "\u00a0\u2007\u202f")
_SPACES = regex.compile(f"[{regex.escape(_BREAKING_SPACES)}]+")
_SRX_CODE_TYPE = {"open": "start", "close": "end", "standalone": "isolated"}


def normalize_space(text: str) -> str:
    """Collapse runs of (breaking) whitespace to one space and trim the ends."""
    return _SPACES.sub(" ", text).strip(" ")


def sentence_spans(text: str, lang: str = "en", rules: Path = DEFAULT_RULES, *,
                   inside_codes: bool = False) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, without surrounding whitespace.
    `inside_codes` allows breaks inside a paired placeholder span (see the module docstring)."""
    placeholders = find_placeholders(text)
    codes = [Code(_SRX_CODE_TYPE[p.kind], p.start, p.end) for p in placeholders]
    protected = [] if inside_codes else _paired_spans(placeholders)
    breaks = [position for position in segmenter_for(rules, lang).breaks(text, codes)
              if not _inside(protected, position)]
    spans = []
    for start, end in zip([0, *breaks], [*breaks, len(text)]):
        piece = text[start:end]
        sentence = piece.strip(_BREAKING_SPACES)
        if sentence:
            start += len(piece) - len(piece.lstrip(_BREAKING_SPACES))
            spans.append((start, start + len(sentence)))
    return spans


def split_sentences(text: str, lang: str = "en", rules: Path = DEFAULT_RULES) -> list[str]:
    """The sentences of `text`, whitespace-normalized: " ".join(result) == normalize_space(text)."""
    return [normalize_space(text[start:end]) for start, end in sentence_spans(text, lang, rules)]


def split_to_fit(text: str, limit: int, lang: str = "en", rules: Path = DEFAULT_RULES) -> list[str]:
    """`text` in parts of at most `limit` characters, for a model that takes only so much:
    whole sentences (by the rules) packed together; a longer sentence is cut at a space,
    else anywhere. A bold or linked span may be cut too: the caller puts placeholders back
    where the parts are joined. " ".join(result) == normalize_space(text) when no cut is
    forced."""
    if len(text) <= limit:
        return [text]
    pieces = []
    for start, end in sentence_spans(text, lang, rules, inside_codes=True):
        sentence = normalize_space(text[start:end])
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        pieces.append(sentence)
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + 1 + len(piece) <= limit:
            parts[-1] += " " + piece
        elif piece:
            parts.append(piece)
    return parts


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(spans, position, key=lambda span: span[0]) - 1
    return index >= 0 and spans[index][0] < position < spans[index][1]


def _paired_spans(placeholders) -> list[tuple[int, int]]:
    """Disjoint (start, end) ranges covered by {n} ... {/n} pairs, in order."""
    open_at: dict[int, int] = {}
    spans = []
    for placeholder in placeholders:
        if placeholder.kind == "open":
            open_at[placeholder.id] = placeholder.start
        elif placeholder.kind == "close" and placeholder.id in open_at:
            spans.append((open_at.pop(placeholder.id), placeholder.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
