-- The MT job queue (workbench/store/jobs.py): "translate article A into these languages",
-- asked for by the page or the CLI, taken by `workbench worker` processes on any machine that
-- reaches the store. Times come from the database's clock (ISO 8601, UTC), so workers on
-- several machines compare heartbeats on one clock.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,  -- shown to users: never given twice
    article          TEXT NOT NULL,
    languages        TEXT NOT NULL,  -- JSON list of language codes
    force            INTEGER NOT NULL DEFAULT 0,  -- translate again what MT already did
    glossary         INTEGER NOT NULL DEFAULT 1,  -- steer MT with the project glossary
    state            TEXT NOT NULL,  -- queued, running, done, failed, cancelled
    requested_by     TEXT,
    done             INTEGER NOT NULL DEFAULT 0,  -- segments through MT so far
    total            INTEGER,  -- segments MT has to do, once the worker has planned the run
    worker           TEXT,  -- host:pid of the worker that holds it (or last held it)
    heartbeat_at     TEXT,  -- the holder's last sign of life
    attempts         INTEGER NOT NULL DEFAULT 0,  -- times a worker took it up
    error            TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    results          TEXT,  -- JSON: what the run did per language
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT
);
-- What workers look through: the jobs not finished yet, however long the history grows.
CREATE INDEX jobs_unfinished ON jobs(id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_by_article ON jobs(article);

INSERT INTO store_changes(concern, version) VALUES ('jobs', 0);
