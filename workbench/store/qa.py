"""Checks a reviewer muted for one segment and language, with the reason."""

from workbench.store.base import MUTES


class QaTables:
    def save_mute(self, slug: str, sid: str, lang: str, check_id: str, reason: str,
                  author: str | None, at: str) -> None:
        with self.transaction():
            self._write(
                MUTES,
                "INSERT INTO qa_mutes(article, sid, lang, check_id, reason, author, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article, sid, lang, check_id)"
                " DO UPDATE SET reason = excluded.reason, author = excluded.author,"
                " at = excluded.at",
                (slug, sid, lang, check_id, reason, author, at))

    def delete_mute(self, slug: str, sid: str, lang: str, check_id: str) -> bool:
        """Remove a mute; False if there was none."""
        with self.transaction():
            return self._write(
                MUTES, "DELETE FROM qa_mutes WHERE article = ? AND sid = ? AND lang = ?"
                       " AND check_id = ?", (slug, sid, lang, check_id)) > 0

    def mutes(self, slug: str, lang: str) -> list[tuple]:
        """(article, sid, lang, check id, reason, author, at) of one article and language."""
        return [tuple(row) for row in self._query(
            "SELECT article, sid, lang, check_id, reason, author, at FROM qa_mutes"
            " WHERE article = ? AND lang = ?", (slug, lang))]
