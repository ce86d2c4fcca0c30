-- 001: the Journal (002 Appendix) as append-only versions with an audit trail.
-- Nothing here is ever updated in place or deleted: a change is a new version whose
-- parent is the version it replaces, so offline workstations can later merge histories.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The identity of an appeal: what never changes once it is registered.
CREATE TABLE appeals (
    id          TEXT PRIMARY KEY,          -- UUIDv7
    number      TEXT NOT NULL UNIQUE,      -- AST1-2026-000042
    workstation TEXT NOT NULL,
    year        INTEGER NOT NULL,
    sequence    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,             -- UTC, RFC 3339
    UNIQUE (workstation, year, sequence)
) STRICT;

-- Every state an appeal has had. The current one is the version nobody replaced.
CREATE TABLE appeal_versions (
    version_id        TEXT PRIMARY KEY,    -- UUIDv7
    appeal_id         TEXT NOT NULL REFERENCES appeals(id),
    parent_version_id TEXT REFERENCES appeal_versions(version_id),
    author            TEXT NOT NULL,
    workstation       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,       -- UTC, RFC 3339
    organisation      TEXT NOT NULL,
    bin_iin           TEXT NOT NULL,
    received_at       TEXT NOT NULL,       -- UTC, RFC 3339
    channel           TEXT NOT NULL,
    contact           TEXT NOT NULL,
    description       TEXT NOT NULL,
    decision          TEXT,
    failure_type      TEXT,
    recommendations   TEXT
) STRICT;
CREATE INDEX appeal_versions_by_appeal ON appeal_versions(appeal_id, recorded_at);
CREATE INDEX appeal_versions_by_parent ON appeal_versions(parent_version_id);

-- Who changed what, when, from which workstation. Written in the same transaction as
-- the version it describes.
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,      -- UUIDv7
    at          TEXT NOT NULL,             -- UTC, RFC 3339
    actor       TEXT NOT NULL,
    workstation TEXT NOT NULL,
    entity      TEXT NOT NULL,             -- 'appeal', 'setting'
    entity_id   TEXT NOT NULL,
    version_id  TEXT,
    action      TEXT NOT NULL,             -- 'register', 'correct', 'set'
    changes     TEXT NOT NULL              -- JSON: {"field": [old, new], ...}
) STRICT;
CREATE INDEX audit_by_entity ON audit(entity, entity_id);

CREATE TRIGGER appeals_no_update BEFORE UPDATE ON appeals
BEGIN SELECT RAISE(ABORT, 'appeals are append-only'); END;
CREATE TRIGGER appeals_no_delete BEFORE DELETE ON appeals
BEGIN SELECT RAISE(ABORT, 'appeals are append-only'); END;
CREATE TRIGGER appeal_versions_no_update BEFORE UPDATE ON appeal_versions
BEGIN SELECT RAISE(ABORT, 'appeal versions are append-only'); END;
CREATE TRIGGER appeal_versions_no_delete BEFORE DELETE ON appeal_versions
BEGIN SELECT RAISE(ABORT, 'appeal versions are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE VIEW appeal_current AS
SELECT a.id, a.number, a.created_at, v.*
FROM appeals a
JOIN appeal_versions v ON v.appeal_id = a.id
WHERE NOT EXISTS (SELECT 1 FROM appeal_versions c WHERE c.parent_version_id = v.version_id);
