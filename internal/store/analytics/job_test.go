package analytics_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/store/jobs"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// TestJob: the periodic job, run by River on the jobs client, keeps the storage: it makes
// the partitions, and past the retention drops the raw days and deletes the rollups.
func TestJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// 10 March 2026 at 15:00; 9 days later, with a retention of 15 days, the cutoff is
	// 4 March at 15:00.
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	later := now.AddDate(0, 0, 9)

	type testBundle struct {
		pool *pgxpool.Pool
	}

	setup := func(t *testing.T) *testBundle {
		t.Helper()
		return &testBundle{pool: dbtest.Open(t, dbtest.URL(t))}
	}

	// run starts a jobs client with the analytics job at the time now, waits for River to
	// have run the job once (the leader inserts it on start) and stops the client.
	run := func(t *testing.T, b *testBundle, now time.Time, retention time.Duration) {
		t.Helper()
		logger := slog.New(slog.NewTextHandler(t.Output(), nil))
		client, err := jobs.New(b.pool, jobs.Options{Logger: logger}, analytics.Jobs(b.pool, analytics.JobConfig{
			Retention: retention, Logger: logger, NowFunc: func() time.Time { return now },
		}))
		require.NoError(t, err)
		require.NoError(t, client.Start(ctx))
		defer func() {
			stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			require.NoError(t, client.Stop(stopCtx))
		}()
		require.Eventually(t, func() bool {
			var done bool
			err := b.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM river_job
				WHERE kind = 'analytics_maintain' AND state = 'completed')`).Scan(&done)
			return err == nil && done
		}, 30*time.Second, 50*time.Millisecond, "River never completed the analytics job")
	}

	t.Run("CreatesPartitions", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		run(t, b, now, config.DefaultAnalyticsRetention)
		// From 7 days back (3 March) to 3 days ahead (13 March).
		days := partitions(t, b.pool)
		require.Len(t, days, 11)
		require.Equal(t, "analytics_events_p20260303", days[0])
		require.Equal(t, "analytics_events_p20260313", days[10])
	})

	t.Run("Retention", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := analytics.Maintain(ctx, b.pool, now, config.DefaultAnalyticsRetention)
		require.NoError(t, err)
		for _, at := range []time.Time{
			now.AddDate(0, 0, -7), // 3 March: its day ended before the cutoff
			now.AddDate(0, 0, -6), // 4 March at 15:00: its day has not
			now,
		} {
			insertEvent(t, b.pool, at)
		}
		cutoff := later.Add(-15 * 24 * time.Hour)
		projectID, promptID := insertPrompt(t, b.pool)
		for _, hour := range []time.Time{
			cutoff.Add(-25 * time.Hour), // 3 March, 14:00
			cutoff.Add(-time.Hour),      // 4 March, 14:00: ended at the cutoff
			cutoff,                      // 4 March, 15:00: ends after it
			now,
		} {
			insertRollup(t, b.pool, projectID, promptID, hour)
		}

		run(t, b, later, 15*24*time.Hour)

		days := partitions(t, b.pool)
		require.NotContains(t, days, "analytics_events_p20260303")
		require.Contains(t, days, "analytics_events_p20260304")
		require.Contains(t, days, "analytics_events_p20260322", "made ahead of the new today")
		require.Equal(t, []time.Time{now.AddDate(0, 0, -6), now}, column(t, b.pool, "SELECT occurred_at FROM analytics_events ORDER BY 1"))
		require.Equal(t, []time.Time{cutoff, now}, column(t, b.pool, "SELECT hour FROM analytics_hourly ORDER BY 1"))
	})
}

// TestPruneStorageCounts: the bytes counted for a day of batches go once every partition
// and rollup they counted can have been dropped, two days after the day's own cutoff.
func TestPruneStorageCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.Open(t, dbtest.URL(t))
	projectID, _ := insertPrompt(t, pool)
	now := time.Date(2026, 3, 10, 15, 30, 0, 0, time.UTC)
	// 8 December 2025, 15:30: what was written on 8 December occurred by 9 December, 00:05,
	// and 9 December's partition was dropped at 10 March, 00:00.
	cutoff := now.Add(-config.DefaultAnalyticsRetention - 48*time.Hour)
	kept := cutoff.Truncate(24*time.Hour).AddDate(0, 0, 1) // 9 December: its events may be on 10 December
	for _, day := range []time.Time{cutoff.Truncate(24 * time.Hour), kept, now.Truncate(24 * time.Hour)} {
		_, err := pool.Exec(ctx, `INSERT INTO storage_usage (project_id, kind, period, shard, bytes) VALUES ($1, 'analytics', $2, 0, 100),
			($1, 'idempotency', $2, 0, 100)`, projectID, day)
		require.NoError(t, err)
	}

	require.NoError(t, analytics.PruneStorageCounts(ctx, pool, now, config.DefaultAnalyticsRetention))
	require.Equal(t, []time.Time{kept, now.Truncate(24 * time.Hour)},
		column(t, pool, "SELECT period FROM storage_usage WHERE kind = 'analytics' ORDER BY 1"))
	var idempotency int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM storage_usage WHERE kind = 'idempotency'").Scan(&idempotency))
	require.Equal(t, 3, idempotency, "another kind's counts are not the job's")
}

// TestPruneRollups: an hour's rollups go once the whole hour is past the retention.
func TestPruneRollups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.Open(t, dbtest.URL(t))
	projectID, promptID := insertPrompt(t, pool)
	now := time.Date(2026, 3, 10, 15, 30, 0, 0, time.UTC)
	cutoff := now.Add(-config.DefaultAnalyticsRetention) // 10 December 2025, 15:30
	for _, hour := range []time.Time{cutoff.Add(-90 * time.Minute), cutoff.Add(-30 * time.Minute), cutoff.Add(30 * time.Minute)} {
		insertRollup(t, pool, projectID, promptID, hour)
	}

	n, err := analytics.PruneRollups(ctx, pool, now, config.DefaultAnalyticsRetention)
	require.NoError(t, err)
	require.EqualValues(t, 1, n, "14:00 ended before the cutoff; 15:00 has not")
	require.Equal(t, []time.Time{cutoff.Add(-30 * time.Minute), cutoff.Add(30 * time.Minute)}, column(t, pool, "SELECT hour FROM analytics_hourly ORDER BY 1"))

	n, err = analytics.PruneRollups(ctx, pool, now, config.DefaultAnalyticsRetention)
	require.NoError(t, err)
	require.Zero(t, n)
}

func partitions(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'analytics_events'::regclass ORDER BY 1`)
	require.NoError(t, err)
	var names []string
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		names = append(names, name)
	}
	require.NoError(t, rows.Err())
	return names
}

