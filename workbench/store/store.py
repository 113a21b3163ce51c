"""SQLite-backed project store.

One connection per Store object (a CLI run, a browser session). WAL mode lets
several sessions read while one writes; every write goes through
`transaction()`, and translations carry a revision number so that two sessions
saving the same segment cannot silently overwrite each other.
"""

import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from workbench.errors import ConflictError, InputError, NotFoundError
from workbench.languages import TARGET_LANGUAGES
from workbench.model import (
    Article,
    Block,
    HistoryEntry,
    InlineCode,
    Origin,
    Role,
    Segment,
    Status,
    Translation,
)

SCHEMA = resources.files("workbench.store").joinpath("schema.sql").read_text(encoding="utf-8")


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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


class Store:
    def __init__(self, connection: sqlite3.Connection, path: str):
        self.connection = connection
        self.path = path
        self._depth = 0
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: str | Path) -> "Store":
        path = Path(path)
        if path.exists() and path.is_dir():
            raise InputError(path, "is a folder, not a workbench store file")
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=15
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA busy_timeout=15000")
            connection.executescript(SCHEMA)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise InputError(path, f"is not a workbench store ({error})") from None
        connection.row_factory = sqlite3.Row
        return cls(connection, str(path))

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self):
        """All writes inside happen together or not at all; nesting joins the outer one."""
        with self._lock:
            if self._depth == 0:
                self.connection.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.connection.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                self.connection.execute("COMMIT")

    @contextmanager
    def discarding(self):
        """Everything written inside is undone at the end: a dry run plans with the real code
        (which may initialize tables or caches) and leaves the store exactly as it was."""
        with self._lock:
            self.connection.execute("SAVEPOINT discarding")
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
                self.connection.execute("ROLLBACK TO discarding")
                self.connection.execute("RELEASE discarding")

    # settings

    def get_setting(self, key: str, default=None):
        row = self.connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else default

    def set_setting(self, key: str, value) -> None:
        with self.transaction():
            self.connection.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    # articles

    def articles(self) -> list[Article]:
        rows = self.connection.execute("SELECT * FROM articles ORDER BY slug").fetchall()
        return [_article(row) for row in rows]

    def article(self, slug: str) -> Article:
        row = self.connection.execute("SELECT * FROM articles WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            known = ", ".join(article.slug for article in self.articles()) or "none imported yet"
            raise NotFoundError(f"no article {slug!r} in {self.path} (articles: {known})")
        return _article(row)

    def has_article(self, slug: str) -> bool:
        query = "SELECT 1 FROM articles WHERE slug = ?"
        return self.connection.execute(query, (slug,)).fetchone() is not None

    def save_article(self, article: Article) -> None:
        with self.transaction():
            self.connection.execute(
                "INSERT INTO articles(slug, title, source_path, format, source_hash, imported_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET"
                " title = excluded.title, source_path = excluded.source_path,"
                " format = excluded.format, source_hash = excluded.source_hash,"
                " updated_at = excluded.updated_at",
                (
                    article.slug,
                    article.title,
                    article.source_path,
                    article.format,
                    article.source_hash,
                    article.imported_at or now(),
                    article.updated_at or now(),
                ),
            )

    def delete_article(self, slug: str) -> None:
        """Delete the article and every row any concern keeps about it (mutes, MT flags...):
        ids restart on a new import, so nothing may outlive the article."""
        self.article(slug)
        with self.transaction():
            for table in self._tables_keyed_by_article():
                self.connection.execute(f"DELETE FROM {table} WHERE article = ?", (slug,))
            self.connection.execute("DELETE FROM articles WHERE slug = ?", (slug,))

    def _tables_keyed_by_article(self) -> list[str]:
        tables = [row[0] for row in self.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'articles'")]
        return [
            table for table in tables
            if any(column[1] == "article"
                   for column in self.connection.execute(f"PRAGMA table_info({table})"))
        ]

    def allocate_sids(self, slug: str, count: int) -> list[str]:
        """New stable segment ids for an article; never reused, even after deletions."""
        with self.transaction():
            row = self.connection.execute(
                "SELECT next_sid FROM articles WHERE slug = ?", (slug,)
            ).fetchone()
            first = row["next_sid"]
            self.connection.execute(
                "UPDATE articles SET next_sid = ? WHERE slug = ?", (first + count, slug)
            )
        return [f"s{number}" for number in range(first, first + count)]

    # structure

    def blocks(self, slug: str) -> list[Block]:
        rows = self.connection.execute(
            "SELECT * FROM blocks WHERE article = ? ORDER BY number", (slug,)
        ).fetchall()
        return [Block(row["number"], Role(row["role"]), row["prefix"], row["suffix"]) for row in rows]

    def replace_structure(
        self, slug: str, blocks: list[Block], segments: list[SegmentWrite], retired: list[str]
    ) -> None:
        """Store the article's new skeleton; `retired` segments leave the article but keep
        their translations and history."""
        with self.transaction():
            self.connection.execute("DELETE FROM blocks WHERE article = ?", (slug,))
            self.connection.executemany(
                "INSERT INTO blocks(article, number, role, prefix, suffix) VALUES (?, ?, ?, ?, ?)",
                [(slug, b.number, b.role.value, b.prefix, b.suffix) for b in blocks],
            )
            self.connection.executemany(
                "UPDATE segments SET position = NULL, block = NULL WHERE article = ? AND sid = ?",
                [(slug, sid) for sid in retired],
            )
            self.connection.executemany(
                "INSERT INTO segments(article, sid, position, block, role, source, codes, context,"
                " source_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article, sid) DO"
                " UPDATE SET position = excluded.position, block = excluded.block,"
                " role = excluded.role, source = excluded.source, codes = excluded.codes,"
                " context = excluded.context, source_hash = excluded.source_hash",
                [
                    (
                        slug,
                        s.sid,
                        s.position,
                        s.block,
                        s.role.value,
                        s.source,
                        json.dumps([code.to_json() for code in s.codes], ensure_ascii=False),
                        s.context,
                        s.source_hash,
                    )
                    for s in segments
                ],
            )

    def segments(self, slug: str) -> list[Segment]:
        rows = self.connection.execute(
            "SELECT * FROM segments WHERE article = ? AND position IS NOT NULL ORDER BY position",
            (slug,),
        ).fetchall()
        return [_segment(row) for row in rows]

    def segment(self, slug: str, sid: str) -> Segment:
        row = self.connection.execute(
            "SELECT * FROM segments WHERE article = ? AND sid = ? AND position IS NOT NULL",
            (slug, sid),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"article {slug!r} has no segment {sid!r}")
        return _segment(row)

    # translations

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        rows = self.connection.execute(
            "SELECT * FROM translations WHERE article = ? AND lang = ?", (slug, lang)
        ).fetchall()
        return {row["sid"]: _translation(row) for row in rows}

    def translation(self, slug: str, sid: str, lang: str) -> Translation | None:
        row = self.connection.execute(
            "SELECT * FROM translations WHERE article = ? AND sid = ? AND lang = ?",
            (slug, sid, lang),
        ).fetchone()
        return _translation(row) if row else None

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
        note: str = "",
    ) -> Translation:
        """Write a translation and its history entry.

        `expected_revision` is the revision the caller last saw (0 for "there was
        none"); if someone saved since, ConflictError carries their version.
        Saving what is already stored changes nothing and adds no history.
        """
        status = Status(status)
        origin = Origin(origin) if origin is not None else None
        with self.transaction():
            self.segment(slug, sid)
            current = self.translation(slug, sid, lang)
            current_revision = current.revision if current else 0
            if expected_revision is not None and expected_revision != current_revision:
                who = (current.author or "another session") if current else "another session"
                raise ConflictError(
                    f"segment {sid} ({lang}) was changed by {who} since you loaded it "
                    f"(revision {current_revision}, you had {expected_revision})",
                    current=current,
                )
            if (
                current
                and current.target == target
                and current.status == status
                and not current.needs_review
            ):
                return current
            stamp = now()
            revision = current_revision + 1
            self.connection.execute(
                "INSERT INTO translations(article, sid, lang, target, status, origin, engine,"
                " model_version, author, created_at, updated_at, revision, needs_review,"
                " previous_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)"
                " ON CONFLICT(article, sid, lang) DO UPDATE SET target = excluded.target,"
                " status = excluded.status, origin = excluded.origin, engine = excluded.engine,"
                " model_version = excluded.model_version, author = excluded.author,"
                " updated_at = excluded.updated_at, revision = excluded.revision,"
                " needs_review = 0, previous_source = NULL",
                (
                    slug, sid, lang, target, status.value, origin.value if origin else None,
                    engine, model_version, author, stamp, stamp, revision,
                ),
            )
            self._record(slug, sid, lang, revision, stamp, author, origin, current, target,
                         status, note)
            return self.translation(slug, sid, lang)

    def mark_source_changed(self, slug: str, sid: str, previous_source: str) -> None:
        """Flag every translation of a segment whose source text changed on re-import."""
        with self.transaction():
            for row in self.connection.execute(
                "SELECT * FROM translations WHERE article = ? AND sid = ?", (slug, sid)
            ).fetchall():
                current = _translation(row)
                revision = current.revision + 1
                stamp = now()
                self.connection.execute(
                    "UPDATE translations SET needs_review = 1, previous_source = ?,"
                    " revision = ?, updated_at = ? WHERE article = ? AND sid = ? AND lang = ?",
                    (previous_source, revision, stamp, slug, sid, current.lang),
                )
                self._record(slug, sid, current.lang, revision, stamp, "import", None, current,
                             current.target, current.status, "source changed: needs review")

    def _record(self, slug, sid, lang, revision, stamp, author, origin, old, target, status, note):
        self.connection.execute(
            "INSERT INTO history(article, sid, lang, revision, at, author, origin, old_target,"
            " new_target, old_status, new_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                slug, sid, lang, revision, stamp, author, origin.value if origin else None,
                old.target if old else None, target, old.status.value if old else None,
                status.value, note,
            ),
        )

    def history(self, slug: str, sid: str | None = None, lang: str | None = None) -> list[HistoryEntry]:
        query = "SELECT * FROM history WHERE article = ?"
        params: list = [slug]
        if sid is not None:
            query += " AND sid = ?"
            params.append(sid)
        if lang is not None:
            query += " AND lang = ?"
            params.append(lang)
        rows = self.connection.execute(query + " ORDER BY id", params).fetchall()
        return [
            HistoryEntry(
                row["sid"], row["lang"], row["revision"], row["at"], row["author"], row["origin"],
                row["old_target"], row["new_target"], row["old_status"], row["new_status"],
                row["note"],
            )
            for row in rows
        ]

    def status_counts(self, slug: str | None = None) -> dict[str, dict[str, dict[str, int]]]:
        """{article: {lang: {status: count, "needs-review": count}}}; untranslated = new."""
        slugs = [slug] if slug else [article.slug for article in self.articles()]
        result = {}
        for article_slug in slugs:
            total = self.connection.execute(
                "SELECT COUNT(*) FROM segments WHERE article = ? AND position IS NOT NULL",
                (article_slug,),
            ).fetchone()[0]
            rows = self.connection.execute(
                "SELECT t.lang, t.status, COUNT(*) AS n, SUM(t.needs_review) AS stale"
                " FROM translations t JOIN segments s ON s.article = t.article AND s.sid = t.sid"
                " WHERE t.article = ? AND s.position IS NOT NULL GROUP BY t.lang, t.status",
                (article_slug,),
            ).fetchall()
            per_lang = {}
            for lang in TARGET_LANGUAGES:
                counts = {status.value: 0 for status in Status}
                counts["needs-review"] = 0
                counts["total"] = total
                per_lang[lang] = counts
            for row in rows:
                if row["lang"] in per_lang:
                    per_lang[row["lang"]][row["status"]] += row["n"]
                    per_lang[row["lang"]]["needs-review"] += row["stale"] or 0
            for counts in per_lang.values():
                translated = sum(counts[status.value] for status in Status if status != Status.NEW)
                counts[Status.NEW.value] += total - translated
            result[article_slug] = per_lang
        return result


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
