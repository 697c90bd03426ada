-- IdempotencyKeyReserve claims an API key's Idempotency-Key for a request about to be done:
-- a new key, or one whose answer has expired or whose claim was abandoned (made before
-- @abandoned_before and never answered). No row means the key is held: IdempotencyKeyGet
-- says by what.
-- name: IdempotencyKeyReserve :one
INSERT INTO idempotency_keys (project_id, api_key_id, key_hash, request_hash, created_at, expires_at)
VALUES (@project_id, @api_key_id, @key_hash, @request_hash, @now, @expires_at)
ON CONFLICT (api_key_id, key_hash) DO UPDATE
SET id = gen_random_uuid(), request_hash = excluded.request_hash, response_status = NULL,
    response_headers = NULL, response_body = NULL, answer_kept = true, created_at = excluded.created_at,
    completed_at = NULL, expires_at = excluded.expires_at
WHERE idempotency_keys.expires_at <= excluded.created_at
   OR (idempotency_keys.completed_at IS NULL AND idempotency_keys.created_at < @abandoned_before::timestamptz)
RETURNING id;

-- name: IdempotencyKeyGet :one
SELECT * FROM idempotency_keys WHERE api_key_id = @api_key_id AND key_hash = @key_hash;

-- IdempotencyKeyComplete stores the answer of a claim that still holds its key, or, with
-- @answer_kept false, marks its request done without its answer.
-- name: IdempotencyKeyComplete :execrows
UPDATE idempotency_keys
SET response_status = @response_status::integer, response_headers = @response_headers::jsonb,
    response_body = @response_body::bytea, answer_kept = @answer_kept, completed_at = @now::timestamptz
WHERE id = @id AND completed_at IS NULL;

-- IdempotencyKeyRelease gives up a claim that has no answer to store, so the key can be
-- used again.
-- name: IdempotencyKeyRelease :execrows
DELETE FROM idempotency_keys WHERE id = @id AND completed_at IS NULL;

-- name: IdempotencyKeyPurge :execrows
DELETE FROM idempotency_keys WHERE expires_at <= @now;
