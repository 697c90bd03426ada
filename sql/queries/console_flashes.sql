-- ConsoleFlashPut stores a session's one-time message for a page. One not taken yet is
-- never replaced (it may hold a key shown once), unless it was made before stale_before:
-- then no row is stored, and the count is 0.
-- name: ConsoleFlashPut :execrows
INSERT INTO console_flashes (session_id_hash, page, sealed, created_at)
VALUES (@session_id_hash, @page, @sealed, @now)
ON CONFLICT (session_id_hash) DO UPDATE SET page = excluded.page, sealed = excluded.sealed, created_at = excluded.created_at
WHERE console_flashes.created_at < @stale_before;

-- ConsoleFlashTake deletes a session's one-time message for a page and returns it, so
-- that it is shown once even to two requests at once.
-- name: ConsoleFlashTake :one
DELETE FROM console_flashes
WHERE session_id_hash = @session_id_hash AND page = @page
RETURNING sealed, created_at;
