"""Find glossary terms in source and target text, whatever their inflection.

The whole glossary is compiled once per language into one index: every stem of
every term word -> (word, allowed endings), and every term as the sequence of
its words. Of a text, only the words that begin as some stem does are cut out (one
regular expression, a trie of the stems' beginnings, in one C pass); a word met for the
first time is looked up once per stem length found under its beginning, and remembered,
so the cost grows with the text, not with the number of terms. Multi-word terms are
matched as word sequences; where terms overlap the longest wins, in the source and in the
target alike: a word inside a longer term's match is no hit for a shorter term of
another concept (the Kyrgyz Борбор Азия is Central Asia, not the capital борбор),
unless the longer concept includes the shorter one (see `inclusions`).
"""

import gc
import threading
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import contains, itemgetter
from typing import NamedTuple

import regex

from workbench.glossary import morphology
from workbench.glossary.model import Concept, Glossary, Term, TermStatus
from workbench.inline import PLACEHOLDER

SOURCE_LANG = "en"
_NO_KEYS: tuple[str, ...] = ()  # what a word that is a form of no indexed word maps to
# texts read as one (`find_many`) are joined by a character no term may span
_BETWEEN_TEXTS = "\x00"
_BATCH = 256  # texts read as one
# what may stand between the words of one term: spaces, hyphens, quotes («Сахарово»)
_GAP = regex.compile(r"[\s\-‐‑‒–—/«»“”„‟\"‹›]*")


class TermHit(NamedTuple):  # a tuple: matching makes many of these
    concept_id: str
    term: Term
    start: int
    end: int
    text: str  # as written in the text


@dataclass(frozen=True)
class Suggestion:
    source: TermHit
    approved: str
    admitted: tuple[str, ...]
    forbidden: tuple[str, ...]
    do_not_translate: bool
    note: str


@dataclass(frozen=True)
class GlossaryFinding:
    kind: str  # missing-term | forbidden-term | inconsistent-form
    severity: str  # error | warning
    concept_id: str
    source_term: str
    approved: str
    lang: str
    found: str = ""
    start: int | None = None
    end: int | None = None

    @property
    def message(self) -> str:
        if self.kind == "missing-term":
            return f"“{self.source_term}” should be translated as “{self.approved}”"
        if self.kind == "forbidden-term":
            return f"“{self.found}” is a forbidden form of “{self.source_term}”; use “{self.approved}”"
        return f"“{self.found}” is admitted for “{self.source_term}”, but “{self.approved}” is preferred"

    def to_json(self) -> dict:
        return {
            "check": "glossary", "kind": self.kind, "severity": self.severity,
            "concept": self.concept_id, "source_term": self.source_term,
            "approved": self.approved, "lang": self.lang, "found": self.found,
            "start": self.start, "end": self.end, "message": self.message,
        }


@dataclass(frozen=True)
class _Entry:
    concept_id: str
    term: Term
    words: tuple[str, ...]  # as written, for case-sensitive terms


