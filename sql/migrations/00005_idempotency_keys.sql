-- +goose Up
-- The answers to POST requests sent with an Idempotency-Key, kept for 24 hours so that a
-- retry replays the answer instead of doing the work again. A request reserves its key
-- (a row without an answer yet) before the work starts: the unique (project, key) decides
-- which of concurrent requests does it. id changes whenever the key is claimed again (once
-- expired, or abandoned by an instance that died mid-request), so that a late answer from
-- an earlier claim cannot overwrite a newer one.
-- Neither the key nor a readable answer is kept: key_hash is derived from the key, and the
-- answer's body is sealed with another key derived from it, so that the table holds no
-- answer a reader could use (a created API key in full, above all) without the client's
-- Idempotency-Key.
CREATE TABLE idempotency_keys (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id       uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    key_hash         bytea       NOT NULL CONSTRAINT idempotency_keys_key_hash_length CHECK (octet_length(key_hash) = 32),
    -- request_hash is the SHA-256 of the request (API key, method, path, body).
    request_hash     bytea       NOT NULL,
    response_status  integer,
    response_headers jsonb,
    -- response_body is sealed (AES-GCM, the nonce first).
    response_body    bytea,
    created_at       timestamptz NOT NULL,
    completed_at     timestamptz,
    expires_at       timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_project_key_key UNIQUE (project_id, key_hash),
    CONSTRAINT idempotency_keys_answer_check CHECK (
        (completed_at IS NULL) = (response_status IS NULL) AND
        (completed_at IS NULL) = (response_headers IS NULL) AND
        (completed_at IS NULL) = (response_body IS NULL))
);

CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
