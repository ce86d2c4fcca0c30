-- 011: the e-mail outbox (issue 18 item 2). A message is written in the same transaction
-- as the action that caused it (an appeal's registration queues its incident-ID e-mail,
-- 002 §30), exactly as it will go out: its Message-ID, chosen before the first attempt,
-- its recipients, subject, body, language and attachments. What happened to it is a new
-- row of `mail_attempts` each time (sending, sent, retry, failed), never a change: the
-- message's state is its latest attempt (docs/outbox.md). Both are append-only and each
-- row has its audit entry (entity `mail`), which stays on this workstation: the mail is
-- sent from here, and only the event it meets travels.

-- `attachments`: JSON [{name, content_type, sha256, size}], the files in `mail_files`.
CREATE TABLE mail_messages (
    id          TEXT PRIMARY KEY,           -- UUIDv7
    message_id  TEXT NOT NULL UNIQUE,       -- <…@…>, the RFC 5322 Message-ID
    appeal_id   TEXT REFERENCES appeals(id),
    kind        TEXT NOT NULL,              -- a desk-notify NoticeKind code
    lang        TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    recipients  TEXT NOT NULL CHECK (json_valid(recipients)),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    attachments TEXT NOT NULL CHECK (json_valid(attachments)),
    created_at  TEXT NOT NULL,              -- UTC, RFC 3339
    author      TEXT NOT NULL
) STRICT;

CREATE TABLE mail_files (
    mail_id TEXT NOT NULL REFERENCES mail_messages(id),
    n       INTEGER NOT NULL,
    data    BLOB NOT NULL,
    PRIMARY KEY (mail_id, n)
) STRICT;

CREATE TABLE mail_attempts (
    id      TEXT PRIMARY KEY,               -- UUIDv7: later attempts sort after
    mail_id TEXT NOT NULL REFERENCES mail_messages(id),
    state   TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'retry', 'failed')),
    at      TEXT NOT NULL,
    next_at TEXT,                           -- retry: not before
    detail  TEXT NOT NULL,                  -- the server's answer, or why
    author  TEXT NOT NULL
) STRICT;

CREATE INDEX mail_attempts_by_mail ON mail_attempts(mail_id, id);
CREATE INDEX mail_messages_by_appeal ON mail_messages(appeal_id);

CREATE TRIGGER mail_messages_no_update BEFORE UPDATE ON mail_messages
BEGIN SELECT RAISE(ABORT, 'mail messages are append-only'); END;
CREATE TRIGGER mail_messages_no_delete BEFORE DELETE ON mail_messages
BEGIN SELECT RAISE(ABORT, 'mail messages are append-only'); END;
CREATE TRIGGER mail_files_no_update BEFORE UPDATE ON mail_files
BEGIN SELECT RAISE(ABORT, 'mail files are append-only'); END;
CREATE TRIGGER mail_files_no_delete BEFORE DELETE ON mail_files
BEGIN SELECT RAISE(ABORT, 'mail files are append-only'); END;
CREATE TRIGGER mail_attempts_no_update BEFORE UPDATE ON mail_attempts
BEGIN SELECT RAISE(ABORT, 'mail attempts are append-only'); END;
CREATE TRIGGER mail_attempts_no_delete BEFORE DELETE ON mail_attempts
BEGIN SELECT RAISE(ABORT, 'mail attempts are append-only'); END;
