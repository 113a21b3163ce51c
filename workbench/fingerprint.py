"""A cheap answer to "has anything translated into this language changed?".

Indexes built from all of a language's translations (the memory, the consistency
check) are kept between calls and rebuilt when this fingerprint changes: every
save bumps a revision and revisions only grow, so count and sum change with it.
"""


def translations_fingerprint(store, lang: str) -> tuple[int, int]:
    row = store.connection.execute(
        "SELECT COUNT(*), COALESCE(SUM(revision), 0) FROM translations WHERE lang = ?", (lang,)
    ).fetchone()
    return row[0], row[1]
