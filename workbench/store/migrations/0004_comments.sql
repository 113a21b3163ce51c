-- Comments on a segment in one language: one thread per segment and language, in the order
-- written. A reason for sending a translation back is one. They travel with exports (PO
-- translator comments, XLIFF notes) and come back on import.
CREATE TABLE comments (
    id       INTEGER PRIMARY KEY,
    article  TEXT NOT NULL,
    sid      TEXT NOT NULL,
    lang     TEXT NOT NULL,
    author   TEXT NOT NULL,
    at       TEXT NOT NULL,
    text     TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_by_segment ON comments(article, lang, sid);

INSERT INTO store_changes(concern, version) VALUES ('comments', 0);
