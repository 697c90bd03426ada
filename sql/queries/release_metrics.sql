-- ReleaseMetricsList reads every shard of a release's metrics (a few per prompt and
-- variant), to be added up by the reader. Costs come back in billionths of a dollar, as
-- the analytics rollups' do.
-- name: ReleaseMetricsList :many
SELECT prompt_id, variant, calls, errors, latency_buckets, latency_min, latency_max, input_tokens, output_tokens,
    least(cost_usd * 1000000000, 9223372036854775807)::bigint AS cost_nanos
FROM release_metrics
WHERE release_id = @release_id;

-- ReleaseMetricsRolling finds the deployments a release is rolling out among a tracked
-- batch's prompts and environments, with the version numbers of each variant and when
-- the release began rolling out: one query per batch, whatever its size (one probe of
-- the deployments' key per prompt and environment). The caller keeps the pairs its
-- events name.
-- name: ReleaseMetricsRolling :many
SELECT d.prompt_id, d.environment, d.release_id::uuid AS release_id, r.started_at::timestamptz AS started_at,
    cur.version_number AS current_version, cand.version_number AS candidate_version
FROM deployments d
JOIN releases r ON r.id = d.release_id
JOIN prompt_versions cur ON cur.id = d.version_id
JOIN prompt_versions cand ON cand.id = d.candidate_version_id
WHERE d.prompt_id = ANY(@prompt_ids::uuid[]) AND d.environment = ANY(@environments::text[])
  AND d.release_id IS NOT NULL;

-- ReleaseMetricsAdd adds a batch's release metrics, one array element per (release,
-- prompt, variant), to the rows of the batch's shard, as AnalyticsHourlyAdd adds the
-- hourly rollups in the same transaction: rows arrive sorted by key, histograms as array
-- literals, costs in billionths of a dollar, counts saturating at the largest bigint.
-- name: ReleaseMetricsAdd :exec
WITH r AS (
    SELECT unnest(@release_ids::uuid[]) AS release_id, unnest(@prompt_ids::uuid[]) AS prompt_id,
        unnest(@variants::text[]) AS variant, unnest(@calls::bigint[]) AS calls, unnest(@errors::bigint[]) AS errors,
        unnest(@latency_mins::float8[]) AS latency_min, unnest(@latency_maxes::float8[]) AS latency_max,
        unnest(@input_tokens::bigint[]) AS input_tokens, unnest(@output_tokens::bigint[]) AS output_tokens,
        unnest(@cost_nanos::bigint[]) AS cost_nanos, unnest(@latency_buckets::text[])::bigint[] AS latency_buckets
)
INSERT INTO release_metrics AS m (release_id, prompt_id, variant, shard, calls, errors, latency_buckets, latency_min,
    latency_max, input_tokens, output_tokens, cost_usd)
SELECT r.release_id, r.prompt_id, r.variant, @shard::smallint, r.calls, r.errors, r.latency_buckets, r.latency_min,
    r.latency_max, r.input_tokens, r.output_tokens, r.cost_nanos::numeric / 1000000000
FROM r
ON CONFLICT (release_id, prompt_id, variant, shard) DO UPDATE SET
    calls = least(m.calls::numeric + excluded.calls, 9223372036854775807)::bigint,
    errors = least(m.errors::numeric + excluded.errors, 9223372036854775807)::bigint,
    latency_buckets = analytics_add_counts(m.latency_buckets, excluded.latency_buckets),
    latency_min = least(m.latency_min, excluded.latency_min),
    latency_max = greatest(m.latency_max, excluded.latency_max),
    input_tokens = least(m.input_tokens::numeric + excluded.input_tokens, 9223372036854775807)::bigint,
    output_tokens = least(m.output_tokens::numeric + excluded.output_tokens, 9223372036854775807)::bigint,
    cost_usd = m.cost_usd + excluded.cost_usd;

-- ReleaseMetricsPrompts lists the prompts of a release of the project, by slug, with the
-- release's strategy and each prompt's versions: the one it moves from (null when none
-- was live, or before it applied) and the one it moves to. No rows: no such release in
-- the project.
-- name: ReleaseMetricsPrompts :many
SELECT r.strategy, c.prompt_id, p.slug, fv.version_number AS from_version, tv.version_number AS to_version
FROM releases r
JOIN release_changes c ON c.release_id = r.id
JOIN prompts p ON p.id = c.prompt_id
LEFT JOIN prompt_versions fv ON fv.id = c.from_version_id
JOIN prompt_versions tv ON tv.id = c.to_version_id
WHERE r.id = @release_id AND r.project_id = @project_id
ORDER BY p.slug;
