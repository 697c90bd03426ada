-- AnalyticsEventsCopy writes a batch of tracked events with COPY; PostgreSQL routes each
-- row into its day's partition (a day without one fails the whole COPY).
-- name: AnalyticsEventsCopy :copyfrom
INSERT INTO analytics_events (project_id, prompt_id, version_number, environment, key_id, occurred_at, received_at,
    latency_ms, input_tokens, output_tokens, cost_usd, success, error, trace_id, span_id, metadata)
VALUES (@project_id, @prompt_id, @version_number, @environment, @key_id, @occurred_at, @received_at,
    @latency_ms, @input_tokens, @output_tokens, @cost_usd, @success, @error, @trace_id, @span_id, @metadata);

-- AnalyticsTargets looks up, for each (slug, version number) a batch names, the prompt of
-- the project with that slug (null when none) and whether it has that version: one query
-- for the whole batch.
-- name: AnalyticsTargets :many
SELECT t.slug::text AS slug, t.version_number::integer AS version_number, p.id AS prompt_id,
    (v.id IS NOT NULL)::boolean AS version_known
FROM (SELECT unnest(@slugs::text[]) AS slug, unnest(@version_numbers::integer[]) AS version_number) t
LEFT JOIN prompts p ON p.project_id = @project_id AND p.slug = t.slug
LEFT JOIN prompt_versions v ON v.prompt_id = p.id AND v.version_number = t.version_number;

-- AnalyticsHourlyAdd adds a batch's rollups, one array element per (prompt, environment,
-- hour, version), to the hourly rows; each histogram arrives as an array literal
-- ('{3,0,1,…}': a 2-D array parameter would unnest element by element). The rows arrive
-- sorted by key and are inserted in that order, so concurrent batches lock rows in the same
-- order and cannot deadlock.
-- Costs arrive in billionths of a dollar, so that sums stay exact. Every row of a batch goes
-- to the batch's shard. Counts and tokens saturate at the largest bigint instead of failing
-- the batch (with "bigint out of range", for the rest of the hour): see analytics.Totals.
-- It returns how many rows it inserted (rather than added to), which the project's
-- analytics storage counts (xmax is 0 on a row version that no update has made).
-- name: AnalyticsHourlyAdd :one
WITH r AS (
    -- Set-returning functions in one select list advance together: element i of each array.
    SELECT unnest(@prompt_ids::uuid[]) AS prompt_id, unnest(@environments::text[]) AS environment,
        unnest(@hours::timestamptz[]) AS hour, unnest(@version_numbers::integer[]) AS version_number,
        unnest(@calls::bigint[]) AS calls, unnest(@errors::bigint[]) AS errors,
        unnest(@latency_mins::float8[]) AS latency_min, unnest(@latency_maxes::float8[]) AS latency_max, unnest(@input_tokens::bigint[]) AS input_tokens,
        unnest(@output_tokens::bigint[]) AS output_tokens, unnest(@cost_nanos::bigint[]) AS cost_nanos,
        unnest(@latency_buckets::text[])::bigint[] AS latency_buckets
), added AS (
INSERT INTO analytics_hourly AS h (project_id, prompt_id, environment, hour, version_number, shard, calls, errors,
    latency_buckets, latency_min, latency_max, input_tokens, output_tokens, cost_usd)
SELECT @project_id::uuid, r.prompt_id, r.environment, r.hour, r.version_number, @shard::smallint, r.calls, r.errors,
    r.latency_buckets, r.latency_min, r.latency_max, r.input_tokens, r.output_tokens, r.cost_nanos::numeric / 1000000000
FROM r
ON CONFLICT (project_id, prompt_id, environment, hour, version_number, shard) DO UPDATE SET
    calls = least(h.calls::numeric + excluded.calls, 9223372036854775807)::bigint,
    errors = least(h.errors::numeric + excluded.errors, 9223372036854775807)::bigint,
    latency_buckets = analytics_add_counts(h.latency_buckets, excluded.latency_buckets),
    latency_min = least(h.latency_min, excluded.latency_min),
    latency_max = greatest(h.latency_max, excluded.latency_max),
    input_tokens = least(h.input_tokens::numeric + excluded.input_tokens, 9223372036854775807)::bigint,
    output_tokens = least(h.output_tokens::numeric + excluded.output_tokens, 9223372036854775807)::bigint,
    cost_usd = h.cost_usd + excluded.cost_usd
RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::bigint AS inserted FROM added;

-- AnalyticsHourlyByPrompt reads a prompt's rollups in one environment over [from, to),
-- newest version first, each version's hours in order. Costs come back in billionths of a
-- dollar (exact: rollups only ever add whole billionths), saturated at the largest bigint
-- (a row past it, over 9.2 billion dollars, made every read of the range a 500).
-- name: AnalyticsHourlyByPrompt :many
SELECT hour, version_number, calls, errors, latency_buckets, latency_min, latency_max, input_tokens, output_tokens,
    least(cost_usd * 1000000000, 9223372036854775807)::bigint AS cost_nanos
FROM analytics_hourly
WHERE project_id = @project_id AND prompt_id = @prompt_id AND environment = @environment
  AND hour >= @from_hour AND hour < @to_hour
ORDER BY version_number DESC, hour;

-- AnalyticsLiveVersions is the version live in the environment now and the distinct version
-- live before it (the newest earlier deployment of another version, promotion or
-- rollback), 0 when there has been none (version numbers start at 1). A release's rollout
-- is not one: its candidate serves a share only, and is newer than the version live.
-- name: AnalyticsLiveVersions :one
SELECT cur.version_number AS current_version, coalesce(prev.version_number, 0)::integer AS previous_version
FROM deployments d
JOIN prompt_versions cur ON cur.id = d.version_id
LEFT JOIN LATERAL (
    SELECT pv.version_number FROM deployment_history dh
    JOIN prompt_versions pv ON pv.id = dh.version_id
    WHERE dh.prompt_id = d.prompt_id AND dh.environment = d.environment AND dh.version_id <> d.version_id
      AND dh.action IN ('promote', 'rollback')
    ORDER BY dh.id DESC
    LIMIT 1
) prev ON true
WHERE d.prompt_id = @prompt_id AND d.environment = @environment;

-- AnalyticsSummary is every prompt of the project with calls in [from, to), in one
-- environment or all of them (@environment null), with its totals, saturated as the
-- prompt's analytics saturate them (counts at the largest bigint, costs at that many
-- billionths of a dollar), so that both reads agree.
-- name: AnalyticsSummary :many
SELECT h.prompt_id, p.slug, least(sum(h.calls), 9223372036854775807)::bigint AS calls,
    least(sum(h.errors), 9223372036854775807)::bigint AS errors,
    least(sum(h.cost_usd), 9223372036.854775807)::float8 AS cost_usd
FROM analytics_hourly h
JOIN prompts p ON p.id = h.prompt_id
WHERE h.project_id = @project_id AND h.hour >= @from_hour AND h.hour < @to_hour
  AND (sqlc.narg(environment)::text IS NULL OR h.environment = sqlc.narg(environment))
GROUP BY h.prompt_id, p.slug;
