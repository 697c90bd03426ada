-- ConsoleSessionCreate starts a session of an API key (key_id) or of a user's personal
-- token (token_id): exactly one of them.
-- name: ConsoleSessionCreate :exec
INSERT INTO console_sessions (id_hash, key_id, token_id, csrf_token, created_at, expires_at)
VALUES (@id_hash, sqlc.narg(key_id), sqlc.narg(token_id), @csrf_token, @now, @expires_at);

-- ConsoleSessionGet finds a live session with the hash its key or personal token is
-- authenticated by (the other is null), and the project a user picked, with its name.
-- name: ConsoleSessionGet :one
SELECT s.csrf_token, s.expires_at, s.project_id, p.name AS project_name, k.key_hash, t.token_hash
FROM console_sessions s
LEFT JOIN api_keys k ON k.id = s.key_id
LEFT JOIN personal_tokens t ON t.id = s.token_id
LEFT JOIN projects p ON p.id = s.project_id
WHERE s.id_hash = @id_hash AND s.expires_at > @now;

-- ConsoleSessionPickProject sets the project a user's session acts in.
-- name: ConsoleSessionPickProject :exec
UPDATE console_sessions SET project_id = @project_id WHERE id_hash = @id_hash;

-- name: ConsoleSessionDelete :exec
DELETE FROM console_sessions WHERE id_hash = @id_hash;

-- ConsoleSessionPurge deletes the sessions that have expired.
-- name: ConsoleSessionPurge :execrows
DELETE FROM console_sessions WHERE expires_at <= @now;
