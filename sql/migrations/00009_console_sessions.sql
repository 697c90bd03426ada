-- +goose Up
-- The web console's sessions (internal/http/console). The browser's cookie holds a random
-- session id; only its SHA-256 is kept, so that a reader of this table cannot sign in as
-- anyone. A session belongs to an API key and ends with it (revoked or expired: checked on
-- every request; deleted: here), at its own expires_at, or at sign-out. csrf_token is the
-- value every form of the session must send back.
CREATE TABLE console_sessions (
    id_hash    bytea       PRIMARY KEY CONSTRAINT console_sessions_id_hash_length CHECK (octet_length(id_hash) = 32),
    key_id     uuid        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    csrf_token text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

CREATE INDEX console_sessions_key_idx ON console_sessions (key_id);
CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at);
