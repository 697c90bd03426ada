-- name: PersonalTokenCreate :one
INSERT INTO personal_tokens (user_id, token_hash, token_prefix, name, expires_at)
VALUES (@user_id, @token_hash, @token_prefix, @name, sqlc.narg(expires_at))
RETURNING *;
