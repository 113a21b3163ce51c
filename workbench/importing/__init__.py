"""Article import: files in, segments stored.

`import_paths` reads and parses every file first and only then writes, all in
one transaction: a bad file anywhere leaves the store exactly as it was. Importing and
deleting articles take a manager; both are kept in the audit trail.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import regex

from workbench.accounts import Action, Actor, audit, require
from workbench.characters import check_text
from workbench.errors import InputError, printable
from workbench.importing.html import parse_html
from workbench.importing.markdown import parse_markdown
from workbench.importing.merge import plan_merge
from workbench.importing.plaintext import parse_plain_text
from workbench.importing.reader import ARTICLE_SUFFIXES, read_article
from workbench.importing.structure import ArticleError
from workbench.model import Article, ParsedArticle
from workbench.settings import LARGEST_ARTICLE_LIMIT_BYTES, MAX_ARTICLE_BYTES
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


def source_identity(path: Path) -> str:
    """What `articles.source_path` holds for a file: its absolute path, printable. A file
    imported again from the same path updates its article; from another path it is another
    article unless the import says which one it replaces."""
    return printable(path.resolve())


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
    try:
        parsed = PARSERS[article_text.format](article_text.text)
    except ArticleError as error:
        raise InputError(path, str(error)) from None
    if not parsed.segments:
        raise InputError(path, "has no text to translate")
    _check_characters(path, parsed)
    if article_text.note:
        parsed.notes.insert(0, article_text.note)
    return parsed, article_text.encoding


def _check_characters(path: Path, parsed: ParsedArticle) -> None:
    """Control characters never reach the store (workbench.characters): in the text itself,
    or written as character references (&#1;) that the readers turn into characters."""
    for segment in parsed.segments:
        for code in segment.codes:
            check_text(code.opening + (code.closing or ""), path,
                       f"the markup of {segment.context}")
        check_text(segment.source, path, segment.context)
    for block in parsed.blocks:
        check_text(block.prefix + block.suffix, path, f"the markup of block {block.number + 1}")


def import_paths(
    store: Store, paths: list[Path | str], *, actor: Actor, max_bytes: int = MAX_ARTICLE_BYTES,
    replace: Mapping[Path, str] | None = None,
) -> list[ImportReport]:
    """Import article files in one transaction. `replace` names files that update an
    existing article ({file: slug}) whatever path that article came from."""
    require(store, actor, Action.ARTICLE_IMPORT)
    if not 0 < max_bytes <= LARGEST_ARTICLE_LIMIT_BYTES:
        raise InputError("largest article size", f"must be above 0 and at most "
                                                 f"{LARGEST_ARTICLE_LIMIT_BYTES:,} bytes, "
                                                 f"not {max_bytes}")
    files = collect_article_files([Path(p) for p in paths])
    replace = {Path(path).resolve(): slug for path, slug in (replace or {}).items()}
    for slug in replace.values():
        store.article(slug)  # NotFoundError naming the articles there are
    parsed_files = [(path, *parse_file(path, max_bytes)) for path in files]
    with store.transaction():
        chosen: dict[str, Path] = {}
        reports = []
        for path, parsed, encoding in parsed_files:
            slug, note = _article_for(store, path, replace, chosen)
            if slug in chosen:
                raise InputError(path, f"would update article {slug!r}, as {chosen[slug]} does")
            chosen[slug] = path
            report = _store_article(store, path, slug, parsed, encoding)
            report.notes[:0] = [note] if note else []
            reports.append(report)
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


def _article_for(store: Store, path: Path, replace: dict[Path, str],
                 chosen: dict[str, Path]) -> tuple[str, str]:
    """The article a file imports into, and a note when that is not simply its own name: the
    one it was imported into before (same path), the one `replace` names, or a new one."""
    identity = source_identity(path)
    named = replace.get(path.resolve())
    if named is not None:
        previous = store.article(named).source_path
        return named, ("" if previous == identity else
                       f"updates article {named!r}, imported from {previous} until now")
    earlier = store.article_from_source(identity)
    if earlier is not None:
        return earlier.slug, ""
    base = slug_for(path)
    if store.has_article(base) and _same_file(store.article(base).source_path, path):
        return base, ""  # imported before paths were stored absolute
    candidates = [base, f"{slug_for(path.parent)}-{base}" if path.parent.name else base]
    candidates += [f"{candidates[-1]}-{number}" for number in range(2, 1000)]
    slug = next(candidate for candidate in candidates
                if candidate not in chosen and not store.has_article(candidate))
    if slug == base:
        return slug, ""
    other = printable(chosen[base]) if base in chosen else store.article(base).source_path
    return slug, (f"article {base!r} comes from {other}: this file is a new article {slug!r} "
                  f"(to update {base!r} from it, import it with --replace {base})")


def _same_file(stored: str, path: Path) -> bool:
    """A source path stored relative (before release 0.2) names this file, seen from here."""
    stored_path = Path(stored)
    return not stored_path.is_absolute() and stored_path.resolve() == path.resolve()


def _store_article(store: Store, path: Path, slug: str, parsed: ParsedArticle, encoding: str) -> ImportReport:
    hashes = [source_hash(segment.source) for segment in parsed.segments]
    document_hash = source_hash(
        "".join(repr((s.source, s.codes, s.role, s.block)) for s in parsed.segments)
        + "".join(repr(b) for b in parsed.blocks)
    )
    created = not store.has_article(slug)
    identity = source_identity(path)
    report = ImportReport(slug, printable(path), parsed.title, encoding, len(parsed.segments),
                          created=created, notes=list(parsed.notes))
    if (not created and store.article(slug).source_hash == document_hash
            and store.article(slug).source_path == identity):
        report.unchanged = len(parsed.segments)
        return report
    store.save_article(Article(slug, parsed.title, identity, parsed.format, document_hash))
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
