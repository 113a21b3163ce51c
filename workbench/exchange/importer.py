"""Import back: translations from PO and XLIFF files land on the right segments.

Every file is read and checked before anything is written; all files are then
applied in one transaction. Per unit the rules are (README, "conflict rules"):
a unit the translator did not touch changes nothing; a changed unit whose source
no longer matches, or whose translation was also changed in the workbench since
the export, is a conflict and the workbench's version is kept; a target whose
placeholders do not fit the segment is an error for that unit; anything else
updates the translation (origin import, the file's status, a history entry naming the
account that imported it; the translator a file names goes into the entry's note).
Comments in the file that the segment's thread does not hold yet are added, whatever
happens to its translation (workbench.comments): one without an author is the file's
translator's, else the importing account's.
Importing takes a manager; a dry run, which changes nothing, does not.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.characters import forbidden_in
from workbench.comments import comments_to_add
from workbench.errors import InputError
from workbench.files import read_source
from workbench.formats import exchange_format
from workbench.formats.units import ExchangeDocument, ExchangeUnit, UnitComment, digest
from workbench.inline import code_problems
from workbench.model import Origin, Segment, Status, Translation
from workbench.qa import Finding, findings_for_drafts
from workbench.qa.base import Severity
from workbench.store import Store, now

@dataclass(frozen=True)
class Change:
    sid: str
    old_target: str | None
    new_target: str
    old_status: str | None
    new_status: str
    note: str = ""


@dataclass(frozen=True)
class Conflict:
    sid: str
    reason: str
    workbench_target: str | None
    workbench_status: str | None
    file_target: str
    file_status: str


@dataclass(frozen=True)
class UnitError:
    sid: str
    problem: str


@dataclass
class FileReport:
    path: str
    format: str
    article: str
    lang: str
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[UnitError] = field(default_factory=list)
    comments: int = 0  # comments the file adds to the segments' threads

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ImportResult:
    files: list[FileReport]
    dry_run: bool

    def to_json(self) -> dict:
        return {"dry_run": self.dry_run, "files": [report.to_json() for report in self.files]}


@dataclass(frozen=True)
class _Decision:
    outcome: str  # "update", "unchanged", "conflict" or "error"
    status: Status | None = None
    reason: str = ""


@dataclass(frozen=True)
class _Parsed:
    name: str
    format: str
    document: ExchangeDocument


def import_files(
    store: Store, paths: list[Path | str], *, actor: Actor, dry_run: bool = False,
    article: str | None = None, lang: str | None = None,
) -> ImportResult:
    """Import PO/XLIFF files from disk (see `import_data`)."""
    files = [read_source(path, limit=settings.MAX_EXCHANGE_BYTES) for path in paths]
    return import_data(store, files, actor=actor, dry_run=dry_run, article=article, lang=lang)


def import_data(
    store: Store, files: list[tuple[str, bytes]], *, actor: Actor, dry_run: bool = False,
    article: str | None = None, lang: str | None = None,
) -> ImportResult:
    """Import (name, content) pairs: an upload or files read from disk.

    `article` and `lang`, when given, are what the caller expects the files to
    be for (a UI upload for one article); a file for anything else is refused.
    """
    if not dry_run:
        require(store, actor, Action.IMPORT_TRANSLATIONS)
    parsed = [_parse(store, name, data, article, lang) for name, data in files]
    if dry_run:
        with store.discarding():
            return ImportResult([_plan(store, item)[0] for item in parsed], dry_run=True)
    reports = []
    with store.transaction():
        for item in parsed:
            report, writes, comments = _plan(store, item)
            name = Path(item.name).name
            translator = item.document.translator
            for sid, target, status, revision in writes:
                store.save_translation(
                    item.document.article, sid, item.document.lang, target, status, Origin.IMPORT,
                    author=actor.username, expected_revision=revision,
                    note=f"imported from {name}" + (f" (translator: {translator})"
                                                    if translator else ""),
                )
            for sid, comment in comments:
                store.add_comment(item.document.article, sid, item.document.lang, comment.text,
                                  comment.author or translator or actor.username,
                                  comment.at or now(), comment.resolved)
            if writes or comments:
                audit.record(store, actor, audit.ARTICLE, "import-translations",
                             item.document.article,
                             f"{name} ({item.document.lang}): {len(writes)} updated, "
                             f"{len(report.conflicts)} conflicts, {len(report.errors)} errors"
                             + (f", {len(comments)} new comments" if comments else ""))
            reports.append(report)
    return ImportResult(reports, dry_run=False)


def _parse(store: Store, name: str, data: bytes, article: str | None, lang: str | None) -> _Parsed:
    name, data = read_source(data, name, limit=settings.MAX_EXCHANGE_BYTES)  # an upload: no bigger
    fmt = exchange_format(data, name)
    document = fmt.parse(data, name)
    if not document.article and store.has_article(Path(name).parent.name):
        document.article = Path(name).parent.name  # translations/<article>/<lang>.po
    if not document.article:
        raise InputError(name, "does not say which article it belongs to (no X-Workbench-Article "
                               "header, and its folder is not named after an article)")
    if article is not None and document.article != article:
        raise InputError(name, f"is for article {document.article!r}, not {article!r}")
    if lang is not None and document.lang != lang:
        raise InputError(name, f"is for language {document.lang!r}, not {lang!r}")
    if not store.has_article(document.article):
        raise InputError(name, f"is for article {document.article!r}, which is not in the project")
    if document.expected_units is not None and len(document.units) != document.expected_units:
        raise InputError(name, f"has {len(document.units)} of the {document.expected_units} units "
                               "it was exported with: truncated?")
    return _Parsed(name, fmt.name, document)


def _plan(store: Store, item: _Parsed) -> tuple[FileReport, list[tuple[str, str, Status, int]],
                                                list[tuple[str, UnitComment]]]:
    """What importing one file would do: the report, the writes (sid, target, status,
    revision they were planned against) and the comments to add (sid, comment)."""
    document = item.document
    report = FileReport(item.name, item.format, document.article, document.lang)
    segments = store.segments(document.article)
    current = store.translations(document.article, document.lang)
    match = _matcher(segments, document.units)
    threads = (store.comment_threads(document.article, document.lang)
               if any(unit.comments for unit in document.units) else {})
    gate = _approval_gate(store, document, match, current)
    seen: set[str] = set()
    writes, comments = [], []
    for unit in document.units:
        matches = match(unit)
        if not matches:
            report.errors.append(UnitError(unit.sid, "no segment with this id or source text"))
        for segment in matches:
            if segment.sid in seen:
                report.errors.append(UnitError(segment.sid, "appears twice in the file"))
                continue
            seen.add(segment.sid)
            translation = current.get(segment.sid)
            decision = decide(unit, segment, translation, document.exported_at, gate)
            _report(report, decision, segment.sid, unit.target, translation)
            if decision.outcome == "update":
                writes.append((segment.sid, unit.target, decision.status,
                               translation.revision if translation else 0))
            if unit.comments:
                for comment in comments_to_add(threads.get(segment.sid, []),
                                               list(unit.comments)):
                    unusable = forbidden_in(f"{comment.text}{comment.author or ''}")
                    if unusable:
                        report.errors.append(UnitError(segment.sid, f"a comment contains "
                                                       f"{unusable}; such characters are not text"))
                    else:
                        comments.append((segment.sid, comment))
    report.comments = len(comments)
    return report, writes, comments


def _approval_gate(store: Store, document: ExchangeDocument,
                   match: Callable[[ExchangeUnit], list[Segment]],
                   current: dict[str, Translation]) -> Callable[[Segment, str], str]:
    """A file cannot approve what `workbench approve` would refuse: with quality errors the
    translation lands as reviewed. The gate (for `decide`) gives why approval is held back,
    or "" when it is not. The targets `decide` will ask it about, found by asking a gate that
    holds nothing back, are checked together, as an article is (none: nothing is read)."""
    asked = []

    def ask(segment: Segment, target: str) -> str:
        asked.append((segment, target))
        return ""

    for unit in document.units:
        for segment in match(unit):
            decide(unit, segment, current.get(segment.sid), document.exported_at, ask)
    found = findings_for_drafts(store, document.article, document.lang, asked, errors_only=True)
    # `decide` asks the gate only after checks that do not depend on its answers, so the real
    # pass asks about no target the first did not
    held_back = {(segment.sid, target): _held_back(findings)
                 for (segment, target), findings in zip(asked, found)}
    return lambda segment, target: held_back[segment.sid, target]


def _held_back(findings: list[Finding]) -> str:
    """Why a target's `findings` hold back its approval, or "" when they do not."""
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if not errors:
        return ""
    checks = ", ".join(sorted({f.check for f in errors}))
    return f"approval held back: {len(errors)} quality error(s) ({checks})"


