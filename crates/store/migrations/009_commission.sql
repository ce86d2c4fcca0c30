-- 009: the permanent Commission for trading platforms (003 ch. 3–4, issue 17): its
-- composition versions, meetings, the roll call, votes, dissenting opinions, decisions,
-- protocols and their signatures. Every row is inserted once and never changed, as the
-- appeal tables are: a new composition is a new version, a redrafted protocol is a new
-- row naming the draft it replaces. The domain rules (003 §5, §8, §10, §13, §14, §17)
-- are checked by the application inside the write transaction: one roll call per
-- meeting, one vote per member and item, one signature per member and protocol, one
-- meeting per number. These are not UNIQUE constraints on purpose: the rows travel
-- (sync), and two workstations working offline may each write one; a replica must
-- accept both rather than stop pulling. Where two exist, the one with the smaller id
-- (UUIDv7, time-ordered) stands on every replica (`commission.rs`).

-- A composition as approved by an order of the first head (003 §5). `members` is the
-- JSON list of {id, name, role: chair|member, organisation, position}; a meeting uses
-- the version in force on its date (003 §5, §8), chosen when the meeting is set up.
CREATE TABLE commission_compositions (
    id           TEXT PRIMARY KEY,          -- UUIDv7
    order_number TEXT NOT NULL,
    order_date   TEXT NOT NULL,             -- YYYY-MM-DD
    valid_from   TEXT NOT NULL,             -- YYYY-MM-DD
    members      TEXT NOT NULL CHECK (json_valid(members)),
    recorded_at  TEXT NOT NULL,             -- UTC, RFC 3339
    author       TEXT NOT NULL
) STRICT;

-- `agenda` is the JSON list of {title, proposal: {kind: test|connect|refuse|other,
-- reasons}}; items are numbered from 1 in that order.
CREATE TABLE commission_meetings (
    id             TEXT PRIMARY KEY,        -- UUIDv7
    number         TEXT NOT NULL,
    composition_id TEXT NOT NULL REFERENCES commission_compositions(id),
    date           TEXT NOT NULL,           -- YYYY-MM-DD, Astana
    time           TEXT NOT NULL,           -- HH:MM, Astana
    place          TEXT NOT NULL,
    agenda         TEXT NOT NULL CHECK (json_valid(agenda)),
    recorded_at    TEXT NOT NULL,
    author         TEXT NOT NULL
) STRICT;

-- The roll call: who is present (JSON list of member ids) and, when
-- the chair is absent, who acts for the chair (003 §8).
CREATE TABLE commission_attendance (
    id           TEXT PRIMARY KEY,
    meeting_id   TEXT NOT NULL REFERENCES commission_meetings(id),
    present      TEXT NOT NULL CHECK (json_valid(present)),
    acting_chair TEXT,
    recorded_at  TEXT NOT NULL,
    author       TEXT NOT NULL
) STRICT;

CREATE TABLE commission_votes (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES commission_meetings(id),
    item        INTEGER NOT NULL CHECK (item >= 1),
    member_id   TEXT NOT NULL,
    vote        TEXT NOT NULL CHECK (vote IN ('for', 'against', 'abstain', 'recused')),
    conflict    TEXT,                       -- the declared conflict of interest of a recusal
    recorded_at TEXT NOT NULL,
    author      TEXT NOT NULL
) STRICT;

-- 003 §16: a member's dissenting opinion on an item, with the position it was given in.
CREATE TABLE commission_dissents (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES commission_meetings(id),
    item        INTEGER NOT NULL CHECK (item >= 1),
    member_id   TEXT NOT NULL,
    position    TEXT NOT NULL,
    text        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    author      TEXT NOT NULL
) STRICT;

-- The decision of an item by the one rule (shared/specs/commission.md), written with
-- the vote that completed it; `tally` is the JSON of the counts.
CREATE TABLE commission_decisions (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES commission_meetings(id),
    item        INTEGER NOT NULL CHECK (item >= 1),
    outcome     TEXT NOT NULL CHECK (outcome IN ('adopted', 'not_adopted', 'no_quorum')),
    tally       TEXT NOT NULL CHECK (json_valid(tally)),
    recorded_at TEXT NOT NULL,
    author      TEXT NOT NULL
) STRICT;