class LanguageIndex:
    """All terms of one language, compiled for matching.

    `inclusions` maps a concept to the concepts whose terms still count inside its
    matches (itself if not given): see `inclusions`.
    """

    def __init__(self, lang: str, entries: list[tuple[str, Term]],
                 inclusions: dict[str, frozenset[str]] | None = None):
        self.lang = lang
        self.inclusions = inclusions or {}
        generator = morphology.rules(lang)
        stems: dict[str, list[tuple[str, frozenset[str]]]] = {}
        # first word -> (length, words, entries, any case-sensitive entry), longest first
        self.starts: dict[str, list[tuple[int, tuple[str, ...], list[_Entry], bool]]] = {}
        sequences: dict[tuple[str, ...], list[_Entry]] = {}
        indexed_words = set()
        for concept_id, term in entries:
            text = morphology.prepare(term.text)
            tokens = morphology.tokenize(morphology.normalize(text))
            keys = tuple(token.text for token in tokens)
            if not keys:
                continue
            for key in keys:
                if key not in indexed_words:
                    indexed_words.add(key)
                    for stem, endings in generator.stems(key):
                        stems.setdefault(stem, []).append((key, endings))
            words = tuple(text[token.start:token.end] for token in tokens)
            sequences.setdefault(keys, []).append(_Entry(concept_id, term, words))
        for keys, found in sequences.items():
            cased = any(entry.term.case_sensitive for entry in found)
            self.starts.setdefault(keys[0], []).append((len(keys), keys, found, cased))
        for candidates in self.starts.values():
            candidates.sort(key=lambda item: -item[0])
        # A text word is a form of a term word when it is one of the word's stems plus one
        # of that stem's endings. Stems are known by their first letters (as many as the
        # shortest stem has) and lengths: the first letters make the splitter that cuts out
        # only the words beginning so (every word cut out has its `heads` entry), and such a
        # word is looked up once per stem length there.
        self.stems = stems
        head_length = min(map(len, stems), default=1)
        lengths: dict[str, set[int]] = {}
        for stem in stems:
            lengths.setdefault(stem[:head_length], set()).add(len(stem))
        self.heads = {head: sorted(found, reverse=True) for head, found in lengths.items()}
        self._head = itemgetter(slice(0, head_length))
        # what cuts out of a text the words that begin as some stem does, the only ones that
        # may be forms of term words (about a fifth of a text's words)
        self._term_word_candidates = morphology.word_splitter(self.heads)
        # the one-word verdict of a word that is a form of one indexed word, most of them
        self._one_key_verdicts = {key: self._one_word_verdict(key, (key,))
                                  for key in indexed_words}
        self._memo: dict[str, tuple[str, ...]] = {}  # word -> keys (see _learn)
        self._one_word: dict[str, list[_Entry] | None] = {}  # see _one_word_verdict

    def _learn(self, new: set[str]) -> None:
        """Remember which indexed words each of `new` is a form of, the longest first (the
        likeliest reading), for the next texts (texts repeat their words). Each word begins as
        some stem does (only such words are cut out of texts). The memo grows only by whole
        answers, the one-word verdicts first: another session reading it meanwhile (the
        matcher is shared) finds a word either unknown or fully known."""
        stems = self.stems
        learnt = dict.fromkeys(new, _NO_KEYS)
        verdicts = {}
        # the lengths of the stems that begin as the word does, longest first, in C calls
        for word, cuts in zip(learnt, map(self.heads.__getitem__, map(self._head, learnt))):
            token = word[:morphology.word_end(word, len(word))]  # less a closing quote
            found = []
            for cut in cuts:
                for key, endings in stems.get(token[:cut], ()):
                    if token[cut:] in endings:
                        found.append(key)
            if found:
                keys = tuple(found) if len(found) == 1 else tuple(
                    sorted(set(found), key=lambda key: (-len(key), key)))
                learnt[word] = keys
                verdicts[word] = (self._one_key_verdicts[keys[0]] if len(keys) == 1
                                  else self._one_word_verdict(word, keys))
        self._one_word.update(verdicts)
        self._memo.update(learnt)

    def _one_word_verdict(self, word: str, keys: tuple[str, ...]) -> list[_Entry] | None:
        """What `find` takes at `word` whatever follows it: the entries of its one-word term
        ([] for none), or None when a longer or case-sensitive term may start there."""
        best = None
        for key in keys:
            for length, _, entries, cased in self.starts.get(key, ()):
                if length > 1 or cased:
                    return None
                exact = word == key
                if best is None or exact and not best[0]:
                    best = (exact, entries)
        return best[1] if best else []

    def find(self, text: str, nested: bool = False) -> list[TermHit]:
        """Terms in `text`, read left to right: where terms overlap the longest wins, and
        the words of its match are no hits for shorter terms.

        `nested` (what checks read) keeps the shorter terms inside a match that its
        concept includes: the preferred "конфликт" inside the admitted "вооружённый
        конфликт", "азаматтығынан" inside "азаматтығынан айыру" (deprivation of
        citizenship), but not the capital "борбор" inside "Борбор Азия".
        """
        text = morphology.prepare(text)
        return [TermHit(entry.concept_id, entry.term, start, end, text[start:end])
                for start, end, entries in self._spans(text, nested) for entry in entries]

    def find_many(self, texts: list[str], nested: bool = False) -> list[list[TermHit]]:
        """`find` for each of `texts` (what checking an article asks), read a few hundred at a
        time as one text: the work a text costs apart from its words is paid once a batch,
        and no more than a batch is ever cut into words at once."""
        found: list[list[TermHit]] = []
        make = TermHit._make
        with _no_collection():
            for first in range(0, len(texts), _BATCH):
                prepared = [morphology.prepare(text) for text in texts[first:first + _BATCH]]
                batch: list[list[TermHit]] = [[] for _ in prepared]
                joined = _BETWEEN_TEXTS.join(prepared)
                starts = list(accumulate([len(text) + 1 for text in prepared], initial=0))
                for start, end, entries in self._spans(joined, nested):
                    number = bisect_right(starts, start) - 1
                    offset, written = starts[number], joined[start:end]
                    hits = batch[number]
                    for entry in entries:  # _make: a tuple made in C, not in TermHit's __new__
                        hits.append(make((entry.concept_id, entry.term, start - offset,
                                          end - offset, written)))
                found += batch
        return found

    def _spans(self, text: str, nested: bool) -> list[tuple[int, int, list[_Entry]]]:
        """(start, end, entries) of each match in `text` (prepared), left to right."""
        if "{" in text:
            text_for_words = PLACEHOLDER.sub(lambda match: " " * len(match.group()), text)
        else:
            text_for_words = text
        # [gap, word, gap, word, ..., gap] in one C call: the words that begin as some stem
        # does, and what separates them (other words among it)
        parts = morphology.split_words(morphology.normalize(text_for_words),
                                       self._term_word_candidates)
        words = parts[1::2]
        new = set(words).difference(self._memo)  # words not met before
        if new:
            self._learn(new)
        keysets = list(map(self._memo.__getitem__, words))  # in C calls
        if not any(keysets):
            return []
        bounds = list(accumulate(map(len, parts)))  # word i spans bounds[2i]..bounds[2i+1]
        spans = []
        consumed, included = 0, set()  # words before `consumed`: the last match; `included`:
        # the concepts whose terms count inside it
        starting = compress(range(len(keysets)), keysets)  # words that may start a term
        if not nested:  # the longest term at a word wins, and its words start no other
            one_word = self._one_word
            for position in starting:
                if position < consumed:
                    continue
                entries = one_word[words[position]]
                if entries is None:  # a longer term may start here
                    found = self._matches_at(position, words, parts, keysets, bounds, text,
                                             longest_only=True)
                    if found:
                        length, entries, _ = found[0]
                        spans.append(_span(parts, bounds, position, length, entries))
                        consumed = position + length
                elif entries:  # the word decides on its own
                    spans.append(_span(parts, bounds, position, 1, entries))
                    consumed = position + 1
            return spans
        one_word = self._one_word
        for position in starting:
            entries = one_word[words[position]]
            if entries is None or len(keysets[position]) > 1:  # more than one term may start here
                found = self._matches_at(position, words, parts, keysets, bounds, text)
            else:  # the one term of one word
                found = [(1, entries, None)] if entries else []
            if not found:
                continue
            if position >= consumed:  # a term starts here: the longest (ties: all) wins
                longest = found[0][0]
                consumed = position + longest
                included = set().union(*(self.inclusions.get(entry.concept_id,
                                                              {entry.concept_id})
                                         for length, entries, _ in found if length == longest
                                         for entry in entries))
            for length, entries, _ in found:
                inside = [entry for entry in entries if entry.concept_id in included]
                if inside and position + length <= consumed:
                    spans.append(_span(parts, bounds, position, length, inside))
        return spans

    def _matches_at(self, position, words, parts, keysets, bounds, text, longest_only=False):
        """(length, entries, words) of every term starting with word number `position`, longest
        first (`longest_only`: only the first counts, shorter ones are not all tried).

        Between terms of the same length the one written exactly as in the text
        wins ("Central Asians" over "Central Asian" + plural). The words after the first
        are compared with C-level calls (map, slices).
        """
        found = []
        following = keysets[position + 1] if position + 1 < len(keysets) else _NO_KEYS
        for key in keysets[position]:
            for length, keys, entries, cased in self.starts.get(key, ()):
                if longest_only and found and length < found[0][0]:
                    break
                end = position + length
                if length > 1:
                    if keys[1] not in following:  # most tries end here
                        continue
                    if length > 2 and (end > len(keysets) or not all(
                            map(contains, keysets[position + 2:end], keys[2:]))):
                        continue
                    gaps = parts[2 * position + 2:2 * end:2]  # most are one space
                    if gaps.count(" ") < len(gaps) and not all(map(_GAP.fullmatch, gaps)):
                        continue
                if cased:
                    surfaces = [text[bounds[2 * i]:bounds[2 * i + 1]] for i in range(position, end)]
                    entries = [e for e in entries
                               if not e.term.case_sensitive or _same_capitals(e.words, surfaces)]
                if entries:
                    found.append((length, entries, keys))
        if len(found) > 1:  # the longest first; of equal length, the one written as in the text
            found.sort(key=lambda item: (-item[0], tuple(words[position:position + item[0]])
                                         != item[2]))
        return found


