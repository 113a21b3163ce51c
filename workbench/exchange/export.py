"""Export: an article's translations in one language, as an exchange document and a file.

Exporting (`export_files`, `zip_bytes`, `export_article`) takes a manager and is kept in the
audit trail."""

import io
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from workbench import settings
from workbench.accounts import Action, Actor, audit, require
from workbench.characters import visible
from workbench.files import atomic_output
from workbench.formats import FORMATS
from workbench.formats.base import ExchangeFormat
from workbench.formats.units import (
    ExchangeDocument,
    ExchangeUnit,
    ExportMark,
    UnitComment,
    digest,
)
from workbench.model import Segment, Status, Translation
from workbench.store import Store
from workbench.store import now

# The glossary's matcher plugs in here: the terms that apply to a segment, as
# "source term → approved translation" lines.
TermsFor = Callable[[Segment, str], list[str]]
_PAGE_SEGMENTS = 500  # segments read from the store at a time while a file is written


def no_terms(segment: Segment, lang: str) -> list[str]:
    return []


class StoredUnits:
    """An article's units in one language, read from the store a page of segments at a time
    as a writer iterates them: an export holds one page, never the whole article. Its length
    is known before the first unit, for the file's header; iterate it inside
    `store.snapshot()` for a file that agrees with itself while others write."""

    def __init__(self, store: Store, slug: str, lang: str, terms_for: TermsFor,
                 approved_only: bool, count: int):
        self.store, self.slug, self.lang = store, slug, lang
        self.terms_for, self.approved_only, self.count = terms_for, approved_only, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[ExchangeUnit]:
        position = None
        while segments := self.store.segments_after(self.slug, position, _PAGE_SEGMENTS):
            position = segments[-1].position
            sids = [segment.sid for segment in segments]
            translations = self.store.translations_of(self.slug, self.lang, sids,
                                                      approved_only=self.approved_only)
            threads = self.store.comment_threads(self.slug, self.lang, sids)
            for segment in segments:
                translation = translations.get(segment.sid)
                if translation is not None or not self.approved_only:
                    yield _unit(segment, translation, self.terms_for(segment, self.lang),
                                tuple(UnitComment(comment.text, comment.author, comment.at,
                                                  comment.resolved)
                                      for comment in threads.get(segment.sid, ())))


def build_document(
    store: Store, slug: str, lang: str, *, terms_for: TermsFor = no_terms,
    approved_only: bool = False,
) -> ExchangeDocument:
    """The article in `lang` as an exchange document whose units stream from the store."""
    article = store.article(slug)
    count, revised_at = store.export_summary(slug, lang, approved_only=approved_only)
    return ExchangeDocument(
        article=slug,
        lang=lang,
        units=StoredUnits(store, slug, lang, terms_for, approved_only, count),
        title=visible(article.title),
        exported_at=now(),
        revised_at=revised_at,
    )


def _unit(segment: Segment, translation: Translation | None, terms: list[str],
          comments: tuple[UnitComment, ...]) -> ExchangeUnit:
    """The unit of one segment. Text the store kept from before `workbench.characters` may
    hold a character no XML file can carry: notes and attributes show it as its control
    picture here; source and target keep it for each format's inline writer (comments are
    younger than that rule: the store never held such a character in one)."""
    target = translation.target if translation and translation.target else None
    status = translation.status if target else Status.NEW  # no text is no translation
    needs_review = bool(translation and translation.needs_review)
    return ExchangeUnit(
        sid=segment.sid,
        source=segment.source,
        target=target,
        status=status,
        needs_review=needs_review,
        origin=translation.origin if translation else None,
        engine=visible(translation.engine) if translation else None,
        model_version=visible(translation.model_version) if translation else None,
        author=visible(translation.author) if translation else None,
        updated_at=translation.updated_at if translation else None,
        role=segment.role.value,
        context=segment.context,
        codes=tuple(replace(code, opening=visible(code.opening), closing=visible(code.closing))
                    for code in segment.codes),
        terms=tuple(map(visible, terms)),
        previous_source=visible(translation.previous_source) if needs_review else None,
        mark=ExportMark(translation.revision if translation else 0, status, digest(target),
                        needs_review),
        comments=comments,
    )


