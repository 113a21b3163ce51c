"""Articles, their block skeleton, segments, and per-language translations with history.

Translations carry a revision number: a save that names the revision it started from
fails with a conflict, carrying the other version, if someone saved in between, so two
sessions never silently overwrite each other. Every change writes a history entry.
"""

import json
from dataclasses import dataclass

from workbench.characters import check_text
from workbench.errors import ConflictError, NotFoundError
from workbench.model import (
    Article,
    Block,
    HistoryEntry,
    InlineCode,
    REVIEWED_STATUSES,
    Origin,
    Role,
    Segment,
    Status,
    Translation,
)
from workbench.store.base import ARTICLES, COMMENTS, JOBS, MT, MUTES, TRANSLATIONS, now
from workbench.store.dialect import shown_location

# Every table that keeps rows about an article, and the concern it belongs to: deleting an
# article deletes them all (ids restart on a new import, so nothing may outlive it).
_ARTICLE_TABLES = (
    ("history", TRANSLATIONS), ("translations", TRANSLATIONS), ("mt_segments", MT),
    ("qa_mutes", MUTES), ("comments", COMMENTS), ("jobs", JOBS), ("segments", ARTICLES),
    ("blocks", ARTICLES),
)
# What a TMX export carries: approved, with text, and its source unchanged since (one `?`: the
# approved status).
_APPROVED_ONLY = " AND status = ? AND needs_review = 0 AND target <> ''"


@dataclass(frozen=True)
class SegmentWrite:
    """A segment as an import wants it stored (its sid already decided)."""

    sid: str
    position: int
    block: int
    role: Role
    source: str
    codes: tuple[InlineCode, ...]
    context: str
    source_hash: str


