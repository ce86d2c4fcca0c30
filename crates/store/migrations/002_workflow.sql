-- 002: the contact centre's workflow (DIGEST §1–3): every field the regulations name,
-- events that drive the regulatory clocks, linked reports of one problem, attachments,
-- roles, a projection for fast journal pages, full-text search, and a hash-chained audit.

-- Registration fields (002 §27–28, §15.1 of 000): source, contact person, e-mail, phone,
-- when the user detected the failure, the portal module and procurement references.
ALTER TABLE appeal_versions ADD COLUMN source TEXT NOT NULL DEFAULT 'user_appeal';
ALTER TABLE appeal_versions ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN detected_at TEXT;
ALTER TABLE appeal_versions ADD COLUMN portal_module TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN announcements TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN lots TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN procurement_method TEXT NOT NULL DEFAULT '';
ALTER TABLE appeal_versions ADD COLUMN rule_set TEXT NOT NULL DEFAULT 'GZ-627';
-- Another report of an existing problem: the id of the problem's first appeal (002 §38).
ALTER TABLE appeal_versions ADD COLUMN problem_id TEXT REFERENCES appeals(id);
-- Triage (002 §31–34, §26): confirmed/refuted, criticality, operator at fault.
ALTER TABLE appeal_versions ADD COLUMN analysis TEXT;
ALTER TABLE appeal_versions ADD COLUMN criticality TEXT;
ALTER TABLE appeal_versions ADD COLUMN operator_fault INTEGER;
ALTER TABLE appeal_versions ADD COLUMN supporting_info TEXT;
-- A correction names what it replaces and why.
ALTER TABLE appeal_versions ADD COLUMN correction_reason TEXT;

-- What happened to an appeal and when: the triggers and "met by" of every obligation
-- (shared/specs/deadlines.md §3). Append-only like the versions.
CREATE TABLE appeal_events (
    id          TEXT PRIMARY KEY,          -- UUIDv7
    appeal_id   TEXT NOT NULL REFERENCES appeals(id),
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL,             -- when it happened (UTC)
    recorded_at TEXT NOT NULL,             -- when it was written (UTC)
    author      TEXT NOT NULL,
    workstation TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX appeal_events_by_appeal ON appeal_events(appeal_id, at);
CREATE TRIGGER appeal_events_no_update BEFORE UPDATE ON appeal_events
BEGIN SELECT RAISE(ABORT, 'appeal events are append-only'); END;
CREATE TRIGGER appeal_events_no_delete BEFORE DELETE ON appeal_events
BEGIN SELECT RAISE(ABORT, 'appeal events are append-only'); END;

-- Files kept content-addressed in the data directory (SHA-256), in parts of at most
-- 20 MB (000 §8, 002 §8).
CREATE TABLE attachments (
    id          TEXT PRIMARY KEY,
    appeal_id   TEXT NOT NULL REFERENCES appeals(id),
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    parts       INTEGER NOT NULL,
    added_at    TEXT NOT NULL,
    author      TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_by_appeal ON attachments(appeal_id);
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;

-- Who may do what on this workstation. Changed only by a supervisor, and audited.
CREATE TABLE users (
    login TEXT PRIMARY KEY,
    role  TEXT NOT NULL CHECK (role IN ('operator', 'specialist', 'supervisor'))
) STRICT;

-- The current state of each appeal, kept beside the history so that a journal page of
-- a million appeals is an index scan. It is derived data: rebuilt from versions and
-- events, never the source of truth, so it may be updated in place.
CREATE TABLE appeal_heads (
    n           INTEGER PRIMARY KEY,      -- stable key, also the full-text row id
    appeal_id   TEXT NOT NULL UNIQUE REFERENCES appeals(id),
    version_id  TEXT NOT NULL REFERENCES appeal_versions(version_id),
    received_at TEXT NOT NULL,
    channel     TEXT NOT NULL,
    source      TEXT NOT NULL,
    rule_set    TEXT NOT NULL,
    status      TEXT NOT NULL,            -- registered | confirmed | refuted | fixed | closed
    criticality TEXT,
    failure_type TEXT,
    next_due    TEXT                      -- the earliest due instant of a pending obligation
) STRICT;
CREATE INDEX heads_received ON appeal_heads(received_at);
CREATE INDEX heads_status ON appeal_heads(status, received_at);
CREATE INDEX heads_criticality ON appeal_heads(criticality, received_at);
CREATE INDEX heads_channel ON appeal_heads(channel, received_at);
CREATE INDEX heads_rule_set ON appeal_heads(rule_set, received_at);
CREATE INDEX heads_failure_type ON appeal_heads(failure_type, received_at);
CREATE INDEX heads_next_due ON appeal_heads(next_due);

INSERT INTO appeal_heads(appeal_id, version_id, received_at, channel, source, rule_set, status)
SELECT id, version_id, received_at, channel, source, rule_set, 'registered' FROM appeal_current;

-- Full-text search over organisation, description, decision and contacts. The text is
-- folded by the application (lower case, ё→е) before it is indexed and searched.
CREATE VIRTUAL TABLE appeal_search USING fts5(
    organisation, description, decision, contacts,
    content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

-- The audit trail becomes a hash chain: each row's hash covers its content and the
-- previous row's hash, so an edited, deleted or reordered row breaks the chain.
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';

DROP VIEW appeal_current;
CREATE VIEW appeal_current AS
SELECT a.id, a.number, a.created_at, h.status, h.next_due, v.*
FROM appeal_heads h
JOIN appeals a ON a.id = h.appeal_id
JOIN appeal_versions v ON v.version_id = h.version_id;