def _matcher(segments: list[Segment], units: list[ExchangeUnit]):
    """Units find their segment by id, or by exact source where a tool lost the id."""
    by_sid = {segment.sid: segment for segment in segments}
    by_source: dict[str, list[Segment]] = {}
    for segment in segments:
        by_source.setdefault(segment.source, []).append(segment)
    claimed = {unit.sid for unit in units if unit.sid in by_sid}

    def match(unit: ExchangeUnit) -> list[Segment]:
        if unit.sid in by_sid:
            return [by_sid[unit.sid]]
        return [segment for segment in by_source.get(unit.source, []) if segment.sid not in claimed]

    return match


def _report(report: FileReport, decision: _Decision, sid: str, target: str | None,
            current: Translation | None) -> None:
    old_target = current.target if current else None
    old_status = current.status.value if current else None
    if decision.outcome == "update":
        report.updated.append(Change(sid, old_target, target, old_status, decision.status.value,
                                     decision.reason))
    elif decision.outcome == "conflict":
        report.conflicts.append(Conflict(sid, decision.reason, old_target, old_status, target,
                                         decision.status.value))
    elif decision.outcome == "error":
        report.errors.append(UnitError(sid, decision.reason))
    else:
        report.unchanged += 1


def file_status(unit: ExchangeUnit) -> tuple[Status, bool]:
    """The status and needs-review flag the file gives, made consistent with its text.

    A target the file changed is a person's work: never "new" or "machine-translated".
    """
    mark = unit.mark
    status = unit.status
    text_changed = mark is None or digest(unit.target) != mark.target_digest
    if text_changed and status in (Status.NEW, Status.MACHINE_TRANSLATED):
        status = Status.EDITED
    needs_review = unit.needs_review
    if needs_review is None:
        needs_review = bool(mark and mark.matches(unit.target, status) and mark.needs_review)
    return status, needs_review


