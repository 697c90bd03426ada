package analytics_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// TestMinRetention holds the configuration's least retention to a day more than the oldest
// event track accepts: less, and a partition could be dropped while its day still takes
// events.
func TestMinRetention(t *testing.T) {
	t.Parallel()
	require.Equal(t, analytics.MaxAge+24*time.Hour, config.MinAnalyticsRetention)
}

func TestMaintain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

	t.Run("CreatesTheWindow", func(t *testing.T) {
		t.Parallel()
		pool := dbtest.Open(t, dbtest.URL(t))
		p, err := analytics.Maintain(ctx, pool, now, config.DefaultAnalyticsRetention)
		require.NoError(t, err)
		// From 7 days back (3 March) to 3 days ahead (13 March).
		require.Len(t, p.Created, 11)
		require.Equal(t, "analytics_events_p20260303", p.Created[0])
		require.Equal(t, "analytics_events_p20260313", p.Created[10])
		require.Empty(t, p.Dropped)

		again, err := analytics.Maintain(ctx, pool, now, config.DefaultAnalyticsRetention)
		require.NoError(t, err)
		require.Empty(t, again.Created)
		require.Empty(t, again.Dropped)
	})

	t.Run("DropsPastRetention", func(t *testing.T) {
		t.Parallel()
		pool := dbtest.Open(t, dbtest.URL(t))
		_, err := analytics.Maintain(ctx, pool, now, config.DefaultAnalyticsRetention)
		require.NoError(t, err)
		_, err = pool.Exec(ctx, `INSERT INTO analytics_events (project_id, prompt_id, version_number, environment, key_id,
			occurred_at, received_at, latency_ms, input_tokens, output_tokens, cost_usd, success)
			VALUES (gen_random_uuid(), gen_random_uuid(), 1, 'dev', gen_random_uuid(), $1, $1, 1, 0, 0, 0, true)`, now.AddDate(0, 0, -7))
		require.NoError(t, err)

		// On 19 March at 15:00, with a retention of 15 days: 3 March ended more than 15
		// days ago (its partition and its event go), 4 March did not.
		later := now.AddDate(0, 0, 9)
		p, err := analytics.Maintain(ctx, pool, later, 15*24*time.Hour)
		require.NoError(t, err)
		require.Equal(t, []string{"analytics_events_p20260303"}, p.Dropped)
		require.Contains(t, p.Created, "analytics_events_p20260322")
		var events int
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM analytics_events").Scan(&events))
		require.Zero(t, events)
	})

	t.Run("ConcurrentInstances", func(t *testing.T) {
		t.Parallel()
		pool := dbtest.Open(t, dbtest.URL(t))
		var wg sync.WaitGroup
		created := make([][]string, 4)
		for i := range created {
			wg.Go(func() {
				p, err := analytics.Maintain(ctx, pool, now, config.DefaultAnalyticsRetention)
				require.NoError(t, err)
				created[i] = p.Created
			})
		}
		wg.Wait()
		total := 0
		for _, c := range created {
			total += len(c)
		}
		require.Equal(t, 11, total)
	})
}
