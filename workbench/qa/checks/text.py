"""Checks on the shape of the target text: presence, spacing, punctuation, brackets, length."""

import regex

from workbench.model import Status
from workbench.qa.base import Check, Severity, quoted


class Untranslated(Check):
    """Runs on every segment; the other checks only run on translated ones."""

    id = "untranslated"
    name = "Not translated"
    severity = Severity.ERROR

    def messages(self, unit):
        if unit.status is None:
            return ["segment has no translation yet"]
        if unit.status == Status.NEW:
            return ["translation has status new: not translated yet"]
        return []


class SourceChanged(Check):
    """A re-import changed the English after this was translated: it translates old text."""

    id = "source-changed"
    name = "Source changed"
    severity = Severity.ERROR

    def messages(self, unit):
        if unit.previous_source is None:
            return []
        return [f"the source changed since this was translated (it was {quoted(unit.previous_source)})"]


class EmptyTarget(Check):
    id = "empty"
    name = "Empty target"
    severity = Severity.ERROR

    def messages(self, unit):
        if unit.plain_source and not unit.target.strip():
            return ["target is empty"]
        return []


# Segments that stay the same in every language: names (a few capitalized words), numbers, URLs.
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*")
_MAX_NAME_WORDS = 5


def _only_names_or_numbers(text: str) -> bool:
    words = _WORD.findall(text)
    return len(words) <= _MAX_NAME_WORDS and all(word[0].isupper() for word in words)


class IdenticalToSource(Check):
    id = "same-as-source"
    name = "Target same as source"
    severity = Severity.WARNING

    def messages(self, unit):
        source = unit.plain_source
        if not source or unit.plain_target != source:
            return []
        if _only_names_or_numbers(source):
            return []
        return ["target is identical to the English source: not translated?"]


def _describe_space(space: str) -> str:
    if not space:
        return "no space"
    if set(space) == {"\n"}:
        return "a line break" if len(space) == 1 else f"{len(space)} line breaks"
    return "a space" if len(space) == 1 else f"{len(space)} spaces"


def _leading_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()):]


class Whitespace(Check):
    id = "whitespace"
    name = "Leading or trailing space"
    severity = Severity.WARNING

    def messages(self, unit):
        problems = []
        for where, space_of in (("start", _leading_space), ("end", _trailing_space)):
            source_space, target_space = space_of(unit.source), space_of(unit.target)
            if source_space != target_space:
                problems.append(
                    f"target has {_describe_space(target_space)} at the {where}, "
                    f"the source {_describe_space(source_space)}"
                )
        return problems


# What closes a sentence, looked for before closing quotes and brackets.
_CLOSING = " \"'»”“’)]"
_END_MARKS = ".!?…:;"
_SAME_END = {"...": "…"}


def _final_punctuation(plain: str) -> str:
    text = plain.rstrip(_CLOSING)
    mark = text[len(text.rstrip(_END_MARKS)):]
    return _SAME_END.get(mark, mark)


class FinalPunctuation(Check):
    id = "punctuation"
    name = "Final punctuation"
    severity = Severity.WARNING

    def messages(self, unit):
        source_mark = _final_punctuation(unit.plain_source)
        target_mark = _final_punctuation(unit.plain_target)
        if source_mark == target_mark:
            return []
        if not target_mark:
            return [f"source ends with {source_mark!r}, the target has no final punctuation"]
        if not source_mark:
            return [f"target ends with {target_mark!r}, the source has no final punctuation"]
        return [f"source ends with {source_mark!r}, the target with {target_mark!r}"]


_OPENERS = {"(": ")", "[": "]", "«": "»", "„": "“”", "“": "”"}
_BRACKETS = regex.compile(r"[()\[\]«»„“”\"]")


def bracket_problems(text: str) -> list[str]:
    """Unbalanced brackets and quotes in `text`.

    “ opens an English quote but closes a „Russian“ one, so it closes when the
    innermost open quote expects it. Single quotes are left alone: ’ is also an
    apostrophe (Moscow’s) and ‘ a letter mark in Uzbek (o‘zbek). Straight double
    quotes must come in pairs.
    """
    stack: list[tuple[str, str]] = []
    problems = []
    straight_quotes = 0
    for match in _BRACKETS.finditer(text):
        mark = match.group(0)
        if mark == '"':
            straight_quotes += 1
        elif stack and mark in stack[-1][1]:
            stack.pop()
        elif mark in _OPENERS:
            stack.append((mark, _OPENERS[mark]))
        else:
            problems.append(f"closing {mark} without an opening one")
    problems += [f"{opener} is never closed" for opener, _ in stack]
    if straight_quotes % 2:
        problems.append('odd number of straight quotes "')
    return problems


class Brackets(Check):
    id = "brackets"
    name = "Unbalanced brackets or quotes"
    severity = Severity.WARNING

    def messages(self, unit):
        if not _BRACKETS.search(unit.plain_target) or bracket_problems(unit.plain_source):
            return []  # no marks at all; or a quotation spanning sentences, each part open
        return bracket_problems(unit.plain_target)


_DOUBLE_SPACE = regex.compile(r"[ \u00a0]{2,}")


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[:start].rsplit(maxsplit=1)
    after = text[end:].split(maxsplit=1)
    return (before[-1] if before else ""), (after[0] if after else "")


class DoubleSpace(Check):
    id = "double-space"
    name = "Double space"
    severity = Severity.WARNING

    def messages(self, unit):
        if not _DOUBLE_SPACE.search(unit.target):
            return []
        target = unit.target.strip()
        if not _DOUBLE_SPACE.search(target) or _DOUBLE_SPACE.search(unit.source.strip()):
            return []
        problems = []
        for match in _DOUBLE_SPACE.finditer(target):
            before, after = _words_around(target, match.start(), match.end())
            problems.append(f"double space between {quoted(before)} and {quoted(after)}")
        return problems


class LengthRatio(Check):
    id = "length"
    name = "Unusual length"
    severity = Severity.INFO

    def messages(self, unit):
        ratio_range = unit.rules.length_ratio
        source_length = len(unit.plain_source)
        if not ratio_range or not unit.plain_target or (
            source_length < unit.rules.length_ratio_min_source_chars
        ):
            return []
        ratio = len(unit.plain_target) / source_length
        low, high = ratio_range
        if ratio < low:
            return [f"target is {ratio:.0%} of the source length (usually at least {low:.0%}): "
                    "something left out?"]
        if ratio > high:
            return [f"target is {ratio:.0%} of the source length (usually at most {high:.0%}): "
                    "something added or repeated?"]
        return []
