"""Article import: files in, segments stored.

`import_paths` reads and parses every file first and only then writes, all in
one transaction: a bad file anywhere leaves the store exactly as it was. Importing and
deleting articles take a manager; both are kept in the audit trail.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from workbench.accounts import Action, Actor, audit, require
from workbench.errors import InputError
from workbench.importing.html import parse_html
from workbench.importing.markdown import parse_markdown
from workbench.importing.merge import plan_merge
from workbench.importing.plaintext import parse_plain_text
from workbench.importing.reader import ARTICLE_SUFFIXES, read_article
from workbench.model import Article, ParsedArticle
from workbench.settings import MAX_ARTICLE_BYTES
from workbench.store import SegmentWrite, Store

PARSERS = {"markdown": parse_markdown, "text": parse_plain_text, "html": parse_html}


@dataclass
class ImportReport:
    slug: str
    path: str
    title: str
    encoding: str
    segments: int
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    markup_changed: int = 0  # same text, other links or formatting: translations stay valid
    created: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return self.created or bool(self.added or self.changed or self.removed or self.markup_changed)

    def to_json(self) -> dict:
        return {**self.__dict__, "changed_anything": self.changed_anything}


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def slug_for(path: Path) -> str:
    slug = regex.sub(r"[^\p{L}\p{N}]+", "-", path.stem.lower()).strip("-")
    return slug or "article"


def collect_article_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
            if not found:
                kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
                raise InputError(path, f"folder has no articles ({kinds})")
            files += found
        else:
            files.append(path)
    return files


def parse_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[ParsedArticle, str]:
    article_text = read_article(path, max_bytes)
    parsed = PARSERS[article_text.format](article_text.text)
    if not parsed.segments:
        raise InputError(path, "has no text to translate")
    return parsed, article_text.encoding


def import_paths(
    store: Store, paths: list[Path | str], *, actor: Actor, max_bytes: int = MAX_ARTICLE_BYTES
) -> list[ImportReport]:
    require(store, actor, Action.ARTICLE_IMPORT)
    files = collect_article_files([Path(p) for p in paths])
    parsed_files = []
    slugs: dict[str, Path] = {}
    for path in files:
        slug = slug_for(path)
        if slug in slugs:
            raise InputError(path, f"has the same article name {slug!r} as {slugs[slug]}")
        slugs[slug] = path
        parsed_files.append((path, slug, *parse_file(path, max_bytes)))
    with store.transaction():
        reports = [
            _store_article(store, path, slug, parsed, encoding)
            for path, slug, parsed, encoding in parsed_files
        ]
        for report in reports:
            if report.changed_anything:
                audit.record(store, actor, audit.ARTICLE, "import" if report.created else "update",
                             report.slug, Path(report.path).name)
    return reports


def delete_article(store: Store, slug: str, *, actor: Actor) -> None:
    """Delete an article with all its translations and their history."""
    require(store, actor, Action.ARTICLE_DELETE)
    with store.transaction():
        title = store.article(slug).title
        store.delete_article(slug)
        audit.record(store, actor, audit.ARTICLE, "delete", slug, title)


def _store_article(store: Store, path: Path, slug: str, parsed: ParsedArticle, encoding: str) -> ImportReport:
    hashes = [source_hash(segment.source) for segment in parsed.segments]
    document_hash = source_hash(
        "".join(repr((s.source, s.codes, s.role, s.block)) for s in parsed.segments)
        + "".join(repr(b) for b in parsed.blocks)
    )
    created = not store.has_article(slug)
    report = ImportReport(slug, str(path), parsed.title, encoding, len(parsed.segments),
                          created=created, notes=list(parsed.notes))
    if not created and store.article(slug).source_hash == document_hash:
        report.unchanged = len(parsed.segments)
        return report
    store.save_article(Article(slug, parsed.title, str(path), parsed.format, document_hash))
    old = store.segments(slug)
    plan = plan_merge(old, parsed.segments, hashes)
    new_sids = iter(store.allocate_sids(slug, plan.added))
    writes = []
    for alignment in plan.alignments:
        segment = parsed.segments[alignment.new_index]
        sid = alignment.old.sid if alignment.old else next(new_sids)
        writes.append(SegmentWrite(sid, alignment.new_index, segment.block, segment.role,
                                   segment.source, segment.codes, segment.context,
                                   hashes[alignment.new_index]))
    store.replace_structure(slug, parsed.blocks, writes, [s.sid for s in plan.removed])
    for alignment in plan.alignments:
        if alignment.changed:
            store.mark_source_changed(slug, alignment.old.sid, alignment.old.source)
    report.added, report.changed = plan.added, plan.changed
    report.removed, report.unchanged = len(plan.removed), plan.unchanged
    report.markup_changed = sum(
        1 for a in plan.alignments
        if a.old is not None and not a.changed and a.old.codes != parsed.segments[a.new_index].codes
    )
    if not created:
        report.notes += [f"{s.sid} removed: {s.source[:60]}" for s in plan.removed]
    return report
