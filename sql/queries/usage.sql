-- UsageFlush adds one instance's counts of an interval in one statement: requests per
-- project, UTC day and key, and resolves per project, hour, key and prompt version. Each
-- upsert adds to what is there, so instances flushing into the same rows sum. Counts of a
-- key or prompt deleted since are dropped (the joins), rather than failing the whole
-- flush on a foreign key; rows are written in key order, so that two instances flushing
-- the same rows take their locks in one order and cannot deadlock. The batch's @token is
-- recorded in the same statement, and a batch whose token is recorded already adds
-- nothing: a flush sent again after its outcome was lost writes no count twice.
-- name: UsageFlush :exec
WITH mark AS (
    INSERT INTO usage_flushes (token) VALUES (@token::uuid)
    ON CONFLICT (token) DO NOTHING
    RETURNING token
), requests AS (
    INSERT INTO usage_requests_daily AS t (project_id, day, key_id, requests)
    SELECT u.project_id, (u.day_start AT TIME ZONE 'UTC')::date, u.key_id, u.requests
    FROM (SELECT unnest(@request_project_ids::uuid[]) AS project_id, unnest(@request_day_starts::timestamptz[]) AS day_start,
                 unnest(@request_key_ids::uuid[]) AS key_id, unnest(@request_counts::bigint[]) AS requests) u
    JOIN api_keys k ON k.id = u.key_id AND k.project_id = u.project_id
    WHERE EXISTS (SELECT FROM mark)
    ORDER BY 1, 2, 3
    ON CONFLICT (project_id, day, key_id) DO UPDATE SET requests = t.requests + excluded.requests
)
INSERT INTO usage_resolves_hourly AS t (project_id, hour, key_id, prompt_id, version_number, calls)
SELECT u.project_id, u.hour, u.key_id, u.prompt_id, u.version_number, u.calls
FROM (SELECT unnest(@resolve_project_ids::uuid[]) AS project_id, unnest(@resolve_hours::timestamptz[]) AS hour,
             unnest(@resolve_key_ids::uuid[]) AS key_id, unnest(@resolve_prompt_ids::uuid[]) AS prompt_id,
             unnest(@resolve_version_numbers::integer[]) AS version_number, unnest(@resolve_counts::bigint[]) AS calls) u
JOIN api_keys k ON k.id = u.key_id AND k.project_id = u.project_id
JOIN prompts p ON p.id = u.prompt_id AND p.project_id = u.project_id
WHERE EXISTS (SELECT FROM mark)
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (project_id, hour, key_id, prompt_id, version_number) DO UPDATE SET calls = t.calls + excluded.calls;

-- UsagePurge deletes request counts of days before @requests_before, resolve counts of
-- hours before @resolves_before (the API reads 30 days and 24 hours), and the tokens of
-- flushes from before @resolves_before.
-- name: UsagePurge :exec
WITH requests AS (
    DELETE FROM usage_requests_daily WHERE day < ((sqlc.arg(requests_before)::timestamptz) AT TIME ZONE 'UTC')::date
), flushes AS (
    DELETE FROM usage_flushes WHERE flushed_at < @resolves_before::timestamptz
)
DELETE FROM usage_resolves_hourly WHERE hour < @resolves_before::timestamptz;

-- UsageRequestDays is a project's requests per UTC day (its start) and key from the
-- day starting at @since, with the counts this instance has not written yet (the pending
-- arrays) added, and each key's prefix, label and environment: each day's @keys_per_day
-- keys with the most requests, and keys_on_day, how many keys made requests that day.
-- name: UsageRequestDays :many
WITH counts AS (
    SELECT d.key_id, (d.day::timestamp AT TIME ZONE 'UTC') AS day_start, d.requests
    FROM usage_requests_daily d
    WHERE d.project_id = @project_id AND d.day >= ((sqlc.arg(since)::timestamptz) AT TIME ZONE 'UTC')::date
    UNION ALL
    SELECT unnest(@pending_key_ids::uuid[]), unnest(@pending_day_starts::timestamptz[]), unnest(@pending_counts::bigint[])
), per_key AS (
    SELECT c.day_start::timestamptz AS day_start, k.id AS key_id, k.key_prefix, k.label, k.environment,
           sum(c.requests)::bigint AS requests
    FROM counts c
    JOIN api_keys k ON k.id = c.key_id AND k.project_id = @project_id
    WHERE c.day_start >= sqlc.arg(since)::timestamptz
    GROUP BY c.day_start, k.id
), ranked AS (
    SELECT p.*, row_number() OVER (PARTITION BY p.day_start ORDER BY p.requests DESC, p.key_prefix, p.key_id) AS rank,
           count(*) OVER (PARTITION BY p.day_start) AS keys_on_day
    FROM per_key p
)
SELECT r.day_start, r.key_id, r.key_prefix, r.label, r.environment, r.requests, r.keys_on_day::bigint AS keys_on_day
FROM ranked r
WHERE r.rank <= @keys_per_day::bigint
ORDER BY r.day_start, r.rank;

