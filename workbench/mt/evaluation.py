"""`workbench mt eval`: how well each installed engine translates this newsroom's own texts.

The approved and reviewed human translations are the references. Every installed engine
that serves a language translates their sources as `workbench translate` would
(glossary-steered, placeholders kept, the project's Uzbek script), but nothing is stored.
The outputs are scored against the references, on their plain text, with sacrebleu
(chrF++ and BLEU, corpus level, 0-100) and by glossary agreement: of the glossary terms in
the sources that have an approved form in the language, the share the output renders in an
approved form (the project's matcher knows inflected forms). The last evaluation is kept
in the project's settings (settings.MT_EVALUATION): the Models page shows it and suggests
each language's engine order from it, best chrF++ first.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.errors import InputError
from workbench.inline import plain_text
from workbench.languages import parse_language_list
from workbench.model import Segment, Status
from workbench.mt import script
from workbench.mt.hooks import MtHooks
from workbench.mt.pipeline import BATCH_SIZE, translate_segments
from workbench.mt.registry import Registry, order_entry

REFERENCE_STATUSES = (Status.APPROVED, Status.REVIEWED)


@dataclass(frozen=True)
class Score:
    """One engine's scores for one language."""

    lang: str
    engine: str  # its label, e.g. argos:translate-en_ru-1_9
    order_entry: str  # how `workbench models order` names it
    version: str
    segments: int
    chrf: float  # chrF++
    bleu: float
    terms: int  # glossary terms in the sources with an approved form in `lang`
    terms_agreed: int  # of those, rendered in an approved form

    @property
    def glossary(self) -> float | None:
        """Glossary agreement in percent; None when the sources have no glossary terms."""
        return 100 * self.terms_agreed / self.terms if self.terms else None


@dataclass(frozen=True)
class Evaluation:
    at: str
    article: str | None  # None: every article
    scores: list[Score]
    problems: list[str] = field(default_factory=list)  # languages or engines left out, and why

    def languages(self) -> list[str]:
        return list(dict.fromkeys(score.lang for score in self.scores))

    def ranked(self, lang: str) -> list[Score]:
        """The engines for `lang`, best first: chrF++, then glossary agreement, then BLEU."""
        return sorted((score for score in self.scores if score.lang == lang),
                      key=lambda s: (-s.chrf, -(s.glossary or 0), -s.bleu))

    def suggested_order(self, lang: str) -> list[str]:
        return list(dict.fromkeys(score.order_entry for score in self.ranked(lang)))

    def to_json(self) -> dict:
        return {"at": self.at, "article": self.article,
                "scores": [{**asdict(score), "glossary": score.glossary} for score in self.scores],
                "suggested_order": {lang: self.suggested_order(lang) for lang in self.languages()},
                "problems": self.problems}

    @classmethod
    def from_json(cls, data: dict) -> "Evaluation":
        fields = Score.__dataclass_fields__
        return cls(data["at"], data["article"],
                   [Score(**{key: value for key, value in score.items() if key in fields})
                    for score in data["scores"]], list(data.get("problems", [])))


def references(store, article: str | None, lang: str) -> list[tuple[Segment, str]]:
    """The segments with an approved or reviewed translation into `lang`, and that translation."""
    slugs = [store.article(article).slug] if article else [a.slug for a in store.articles()]
    found = []
    for slug in slugs:
        translations = store.translations(slug, lang)
        for segment in store.segments(slug):
            translation = translations.get(segment.sid)
            if translation and translation.status in REFERENCE_STATUSES and plain_text(
                    translation.target):
                found.append((segment, translation.target))
    return found


def glossary_agreement(matcher, lang: str, sources: list[str],
                       outputs: list[str]) -> tuple[int, int]:
    """(terms, agreed): the sources' glossary terms with an approved form in `lang`, and how
    many of them the outputs render in an approved form (each term once per segment).
    `matcher` is the project's compiled glossary (workbench.glossary.storage.project_matcher)."""
    terms = agreed = 0
    for source, output in zip(sources, outputs):
        wanted = {hit.concept_id for hit in matcher.source_terms(source)
                  if matcher.approved(hit.concept_id, lang) is not None}
        rendered = {hit.concept_id for hit in matcher.target_hits(output, lang, nested=True)
                    if hit.term.status.approved}
        terms += len(wanted)
        agreed += len(wanted & rendered)
    return terms, agreed


