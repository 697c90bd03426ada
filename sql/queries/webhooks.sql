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

-- WebhookRotateSecret replaces a webhook's secret, keeping the one it replaces as the
-- previous secret until previous_expires_at.
-- name: WebhookRotateSecret :one
UPDATE webhooks
SET previous_secret = secret, previous_secret_expires_at = @previous_expires_at::timestamptz,
    secret = @secret, updated_at = now()
WHERE project_id = @project_id AND id = @id
RETURNING *;

-- WebhookListPlainSecrets finds the secrets stored before they were sealed.
-- name: WebhookListPlainSecrets :many
SELECT id, secret FROM webhooks WHERE secret LIKE 'whsec\_%';

-- WebhookSealSecret replaces a plain secret with its sealed form, unless it has changed
-- since it was read (another instance sealed it, or it was rotated).
-- name: WebhookSealSecret :execrows
UPDATE webhooks SET secret = @sealed WHERE id = @id AND secret = @plain;

-- WebhookSampleSealedSecret returns one sealed secret, to check that the key opens them.
-- name: WebhookSampleSealedSecret :one
SELECT secret FROM webhooks WHERE secret NOT LIKE 'whsec\_%' LIMIT 1;
