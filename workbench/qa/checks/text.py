"""Checks on the shape of the target text: presence, spacing, punctuation, brackets, length."""

import regex

from workbench.model import Status
from workbench.qa.base import Check, Severity, quoted


class Untranslated(Check):
    id = "untranslated"
    name = "Not translated"
    severity = Severity.ERROR
    description = (
        "A segment with no translation, or whose translation still has status new. It is the "
        "only check that runs on untranslated segments (the others need a target), and it is "
        "an error because an article with a hole in it is not ready to publish. Fix: "
        "translate the segment (`workbench translate` for MT and exact memory matches, "
        "`workbench tm fill`, or by hand on the Review page or with `workbench edit`).")

    def messages(self, unit):
        if unit.status is None:
            return ["segment has no translation yet"]
        if unit.status == Status.NEW:
            return ["translation has status new: not translated yet"]
        return []


class SourceChanged(Check):
    id = "source-changed"
    name = "Source changed"
    severity = Severity.ERROR
    description = (
        "A re-import changed the English after this translation was made, so it translates "
        "old text; the message quotes the previous source. Fix: `edit` the translation to "
        "match the new English (or Save it on the Review page), or, once you have checked "
        "that it still fits, `approve --force` it.")

    def messages(self, unit):
        if unit.previous_source is None:
            return []
        return [f"the source changed since this was translated (it was {quoted(unit.previous_source)})"]


class EmptyTarget(Check):
    id = "empty"
    name = "Empty target"
    severity = Severity.ERROR
    description = (
        "A translation with no text (nothing but spaces) for a source that has text: "
        "published, it is a missing sentence. Fix: write the translation; the Review page "
        "refuses to save an empty one.")

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
    description = (
        "The target is identical to the English source, usually a segment copied and never "
        "translated. Not reported when the source is only names (up to five capitalized "
        "words) or numbers, which stay the same in every language. Fix: translate it; mute it "
        "with a reason when the English is meant to stay (a name of a work, a slogan).")

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
    description = (
        "Leading or trailing spaces or line breaks that differ from the source's. The rebuilt "
        "article joins a paragraph's sentences with one space, so a space or line break at "
        "either end of a translation shows up as a double space or a broken line. Fix: trim "
        "the translation to match the source.")

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
    description = (
        "The final punctuation differs from the source's: the last of `.` `?` `!` `…` `:` "
        "`;`, looking through closing quotes and brackets (`...` counts as `…`). A question "
        "turned into a statement or a lost full stop is usually a slip. Fix the mark; mute it "
        "when the language punctuates this sentence differently on purpose.")

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
    description = (
        "Unbalanced ( ) [ ] « » “ ” „ “ or an odd number of straight double quotes in the "
        "target: a quote or parenthesis left open changes what the reader takes as quoted. “ "
        "closes a „Russian“ quote as well as opening an English one. Single quotes are left "
        "alone (’ is also an apostrophe, ‘ a letter mark in Uzbek o‘zbek). Not reported when "
        "the source itself is unbalanced: a part of a quotation that spans sentences. Fix: "
        "close or remove the mark.")

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
    description = (
        "Two spaces (or no-break spaces) in a row inside the target, usually what a deletion "
        "left behind; not reported when the source has them too. Fix: remove one.")

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
    description = (
        "The target's length, without placeholders, is outside the usual range for the "
        "language, measured against the English source; short sources are not measured (the "
        "ranges, e.g. 0.6–1.9 times the English for Russian, and the shortest source measured "
        "are in the language rules). A much shorter target may have left something out, a "
        "much longer one added or repeated something. Often fine: it is information, not a "
        "warning.")

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
