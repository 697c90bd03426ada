package testfactory

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
)

// ProtectionOpts are an environment's protection (nil: none of it).
type ProtectionOpts struct {
	RequiredApprovals   *int
	RequiredChecks      []string
	MinCheckScore       *float64
	RequiredPredecessor *string
}

// Protect sets the protection of a project's environment.
func Protect(ctx context.Context, tb testing.TB, db *pgxpool.Pool, project uuid.UUID, env string, opts *ProtectionOpts) {
	tb.Helper()
	opts = orZero(opts)
	_, err := db.Exec(ctx, `UPDATE environments SET required_approvals = $3, required_checks = $4, min_check_score = $5,
		required_predecessor = $6, updated_at = now() WHERE project_id = $1 AND name = $2`,
		project, env, valueOr(opts.RequiredApprovals, 0), cmpOrSlice(opts.RequiredChecks, []string{}), opts.MinCheckScore, opts.RequiredPredecessor)
	require.NoError(tb, err)
}

// ReleaseMetricsOpts are what tracked calls of one variant of a prompt in a release add
// up to: calls, errors, and each call's latency in milliseconds (nil: 100).
type ReleaseMetricsOpts struct {
	Calls, Errors int64
	LatencyMs     *float64
}

// ReleaseMetrics adds calls to a release's metrics of a prompt's variant ("current" or
// "candidate"), in shard 0.
func ReleaseMetrics(ctx context.Context, tb testing.TB, db *pgxpool.Pool, release, prompt uuid.UUID, variant string, opts *ReleaseMetricsOpts) {
	tb.Helper()
	opts = orZero(opts)
	latency := valueOr(opts.LatencyMs, 100)
	_, err := db.Exec(ctx, `INSERT INTO release_metrics (release_id, prompt_id, variant, calls, errors, latency_buckets,
			latency_min, latency_max, input_tokens, output_tokens, cost_usd)
		VALUES ($1, $2, $3, $4, $5, '{}', $6, $6, 0, 0, 0)
		ON CONFLICT (release_id, prompt_id, variant, shard) DO UPDATE SET calls = release_metrics.calls + excluded.calls,
			errors = release_metrics.errors + excluded.errors`,
		release, prompt, variant, opts.Calls, opts.Errors, latency)
	require.NoError(tb, err)
}