-- A protocol draft (003 §14): the text as drafted or as the secretary edited it; a
-- redraft names the draft it replaces. Due by the end of the 2nd working day after the
-- meeting; one produced later is kept and marked late, never refused.
CREATE TABLE commission_protocols (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES commission_meetings(id),
    parent_id   TEXT REFERENCES commission_protocols(id),
    lang        TEXT NOT NULL,
    text        TEXT NOT NULL,
    sha256      TEXT NOT NULL,              -- of `text`, what a signature is given to
    due_at      TEXT NOT NULL,              -- UTC, RFC 3339
    produced_at TEXT NOT NULL,              -- UTC, RFC 3339
    late        INTEGER NOT NULL CHECK (late IN (0, 1)),
    author      TEXT NOT NULL
) STRICT;
CREATE INDEX commission_protocols_by_meeting ON commission_protocols(meeting_id);

-- 003 §14: the chair and every member who voted sign.
CREATE TABLE commission_signatures (
    id          TEXT PRIMARY KEY,
    protocol_id TEXT NOT NULL REFERENCES commission_protocols(id),
    member_id   TEXT NOT NULL,
    sha256      TEXT NOT NULL,              -- the protocol text signed
    signed_at   TEXT NOT NULL,
    author      TEXT NOT NULL
) STRICT;

CREATE INDEX commission_meetings_by_number ON commission_meetings(number);
CREATE INDEX commission_attendance_by_meeting ON commission_attendance(meeting_id);
CREATE INDEX commission_signatures_by_protocol ON commission_signatures(protocol_id);
CREATE INDEX commission_votes_by_meeting ON commission_votes(meeting_id, item);
CREATE INDEX commission_dissents_by_meeting ON commission_dissents(meeting_id, item);
CREATE INDEX commission_decisions_by_meeting ON commission_decisions(meeting_id);

CREATE TRIGGER commission_compositions_no_update BEFORE UPDATE ON commission_compositions
BEGIN SELECT RAISE(ABORT, 'commission compositions are append-only'); END;
CREATE TRIGGER commission_compositions_no_delete BEFORE DELETE ON commission_compositions
BEGIN SELECT RAISE(ABORT, 'commission compositions are append-only'); END;
CREATE TRIGGER commission_meetings_no_update BEFORE UPDATE ON commission_meetings
BEGIN SELECT RAISE(ABORT, 'commission meetings are append-only'); END;
CREATE TRIGGER commission_meetings_no_delete BEFORE DELETE ON commission_meetings
BEGIN SELECT RAISE(ABORT, 'commission meetings are append-only'); END;
CREATE TRIGGER commission_attendance_no_update BEFORE UPDATE ON commission_attendance
BEGIN SELECT RAISE(ABORT, 'commission attendance is append-only'); END;
CREATE TRIGGER commission_attendance_no_delete BEFORE DELETE ON commission_attendance
BEGIN SELECT RAISE(ABORT, 'commission attendance is append-only'); END;
CREATE TRIGGER commission_votes_no_update BEFORE UPDATE ON commission_votes
BEGIN SELECT RAISE(ABORT, 'commission votes are append-only'); END;
CREATE TRIGGER commission_votes_no_delete BEFORE DELETE ON commission_votes
BEGIN SELECT RAISE(ABORT, 'commission votes are append-only'); END;
CREATE TRIGGER commission_dissents_no_update BEFORE UPDATE ON commission_dissents
BEGIN SELECT RAISE(ABORT, 'commission dissents are append-only'); END;
CREATE TRIGGER commission_dissents_no_delete BEFORE DELETE ON commission_dissents
BEGIN SELECT RAISE(ABORT, 'commission dissents are append-only'); END;
CREATE TRIGGER commission_decisions_no_update BEFORE UPDATE ON commission_decisions
BEGIN SELECT RAISE(ABORT, 'commission decisions are append-only'); END;
CREATE TRIGGER commission_decisions_no_delete BEFORE DELETE ON commission_decisions
BEGIN SELECT RAISE(ABORT, 'commission decisions are append-only'); END;
CREATE TRIGGER commission_protocols_no_update BEFORE UPDATE ON commission_protocols
BEGIN SELECT RAISE(ABORT, 'commission protocols are append-only'); END;
CREATE TRIGGER commission_protocols_no_delete BEFORE DELETE ON commission_protocols
BEGIN SELECT RAISE(ABORT, 'commission protocols are append-only'); END;
CREATE TRIGGER commission_signatures_no_update BEFORE UPDATE ON commission_signatures
BEGIN SELECT RAISE(ABORT, 'commission signatures are append-only'); END;
CREATE TRIGGER commission_signatures_no_delete BEFORE DELETE ON commission_signatures
BEGIN SELECT RAISE(ABORT, 'commission signatures are append-only'); END;
