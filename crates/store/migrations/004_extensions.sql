-- 004: the extension calculator's result attached to a confirmed failure (issue 6 item 4;
-- deadlines.md §4): what was asked and what was answered, kept as written.
CREATE TABLE extension_results (
    id          TEXT PRIMARY KEY,          -- UUIDv7
    appeal_id   TEXT NOT NULL REFERENCES appeals(id),
    computed_at TEXT NOT NULL,
    author      TEXT NOT NULL,
    input       TEXT NOT NULL,             -- the `desk extensions` input (JSON)
    output      TEXT NOT NULL              -- its answer (JSON)
) STRICT;
CREATE INDEX extension_results_by_appeal ON extension_results(appeal_id, computed_at);
CREATE TRIGGER extension_results_no_update BEFORE UPDATE ON extension_results
BEGIN SELECT RAISE(ABORT, 'extension results are append-only'); END;
CREATE TRIGGER extension_results_no_delete BEFORE DELETE ON extension_results
BEGIN SELECT RAISE(ABORT, 'extension results are append-only'); END;
