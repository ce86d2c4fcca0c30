-- A login's password on this workstation (issue 11 item 3): an Argon2id PHC string, never
-- the password. Kept out of `users` on purpose: `users` travels with sync and has a
-- canonical body (desk-wire), while a local password is per workstation — the server
-- keeps its own accounts and passwords. This table is not covered by the canonical
-- bodies and never enters the outbox; setting a password is audited as "password set",
-- without the hash.
CREATE TABLE user_passwords (
    login  TEXT PRIMARY KEY REFERENCES users(login),
    phc    TEXT NOT NULL,
    set_at TEXT NOT NULL
) STRICT;