def _span(parts, bounds, position, length, entries) -> tuple[int, int, list[_Entry]]:
    """(start, end, entries) of a match of `length` words from word number `position` on."""
    last = 2 * (position + length) - 1  # the match's last word in `parts`
    end = bounds[last]
    if parts[last][-1] == "'":  # less a closing quote
        end = morphology.word_end(parts[last], end)
    return bounds[2 * position], end, entries


class _CollectorPause:
    """Matching an article makes hundreds of thousands of small objects, none in a cycle:
    the cyclic collector would walk them again and again, a third of the time, for nothing
    (Mercurial's `nogc` does the same for the same reason). Sessions match in threads of
    one process: the collector is off while any of them is inside, and on again (if it
    was) when the last leaves."""

    def __init__(self):
        self._lock = threading.Lock()
        self._inside = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self):
        with self._lock:
            if self._inside == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._inside += 1
        try:
            yield
        finally:
            with self._lock:
                self._inside -= 1
                if self._inside == 0 and self._was_enabled:
                    gc.enable()


_no_collection = _CollectorPause()


def inclusions(glossary: Glossary) -> dict[str, frozenset[str]]:
    """The concepts each concept includes: itself, and every concept whose English term is
    part of one of its English terms (deprivation of citizenship includes citizenship,
    partial mobilization includes mobilization). Inside a target match of the larger
    concept their terms still count; any other term there is the same letters with another
    meaning (the capital борбор inside Борбор Азия, Central Asia)."""
    concepts_of: dict[tuple[str, ...], set[str]] = {}
    english = {concept.id: [morphology.word_keys(term.text)
                            for term in concept.terms_in(SOURCE_LANG)]
               for concept in glossary.concepts}
    for concept_id, sequences in english.items():
        for keys in sequences:
            concepts_of.setdefault(keys, set()).add(concept_id)
    found = {}
    for concept_id, sequences in english.items():
        included = {concept_id}
        for keys in sequences:
            for start in range(len(keys)):
                for end in range(start + 1, len(keys) + 1):
                    included |= concepts_of.get(keys[start:end], set())
        found[concept_id] = frozenset(included)
    return found


