-- Accounts of a desk: who may sign in, with which roles, and the audit trail
-- (workbench/accounts). A store without accounts is one person's: the machine's user acts.
CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,  -- argon2id, never the password
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    last_sign_in  TEXT
);

-- A role held by an account; translator and reviewer are held per language, the others
-- with lang ''.
CREATE TABLE user_roles (
    username TEXT NOT NULL REFERENCES users(username),
    role     TEXT NOT NULL,
    lang     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (username, role, lang)
);

-- Sign-ins (and failed attempts, from which the growing delay is counted) and every change
-- that has no history of its own: accounts, articles, models, mutes, files in and out.
-- Segment and concept changes are in `history` and `glossary_history`; the audit reads all three.
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    kind   TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_at ON audit(at);
CREATE INDEX audit_by_actor ON audit(actor, kind, action);

INSERT INTO store_changes(concern, version) VALUES ('accounts', 0);