func column(t *testing.T, pool *pgxpool.Pool, query string) []time.Time {
	t.Helper()
	rows, err := pool.Query(context.Background(), query)
	require.NoError(t, err)
	var times []time.Time
	for rows.Next() {
		var at time.Time
		require.NoError(t, rows.Scan(&at))
		times = append(times, at.UTC())
	}
	require.NoError(t, rows.Err())
	return times
}

func insertEvent(t *testing.T, pool *pgxpool.Pool, at time.Time) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `INSERT INTO analytics_events (project_id, prompt_id, version_number, environment, key_id,
		occurred_at, received_at, latency_ms, input_tokens, output_tokens, cost_usd, success)
		VALUES (gen_random_uuid(), gen_random_uuid(), 1, 'dev', gen_random_uuid(), $1, $1, 1, 0, 0, 0, true)`, at)
	require.NoError(t, err)
}

// insertPrompt makes the project and prompt that rollups belong to.
func insertPrompt(t *testing.T, pool *pgxpool.Pool) (projectID, promptID string) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, pool.QueryRow(ctx, "INSERT INTO projects (name, slug) VALUES ('analytics', 'analytics') RETURNING id::text").Scan(&projectID))
	require.NoError(t, pool.QueryRow(ctx, "INSERT INTO prompts (project_id, slug, name) VALUES ($1, 'p', 'P') RETURNING id::text",
		projectID).Scan(&promptID))
	return projectID, promptID
}

func insertRollup(t *testing.T, pool *pgxpool.Pool, projectID, promptID string, hour time.Time) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `INSERT INTO analytics_hourly (project_id, prompt_id, environment, hour, version_number,
		calls, errors, latency_buckets, latency_min, latency_max, input_tokens, output_tokens, cost_usd)
		VALUES ($1, $2, 'dev', $3, 1, 1, 0, '{1}', 1, 1, 0, 0, 0)`, projectID, promptID, hour)
	require.NoError(t, err)
}