def file_name(lang: str, fmt: ExchangeFormat) -> str:
    return f"{lang}{fmt.export_suffix}"


def render(store: Store, slug: str, lang: str, fmt: ExchangeFormat,
           terms_for: TermsFor = no_terms) -> bytes:
    """The file in memory: what a download needs."""
    buffer = io.BytesIO()
    write_file(store, slug, lang, fmt, buffer, terms_for)
    return buffer.getvalue()


def write_file(store: Store, slug: str, lang: str, fmt: ExchangeFormat, output: BinaryIO,
               terms_for: TermsFor = no_terms) -> None:
    """Stream the file to `output`, from one consistent view of the store."""
    with store.snapshot():
        document = build_document(store, slug, lang, terms_for=terms_for,
                                  approved_only=fmt.approved_only)
        fmt.write_to(document, output)


def default_folder(store: Store, slug: str) -> Path:
    """translations/exports/<article>/ beside the store (translations/workbench.db): a folder of
    its own, never the example's translations."""
    return store.folder / settings.EXPORTS_FOLDER / slug


def export_files(
    store: Store, slug: str, format_name: str, langs: list[str], terms_for: TermsFor = no_terms,
    *, actor: Actor,
) -> dict[str, bytes]:
    """{file name: content} for each language: what a download needs."""
    fmt = FORMATS[format_name]
    _exporting(store, actor, slug, format_name, langs)
    return {file_name(lang, fmt): render(store, slug, lang, fmt, terms_for) for lang in langs}


def zip_bytes(store: Store, slug: str, format_name: str, langs: list[str],
              terms_for: TermsFor = no_terms, *, actor: Actor) -> bytes:
    """One zip of the files for every language in `langs`: what a download needs."""
    _exporting(store, actor, slug, format_name, langs)
    buffer = io.BytesIO()
    write_zip(store, slug, format_name, langs, buffer, terms_for)
    return buffer.getvalue()


def write_zip(store: Store, slug: str, format_name: str, langs: list[str], output: BinaryIO,
              terms_for: TermsFor = no_terms) -> None:
    """Stream a zip of the files, each as <article>/<lang><suffix>, to `output`."""
    fmt = FORMATS[format_name]
    store.article(slug)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for lang in langs:
            member = zipfile.ZipInfo(f"{slug}/{file_name(lang, fmt)}", time.localtime()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(member, "w", force_zip64=True) as entry:
                write_file(store, slug, lang, fmt, entry, terms_for)


def export_article(
    store: Store, slug: str, format_name: str, langs: list[str], *, actor: Actor,
    folder: Path | None = None, zip_path: Path | None = None, terms_for: TermsFor = no_terms,
) -> list[Path]:
    """Write one file per language (or one zip of them all), each streamed unit by unit to a
    temporary file renamed into place when whole; returns what was written."""
    fmt = FORMATS[format_name]
    _exporting(store, actor, slug, format_name, langs)
    if zip_path is not None:
        with atomic_output(zip_path) as output:
            write_zip(store, slug, format_name, langs, output, terms_for)
        return [Path(zip_path)]
    folder = Path(folder) if folder is not None else default_folder(store, slug)
    written = []
    for lang in langs:
        path = folder / file_name(lang, fmt)
        with atomic_output(path) as output:
            write_file(store, slug, lang, fmt, output, terms_for)
        written.append(path)
    return written


def _exporting(store: Store, actor: Actor, slug: str, format_name: str, langs: list[str]) -> None:
    """Refuse an export `actor` may not make, or an article that does not exist; else keep
    it in the audit trail."""
    require(store, actor, Action.EXPORT)
    store.article(slug)
    audit.record(store, actor, audit.ARTICLE, "export", slug, f"{format_name}: {', '.join(langs)}")
