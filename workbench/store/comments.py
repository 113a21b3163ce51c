"""Comment threads: per segment and language, in the order written, each open or resolved."""

from workbench.errors import NotFoundError
from workbench.model import Comment
from workbench.store.base import COMMENTS


class CommentTables:
    def add_comment(self, slug: str, sid: str, lang: str, text: str, author: str, at: str,
                    resolved: bool = False) -> Comment:
        with self.transaction():
            row = self._write_returning(
                COMMENTS, "INSERT INTO comments(article, sid, lang, author, at, text, resolved)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (slug, sid, lang, author, at, text, int(resolved)))
        return Comment(row[0], slug, sid, lang, author, at, text, resolved)

    def comments(self, slug: str, lang: str, sids: list[str] | None = None) -> list[Comment]:
        """The threads of an article in one language (of the segments `sids` only, when
        given), each oldest first."""
        query = "SELECT * FROM comments WHERE article = ? AND lang = ?"
        params = [slug, lang]
        if sids is not None:
            query += f" AND sid IN ({', '.join('?' for _ in sids)})" if sids else " AND 0 = 1"
            params += sids
        return [_comment(row) for row in self._query(query + " ORDER BY id", params)]

    def comment_threads(self, slug: str, lang: str,
                        sids: list[str] | None = None) -> dict[str, list[Comment]]:
        """{sid: thread} of the segments that have comments (of `sids` only, when given): what
        an export writes and an import compares with, segment by segment."""
        threads: dict[str, list[Comment]] = {}
        for comment in self.comments(slug, lang, sids):
            threads.setdefault(comment.sid, []).append(comment)
        return threads

    def comment(self, comment_id: int) -> Comment:
        row = self._query_one("SELECT * FROM comments WHERE id = ?", (comment_id,))
        if row is None:
            raise NotFoundError(f"no comment {comment_id}")
        return _comment(row)

    def set_comment_resolved(self, comment_id: int, resolved: bool) -> Comment:
        with self.transaction():
            self.comment(comment_id)
            self._write(COMMENTS, "UPDATE comments SET resolved = ? WHERE id = ?",
                        (int(resolved), comment_id))
            return self.comment(comment_id)

    def open_comment_counts(self, slug: str, lang: str) -> dict[str, int]:
        """{sid: open comments} of the segments of an article that have any."""
        rows = self._query("SELECT sid, COUNT(*) FROM comments WHERE article = ? AND lang = ?"
                           " AND resolved = 0 GROUP BY sid", (slug, lang))
        return {row[0]: row[1] for row in rows}


def _comment(row) -> Comment:
    return Comment(row["id"], row["article"], row["sid"], row["lang"], row["author"], row["at"],
                   row["text"], bool(row["resolved"]))
