"""Translate an article's segments with the configured engines, in batches.

First, exact matches from the translation memory fill what they can (a human
translation of the very same sentence beats MT; see workbench.tm). Then, for each
language: every segment with no translation (or status new), or with an
MT translation made from a different request (source, model version, glossary
version or output options changed), is translated; edited, reviewed and
approved translations are never touched. A language in which MT may write nothing
(every segment human work) is skipped whole: no model is loaded for it.

Each distinct text goes to the engine once, sorted by length, a batch at a time;
each batch is stored in its own transaction, so an interrupted run keeps every batch
it finished. The decoder never waits for the store: the next batches are queued in
the engine (`queued` of them) while one is stored. A segment that someone else
changed meanwhile (another run, a person, a re-import) is left as they saved it and
counted as such: every segment is counted exactly once.

Glossary hooks plug in around the model (workbench.mt.hooks). Running MT takes a manager;
each run is kept in the audit trail (the translations themselves name the engine, "mt").
"""

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.accounts import Action, Actor, audit, require
from workbench.errors import ConflictError, NotFoundError, WorkbenchError
from workbench.inline import plain_text
from workbench.languages import SOURCE_LANGUAGE, parse_language_list
from workbench.model import Origin, Segment, Status, Translation
from workbench.mt import cache, script
from workbench.mt.engines import Engine, EngineError
from workbench.mt.hooks import MtHooks
from workbench.mt.placeholders import restore
from workbench.mt.registry import Registry
from workbench.segmentation import split_to_fit
from workbench.store.memo import article_translations
from workbench.tm import fill_from_memory

BATCH_SIZE = 32  # texts per engine call and per commit; see benchmarks/bench_mt.py
QUEUED = 2  # batches waiting in the engine while one is stored; see benchmarks/bench_mt.py
MAX_PART_CHARS = 600  # longer segments are translated in parts (models take ~1024 tokens)
AUTHOR = "mt"
TM_AUTHOR = "tm"


@dataclass
class LanguageResult:
    """What a run did in one language: each of the article's segments is counted once."""

    lang: str
    engine: str  # "" when MT had nothing to do in the language and no model was loaded
    model_version: str
    translated: int = 0  # stored from the model's output in this run
    from_cache: int = 0  # stored from the MT cache
    up_to_date: int = 0  # MT made from the same request already stored
    earlier_attempt: int = 0  # stored by an earlier attempt of the same job (its worker died)
    kept: int = 0  # human-checked, or filled by an earlier TM run or import: left alone
    from_memory: int = 0  # filled by exact translation-memory matches in this run
    changed_meanwhile: int = 0  # saved or re-imported by someone else during the run: theirs kept
    flagged: list[str] = field(default_factory=list)  # sids whose output needed repair

    def summary(self) -> str:
        """'12 translated, 0 from cache, ...': the counts, for people."""
        counts = (f"{self.translated} translated, {self.from_cache} from cache, "
                  f"{self.up_to_date} up to date, {self.from_memory} from memory, "
                  f"{self.kept} kept")
        if self.earlier_attempt:
            counts += f", {self.earlier_attempt} stored by an earlier attempt of the job"
        if self.changed_meanwhile:
            counts += f", {self.changed_meanwhile} changed by someone else meanwhile (theirs kept)"
        engine = f"[{self.engine} {self.model_version}]" if self.engine else "[no model needed]"
        return f"{counts} {engine}"


@dataclass
class Job:
    segment: Segment
    existing: Translation | None
    text: str  # what goes to the model, after before_mt
    state: object
    key: str


@dataclass
class Request:
    """One text for the model, and every segment that waits for it."""

    key: str
    text: str
    jobs: list[Job]


@dataclass
class Batch:
    """Requests on their way through the engine: those the cache answered, and a call that
    gives the others' output when it is done."""

    requests: list[Request]
    cached: dict[str, list[str]]
    fresh: list[Request]
    results: Callable[[], list[list[str]]]


