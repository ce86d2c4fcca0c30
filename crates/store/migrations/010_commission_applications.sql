-- 010: the trading platforms' applications to the unified operator (003 ch. 5–8, issue 17):
-- form 1 (test services, 003 §19, App. 1) or form 2 (production, §21, App. 2), as received,
-- and the steps taken on each (access granted, meeting, decision to test, tests, test
-- protocol, deficiencies, connection) on their days. Inserted once and never changed, as
-- the other Commission tables are: a corrected step is a new row, the latest recorded
-- standing. The check of what an application lacks and its clocks are the application's
-- (`desk-commission`'s `application.rs`), computed from these rows; the store keeps them.

-- `body` is the JSON of {fields, documents, infosec_protocol} as the form gives them.
CREATE TABLE commission_applications (
    id          TEXT PRIMARY KEY,           -- UUIDv7
    number      TEXT NOT NULL,              -- the operator's registration number
    form        TEXT NOT NULL CHECK (form IN ('test', 'production')),
    received    TEXT NOT NULL,              -- YYYY-MM-DD, Astana
    body        TEXT NOT NULL CHECK (json_valid(body)),
    recorded_at TEXT NOT NULL,              -- UTC, RFC 3339
    author      TEXT NOT NULL
) STRICT;

CREATE TABLE commission_application_steps (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES commission_applications(id),
    step           TEXT NOT NULL,           -- a field of desk-commission's `Steps`
    date           TEXT NOT NULL,           -- YYYY-MM-DD, Astana
    note           TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    author         TEXT NOT NULL
) STRICT;

CREATE INDEX commission_application_steps_by_application
    ON commission_application_steps(application_id, id);

CREATE TRIGGER commission_applications_no_update BEFORE UPDATE ON commission_applications
BEGIN SELECT RAISE(ABORT, 'commission applications are append-only'); END;
CREATE TRIGGER commission_applications_no_delete BEFORE DELETE ON commission_applications
BEGIN SELECT RAISE(ABORT, 'commission applications are append-only'); END;
CREATE TRIGGER commission_application_steps_no_update BEFORE UPDATE ON commission_application_steps
BEGIN SELECT RAISE(ABORT, 'commission application steps are append-only'); END;
CREATE TRIGGER commission_application_steps_no_delete BEFORE DELETE ON commission_application_steps
BEGIN SELECT RAISE(ABORT, 'commission application steps are append-only'); END;
