-- 006: sync through a central server (issue 15). Every entry of the audit chain that
-- travels is also written, in the same transaction, to the outbox with its canonical
-- body; what the server acknowledged or sent is recorded by its server_seq.

-- A resolution of a conflict names the branch it merges as its second parent. Its body
-- opens with desk-body-2 (desk-wire's body layout); versions without one keep desk-body-1.
ALTER TABLE appeal_versions ADD COLUMN merge_parent_version_id TEXT REFERENCES appeal_versions(version_id);
CREATE INDEX appeal_versions_by_merge_parent ON appeal_versions(merge_parent_version_id);

-- Whether an appeal has a version kept as a branch beside its head (a projection).
ALTER TABLE appeal_heads ADD COLUMN conflicted INTEGER NOT NULL DEFAULT 0;

-- The ops this workstation wrote, numbered 1, 2, 3… without gaps. op_id is the id of
-- the audit entry; body and sha256 are the canonical body of the rows it wrote.
CREATE TABLE outbox (
    local_seq   INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL UNIQUE,
    workstation TEXT NOT NULL,
    author      TEXT NOT NULL,
    client_time TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL,
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL
) STRICT;
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox is append-only'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox is append-only'); END;

-- Every op the server holds that this journal knows: its own once acknowledged, the
-- others' once pulled. hash is the server's chain link, known once the op was pulled.
-- ignored: an op that carries nothing for this workstation (another's local setting).
CREATE TABLE sync_ops (
    op_id       TEXT PRIMARY KEY,
    server_seq  INTEGER NOT NULL UNIQUE,
    workstation TEXT NOT NULL,
    local_seq   INTEGER NOT NULL,
    hash        TEXT,
    ignored     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TRIGGER sync_ops_no_delete BEFORE DELETE ON sync_ops
BEGIN SELECT RAISE(ABORT, 'synced ops are kept'); END;
CREATE TRIGGER sync_ops_fixed BEFORE UPDATE ON sync_ops
WHEN NEW.op_id IS NOT OLD.op_id OR NEW.server_seq IS NOT OLD.server_seq
    OR (OLD.hash IS NOT NULL AND NEW.hash IS NOT OLD.hash)
BEGIN SELECT RAISE(ABORT, 'a synced op keeps its place'); END;

-- This workstation's standing with the server: one row.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    workstation_id  TEXT,                 -- UUIDv7, generated once
    registered_at   TEXT,                 -- since then the server's accounts are authoritative
    head_seq        INTEGER,              -- the last chain head this workstation saw
    head_hash       TEXT,
    last_attempt    TEXT,
    last_success    TEXT,
    last_error      TEXT
) STRICT;
INSERT INTO sync_state(id) VALUES (1);
