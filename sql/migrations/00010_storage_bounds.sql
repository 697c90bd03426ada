-- +goose Up
-- Idempotency keys belong to the API key that sent them, as Stripe keeps them, rather than
-- to the project: a key of the project claiming an Idempotency-Key (a prompts:read key's
-- render or track) made another key's write with it a 409 for 24 hours, and a 409 told any
-- key that another had used it. Rows are found by api_key_id, and what is derived from the
-- Idempotency-Key is salted with it. The answers stored so far, derived the old way, could
-- no longer be found: they are dropped (a retry across the upgrade is done again).
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys
    ADD COLUMN api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    DROP CONSTRAINT idempotency_keys_project_key_key,
    ADD CONSTRAINT idempotency_keys_api_key_key UNIQUE (api_key_id, key_hash);