def _inside_approved(hit: TermHit, hits: list[TermHit]) -> bool:
    """A forbidden form inside a longer approved term is part of that term."""
    return any(other.term.status.approved and other.start <= hit.start and hit.end <= other.end
               and other.end - other.start > hit.end - hit.start for other in hits)


def _same_capitals(words: tuple[str, ...], surfaces: list[str]) -> bool:
    """A case-sensitive term matches only where its capitals are capitals (АҚШ, not ақш;
    Астана the city, not астана any capital); other letters may be capitals at a
    sentence start or in a headline."""
    return all(
        b.isupper()
        for word, surface in zip(words, surfaces)
        for a, b in zip(word, surface) if a.isupper()
    )


class GlossaryMatcher:
    """The glossary compiled for matching: one index per language, built on first use."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.concepts: dict[str, Concept] = {c.id: c for c in glossary.concepts}
        self._indexes: dict[str, LanguageIndex] = {}
        self._inclusions: dict[str, frozenset[str]] | None = None

    def index(self, lang: str) -> LanguageIndex:
        if lang not in self._indexes:
            if self._inclusions is None:
                self._inclusions = inclusions(self.glossary)
            self._indexes[lang] = LanguageIndex(lang, self._entries(lang), self._inclusions)
        return self._indexes[lang]

    def _entries(self, lang: str) -> list[tuple[str, Term]]:
        entries = []
        for concept in self.glossary.concepts:
            terms = concept.terms_in(lang)
            if not terms and concept.do_not_translate:
                terms = [term._replace(lang=lang) for term in concept.terms_in(SOURCE_LANG)]
            entries.extend((concept.id, term) for term in terms)
        return entries

    def approved(self, concept_id: str, lang: str) -> Term | None:
        """The form a translation into `lang` should use (a name kept as written if none)."""
        concept = self.concepts[concept_id]
        term = concept.preferred(lang)
        if term is None and concept.do_not_translate:
            term = concept.preferred(SOURCE_LANG)
        return term

    def source_terms(self, text: str) -> list[TermHit]:
        return self.index(SOURCE_LANG).find(text)

    def suggestions(self, source: str, lang: str) -> list[Suggestion]:
        """What a translator sees beside a segment: each term of the source, once, with
        the approved form, the admitted variants and the forbidden ones in `lang`."""
        seen, found = set(), []
        for hit in self.source_terms(source):
            if hit.concept_id in seen:
                continue
            seen.add(hit.concept_id)
            concept = self.concepts[hit.concept_id]
            approved = self.approved(hit.concept_id, lang)
            terms = concept.terms_in(lang)
            found.append(Suggestion(
                hit, approved.text if approved else "",
                tuple(t.text for t in terms if t.status is TermStatus.ADMITTED),
                tuple(t.text for t in terms if t.status is TermStatus.DEPRECATED),
                concept.do_not_translate, concept.note))
        return found

    def term_notes(self, segment, lang: str) -> list[str]:
        """"source term → approved form" lines: what exchange files tell other tools' users."""
        notes = []
        for suggestion in self.suggestions(segment.source, lang):
            note = f"{suggestion.source.text} → {suggestion.approved}"
            if suggestion.forbidden:
                note += f" (not: {', '.join(suggestion.forbidden)})"
            notes.append(note)
        return notes

    def target_hits(self, text: str, lang: str, nested: bool = False) -> list[TermHit]:
        return self.index(lang).find(text, nested)

    def check_segment(self, source: str, target: str, lang: str,
                      strict: bool = False) -> list[GlossaryFinding]:
        """What the target gets wrong about the glossary terms of the source."""
        return self.check_hits(self.source_terms(source),
                               self.target_hits(target, lang, nested=True), lang, strict)

    def check_many(self, pairs: list[tuple[str, str]], lang: str,
                   strict: bool = False) -> list[list[GlossaryFinding]]:
        """`check_segment` for each (source, target) pair, the texts of each side read in
        one call (`LanguageIndex.find_many`)."""
        sources = self.index(SOURCE_LANG).find_many([source for source, _ in pairs])
        targets = self.index(lang).find_many([target for _, target in pairs], nested=True)
        return [self.check_hits(source_hits, target_hits, lang, strict)
                for source_hits, target_hits in zip(sources, targets)]

    def check_hits(self, source_hits: list[TermHit], target_hits: list[TermHit], lang: str,
                   strict: bool = False) -> list[GlossaryFinding]:
        """Findings from the terms of a source and the (nested) terms of its target.

        missing-term and forbidden-term are errors. Admitted forms are correct;
        only `strict` reports an admitted target form where the source used the
        preferred English term (inconsistent-form, a warning).
        """
        findings = []
        in_source = {hit.concept_id: hit for hit in source_hits}
        by_concept: dict[str, list[TermHit]] = {}
        for hit in target_hits:
            by_concept.setdefault(hit.concept_id, []).append(hit)
        for concept_id, hits in by_concept.items():
            source_hit = in_source.get(concept_id)
            for hit in hits:
                if hit.term.status is TermStatus.DEPRECATED and not _inside_approved(hit, target_hits):
                    findings.append(self._finding("forbidden-term", "error", concept_id,
                                                  source_hit, lang, hit))
        for concept_id, source_hit in in_source.items():
            approved = self.approved(concept_id, lang)
            if approved is None:
                continue
            hits = by_concept.get(concept_id, [])
            good = [hit for hit in hits if hit.term.status.approved]
            if not good and not hits:
                findings.append(self._finding("missing-term", "error", concept_id, source_hit, lang))
            elif strict and good and source_hit.term.status is TermStatus.PREFERRED and all(
                    hit.term.status is TermStatus.ADMITTED for hit in good):
                findings.append(self._finding("inconsistent-form", "warning", concept_id,
                                              source_hit, lang, good[0]))
        return sorted(findings, key=lambda f: (f.start is None, f.start or 0, f.concept_id))

    def _finding(self, kind, severity, concept_id, source_hit, lang, hit=None) -> GlossaryFinding:
        approved = self.approved(concept_id, lang)
        if source_hit is not None:
            source_text = source_hit.text
        else:
            english = self.concepts[concept_id].preferred(SOURCE_LANG)
            source_text = english.text if english else concept_id
        return GlossaryFinding(
            kind, severity, concept_id, source_text, approved.text if approved else "", lang,
            found=hit.text if hit else "", start=hit.start if hit else None,
            end=hit.end if hit else None,
        )
