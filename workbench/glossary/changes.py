"""When a term changes: which segments use it, and rewriting their translations.

`affected_segments` lists every segment whose source uses the concept, with
each translation and whether it uses the approved form. `apply_term_change`
replaces an old form by a new one in those translations, keeping each
occurrence's inflection (Қазақстанның -> Qazaqstanның style), and records every
change in the translation history; with preview=True it only says what it would do.
Applying takes a terminologist (reading what would change does not).
"""

from dataclasses import dataclass

from workbench.accounts import Action, Actor, audit, require
from workbench.errors import NotFoundError
from workbench.glossary import morphology
from workbench.glossary.matcher import GlossaryMatcher, LanguageIndex
from workbench.glossary.model import Term
from workbench.glossary.storage import project_matcher
from workbench.languages import parse_language_list
from workbench.model import Origin


@dataclass(frozen=True)
class AffectedSegment:
    article: str
    sid: str
    lang: str
    source: str
    target: str | None  # None: not translated yet
    uses_approved: bool | None
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {**self.__dict__, "problems": list(self.problems)}


@dataclass(frozen=True)
class TermChange:
    article: str
    sid: str
    lang: str
    before: str
    after: str | None  # None: an occurrence that cannot be rewritten safely
    revision: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _concept_segments(store, matcher: GlossaryMatcher, concept_id: str):
    if concept_id not in matcher.concepts:
        raise NotFoundError(f"no concept {concept_id!r} in the glossary")
    for article in store.articles():
        for segment in store.segments(article.slug):
            hits = [h for h in matcher.source_terms(segment.source) if h.concept_id == concept_id]
            if hits:
                yield article.slug, segment, hits


def affected_segments(store, concept_id: str, langs: list[str] | None = None) -> list[AffectedSegment]:
    matcher = project_matcher(store)
    affected = []
    for slug, segment, hits in _concept_segments(store, matcher, concept_id):
        for lang in langs or parse_language_list(None):
            translation = store.translation(slug, segment.sid, lang)
            if translation is None or not translation.target:
                affected.append(AffectedSegment(slug, segment.sid, lang, segment.source, None, None))
                continue
            findings = [f for f in matcher.check_hits(
                hits, matcher.target_hits(translation.target, lang, nested=True), lang)
                if f.concept_id == concept_id]
            affected.append(AffectedSegment(
                slug, segment.sid, lang, segment.source, translation.target,
                not any(f.severity == "error" for f in findings),
                tuple(f.message for f in findings)))
    return affected


def apply_term_change(store, concept_id: str, old_form: str, new_form: str, *, actor: Actor,
                      preview: bool = True, lang: str | None = None,
                      previewed: list[TermChange] | None = None) -> list[TermChange]:
    """Rewrite `old_form` (in any inflection) as `new_form` in the translations of the
    concept's segments: into `lang`, or every target language where it occurs.

    Applying with the `previewed` changes the user agreed to refuses (ConflictError, nothing
    written) if any of those translations changed since the preview."""
    if not preview:
        require(store, actor, Action.TERM_APPLY)
    seen = {(c.article, c.sid, c.lang): c.revision for c in previewed or []}
    matcher = project_matcher(store)
    langs = [lang] if lang else parse_language_list(None)
    old_indexes = {code: LanguageIndex(code, [(concept_id, Term(old_form, code))]) for code in langs}
    changes = []
    with store.transaction():
        for slug, segment, _hits in _concept_segments(store, matcher, concept_id):
            for code in langs:
                changes.extend(_rewrite(store, slug, segment.sid, code, old_indexes[code],
                                        old_form, new_form, preview, actor.username,
                                        concept_id, seen.get((slug, segment.sid, code))))
        if not preview:
            audit.record(store, actor, audit.CONCEPT, "apply", concept_id,
                         f"{old_form} -> {new_form} in "
                         f"{sum(c.after is not None for c in changes)} translations")
    return changes


def _rewrite(store, slug, sid, lang, old_index, old_form, new_form, preview, author,
             concept_id, previewed_revision) -> list[TermChange]:
    translation = store.translation(slug, sid, lang)
    if translation is None:
        return []
    original = morphology.prepare(translation.target)
    target, unsafe = original, []
    for hit in sorted(old_index.find(target), key=lambda h: h.start, reverse=True):
        new = morphology.reinflect_term(hit.text, old_form, new_form, lang)
        if new is None:
            unsafe.append(hit.text)
        else:
            target = target[: hit.start] + new + target[hit.end:]
    changes = [TermChange(slug, sid, lang, text, None, translation.revision) for text in unsafe]
    if target != original:
        changes.insert(0, TermChange(slug, sid, lang, translation.target, target,
                                     translation.revision))
        if not preview:
            store.save_translation(
                slug, sid, lang, target, translation.status, Origin.HUMAN, author=author,
                expected_revision=previewed_revision or translation.revision,
                note=f"glossary {concept_id}: {old_form} -> {new_form}")
    return changes
