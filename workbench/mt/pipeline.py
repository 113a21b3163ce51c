"""Translate an article's segments with the configured engines, in batches.

First, exact matches from the translation memory fill what they can (a human
translation of the very same sentence beats MT; see workbench.tm). Then, for each
language: every segment with no translation (or status new), or with an
MT translation made from a different request (source, model version, glossary
version or output options changed), is translated; edited, reviewed and
approved translations are never touched. Segments go to the engine sorted by
length, a batch at a time, and each batch is stored in its own transaction, so
an interrupted run keeps every batch it finished.

Glossary hooks plug in around the model (workbench.mt.hooks). Running MT takes a manager;
each run is kept in the audit trail (the translations themselves name the engine, "mt").
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.accounts import Action, Actor, audit, require
from workbench.errors import ConflictError, WorkbenchError
from workbench.inline import plain_text
from workbench.languages import SOURCE_LANGUAGE, parse_language_list
from workbench.model import Origin, Segment, Status, Translation
from workbench.mt import cache, script
from workbench.mt.engines import Engine, EngineError
from workbench.mt.hooks import MtHooks
from workbench.mt.placeholders import restore
from workbench.mt.registry import Registry
from workbench.segmentation import split_to_fit
from workbench.tm import fill_from_memory

BATCH_SIZE = 32  # segments per engine call and per commit; see benchmarks/bench_mt.py
MAX_PART_CHARS = 600  # longer segments are translated in parts (models take ~1024 tokens)
AUTHOR = "mt"
TM_AUTHOR = "tm"


@dataclass
class LanguageResult:
    lang: str
    engine: str
    model_version: str
    translated: int = 0  # by the model in this run
    from_cache: int = 0
    up_to_date: int = 0  # MT made from the same request already stored
    kept: int = 0  # human-checked, or filled by an earlier TM run or import: left alone
    from_memory: int = 0  # filled by exact translation-memory matches in this run
    flagged: list[str] = field(default_factory=list)  # sids whose output needed repair


@dataclass
class Job:
    segment: Segment
    existing: Translation | None
    text: str  # what goes to the model, after before_mt
    state: object
    key: str


def translate_article(store, slug: str, langs: list[str] | None = None, *, actor: Actor,
                      force: bool = False,
                      progress: Callable[[int, int, str], None] | None = None,
                      hooks: MtHooks = MtHooks(), batch_size: int = BATCH_SIZE,
                      engine_for: Callable[[str], Engine] | None = None) -> list[LanguageResult]:
    """Fill the article's untranslated segments in `langs` (default: all five) from the
    translation memory's exact matches, then with MT.

    `force` re-translates every MT and new segment, bypassing the cache; human
    work is never overwritten. `progress(done, total, lang)` is called per batch.
    """
    require(store, actor, Action.TRANSLATE)
    store.article(slug)
    langs = parse_language_list(",".join(langs) if langs else None)
    engines = _resolve_engines(langs, engine_for or Registry(store).engine_for)
    from_memory = fill_from_memory(store, slug, langs, actor=actor, author=TM_AUTHOR)
    segments = store.segments(slug)
    plans = {lang: _plan(store, slug, segments, lang, engines[lang], hooks, force) for lang in langs}
    for lang, (_, result) in plans.items():
        result.from_memory = from_memory[lang]
        result.kept -= from_memory[lang]  # counted as from memory, not as kept
    total = sum(len(jobs) for jobs, _ in plans.values())
    done = 0
    for lang, (jobs, result) in plans.items():
        counts = engines[lang].token_counts([job.text for job in jobs])
        jobs = [job for _, job in sorted(zip(counts, jobs), key=lambda pair: pair[0])]
        for start in range(0, len(jobs), batch_size):
            batch = jobs[start:start + batch_size]
            _translate_batch(store, slug, lang, batch, engines[lang], hooks, force, result)
            done += len(batch)
            if progress:
                progress(done, total, lang)
    results = [result for _, result in plans.values()]
    audit.record(store, actor, audit.ARTICLE, "translate", slug, "; ".join(
        f"{r.lang}: {r.translated + r.from_cache} by {r.engine}" for r in results))
    return results


def _resolve_engines(langs: list[str], engine_for: Callable[[str], Engine]) -> dict[str, Engine]:
    """Every language's engine, before anything is translated: a missing one stops the run."""
    engines, problems = {}, []
    for lang in langs:
        try:
            engines[lang] = engine_for(lang)
            engines[lang].load()
        except WorkbenchError as error:
            problems.append(f"{lang}: {error}")
    if problems:
        raise EngineError("cannot translate: " + "; ".join(problems))
    return engines