def decide(unit: ExchangeUnit, segment: Segment, current: Translation | None,
           exported_at: str | None, gate: Callable[[Segment, str], str] | None = None,
           ) -> _Decision:
    """What to do with one unit. `gate(segment, target)` says why an approval is held back
    (see `_approval_gate`); it is applied before comparing with the workbench's version, so a
    second import of the same file finds the held-back translation unchanged."""
    if not unit.target:
        return _Decision("unchanged")
    status, needs_review = file_status(unit)
    mark = unit.mark
    untouched = mark and mark.matches(unit.target, status) and mark.needs_review == needs_review
    if current and untouched:
        return _Decision("unchanged", status)
    unusable = forbidden_in(unit.target)
    if unusable:
        return _Decision("error", status, f"the translation contains {unusable}; such "
                                          "characters are not text")
    held_back = gate(segment, unit.target) if gate and status == Status.APPROVED else ""
    if held_back:
        status = Status.REVIEWED
    # A foreign file that says "translated" about the very text we approved adds nothing.
    if (current and current.target == unit.target and current.needs_review == needs_review
            and (current.status == status or (mark is None and current.status.outranks(status)))):
        return _Decision("unchanged", status)
    if unit.source != segment.source:
        return _Decision("conflict", status, "the source changed since the export")
    if current and mark and current.revision != mark.revision:
        return _Decision("conflict", status, "also changed in the workbench since the export")
    if current and not mark and _changed_after(current, exported_at):
        return _Decision("conflict", status, "the workbench has a newer or reviewed translation")
    problems = code_problems(unit.target, segment.codes)
    if problems:
        return _Decision("error", status, "placeholders do not match the source: "
                                          + "; ".join(problems))
    return _Decision("update", status, held_back)


def _changed_after(current: Translation, exported_at: str | None) -> bool:
    """Without an export mark: did the workbench move on after the file was made?"""
    if exported_at:
        return (current.updated_at or "") > exported_at
    return current.status.is_human_checked
