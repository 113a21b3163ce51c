"""A small SRX 2.0 engine: reads segmentation rules from an SRX file and finds breaks.

SRX (Segmentation Rules eXchange, LISA/GALA) is the format CAT tools such as Okapi and
OmegaT read, so our rules are data a translator can open, edit and reuse elsewhere.

Semantics implemented:
- cascade="yes": every <languagemap> whose pattern matches the language contributes its
  rules, in map order; cascade="no": only the first matching map does.
- At a position, the first rule whose <beforebreak> matches the text ending there and whose
  <afterbreak> matches the text starting there decides: break="yes" breaks, "no" does not.
- Inline codes are hidden from the rules; <formathandle> says whether a code found right at a
  break stays with the segment before it (include="yes") or starts the next one.

Rules are written for Java/ICU regular expressions; the `regex` module understands the same
syntax we use, including variable-width lookbehind.
"""

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from workbench import xmlsafe
from workbench.errors import InputError
from workbench.files import Source, read_source
from workbench.settings import MAX_EXCHANGE_BYTES

SRX_NAMESPACE = "http://www.lisa.org/srx20"
CODE_TYPES = ("start", "end", "isolated")
_NS = {"srx": SRX_NAMESPACE}


@dataclass(frozen=True)
class Rule:
    breaks: bool
    before: str
    after: str


@dataclass(frozen=True)
class LanguageMap:
    pattern: str
    rule_name: str


@dataclass(frozen=True)
class SrxDocument:
    cascade: bool
    include_code: dict[str, bool]  # formathandle type -> code stays with the previous segment
    language_rules: dict[str, tuple[Rule, ...]]
    maps: tuple[LanguageMap, ...]

    def rules_for(self, language: str) -> list[Rule]:
        rules: list[Rule] = []
        for language_map in self.maps:
            if regex.fullmatch(language_map.pattern, language, regex.IGNORECASE):
                rules.extend(self.language_rules[language_map.rule_name])
                if not self.cascade:
                    break
        return rules


@dataclass(frozen=True)
class Code:
    """An inline code occupying text[start:end]; kind is an SRX type: start, end or isolated."""

    kind: str
    start: int
    end: int


def parse_srx(source: Source, name: str | None = None) -> SrxDocument:
    """The rules in an SRX 2.0 file: a path, or its bytes named `name`."""
    path, data = read_source(source, name, limit=MAX_EXCHANGE_BYTES)
    root = xmlsafe.parse(data, path)
    if root.tag != f"{{{SRX_NAMESPACE}}}srx" or root.get("version") != "2.0":
        raise InputError(path, "not an SRX 2.0 document (expected <srx version=\"2.0\"> "
                               f"in namespace {SRX_NAMESPACE})")
    header = root.find("srx:header", _NS)
    if header is None:
        raise InputError(path, "SRX document has no <header>")
    include_code = {"start": False, "end": True, "isolated": False}
    for handle in header.findall("srx:formathandle", _NS):
        include_code[handle.get("type")] = handle.get("include") == "yes"
    language_rules = {
        element.get("languagerulename"): tuple(_parse_rule(rule) for rule in
                                               element.findall("srx:rule", _NS))
        for element in root.iterfind("srx:body/srx:languagerules/srx:languagerule", _NS)
    }
    maps = tuple(
        LanguageMap(element.get("languagepattern", ""), element.get("languagerulename", ""))
        for element in root.iterfind("srx:body/srx:maprules/srx:languagemap", _NS)
    )
    for language_map in maps:
        try:
            regex.compile(language_map.pattern)
        except regex.error as error:
            raise InputError(path, f"bad languagepattern {language_map.pattern!r}: {error}") from error
        if language_map.rule_name not in language_rules:
            raise InputError(path, f"languagemap names unknown languagerule "
                                   f"{language_map.rule_name!r}")
    return SrxDocument(header.get("cascade") == "yes", include_code, language_rules, maps)


def _parse_rule(element) -> Rule:
    before = element.findtext("srx:beforebreak", default="", namespaces=_NS)
    after = element.findtext("srx:afterbreak", default="", namespaces=_NS)
    return Rule(element.get("break", "yes") != "no", before, after)


class Segmenter:
    """The compiled rules of one language.

    Only positions where some break="yes" rule matches can end up as breaks, so those rules
    scan the text (one finditer each) and the full cascade runs only at those candidates:
    the cost grows with the number of sentence ends, not with text length times rule count.
    """

    def __init__(self, where: Path, rules: list[Rule], include_code: dict[str, bool]):
        self.include_code = include_code
        self.rules = [(rule.breaks, _compile(where, rule)) for rule in rules]
        self.breaking = [pattern for breaks, pattern in self.rules if breaks]

    def breaks(self, text: str, codes: list[Code] = ()) -> list[int]:
        """Offsets in `text` where a segment ends, in order (excluding 0 and len(text))."""
        if not codes:
            return self._plain_breaks(text)
        plain, runs = _hide_codes(text, codes)
        starts = {code.start: code for code in codes}
        positions = []
        for offset in self._plain_breaks(plain):
            position = _original_offset(runs, offset)
            while position in starts and self.include_code.get(starts[position].kind, False):
                position = starts[position].end
            positions.append(position)
        return positions

    def _plain_breaks(self, text: str) -> list[int]:
        candidates = sorted({match.start() for pattern in self.breaking
                             for match in pattern.finditer(text)})
        return [position for position in candidates
                if 0 < position < len(text) and self._decides_break(text, position)]

    def _decides_break(self, text: str, position: int) -> bool:
        for breaks, pattern in self.rules:
            if pattern.match(text, position):
                return breaks
        return False


def _compile(where: Path, rule: Rule) -> regex.Pattern:
    """One zero-width pattern per rule: (?<=before)(?=after)."""
    source = (f"(?<={rule.before})" if rule.before else "") + \
             (f"(?={rule.after})" if rule.after else "")
    try:
        return regex.compile(source)
    except regex.error as error:
        raise InputError(where, f"bad regular expression {source!r}: {error}") from error


def _hide_codes(text: str, codes: list[Code]) -> tuple[str, list[tuple[int, int]]]:
    """Text without the codes, and (plain offset, original offset) at the start of each run."""
    pieces, runs, cursor, plain_length = [], [], 0, 0
    for code in sorted(codes, key=lambda code: code.start):
        pieces.append(text[cursor:code.start])
        runs.append((plain_length, cursor))
        plain_length += code.start - cursor
        cursor = code.end
    pieces.append(text[cursor:])
    runs.append((plain_length, cursor))
    return "".join(pieces), runs


def _original_offset(runs: list[tuple[int, int]], plain_offset: int) -> int:
    """Original offset just after the plain character before `plain_offset`."""
    index = bisect_right(runs, plain_offset - 1, key=lambda run: run[0]) - 1
    plain_start, original_start = runs[index]
    return original_start + plain_offset - plain_start


@lru_cache(maxsize=32)
def segmenter_for(path: Path, language: str) -> Segmenter:
    """Parsed and compiled once per rules file and language."""
    document = parse_srx(path)
    rules = document.rules_for(language)
    if not rules:
        raise InputError(path, f"no segmentation rules for language {language!r}")
    return Segmenter(path, rules, document.include_code)
