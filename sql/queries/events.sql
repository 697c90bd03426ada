-- name: EventCreate :one
INSERT INTO events (project_id, type, key_id, key_prefix, actor, data, client_address, user_agent)
VALUES (@project_id, @type, sqlc.narg(key_id), sqlc.narg(key_prefix), sqlc.narg(actor), @data, sqlc.narg(client_address), sqlc.narg(user_agent))
RETURNING *;

-- EventNotify wakes every instance's listener on channel (events.Channel); the payload is
-- small (NOTIFY caps it at 8000 bytes), and listeners read the event itself.
-- name: EventNotify :exec
SELECT pg_notify(@channel::text, @payload::text);

-- name: EventGet :one
SELECT * FROM events WHERE id = @id;

-- name: EventList :many
SELECT * FROM events
WHERE project_id = @project_id
  AND (sqlc.narg(type)::text IS NULL OR type = sqlc.narg(type))
  AND (sqlc.narg(since)::timestamptz IS NULL OR created_at >= sqlc.narg(since))
ORDER BY created_at DESC, id DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: EventCount :one
SELECT count(*) FROM events
WHERE project_id = @project_id
  AND (sqlc.narg(type)::text IS NULL OR type = sqlc.narg(type))
  AND (sqlc.narg(since)::timestamptz IS NULL OR created_at >= sqlc.narg(since));
