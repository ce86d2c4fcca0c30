-- Accounts, workstations and tokens (issue 15 §1, §5).
CREATE TABLE users (
    login          text PRIMARY KEY,
    role           text NOT NULL CHECK (role IN ('operator', 'specialist', 'supervisor')),
    -- argon2id in the PHC string format
    password_hash  text NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One workstation per code, so incident numbers stay unique without asking the server.
CREATE TABLE workstations (
    id             uuid PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);

-- Only the SHA-256 of a token is kept: a copy of this table logs nobody in.
CREATE TABLE tokens (
    token_sha256   bytea PRIMARY KEY,
    login          text NOT NULL REFERENCES users(login),
    workstation_id uuid NOT NULL REFERENCES workstations(id),
    issued_at      timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz
);
CREATE INDEX tokens_by_workstation ON tokens(workstation_id);

-- Failed logins per login and per client address within a window: the rate limiter
-- lives here so that every instance serving this database sees the same counts.
CREATE TABLE login_failures (
    scope          text NOT NULL CHECK (scope IN ('login', 'address')),
    key            text NOT NULL,
    window_start   timestamptz NOT NULL,
    failures       integer NOT NULL,
    PRIMARY KEY (scope, key)
);

-- The newest link of the chain; pushes lock this one row, which orders them across
-- every instance.
CREATE TABLE chain_head (
    id             boolean PRIMARY KEY DEFAULT true CHECK (id),
    server_seq     bigint NOT NULL,
    hash           text NOT NULL
);
INSERT INTO chain_head(id, server_seq, hash) VALUES (true, 0, '');

-- The ledger: every op once, in server order, each link covering the previous one.
CREATE TABLE ops (
    server_seq     bigint PRIMARY KEY,
    op_id          uuid NOT NULL UNIQUE,
    workstation    text NOT NULL,
    local_seq      bigint NOT NULL,
    author         text NOT NULL,
    -- RFC 3339 as the client sent it: shown, never trusted, and returned unchanged
    client_time    text NOT NULL,
    entity         text NOT NULL,
    entity_id      text NOT NULL,
    action         text NOT NULL,
    -- kept as the text the client sent, not jsonb, so it comes back unchanged
    changes        text NOT NULL,
    body           text NOT NULL,
    sha256         text NOT NULL,
    prev_hash      text NOT NULL,
    hash           text NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workstation, local_seq)
);

-- The appeal versions the ledger holds, so a pushed version's parent is checked to be
-- one of the same appeal.
CREATE TABLE versions (
    version_id     text PRIMARY KEY,
    appeal_id      text NOT NULL,
    server_seq     bigint NOT NULL REFERENCES ops(server_seq)
);

-- What a person must look at: an op replayed with another body, and the like.
CREATE TABLE alarms (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    kind           text NOT NULL,
    op_id          uuid,
    workstation    text,
    detail         text NOT NULL
);

-- Attachments, in parts, each verified; complete once the parts' concatenation has the
-- blob's name as its SHA-256.
CREATE TABLE blobs (
    sha256         text PRIMARY KEY,
    parts          integer NOT NULL CHECK (parts > 0),
    size           bigint NOT NULL CHECK (size >= 0),
    complete       boolean NOT NULL DEFAULT false
);
CREATE TABLE blob_parts (
    sha256         text NOT NULL REFERENCES blobs(sha256),
    index          integer NOT NULL,
    size           bigint NOT NULL,
    part_sha256    text NOT NULL,
    bytes          bytea NOT NULL,
    PRIMARY KEY (sha256, index)
);
