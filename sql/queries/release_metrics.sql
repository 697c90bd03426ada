-- ReleaseMetricsList reads every shard of a release's metrics (a few per prompt and
-- variant), to be added up by the reader. Costs come back in billionths of a dollar, as
-- the analytics rollups' do.
-- name: ReleaseMetricsList :many
SELECT prompt_id, variant, calls, errors, latency_buckets, latency_min, latency_max,
    least(cost_usd * 1000000000, 9223372036854775807)::bigint AS cost_nanos
FROM release_metrics
WHERE release_id = @release_id;
