"""Glossary enforcement around machine translation.

The MT pipeline (workbench.mt.hooks.MtHooks) calls `before_mt(text, lang)
-> (text, state)` and `after_mt(hypotheses, lang, state) -> (text, flags)`; a
GlossaryEnforcer's bound methods have exactly those signatures, and
`glossary_version` of the same glossary belongs in the MT cache key.

- before: names and other do-not-translate terms become standalone
  placeholders ({901/}, ...) the engine carries through untouched;
- after: placeholders are restored with the approved form, the hypothesis that
  breaks the fewest glossary rules is chosen (the engine's order breaks ties),
  forbidden forms are replaced by the approved one where the inflection can be
  carried over, and whatever is still wrong comes back as findings.
"""

from dataclasses import dataclass, field

import regex

from workbench.glossary import morphology
from workbench.glossary.matcher import GlossaryFinding, GlossaryMatcher, TermHit
from workbench.glossary.model import TermStatus, glossary_version
from workbench.glossary.storage import project_matcher
from workbench.inline import format_placeholder
from workbench.mt.hooks import MtHooks
from workbench.store import GLOSSARY
from workbench.store.memo import memoized

FIRST_PROTECTED_ID = 901  # above any inline code id an article has
_PROTECTED = regex.compile(r"\{\s*(9\d\d)\s*/\s*\}")


@dataclass
class MtState:
    source: str
    source_hits: list[TermHit]
    protected: dict[int, str] = field(default_factory=dict)  # placeholder id -> text to restore


@dataclass(frozen=True)
class Replacement:
    concept_id: str
    old: str
    new: str


@dataclass
class MtOutcome:
    text: str
    chosen: int  # index of the hypothesis used
    findings: list[GlossaryFinding]
    replacements: list[Replacement]

    @property
    def flags(self) -> list[str]:
        return [finding.message for finding in self.findings]


class GlossaryEnforcer:
    def __init__(self, matcher: GlossaryMatcher):
        self.matcher = matcher

    def hook_arguments(self) -> dict:
        """What workbench.mt.pipeline.MtHooks takes from the glossary."""
        return {"before_mt": self.before_mt, "after_mt": self.after_mt,
                "glossary_version": glossary_version(self.matcher.glossary)}

    def hooks(self, num_hypotheses: int = 2) -> MtHooks:
        """The pipeline's hooks: terms protected and fixed, the better of `num_hypotheses`
        candidates chosen."""
        return MtHooks(**self.hook_arguments(), num_hypotheses=num_hypotheses)

    def before_mt(self, text: str, lang: str) -> tuple[str, MtState]:
        source_hits = self.matcher.source_terms(text)
        state = MtState(text, source_hits)
        protected_text = morphology.prepare(text)
        next_id = FIRST_PROTECTED_ID
        for hit in sorted(source_hits, key=lambda h: h.start, reverse=True):
            if not self.matcher.concepts[hit.concept_id].do_not_translate:
                continue
            approved = self.matcher.approved(hit.concept_id, lang)
            state.protected[next_id] = approved.text if approved else hit.text
            placeholder = format_placeholder("standalone", next_id)
            protected_text = protected_text[: hit.start] + placeholder + protected_text[hit.end:]
            next_id += 1
        return protected_text, state

    def restore(self, text: str, state: MtState) -> str:
        """Put the protected names back, also where the model spaced a placeholder out."""
        def put_back(match):
            return state.protected.get(int(match.group(1)), match.group(0))

        return _PROTECTED.sub(put_back, text)

    def after_mt(self, hypotheses: list[str], lang: str, state: MtState) -> tuple[str, list[str]]:
        outcome = self.choose(hypotheses, lang, state)
        replaced = [f"glossary: replaced forbidden “{r.old}” with “{r.new}”"
                    for r in outcome.replacements]
        return outcome.text, replaced + [f"glossary: {flag}" for flag in outcome.flags]

    def choose(self, hypotheses: list[str], lang: str, state: MtState) -> MtOutcome:
        if not hypotheses:
            raise ValueError("after_mt needs at least one hypothesis")
        candidates = [self.restore(text, state) for text in hypotheses]
        ranked = []
        for index, candidate in enumerate(candidates):
            findings = self._findings(candidate, lang, state)
            errors = sum(f.severity == "error" for f in findings)
            ranked.append((errors, len(findings) - errors, index))
        chosen = min(ranked)[2]
        text, replacements = self.replace_forbidden(candidates[chosen], lang)
        return MtOutcome(text, chosen, self._findings(text, lang, state), replacements)

    def replace_forbidden(self, text: str, lang: str) -> tuple[str, list[Replacement]]:
        """Swap forbidden forms for the approved one, keeping their inflection, where safe."""
        replacements = []
        text = morphology.prepare(text)
        hits = self.matcher.target_hits(text, lang)
        for hit in sorted(hits, key=lambda h: h.start, reverse=True):
            if hit.term.status is not TermStatus.DEPRECATED:
                continue
            approved = self.matcher.approved(hit.concept_id, lang)
            if approved is None:
                continue
            new = morphology.reinflect_term(hit.text, hit.term.text, approved.text, lang)
            if new is None:
                continue
            text = text[: hit.start] + new + text[hit.end:]
            replacements.append(Replacement(hit.concept_id, hit.text, new))
        return text, replacements[::-1]

    def _findings(self, text: str, lang: str, state: MtState) -> list[GlossaryFinding]:
        return self.matcher.check_hits(
            state.source_hits, self.matcher.target_hits(text, lang, nested=True), lang)


def glossary_hooks(store) -> MtHooks:
    """MT steered by the project glossary: what `workbench translate` and the page use. Kept
    while the glossary is unchanged (its version, a hash of every concept, is computed once
    per change: the page asks for each MT suggestion)."""
    return memoized(store, ("glossary-hooks",), (GLOSSARY,),
                    lambda: GlossaryEnforcer(project_matcher(store)).hooks())
