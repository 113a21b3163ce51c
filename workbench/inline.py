"""Placeholders for inline codes in segment text.

Segment text carries `{n}`...`{/n}` for a paired code and `{n/}` for a standalone
one; the markup itself lives in the segment's InlineCode list. Everything that
touches segment text (MT, QA, glossary, exchange formats) uses these helpers so
there is one definition of what a placeholder is.
"""

from dataclasses import dataclass

import regex

from workbench.model import InlineCode

PLACEHOLDER = regex.compile(r"\{(/?)(\d+)(/?)\}")
_SPACE_RUN = regex.compile(r"[ ]{2,}")


@dataclass(frozen=True)
class Placeholder:
    kind: str  # "open", "close" or "standalone"
    id: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return format_placeholder(self.kind, self.id)


def format_placeholder(kind: str, code_id: int) -> str:
    if kind == "open":
        return f"{{{code_id}}}"
    if kind == "close":
        return f"{{/{code_id}}}"
    return f"{{{code_id}/}}"


def find_placeholders(text: str) -> list[Placeholder]:
    found = []
    for match in PLACEHOLDER.finditer(text):
        slash_before, number, slash_after = match.groups()
        if slash_before and slash_after:
            continue
        kind = "close" if slash_before else "standalone" if slash_after else "open"
        found.append(Placeholder(kind, int(number), match.start(), match.end()))
    return found


def plain_text(text: str) -> str:
    """Text with placeholders removed and the spaces around them tidied."""
    stripped = PLACEHOLDER.sub("", text)
    return _SPACE_RUN.sub(" ", stripped).strip()


def render(text: str, codes: tuple[InlineCode, ...] | list[InlineCode]) -> str:
    """Replace placeholders by the original markup; unknown placeholders stay as written."""
    by_id = {code.id: code for code in codes}

    def markup(match: regex.Match) -> str:
        slash_before, number, slash_after = match.groups()
        code = by_id.get(int(number))
        if code is None or (slash_before and slash_after):
            return match.group(0)
        if slash_before:
            return code.closing or ""
        return code.opening

    return PLACEHOLDER.sub(markup, text)


def code_problems(text: str, codes: tuple[InlineCode, ...] | list[InlineCode]) -> list[str]:
    """What is wrong with the placeholders of `text` given the segment's codes.

    Returns human-readable problems: missing, extra, duplicated, unbalanced or
    wrongly nested placeholders. An empty list means the text is safe to render.
    """
    problems = []
    expected = {}
    for code in codes:
        if code.paired:
            expected[("open", code.id)] = 1
            expected[("close", code.id)] = 1
        else:
            expected[("standalone", code.id)] = 1
    seen: dict[tuple[str, int], int] = {}
    stack: list[int] = []
    for placeholder in find_placeholders(text):
        key = (placeholder.kind, placeholder.id)
        seen[key] = seen.get(key, 0) + 1
        if key not in expected:
            problems.append(f"unexpected placeholder {placeholder.text}")
            continue
        if placeholder.kind == "open":
            stack.append(placeholder.id)
        elif placeholder.kind == "close":
            if not stack or stack[-1] != placeholder.id:
                problems.append(f"placeholder {placeholder.text} closes out of order")
                if placeholder.id in stack:
                    stack.remove(placeholder.id)
            else:
                stack.pop()
    for key in expected:
        count = seen.get(key, 0)
        if count == 0:
            problems.append(f"missing placeholder {format_placeholder(*key)}")
        elif count > 1:
            problems.append(f"placeholder {format_placeholder(*key)} appears {count} times")
    return problems