def translate_article(store, slug: str, langs: list[str] | None = None, *, actor: Actor,
                      force: bool = False,
                      progress: Callable[[int, int, str], None] | None = None,
                      hooks: MtHooks = MtHooks(), batch_size: int = BATCH_SIZE,
                      queued: int = QUEUED,
                      engine_for: Callable[[str], Engine] | None = None,
                      should_stop: Callable[[], bool] = lambda: False,
                      job_id: int | None = None) -> list[LanguageResult]:
    """Fill the article's untranslated segments in `langs` (default: all five) from the
    translation memory's exact matches, then with MT.

    `force` re-translates every MT and new segment, bypassing the cache; human
    work is never overwritten. `progress(done, total, lang)` is called per stored batch.
    `queued` batches wait in the engine while one is stored (0: one at a time).
    `should_stop()` is asked before each batch is queued or stored: True ends the run there,
    every batch stored so far kept and those still in the engine dropped (a job cancelled,
    or its worker asked to stop).
    `job_id`, the MT job the run is for, is recorded with every segment stored: a job taken up
    again after its worker died or gave it back skips what it stored before, even with
    `force`, and counts it as done (progress does not start again from nothing).
    """
    require(store, actor, Action.TRANSLATE)
    store.article(slug)
    langs = parse_language_list(",".join(langs) if langs else None)
    segments = store.segments(slug)
    idle = {lang for lang in langs if not _machine_may_write_any(store, slug, segments, lang)}
    results = {lang: LanguageResult(lang, "", "", kept=len(segments)) for lang in idle}
    working = [lang for lang in langs if lang not in idle]
    engines = _resolve_engines(working, engine_for or Registry(store).engine_for)
    from_memory = (fill_from_memory(store, slug, working, actor=actor, author=TM_AUTHOR)
                   if working else {})
    plans = {lang: _plan(store, slug, segments, lang, engines[lang], hooks, force, job_id)
             for lang in working}
    for lang, (_, result) in plans.items():
        result.from_memory = from_memory[lang]
        result.kept -= from_memory[lang]  # counted as from memory, not as kept
        results[lang] = result
    done = sum(result.earlier_attempt for _, result in plans.values())
    total = done + sum(len(jobs) for jobs, _ in plans.values())
    if done and progress:
        progress(done, total, ",".join(plans))
    stopped = False
    for lang, (jobs, result) in plans.items():
        requests = _requests(jobs, engines[lang])
        batches = [requests[start:start + batch_size]
                   for start in range(0, len(requests), batch_size)]
        pending: deque[Batch] = deque()
        for number in range(len(batches) + queued):
            if stopped := should_stop():
                break
            if number < len(batches):  # queue the next batch in the engine...
                pending.append(_start_batch(store, batches[number], engines[lang], lang, hooks,
                                            force))
            if number >= queued:  # ...and store the one `queued` batches before it
                done += _store_batch(store, slug, lang, pending.popleft(), engines[lang], hooks,
                                     result, job_id)
                if progress:
                    progress(done, total, lang)
        if stopped:
            break
    ordered = [results[lang] for lang in langs]
    audit.record(store, actor, audit.ARTICLE, "translate", slug, "; ".join(
        f"{r.lang}: {r.translated + r.from_cache} by {r.engine or 'no model'}" for r in ordered))
    return ordered


def _machine_may_write_any(store, slug: str, segments: list[Segment], lang: str) -> bool:
    """Whether MT may write any segment in `lang`: if not, the language needs no model."""
    translations = article_translations(store, slug, lang)
    return any(_machine_may_write(translations.get(segment.sid)) for segment in segments)


def _request(engine: Engine, hooks: MtHooks, lang: str, source: str, output_script: str):
    """What MT is asked for `source`: the text (names held as placeholders), the glossary's
    state for after it, and the cache key; one recipe for a run and a suggestion."""
    text, state = hooks.before_mt(source, lang)
    return text, state, cache.cache_key(engine.label, engine.version, lang, text,
                                        hooks.glossary_version, hooks.num_hypotheses,
                                        output_script)


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


def _plan(store, slug, segments, lang, engine, hooks, force, job_id
          ) -> tuple[list[Job], LanguageResult]:
    result = LanguageResult(lang, engine.label, engine.version)
    translations = article_translations(store, slug, lang)  # read again only if the memory
    # filled some since
    requests = store.mt_request_keys(slug, lang)
    made_with = {sid: key for sid, (key, _) in requests.items()}
    stored_before = ({sid for sid, (_, job) in requests.items() if job == job_id}
                     if job_id is not None else set())
    output_script = script.output_script(store, lang)
    jobs = []
    for segment in segments:
        existing = translations.get(segment.sid)
        if not _machine_may_write(existing):
            result.kept += 1
            continue
        text, state, key = _request(engine, hooks, lang, segment.source, output_script)
        is_current = existing is not None and existing.status == Status.MACHINE_TRANSLATED
        if is_current and not existing.needs_review and made_with.get(segment.sid) == key:
            if segment.sid in stored_before:
                result.earlier_attempt += 1
                continue
            if not force:
                result.up_to_date += 1
                continue
        jobs.append(Job(segment, existing, text, state, key))
    return jobs, result


def _requests(jobs: list[Job], engine: Engine) -> list[Request]:
    """One request per distinct text, shortest first in model tokens: batches of similar
    length waste no decoding steps."""
    requests: dict[str, Request] = {}
    for job in jobs:
        requests.setdefault(job.key, Request(job.key, job.text, [])).jobs.append(job)
    ordered = list(requests.values())
    counts = engine.token_counts([request.text for request in ordered])
    return [request for _, request in sorted(zip(counts, ordered), key=lambda pair: pair[0])]


def _machine_may_write(existing: Translation | None) -> bool:
    """MT fills new segments and replaces its own output, nothing else."""
    if existing is None or existing.status == Status.NEW:
        return True
    return existing.status == Status.MACHINE_TRANSLATED and existing.origin in (Origin.MT, None)


