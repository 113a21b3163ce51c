"""Inline-code placeholders through MT.

Placeholders ({1}, {/1}, {2/}) go to the model as written: SentencePiece models
copy braces and digits. What comes back is repaired: spacing inside a
placeholder is undone, unexpected and repeated ones are removed, and missing
ones are put back at the same relative position in the translation (on a word
boundary). Every repair other than spacing is reported, so the segment can be
flagged for review.
"""

from collections import Counter
from dataclasses import dataclass

import regex

from workbench.inline import (
    Placeholder,
    code_problems,
    find_placeholders,
    format_placeholder,
    plain_text,
)
from workbench.model import InlineCode

# A placeholder the model spaced out: "{ 1 }", "{/ 1}", "{1 /}".
GARBLED = regex.compile(r"\{\s*(/?)\s*(\d+)\s*(/?)\s*\}")
UNKNOWN_PIECE = "⁇"  # what SentencePiece decodes an unknown token to
KIND_RANK = {"close": 0, "standalone": 1, "open": 2}  # at one spot: close, then open


@dataclass(frozen=True)
class Anchor:
    """A source placeholder and where it sat, as a fraction of the plain source text."""

    kind: str
    id: int
    ratio: float

    @property
    def text(self) -> str:
        return format_placeholder(self.kind, self.id)


def anchors(source: str) -> list[Anchor]:
    found = find_placeholders(source)
    plain_length = max(len(plain_text(source)), 1)
    result, removed = [], 0
    for placeholder in found:
        offset = placeholder.start - removed
        removed += placeholder.end - placeholder.start
        result.append(Anchor(placeholder.kind, placeholder.id, min(offset / plain_length, 1.0)))
    return result


def restore(source: str, translated: str) -> tuple[str, list[str]]:
    """Make `translated` carry exactly the placeholders of `source`; returns (text, flags)."""
    expected = anchors(source)
    text = GARBLED.sub(lambda m: "{%s%s%s}" % m.groups(), translated)
    text = regex.sub(rf"\s*{UNKNOWN_PIECE}\s*", " ", text).strip() if UNKNOWN_PIECE in text else text
    if not expected and not find_placeholders(text):
        return text, []
    wanted = {(anchor.kind, anchor.id) for anchor in expected}
    kept, seen, extra = [], set(), Counter()
    for placeholder in find_placeholders(text):
        key = (placeholder.kind, placeholder.id)
        if key in wanted and key not in seen:
            seen.add(key)
            kept.append(placeholder)
        else:
            extra[placeholder.text] += 1
    expected_texts = {anchor.text for anchor in expected}
    flags = [
        f"MT {'repeated' if placeholder in expected_texts else 'added'} {placeholder}"
        f"{f' ({count} times)' if count > 1 else ''}; removed"
        for placeholder, count in extra.items()
    ]
    missing = [anchor for anchor in expected if (anchor.kind, anchor.id) not in seen]
    if missing:
        flags.append(
            f"MT dropped {' '.join(a.text for a in missing)}; re-inserted by position"
        )
    repaired = _rebuild(text, kept, missing)
    if code_problems(repaired, _codes(expected)):
        flags.append("MT misplaced placeholders; all re-inserted by position")
        repaired = _rebuild(text, [], expected)
    return repaired, flags


def _codes(expected: list[Anchor]) -> list[InlineCode]:
    paired = {anchor.id for anchor in expected if anchor.kind != "standalone"}
    return [
        InlineCode(anchor.id, "mt", "", "" if anchor.id in paired else None)
        for anchor in expected
        if anchor.kind != "close"
    ]


def _rebuild(text: str, kept: list[Placeholder], missing: list[Anchor]) -> str:
    """Plain text of `text` with `kept` placeholders where they were and `missing` ones placed.

    A missing placeholder goes to the word boundary nearest its relative source
    position, never before the one inserted just before it. With nothing kept,
    ties keep source order, so the result is always well nested.
    """
    pieces, spots, cursor = [], [], 0
    for placeholder in find_placeholders(text):
        pieces.append(text[cursor:placeholder.start])
        cursor = placeholder.end
        if placeholder in kept:
            at = sum(len(piece) for piece in pieces)
            spots.append((at, KIND_RANK[placeholder.kind], len(spots), placeholder.text))
    pieces.append(text[cursor:])
    plain = "".join(pieces)
    starts = [match.start() for match in regex.finditer(r"\S+", plain)] + [len(plain)]
    ends = [0] + [match.end() for match in regex.finditer(r"\S+", plain)]
    floor = 0
    for anchor in missing:
        boundaries = ends if anchor.kind == "close" else starts
        at = max(min(boundaries, key=lambda b: abs(b - anchor.ratio * len(plain))), floor)
        floor = at
        rank = KIND_RANK[anchor.kind] if kept else 0
        spacer = " " if anchor.kind == "standalone" and at < len(plain) else ""
        spots.append((at, rank, len(spots), anchor.text + spacer))
    spots.sort()
    out, cursor = [], 0
    for at, _, _, placeholder in spots:
        out += [plain[cursor:at], placeholder]
        cursor = at
    out.append(plain[cursor:])
    return regex.sub(r"[ ]{2,}", " ", "".join(out)).strip()
