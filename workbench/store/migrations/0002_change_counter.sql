-- One change counter for the whole store. Every write transaction moves it (row '*') and
-- stamps each concern it wrote with the new value, so a cache built from a concern knows it is
-- stale when the concern's stamp moved (workbench/store/memo.py).
CREATE TABLE store_changes (
    concern TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO store_changes(concern, version) VALUES
    ('*', 0), ('articles', 0), ('translations', 0), ('glossary', 0), ('mt', 0), ('mutes', 0),
    ('memory', 0), ('settings', 0);

-- The Uzbek script is the project's, which MT output and the checks both follow.
UPDATE settings SET key = 'project.uzbek_script' WHERE key = 'mt.uzbek_script';