def _start_batch(store, requests: list[Request], engine: Engine, lang: str, hooks: MtHooks,
                 force: bool) -> Batch:
    """Look the batch up in the cache and queue the rest in the engine; returns at once."""
    cached = {} if force else store.cached_hypotheses([request.key for request in requests])
    fresh = [request for request in requests if request.key not in cached]
    results = _submit(engine, [request.text for request in fresh], lang, hooks.num_hypotheses)
    return Batch(requests, cached, fresh, results)


def _store_batch(store, slug, lang, batch: Batch, engine: Engine, hooks: MtHooks,
                 result: LanguageResult, job_id: int | None) -> int:
    """Wait for the batch's output and store it in one transaction; how many segments it had."""
    fresh = {request.key: hypotheses for request, hypotheses in zip(batch.fresh, batch.results())}
    outputs = {**batch.cached, **fresh}
    output_script = script.output_script(store, lang)
    jobs = [job for request in batch.requests for job in request.jobs]
    with store.transaction():
        store.store_mt_batch(fresh)
        for job in jobs:
            target, flags = _finish(job, outputs[job.key], lang, hooks, output_script)
            if not _store(store, slug, lang, job, target, flags, engine, job_id):
                result.changed_meanwhile += 1
                continue
            if job.key in fresh:
                result.translated += 1
            else:
                result.from_cache += 1
            if flags:
                result.flagged.append(job.segment.sid)
    return len(jobs)


def _submit(engine: Engine, texts: list[str], lang: str, num_hypotheses: int
            ) -> Callable[[], list[list[str]]]:
    """Queue texts in one engine call; the returned function waits for their translations.
    Long texts go in parts and are joined again."""
    parts = [_parts(text) if plain_text(text) else [] for text in texts]
    flat = [part for text_parts in parts for part in text_parts]
    waiting = engine.submit(flat, lang, num_hypotheses) if flat else lambda: []

    def results() -> list[list[str]]:
        translated = iter(waiting())
        joined = []
        for text, text_parts in zip(texts, parts):
            if not text_parts:  # nothing to translate: only placeholders or spaces
                joined.append([text] * num_hypotheses)
                continue
            candidates = [next(translated) for _ in text_parts]
            joined.append([" ".join(candidate[index] for candidate in candidates)
                           for index in range(num_hypotheses)])
        return joined

    return results


def translate_segments(engine: Engine, segments: list[Segment], lang: str,
                       hooks: MtHooks = MtHooks(), output_script: str = ""
                       ) -> list[tuple[str, list[str]]]:
    """What translate_article would store for `segments`, with its flags, storing nothing:
    `workbench mt eval` compares engines with it."""
    jobs = [Job(segment, None, *hooks.before_mt(segment.source, lang), key="")
            for segment in segments]
    outputs = _submit(engine, [job.text for job in jobs], lang, hooks.num_hypotheses)()
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


def _store(store, slug, lang, job: Job, target: str, flags: list[str], engine: Engine,
           job_id: int | None) -> bool:
    """Save one MT result unless the segment's source or translation changed since the run
    planned it (someone saved or re-imported meanwhile); True if saved."""
    try:
        store.save_translation(
            slug, job.segment.sid, lang, target, Status.MACHINE_TRANSLATED, Origin.MT,
            author=AUTHOR, engine=engine.label, model_version=engine.version,
            expected_revision=job.existing.revision if job.existing else 0,
            expected_source_hash=job.segment.source_hash, note="; ".join(flags),
        )
    except (ConflictError, NotFoundError):  # the segment left the article on re-import
        return False
    store.record_mt_segment(slug, job.segment.sid, lang, job.key, flags, job_id)
    return True


@dataclass(frozen=True)
class Suggestion:
    """MT's translation of one segment, for a translator to use or leave."""

    text: str
    engine: str
    flags: list[str]  # what MT had to repair in it


def suggest(store, segment: Segment, lang: str, *, actor: Actor, hooks: MtHooks = MtHooks(),
            engine_for: Callable[[str], Engine] | None = None) -> Suggestion:
    """Translate the segment in hand with the first working engine for `lang`, as a run
    would (glossary hooks, placeholders, script), without storing a translation: only the
    engine's output goes into the MT cache, where a later run finds it. For whoever may
    edit the language (a run of MT over an article takes a manager)."""
    require(store, actor, Action.EDIT, lang)
    engine = _resolve_engines([lang], engine_for or Registry(store).engine_for)[lang]
    output_script = script.output_script(store, lang)
    text, state, key = _request(engine, hooks, lang, segment.source, output_script)
    hypotheses = store.cached_hypotheses([key]).get(key)
    if hypotheses is None:
        hypotheses = _submit(engine, [text], lang, hooks.num_hypotheses)()[0]
        store.store_mt_batch({key: hypotheses})
    target, flags = _finish(Job(segment, None, text, state, key), hypotheses, lang, hooks,
                            output_script)
    return Suggestion(target, engine.label, flags)
