"""Export: an article's translations in one language, as an exchange document and a file."""

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from workbench import settings
from workbench.files import write_atomically
from workbench.formats import FORMATS
from workbench.formats.base import ExchangeFormat
from workbench.formats.units import ExchangeDocument, ExchangeUnit, ExportMark, digest
from workbench.model import Segment, Status, Translation
from workbench.store import Store
from workbench.store import now

# The glossary's matcher plugs in here: the terms that apply to a segment, as
# "source term → approved translation" lines.
TermsFor = Callable[[Segment, str], list[str]]


def no_terms(segment: Segment, lang: str) -> list[str]:
    return []


def build_document(
    store: Store, slug: str, lang: str, *, terms_for: TermsFor = no_terms,
    approved_only: bool = False,
) -> ExchangeDocument:
    article = store.article(slug)
    translations = store.translations(slug, lang)
    units = []
    for segment in store.segments(slug):
        translation = translations.get(segment.sid)
        if approved_only and not _approved(translation):
            continue
        units.append(_unit(segment, translation, terms_for(segment, lang)))
    stamps = [t.updated_at for t in translations.values() if t.updated_at]
    return ExchangeDocument(
        article=slug,
        lang=lang,
        units=units,
        title=article.title,
        exported_at=now(),
        revised_at=max(stamps, default=None),
    )


def _approved(translation: Translation | None) -> bool:
    return (translation is not None and translation.status == Status.APPROVED
            and not translation.needs_review and bool(translation.target))


def _unit(segment: Segment, translation: Translation | None, terms: list[str]) -> ExchangeUnit:
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
        engine=translation.engine if translation else None,
        model_version=translation.model_version if translation else None,
        author=translation.author if translation else None,
        updated_at=translation.updated_at if translation else None,
        role=segment.role.value,
        context=segment.context,
        codes=segment.codes,
        terms=tuple(terms),
        previous_source=translation.previous_source if needs_review else None,
        mark=ExportMark(translation.revision if translation else 0, status, digest(target),
                        needs_review),
    )


def file_name(lang: str, fmt: ExchangeFormat) -> str:
    return f"{lang}{fmt.export_suffix}"


def render(store: Store, slug: str, lang: str, fmt: ExchangeFormat,
           terms_for: TermsFor = no_terms) -> bytes:
    document = build_document(store, slug, lang, terms_for=terms_for,
                              approved_only=fmt.approved_only)
    return fmt.write(document)


def default_folder(store: Store, slug: str) -> Path:
    """translations/exports/<article>/ beside the store (translations/workbench.db): a folder of
    its own, never the example's translations."""
    return store.folder / settings.EXPORTS_FOLDER / slug


def export_files(
    store: Store, slug: str, format_name: str, langs: list[str], terms_for: TermsFor = no_terms,
) -> dict[str, bytes]:
    """{file name: content} for each language: what a download or a zip needs."""
    fmt = FORMATS[format_name]
    store.article(slug)
    return {file_name(lang, fmt): render(store, slug, lang, fmt, terms_for) for lang in langs}


def export_article(
    store: Store, slug: str, format_name: str, langs: list[str], *,
    folder: Path | None = None, zip_path: Path | None = None, terms_for: TermsFor = no_terms,
) -> list[Path]:
    """Write one file per language (or one zip of them all); returns what was written."""
    files = export_files(store, slug, format_name, langs, terms_for)
    if zip_path is not None:
        write_atomically(zip_path, zip_bytes({f"{slug}/{name}": data for name, data in files.items()}))
        return [Path(zip_path)]
    folder = Path(folder) if folder is not None else default_folder(store, slug)
    written = []
    for name, data in files.items():
        write_atomically(folder / name, data)
        written.append(folder / name)
    return written


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
