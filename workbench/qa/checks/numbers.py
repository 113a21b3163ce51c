"""Numbers and dates must survive translation, written as the target language writes them.

English "10,000" is Russian "10 000" and English "1.5" is Russian "1,5": numbers are
compared by value after reading each side with its own separators. Month names may be
translated freely; in a numeric date (23.09.2022) the month is not compared, because
the source may name it in words.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import regex

from workbench.languages import TARGET_LANGUAGES
from workbench.qa.base import Check, Severity, Unit
from workbench.qa.rules import LanguageRules, source_rules

_DIGIT = regex.compile(r"\d")
_DIGIT_RUN = regex.compile(r"\d+")
_BETWEEN_DIGITS = regex.compile(r"\d[ ,./\u00a0\u202f\u2009]\d")
_NUMERIC_DATE = regex.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")


@dataclass(frozen=True)
class Number:
    value: Decimal
    written: str
    start: int
    end: int


def numbers(text: str, rules: LanguageRules) -> list[Number]:
    """Every number in `text` read with the language's separators (dates' months left out)."""
    found = []
    for match in rules.number_pattern.finditer(without_months(text)):
        written = match.group(0)
        digits = "".join(ch for ch in written if ch.isdigit() or ch == rules.decimal)
        value = Decimal(digits.replace(rules.decimal, ".")).normalize()
        found.append(Number(value, written, match.start(), match.end()))
    return found


def without_months(text: str) -> str:
    """23.09.2022 -> 23 2022, keeping the text's length so positions still match."""
    return _NUMERIC_DATE.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 4)
                             + m.group(3), text)


def _same_plain_numbers(source: str, target: str) -> bool:
    """True when neither text groups or splits digits and both have the same numbers:
    the usual case ("10 years", "in 2022"), settled without parsing separators."""
    if _BETWEEN_DIGITS.search(source) or _BETWEEN_DIGITS.search(target):
        return False
    return sorted(map(int, _DIGIT_RUN.findall(source))) == sorted(map(int, _DIGIT_RUN.findall(target)))


class Numbers(Check):
    id = "numbers"
    name = "Numbers and dates"
    severity = Severity.ERROR
    description = (
        "A number lost, added or changed. Each side is read with its own separators and "
        "compared by value: English `10,000` is `10 000` (space or no-break space) and `1.5` "
        "is `1,5` in ru, kk, ky, tg and uz, and a number written the English way in the "
        "target is named as such. Months may be named (`September 23` = `23 сентября`); in a "
        "numeric date (`23.09.2022`) the month is not compared. A wrong figure is the "
        "costliest error a newsroom makes. Fix the number; mute the finding with a reason "
        "when the desk changed a figure on purpose.")

    def messages(self, unit: Unit) -> list[str]:
        source, target = unit.plain_source, unit.plain_target
        if not (_DIGIT.search(source) or _DIGIT.search(target)):
            return []
        if _same_plain_numbers(source, target):
            return []
        source_numbers = numbers(unit.plain_source, source_rules())
        expected = Counter(number.value for number in source_numbers)
        as_in_source = {number.value: number.written for number in source_numbers}
        target_numbers = numbers(unit.plain_target, unit.rules)
        found = Counter(number.value for number in target_numbers)
        if expected == found:
            return []
        missing = expected - found
        # "10,000" in a Russian target reads as 10.000: say it is written the English way.
        english_way = [
            number for number in numbers(unit.plain_target, source_rules())
            if number.value in missing and number.value not in found
        ]
        language = TARGET_LANGUAGES[unit.lang].name
        problems = [
            f"number {number.written} is written the English way: {language} writes "
            f"{unit.rules.decimal!r} for decimals and a space between thousands"
            for number in english_way
        ]
        explained = {number.value for number in english_way}
        problems += [
            f"number {as_in_source[value]} is missing in the target"
            for value in missing if value not in explained
        ]
        extra = found - expected
        problems += [
            f"number {number.written} in the target is not in the source"
            for number in target_numbers
            if number.value in extra and not any(
                english.start <= number.start and number.end <= english.end
                for english in english_way
            )
        ]
        return list(dict.fromkeys(problems))
