-- name: WebhookCreate :one
INSERT INTO webhooks (project_id, url, events, description, secret)
VALUES (@project_id, @url, @events, sqlc.narg(description), @secret)
RETURNING *;

-- name: WebhookGet :one
SELECT * FROM webhooks WHERE project_id = @project_id AND id = @id;

-- name: WebhookList :many
SELECT * FROM webhooks WHERE project_id = @project_id
ORDER BY created_at DESC, id
LIMIT @row_limit OFFSET @row_offset;

-- name: WebhookCount :one
SELECT count(*) FROM webhooks WHERE project_id = @project_id;

-- name: WebhookUpdate :one
UPDATE webhooks
SET url = coalesce(sqlc.narg(url), url),
    events = coalesce(sqlc.narg(events)::text[], events),
    enabled = coalesce(sqlc.narg(enabled), enabled),
    description = CASE WHEN @description_set::boolean THEN sqlc.narg(description) ELSE description END,
    updated_at = now()
WHERE project_id = @project_id AND id = @id
RETURNING *;

-- name: WebhookDelete :one
DELETE FROM webhooks WHERE project_id = @project_id AND id = @id
RETURNING *;

-- WebhookListSubscribed finds the enabled webhooks of a project that want an event type.
-- name: WebhookListSubscribed :many
SELECT * FROM webhooks
WHERE project_id = @project_id AND enabled
  AND (@type::text = ANY (events) OR '*' = ANY (events))
ORDER BY created_at, id;