def score(matcher, lang: str, engine: str, entry: str, version: str,
          sources: list[str], human: list[str], outputs: list[str]) -> Score:
    """Score `outputs` (an engine's, or anything scored as if it were one) against the human
    translations of `sources`."""
    from sacrebleu.metrics import BLEU, CHRF

    hypotheses = [plain_text(text) for text in outputs]
    targets = [[plain_text(text) for text in human]]
    terms, agreed = glossary_agreement(matcher, lang, sources, outputs)
    return Score(lang, engine, entry, version, len(outputs),
                 round(CHRF(word_order=2).corpus_score(hypotheses, targets).score, 2),
                 round(BLEU().corpus_score(hypotheses, targets).score, 2), terms, agreed)


def evaluate(store, article: str | None = None, langs: list[str] | None = None,
             engines: list[str] | None = None, *, actor: Actor, hooks: MtHooks, matcher,
             progress: Callable[[str, str, int, int], None] | None = None) -> Evaluation:
    """Translate the references' sources with every installed engine (or those `engines`
    names, as an engine order does), score them, and keep the result as the project's last
    evaluation. `hooks` steer MT as in translate_article (the glossary's:
    workbench.glossary.enforce.glossary_hooks), `matcher` finds the glossary terms;
    `progress(lang, engine, done, total)` is called per batch. Keeping the evaluation, which
    suggests an engine order, takes a manager."""
    require(store, actor, Action.MODELS)
    langs = parse_language_list(",".join(langs) if langs else None)
    registry = Registry(store)
    if engines:
        registry.check_entries(engines)
    scores, problems = [], []
    for lang in langs:
        pairs = references(store, article, lang)
        if not pairs:
            problems.append(f"{lang}: no approved or reviewed translations to compare with")
            continue
        loaded, engine_problems = registry.engines(lang, engines)
        problems += [f"{lang}: {problem}" for problem in engine_problems]
        if not loaded:
            problems.append(f"{lang}: no installed engine to evaluate")
        output_script = script.output_script(store, lang)
        segments = [segment for segment, _ in pairs]
        for engine in loaded:
            outputs = []
            for start in range(0, len(segments), BATCH_SIZE):
                batch = segments[start:start + BATCH_SIZE]
                outputs += [text for text, _ in
                            translate_segments(engine, batch, lang, hooks, output_script)]
                if progress:
                    progress(lang, engine.label, len(outputs), len(segments))
            scores.append(score(matcher, lang, engine.label, order_entry(engine), engine.version,
                                [segment.source for segment in segments],
                                [target for _, target in pairs], outputs))
    if not scores:
        raise InputError(article or "the project", "nothing to evaluate: " + "; ".join(problems))
    evaluation = Evaluation(datetime.now(timezone.utc).isoformat(timespec="seconds"), article,
                            scores, problems)
    with store.transaction():
        settings.MT_EVALUATION.write(store, evaluation.to_json())
        audit.record(store, actor, audit.MODEL, "evaluate", article or "every article",
                     "; ".join(f"{lang}: {evaluation.ranked(lang)[0].engine} first"
                               for lang in evaluation.languages()))
    return evaluation


def order_changes(evaluation: Evaluation, registry: Registry) -> dict[str, list[str]]:
    """The languages whose configured order would not pick the evaluated engines best first,
    with the order the evaluation suggests."""
    changes = {}
    for lang in evaluation.languages():
        ranked = [score.engine for score in evaluation.ranked(lang)]
        configured = [f"{model.engine}:{model.name}" for model in registry.candidates(lang)]
        if [label for label in configured if label in ranked] != ranked:
            changes[lang] = evaluation.suggested_order(lang)
    return changes


def last_evaluation(store) -> Evaluation | None:
    stored = settings.MT_EVALUATION.read(store)
    return Evaluation.from_json(stored) if stored else None
