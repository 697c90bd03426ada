-- name: ConsoleSessionCreate :exec
INSERT INTO console_sessions (id_hash, key_id, csrf_token, created_at, expires_at)
VALUES (@id_hash, @key_id, @csrf_token, @now, @expires_at);

-- ConsoleSessionGet finds a live session with the hash its key is authenticated by.
-- name: ConsoleSessionGet :one
SELECT s.key_id, s.csrf_token, s.expires_at, k.key_hash
FROM console_sessions s JOIN api_keys k ON k.id = s.key_id
WHERE s.id_hash = @id_hash AND s.expires_at > @now;

-- name: ConsoleSessionDelete :exec
DELETE FROM console_sessions WHERE id_hash = @id_hash;

-- ConsoleSessionPurge deletes the sessions that have expired.
-- name: ConsoleSessionPurge :execrows
DELETE FROM console_sessions WHERE expires_at <= @now;