class ArticleTables:
    # articles

    def articles(self) -> list[Article]:
        return [_article(row) for row in self._query("SELECT * FROM articles ORDER BY slug")]

    def article(self, slug: str) -> Article:
        row = self._query_one("SELECT * FROM articles WHERE slug = ?", (slug,))
        if row is None:
            known = ", ".join(article.slug for article in self.articles()) or "none imported yet"
            raise NotFoundError(f"no article {slug!r} in {shown_location(self.location)} "
                                f"(articles: {known})")
        return _article(row)

    def article_from_source(self, source_path: str) -> Article | None:
        """The article imported from this file (its `source_path`), if any."""
        row = self._query_one("SELECT * FROM articles WHERE source_path = ? ORDER BY slug",
                              (source_path,))
        return _article(row) if row else None

    def has_article(self, slug: str) -> bool:
        return self._query_one("SELECT 1 FROM articles WHERE slug = ?", (slug,)) is not None

    def save_article(self, article: Article) -> None:
        with self.transaction():
            self._write(
                ARTICLES,
                "INSERT INTO articles(slug, title, source_path, format, source_hash, imported_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET"
                " title = excluded.title, source_path = excluded.source_path,"
                " format = excluded.format, source_hash = excluded.source_hash,"
                " updated_at = excluded.updated_at",
                (article.slug, article.title, article.source_path, article.format,
                 article.source_hash, article.imported_at or now(), article.updated_at or now()),
            )

    def delete_article(self, slug: str) -> None:
        """Delete the article and every row any concern keeps about it (mutes, MT flags...)."""
        self.article(slug)
        with self.transaction():
            for table, concern in _ARTICLE_TABLES:
                self._write(concern, f"DELETE FROM {table} WHERE article = ?", (slug,))
            self._write(ARTICLES, "DELETE FROM articles WHERE slug = ?", (slug,))

    def allocate_sids(self, slug: str, count: int) -> list[str]:
        """New stable segment ids for an article; never reused, even after deletions."""
        with self.transaction():
            first = self._query_one("SELECT next_sid FROM articles WHERE slug = ?", (slug,))[0]
            self._write(ARTICLES, "UPDATE articles SET next_sid = ? WHERE slug = ?",
                        (first + count, slug))
        return [f"s{number}" for number in range(first, first + count)]

    # structure

    def blocks(self, slug: str) -> list[Block]:
        rows = self._query("SELECT * FROM blocks WHERE article = ? ORDER BY number", (slug,))
        return [Block(row["number"], Role(row["role"]), row["prefix"], row["suffix"]) for row in rows]

    def replace_structure(
        self, slug: str, blocks: list[Block], segments: list[SegmentWrite], retired: list[str]
    ) -> None:
        """Store the article's new skeleton; `retired` segments leave the article but keep
        their translations and history."""
        with self.transaction():
            self._write(ARTICLES, "DELETE FROM blocks WHERE article = ?", (slug,))
            self._write_many(
                ARTICLES,
                "INSERT INTO blocks(article, number, role, prefix, suffix) VALUES (?, ?, ?, ?, ?)",
                [(slug, b.number, b.role.value, b.prefix, b.suffix) for b in blocks],
            )
            self._write_many(
                ARTICLES,
                "UPDATE segments SET position = NULL, block = NULL WHERE article = ? AND sid = ?",
                [(slug, sid) for sid in retired],
            )
            self._write_many(
                ARTICLES,
                "INSERT INTO segments(article, sid, position, block, role, source, codes, context,"
                " source_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article, sid) DO"
                " UPDATE SET position = excluded.position, block = excluded.block,"
                " role = excluded.role, source = excluded.source, codes = excluded.codes,"
                " context = excluded.context, source_hash = excluded.source_hash",
                [
                    (slug, s.sid, s.position, s.block, s.role.value, s.source,
                     json.dumps([code.to_json() for code in s.codes], ensure_ascii=False),
                     s.context, s.source_hash)
                    for s in segments
                ],
            )

    def segments(self, slug: str) -> list[Segment]:
        rows = self._query(
            "SELECT * FROM segments WHERE article = ? AND position IS NOT NULL ORDER BY position",
            (slug,))
        return [_segment(row) for row in rows]

    def segments_after(self, slug: str, position: int | None, limit: int) -> list[Segment]:
        """At most `limit` of the article's segments after `position` (from the first if None),
        in order: a long read (an export) a page at a time."""
        after, params = (" AND position > ?", (slug, position, limit)) if position is not None \
            else ("", (slug, limit))
        rows = self._query("SELECT * FROM segments WHERE article = ? AND position IS NOT NULL"
                           f"{after} ORDER BY position LIMIT ?", params)
        return [_segment(row) for row in rows]

    def segment(self, slug: str, sid: str) -> Segment:
        row = self._query_one(
            "SELECT * FROM segments WHERE article = ? AND sid = ? AND position IS NOT NULL",
            (slug, sid))
        if row is None:
            raise NotFoundError(f"article {slug!r} has no segment {sid!r}")
        return _segment(row)

    # translations

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        rows = self._query("SELECT * FROM translations WHERE article = ? AND lang = ?",
                           (slug, lang))
        return {row["sid"]: _translation(row) for row in rows}

    def translations_of(self, slug: str, lang: str, sids: list[str], *,
                        approved_only: bool = False) -> dict[str, Translation]:
        """{sid: translation into `lang`} of these segments; `approved_only`: only approved
        translations with text whose source has not changed since (what a TMX export carries)."""
        if not sids:
            return {}
        marks = ", ".join("?" for _ in sids)
        approved, params = (_APPROVED_ONLY, (Status.APPROVED.value,)) if approved_only else ("", ())
        rows = self._query(f"SELECT * FROM translations WHERE article = ? AND lang = ?"
                           f" AND sid IN ({marks}){approved}", (slug, lang, *sids, *params))
        return {row["sid"]: _translation(row) for row in rows}

    def export_summary(self, slug: str, lang: str, *, approved_only: bool = False) -> tuple[int, str | None]:
        """(how many units an export of the article into `lang` has, when a translation into
        `lang` last changed): what a file's header says before its units are written."""
        if approved_only:
            count = self._query_one(
                "SELECT COUNT(*) FROM translations WHERE article = ? AND lang = ? AND sid IN"
                " (SELECT sid FROM segments WHERE article = ? AND position IS NOT NULL)"
                + _APPROVED_ONLY, (slug, lang, slug, Status.APPROVED.value))[0]
        else:
            count = self._query_one("SELECT COUNT(*) FROM segments WHERE article = ?"
                                    " AND position IS NOT NULL", (slug,))[0]
        latest = self._query_one("SELECT MAX(updated_at) FROM translations WHERE article = ?"
                                 " AND lang = ?", (slug, lang))[0]
        return count, latest

    def translation(self, slug: str, sid: str, lang: str) -> Translation | None:
        row = self._query_one(
            "SELECT * FROM translations WHERE article = ? AND sid = ? AND lang = ?",
            (slug, sid, lang))
        return _translation(row) if row else None

    def check_revision(self, slug: str, sid: str, lang: str,
                       expected_revision: int | None) -> Translation | None:
        """The current translation, after making sure nobody saved since the caller loaded
        `expected_revision` (0: there was none; None: the caller does not care).

        Raises ConflictError carrying the other version. The one place this rule lives:
        saves, the page's actions and MT all ask here.
        """
        current = self.translation(slug, sid, lang)
        revision = current.revision if current else 0
        if expected_revision is not None and expected_revision != revision:
            who = (current.author if current else None) or "another session"
            raise ConflictError(
                f"segment {sid} ({lang}) was changed by {who} since you loaded it "
                f"(revision {revision}, you had {expected_revision})",
                current=current)
        return current

    def save_translation(
        self,
        slug: str,
        sid: str,
        lang: str,
        target: str,
        status: Status,
        origin: Origin,
        *,
        author: str | None = None,
        engine: str | None = None,
        model_version: str | None = None,
        expected_revision: int | None = None,
        expected_source_hash: str | None = None,
        note: str = "",
    ) -> Translation:
        """Write a translation and its history entry.

        `expected_revision`: see check_revision; `expected_source_hash`: the source the text
        translates (a ConflictError if a re-import changed it since). Saving what is already
        stored changes nothing and adds no history.
        """
        status = Status(status)
        origin = Origin(origin) if origin is not None else None
        for text, what in ((target, "the translation"), (author, "the author's name")):
            check_text(text, f"{slug} {sid} ({lang})", what)
        with self.transaction():
            segment = self.segment(slug, sid)
            if expected_source_hash is not None and segment.source_hash != expected_source_hash:
                raise ConflictError(f"{slug} {sid}: the source changed since it was translated")
            current = self.check_revision(slug, sid, lang, expected_revision)
            if (current and current.target == target and current.status == status
                    and not current.needs_review):
                return current
            stamp = now()
            revision = (current.revision if current else 0) + 1
            self._write(
                TRANSLATIONS,
                "INSERT INTO translations(article, sid, lang, target, status, origin, engine,"
                " model_version, author, created_at, updated_at, revision, needs_review,"
                " previous_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)"
                " ON CONFLICT(article, sid, lang) DO UPDATE SET target = excluded.target,"
                " status = excluded.status, origin = excluded.origin, engine = excluded.engine,"
                " model_version = excluded.model_version, author = excluded.author,"
                " updated_at = excluded.updated_at, revision = excluded.revision,"
                " needs_review = 0, previous_source = NULL",
                (slug, sid, lang, target, status.value, origin.value if origin else None,
                 engine, model_version, author, stamp, stamp, revision),
            )
            self._record(slug, sid, lang, revision, stamp, author, origin, current, target,
                         status, note)
            return self.translation(slug, sid, lang)

    def mark_source_changed(self, slug: str, sid: str, previous_source: str) -> None:
        """Flag every translation of a segment whose source text changed on re-import."""
        with self.transaction():
            rows = self._query("SELECT * FROM translations WHERE article = ? AND sid = ?",
                               (slug, sid))
            for current in map(_translation, rows):
                revision = current.revision + 1
                stamp = now()
                self._write(
                    TRANSLATIONS,
                    "UPDATE translations SET needs_review = 1, previous_source = ?,"
                    " revision = ?, updated_at = ? WHERE article = ? AND sid = ? AND lang = ?",
                    (previous_source, revision, stamp, slug, sid, current.lang),
                    copies_stored_text=True,
                )
                self._record(slug, sid, current.lang, revision, stamp, "import", None, current,
                             current.target, current.status, "source changed: needs review")

    def _record(self, slug, sid, lang, revision, stamp, author, origin, old, target, status, note):
        kept = old is not None and target == old.target  # a copy, as the old target always is
        self._refuse_forbidden_characters([(author, note, None if kept else target)])
        self._write(
            TRANSLATIONS,
            "INSERT INTO history(article, sid, lang, revision, at, author, origin, old_target,"
            " new_target, old_status, new_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (slug, sid, lang, revision, stamp, author, origin.value if origin else None,
             old.target if old else None, target, old.status.value if old else None,
             status.value, note),
            copies_stored_text=True,
        )

    def history(self, slug: str, sid: str | None = None,
                lang: str | None = None) -> list[HistoryEntry]:
        query = "SELECT * FROM history WHERE article = ?"
        params: list = [slug]
        if sid is not None:
            query += " AND sid = ?"
            params.append(sid)
        if lang is not None:
            query += " AND lang = ?"
            params.append(lang)
        return [
            HistoryEntry(
                row["sid"], row["lang"], row["revision"], row["at"], row["author"], row["origin"],
                row["old_target"], row["new_target"], row["old_status"], row["new_status"],
                row["note"],
            )
            for row in self._query(query + " ORDER BY id", params)
        ]

    def reviewed_translations(self, lang: str, current_segments_only: bool) -> list:
        """Translations into `lang` a reviewer checked, whose source has not changed since,
        with their segment's source, role and context: what the translation memory and the
        consistency check trust. `current_segments_only` leaves out segments that left their
        article on re-import."""
        statuses = [status.value for status in REVIEWED_STATUSES]
        current = " AND s.position IS NOT NULL" if current_segments_only else ""
        return self._query(
            "SELECT t.article, t.sid, s.source, t.target, t.status, s.role, s.context,"
            " t.updated_at FROM translations t"
            " JOIN segments s ON s.article = t.article AND s.sid = t.sid"
            " WHERE t.lang = ? AND t.needs_review = 0 AND t.status IN (?, ?)" + current,
            (lang, *statuses))

    def translated_segments(self, lang: str) -> list:
        """Every translation into `lang` that has text, of a segment still in its article,
        with the segment's source: what a concordance search looks through."""
        return self._query(
            "SELECT t.article, t.sid, s.source, t.target, t.status FROM translations t"
            " JOIN segments s ON s.article = t.article AND s.sid = t.sid"
            " WHERE t.lang = ? AND t.target <> '' AND s.position IS NOT NULL"
            " ORDER BY t.article, s.position", (lang,))

    def reviewed_counts(self, lang: str) -> dict[str, int]:
        """{status: count} of reviewer-checked translations into `lang` whose source has not
        changed since."""
        rows = self._query(
            "SELECT status, COUNT(*) FROM translations WHERE lang = ? AND needs_review = 0"
            " AND status IN (?, ?) GROUP BY status",
            (lang, *[status.value for status in REVIEWED_STATUSES]))
        return {row[0]: row[1] for row in rows}


def _article(row) -> Article:
    return Article(
        row["slug"], row["title"], row["source_path"], row["format"], row["source_hash"],
        row["imported_at"], row["updated_at"],
    )


def _segment(row) -> Segment:
    codes = tuple(InlineCode.from_json(code) for code in json.loads(row["codes"]))
    return Segment(
        row["sid"], row["article"], row["position"], row["block"], Role(row["role"]),
        row["source"], codes, row["context"], row["source_hash"],
    )


def _translation(row) -> Translation:
    return Translation(
        row["sid"], row["article"], row["lang"], row["target"], Status(row["status"]),
        Origin(row["origin"]) if row["origin"] else None, row["engine"], row["model_version"],
        row["author"], row["created_at"], row["updated_at"], row["revision"],
        bool(row["needs_review"]), row["previous_source"],
    )