def _plan(store, slug, segments, lang, engine, hooks, force) -> tuple[list[Job], LanguageResult]:
    result = LanguageResult(lang, engine.label, engine.version)
    translations = store.translations(slug, lang)
    made_with = store.mt_request_keys(slug, lang)
    output_script = script.uzbek_script(store) if lang == "uz" else ""
    jobs = []
    for segment in segments:
        existing = translations.get(segment.sid)
        if not _machine_may_write(existing):
            result.kept += 1
            continue
        text, state = hooks.before_mt(segment.source, lang)
        key = cache.cache_key(engine.label, engine.version, lang, text, hooks.glossary_version,
                              hooks.num_hypotheses, output_script)
        is_current = existing is not None and existing.status == Status.MACHINE_TRANSLATED
        if is_current and not existing.needs_review and made_with.get(segment.sid) == key and not force:
            result.up_to_date += 1
            continue
        jobs.append(Job(segment, existing, text, state, key))
    return jobs, result


def _machine_may_write(existing: Translation | None) -> bool:
    """MT fills new segments and replaces its own output, nothing else."""
    if existing is None or existing.status == Status.NEW:
        return True
    return existing.status == Status.MACHINE_TRANSLATED and existing.origin in (Origin.MT, None)


def _translate_batch(store, slug, lang, batch, engine, hooks, force, result) -> None:
    hits = {} if force else store.cached_hypotheses([job.key for job in batch])
    from_cache = sum(1 for job in batch if job.key in hits)
    result.from_cache += from_cache
    result.translated += len(batch) - from_cache
    todo = list({job.key: job for job in batch if job.key not in hits}.values())  # once per text
    fresh = _run_engine(engine, [job.text for job in todo], lang, hooks.num_hypotheses)
    outputs = {**hits, **{job.key: hypotheses for job, hypotheses in zip(todo, fresh)}}
    output_script = script.uzbek_script(store) if lang == "uz" else ""
    with store.transaction():
        store.store_mt_batch({job.key: hypotheses for job, hypotheses in zip(todo, fresh)})
        for job in batch:
            target, flags = _finish(job, outputs[job.key], lang, hooks, output_script)
            if _store(store, slug, lang, job, target, flags, engine):
                if flags:
                    result.flagged.append(job.segment.sid)
            else:
                result.kept += 1


def _run_engine(engine: Engine, texts: list[str], lang: str, num_hypotheses: int
                ) -> list[list[str]]:
    """Translate texts in one engine call; long texts go in parts and are joined again."""
    parts = [_parts(text) if plain_text(text) else [] for text in texts]
    flat = [part for text_parts in parts for part in text_parts]
    translated = iter(engine.translate_batch(flat, lang, num_hypotheses) if flat else [])
    results = []
    for text, text_parts in zip(texts, parts):
        if not text_parts:  # nothing to translate: only placeholders or spaces
            results.append([text] * num_hypotheses)
            continue
        candidates = [next(translated) for _ in text_parts]
        results.append([
            " ".join(candidate[index] for candidate in candidates)
            for index in range(num_hypotheses)
        ])
    return results


def translate_segments(engine: Engine, segments: list[Segment], lang: str,
                       hooks: MtHooks = MtHooks(), output_script: str = ""
                       ) -> list[tuple[str, list[str]]]:
    """What translate_article would store for `segments`, with its flags, storing nothing:
    `workbench mt eval` compares engines with it."""
    jobs = [Job(segment, None, *hooks.before_mt(segment.source, lang), key="")
            for segment in segments]
    outputs = _run_engine(engine, [job.text for job in jobs], lang, hooks.num_hypotheses)
    return [_finish(job, hypotheses, lang, hooks, output_script)
            for job, hypotheses in zip(jobs, outputs)]


def _parts(text: str) -> list[str]:
    """What goes to the model for one text: the text, or a long one cut at sentence ends by
    the segmentation rules (the source is English)."""
    return split_to_fit(text, MAX_PART_CHARS, SOURCE_LANGUAGE)


def _finish(job: Job, hypotheses: list[str], lang: str, hooks: MtHooks, output_script: str
            ) -> tuple[str, list[str]]:
    text, flags = hooks.after_mt(hypotheses, lang, job.state)
    text, placeholder_flags = restore(job.segment.source, text)
    flags = list(flags) + placeholder_flags
    parts = len(_parts(job.text))
    if parts > 1:
        flags.append(f"long segment translated in {parts} parts")
    if plain_text(job.segment.source) and not plain_text(text):
        flags.append("MT returned an empty translation")
    if output_script:
        text = script.to_uzbek_script(text, output_script)
    return text, flags


def _store(store, slug, lang, job: Job, target: str, flags: list[str], engine: Engine) -> bool:
    """Save one MT result unless someone saved a translation meanwhile; True if saved."""
    try:
        store.save_translation(
            slug, job.segment.sid, lang, target, Status.MACHINE_TRANSLATED, Origin.MT,
            author=AUTHOR, engine=engine.label, model_version=engine.version,
            expected_revision=job.existing.revision if job.existing else 0,
            note="; ".join(flags),
        )
    except ConflictError:
        return False
    store.record_mt_segment(slug, job.segment.sid, lang, job.key, flags)
    return True
