-- ConsoleFlashPut stores a session's one-time message for a page, replacing one not taken.
-- name: ConsoleFlashPut :exec
INSERT INTO console_flashes (session_id_hash, page, sealed, created_at)
VALUES (@session_id_hash, @page, @sealed, @now)
ON CONFLICT (session_id_hash) DO UPDATE SET page = excluded.page, sealed = excluded.sealed, created_at = excluded.created_at;

-- ConsoleFlashTake deletes a session's one-time message for a page and returns it, so
-- that it is shown once even to two requests at once.
-- name: ConsoleFlashTake :one
DELETE FROM console_flashes
WHERE session_id_hash = @session_id_hash AND page = @page
RETURNING sealed, created_at;
