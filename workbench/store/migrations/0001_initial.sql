-- The project store. One file, SQLite in WAL mode; every import and every
-- batch of writes is one transaction.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    slug        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    source_path TEXT NOT NULL,
    format      TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    next_sid    INTEGER NOT NULL DEFAULT 1,
    imported_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE blocks (
    article TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,
    number  INTEGER NOT NULL,
    role    TEXT NOT NULL,
    prefix  TEXT NOT NULL,
    suffix  TEXT NOT NULL,
    PRIMARY KEY (article, number)
);

-- Segments that left the article on re-import are kept (position NULL) so
-- their translations and history are never lost.
CREATE TABLE segments (
    article     TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,
    sid         TEXT NOT NULL,
    position    INTEGER,
    block       INTEGER,
    role        TEXT NOT NULL,
    source      TEXT NOT NULL,
    codes       TEXT NOT NULL,  -- JSON list of inline codes
    context     TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    PRIMARY KEY (article, sid)
);
CREATE INDEX segments_by_position ON segments(article, position);
CREATE INDEX segments_by_hash ON segments(source_hash);

CREATE TABLE translations (
    article         TEXT NOT NULL,
    sid             TEXT NOT NULL,
    lang            TEXT NOT NULL,
    target          TEXT NOT NULL,
    status          TEXT NOT NULL,
    origin          TEXT,
    engine          TEXT,
    model_version   TEXT,
    author          TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    needs_review    INTEGER NOT NULL DEFAULT 0,
    previous_source TEXT,
    PRIMARY KEY (article, sid, lang),
    FOREIGN KEY (article, sid) REFERENCES segments(article, sid) ON DELETE CASCADE
);
CREATE INDEX translations_by_lang ON translations(article, lang);

CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    article    TEXT NOT NULL,
    sid        TEXT NOT NULL,
    lang       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    at         TEXT NOT NULL,
    author     TEXT,
    origin     TEXT,
    old_target TEXT,
    new_target TEXT NOT NULL,
    old_status TEXT,
    new_status TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_by_translation ON history(article, sid, lang);


-- The glossary working copy (workbench/glossary/storage.py) and who changed what.
CREATE TABLE glossary_concepts (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE glossary_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    concept_id TEXT NOT NULL,
    at TEXT NOT NULL,
    author TEXT,
    action TEXT NOT NULL,
    old_data TEXT,
    new_data TEXT
);

-- MT output cached by (source, model version, glossary version), and what MT flagged per segment.
CREATE TABLE mt_cache (
    key TEXT PRIMARY KEY,
    hypotheses TEXT NOT NULL
);
CREATE TABLE mt_segments (
    article TEXT NOT NULL,
    sid TEXT NOT NULL,
    lang TEXT NOT NULL,
    cache_key TEXT NOT NULL,
    flags TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article, sid, lang)
);

-- Checks a reviewer muted for one segment, with the reason.
CREATE TABLE qa_mutes (
    article  TEXT NOT NULL,
    sid      TEXT NOT NULL,
    lang     TEXT NOT NULL,
    check_id TEXT NOT NULL,
    reason   TEXT NOT NULL,
    author   TEXT,
    at       TEXT NOT NULL,
    PRIMARY KEY (article, sid, lang, check_id)
);

-- Translation memories imported from TMX files.
CREATE TABLE tm_external (
    id          INTEGER PRIMARY KEY,
    lang        TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    origin      TEXT NOT NULL,  -- file the unit came from
    author      TEXT,
    created_at  TEXT,
    imported_at TEXT NOT NULL,
    UNIQUE (lang, source, target)
);
