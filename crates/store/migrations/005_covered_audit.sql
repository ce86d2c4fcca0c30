-- 005: the audit chain covers the rows it records (issue 11 item 2). Each entry names
-- the rows it wrote and carries the SHA-256 of their canonical body (`canonical.rs`); the
-- chain hash includes it, so a row edited behind the application no longer matches the
-- entry that recorded it. Entries written before this migration have no body hash: a
-- verification reports them as not covered, never as broken.
ALTER TABLE audit ADD COLUMN event_id TEXT;      -- the appeal_events row it wrote
ALTER TABLE audit ADD COLUMN record_id TEXT;     -- the attachments or extension_results row
ALTER TABLE audit ADD COLUMN body_hash TEXT;     -- SHA-256 (hex) of the canonical body
CREATE INDEX audit_by_version ON audit(version_id);
CREATE INDEX audit_by_event ON audit(event_id);
CREATE INDEX audit_by_record ON audit(record_id);