-- UsageRequestDayTotals is a project's requests per UTC day (its start) and environment
-- of the key that made them from the day starting at @since, the pending counts of this
-- instance added: every key's, those UsageRequestDays leaves out too.
-- name: UsageRequestDayTotals :many
WITH counts AS (
    SELECT d.key_id, (d.day::timestamp AT TIME ZONE 'UTC') AS day_start, d.requests
    FROM usage_requests_daily d
    WHERE d.project_id = @project_id AND d.day >= ((sqlc.arg(since)::timestamptz) AT TIME ZONE 'UTC')::date
    UNION ALL
    SELECT unnest(@pending_key_ids::uuid[]), unnest(@pending_day_starts::timestamptz[]), unnest(@pending_counts::bigint[])
)
SELECT c.day_start::timestamptz AS day_start, k.environment, sum(c.requests)::bigint AS requests
FROM counts c
JOIN api_keys k ON k.id = c.key_id AND k.project_id = @project_id
WHERE c.day_start >= sqlc.arg(since)::timestamptz
GROUP BY c.day_start, k.environment
ORDER BY c.day_start, k.environment;

-- UsageResolves is a project's resolve and render calls per key and prompt version from
-- @since, with the pending counts of this instance added: the @row_limit with the most
-- calls, most first, and pairs, how many there are in all.
-- name: UsageResolves :many
WITH counts AS (
    SELECT r.key_id, r.prompt_id, r.version_number, r.hour, r.calls
    FROM usage_resolves_hourly r
    WHERE r.project_id = @project_id AND r.hour >= @since::timestamptz
    UNION ALL
    SELECT unnest(@pending_key_ids::uuid[]), unnest(@pending_prompt_ids::uuid[]),
           unnest(@pending_version_numbers::integer[]), unnest(@pending_hours::timestamptz[]), unnest(@pending_counts::bigint[])
)
SELECT k.id AS key_id, k.key_prefix, k.label, k.environment, p.id AS prompt_id, p.slug,
       c.version_number::integer AS version_number, sum(c.calls)::bigint AS calls,
       max(c.hour)::timestamptz AS last_called_at, count(*) OVER ()::bigint AS pairs
FROM counts c
JOIN api_keys k ON k.id = c.key_id AND k.project_id = @project_id
JOIN prompts p ON p.id = c.prompt_id AND p.project_id = @project_id
WHERE c.hour >= sqlc.arg(since)::timestamptz
GROUP BY k.id, p.id, c.version_number
ORDER BY calls DESC, last_called_at DESC, k.key_prefix, p.slug, c.version_number
LIMIT @row_limit;

-- UsageResources counts what a project holds, as its quotas count it: prompts, the most
-- versions one prompt holds, every version, active keys, webhooks, environments,
-- connections, pending invitations, and the bytes of its analytics and of its kept
-- idempotent answers.
-- name: UsageResources :one
SELECT
    (SELECT count(*) FROM prompts WHERE project_id = @project_id::uuid) AS prompts,
    (SELECT coalesce(max(version_count), 0)::integer FROM prompts WHERE project_id = @project_id::uuid) AS versions_most,
    (SELECT coalesce(sum(version_count), 0)::bigint FROM prompts WHERE project_id = @project_id::uuid) AS versions_total,
    (SELECT count(*) FROM api_keys
     WHERE project_id = @project_id::uuid AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS api_keys,
    (SELECT count(*) FROM webhooks WHERE project_id = @project_id::uuid) AS webhooks,
    (SELECT count(*) FROM environments WHERE project_id = @project_id::uuid) AS environments,
    (SELECT count(*) FROM connections WHERE project_id = @project_id::uuid) AS connections,
    (SELECT count(*) FROM invitations
     WHERE project_id = @project_id::uuid AND accepted_at IS NULL AND expires_at > now()) AS invitations,
    (SELECT coalesce(sum(bytes), 0)::bigint FROM storage_usage WHERE project_id = @project_id::uuid AND kind = 'analytics') AS analytics_bytes,
    (SELECT coalesce(sum(bytes), 0)::bigint FROM storage_usage WHERE project_id = @project_id::uuid AND kind = 'idempotency') AS idempotency_bytes;
