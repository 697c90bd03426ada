-- name: DeliveryCreate :one
INSERT INTO webhook_deliveries (webhook_id, event_id, message_id, event_type, payload)
VALUES (@webhook_id, sqlc.narg(event_id), @message_id, @event_type, @payload)
RETURNING *;

-- name: DeliveryGet :one
SELECT d.* FROM webhook_deliveries d
JOIN webhooks w ON w.id = d.webhook_id
WHERE w.project_id = @project_id AND d.webhook_id = @webhook_id AND d.id = @id;

-- DeliveryForWork loads what a delivery job needs, whatever the project; none of a
-- deleted project, whose deliveries are never sent.
-- name: DeliveryForWork :one
SELECT sqlc.embed(d), w.url, w.secret, w.previous_secret, w.previous_secret_expires_at, w.enabled
FROM webhook_deliveries d
JOIN webhooks w ON w.id = d.webhook_id
JOIN projects p ON p.id = w.project_id
WHERE d.id = @id AND p.deleted_at IS NULL;

-- DeliveryOlderPending reports whether an earlier delivery to the same webhook is still
-- pending, which holds this one back: deliveries to a webhook go out in the order of their
-- events' creation, among those committed (created_at is taken at insert, not commit).
-- name: DeliveryOlderPending :one
SELECT EXISTS (
  SELECT 1 FROM webhook_deliveries o
  WHERE o.webhook_id = @webhook_id AND o.status = 'pending'
    AND (o.created_at, o.id) < (@created_at::timestamptz, @id::uuid)
);

-- DeliveryRecordAttempt records an attempt's outcome. A delivery settled while the attempt
-- ran (dropped by turning its webhook off) stays settled: a failed attempt counts, but
-- neither makes it pending again nor replaces why it was dropped; only an answered one
-- (succeeded) is recorded as such, since the receiver has it.
-- name: DeliveryRecordAttempt :one
UPDATE webhook_deliveries
SET attempts = @attempts, last_status_code = sqlc.narg(last_status_code), updated_at = now(),
    status = CASE WHEN status = 'pending' OR @status::text = 'succeeded' THEN @status ELSE status END,
    next_retry_at = CASE WHEN status = 'pending' THEN sqlc.narg(next_retry_at)::timestamptz END,
    last_error = CASE WHEN status = 'pending' OR @status::text = 'succeeded' THEN sqlc.narg(last_error) ELSE last_error END
WHERE id = @id
RETURNING *;

-- name: DeliveryList :many
SELECT * FROM webhook_deliveries
WHERE webhook_id = @webhook_id
ORDER BY created_at DESC, id DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: DeliveryCount :one
SELECT count(*) FROM webhook_deliveries WHERE webhook_id = @webhook_id;

-- name: AttemptCreate :exec
INSERT INTO webhook_delivery_attempts (delivery_id, attempt, status_code, duration_ms, error)
VALUES (@delivery_id, @attempt, sqlc.narg(status_code), @duration_ms, sqlc.narg(error));

-- name: AttemptListByDeliveries :many
SELECT * FROM webhook_delivery_attempts
WHERE delivery_id = ANY (@delivery_ids::uuid[])
ORDER BY delivery_id, id;

-- DeliveryBacklog counts, for each of the given deliveries, the deliveries of the same
-- project still pending that were created before it, up to 100 (fair scheduling needs no
-- more, and the count stays cheap however long a backlog grows).
-- name: DeliveryBacklog :many
SELECT d.id, (
  SELECT count(*) FROM (
    SELECT 1 FROM webhook_deliveries o
    JOIN webhooks ow ON ow.id = o.webhook_id
    WHERE ow.project_id = w.project_id AND o.status = 'pending'
      AND (o.created_at, o.id) < (d.created_at, d.id)
    LIMIT 100
  ) earlier
) AS ahead
FROM webhook_deliveries d
JOIN webhooks w ON w.id = d.webhook_id
WHERE d.id = ANY (@ids::uuid[]);

-- DeliveryPendingCount counts the deliveries not settled, never tried (queued) or tried
-- and waiting for a retry (retrying), up to 10,000 of them, from the pending index: a
-- metric read at every scrape stays cheap however long a backlog grows.
-- name: DeliveryPendingCount :one
SELECT count(*) FILTER (WHERE attempts = 0)::bigint AS queued,
  count(*) FILTER (WHERE attempts > 0)::bigint AS retrying
FROM (SELECT attempts FROM webhook_deliveries WHERE status = 'pending' LIMIT 10000) pending;

-- DeliveryDropPending fails a webhook's pending deliveries, the webhook being turned off:
-- a disabled webhook's deliveries are dropped, not kept for when it is turned on again.
-- Their jobs then find them settled and send nothing.
-- name: DeliveryDropPending :exec
UPDATE webhook_deliveries
SET status = 'failed', next_retry_at = NULL, last_error = @reason, updated_at = now()
WHERE webhook_id = @webhook_id AND status = 'pending';
