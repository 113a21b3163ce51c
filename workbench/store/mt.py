"""MT's own tables: the output cache and what MT last did to each segment.

mt_cache     raw model hypotheses by cache key (source as sent, language, model and
             version, glossary version, output options): the same request is never
             translated twice, across articles and runs.
mt_segments  per segment and language, the key its MT translation was made with, the
             repairs it needed (flags) and the job that stored it.
"""

from workbench.store.base import MT


class MtTables:
    def cached_hypotheses(self, keys: list[str]) -> dict[str, list[str]]:
        found = {}
        for key in set(keys):
            row = self._query_one("SELECT hypotheses FROM mt_cache WHERE key = ?", (key,))
            if row:
                found[key] = self.dialect.load_json(row[0])
        return found

    def store_mt_batch(self, hypotheses: dict[str, list[str]]) -> None:
        """Cache fresh model output by key."""
        with self.transaction():
            self._write_many(
                MT, "INSERT INTO mt_cache(key, hypotheses) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET hypotheses = excluded.hypotheses",
                [(key, self.dialect.dump_json(found)) for key, found in hypotheses.items()])

    def mt_request_keys(self, slug: str, lang: str) -> dict[str, tuple[str, int | None]]:
        """{sid: (cache key, job)}: the request each segment's MT translation was made with, and
        the job that stored it (a job taken up again skips what it stored itself)."""
        rows = self._query("SELECT sid, cache_key, job FROM mt_segments"
                           " WHERE article = ? AND lang = ?", (slug, lang))
        return {sid: (key, job) for sid, key, job in rows}

    def record_mt_segment(self, slug: str, sid: str, lang: str, key: str,
                          flags: list[str], job: int | None) -> None:
        with self.transaction():
            self._write(
                MT, "INSERT INTO mt_segments(article, sid, lang, cache_key, flags, job)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article, sid, lang) DO UPDATE SET"
                    " cache_key = excluded.cache_key, flags = excluded.flags, job = excluded.job",
                (slug, sid, lang, key, self.dialect.dump_json(flags), job))

    def mt_segment_flags(self, slug: str, lang: str) -> dict[str, list[str]]:
        """{sid: flags} of segments whose last MT output needed repair."""
        rows = self._query("SELECT sid, flags FROM mt_segments WHERE article = ? AND lang = ?"
                           " AND flags != '[]'", (slug, lang))
        return {sid: self.dialect.load_json(flags) for sid, flags in rows}
