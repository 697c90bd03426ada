package main

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// TestUsageFlushes runs the server with a usage flush every 200ms on a database of the
// test's own, which the test reads while the server runs and after it is gone: counts are
// written without a shutdown, a SIGKILL loses only the counts of the last interval, and a
// SIGTERM loses none.
func TestUsageFlushes(t *testing.T) {
	t.Parallel()
	databaseURL := dbtest.URL(t)
	const interval = 200 * time.Millisecond
	env := []string{"DATABASE_URL=" + databaseURL, "PROMPTOPS_SECRET_KEY=" + testSecretKey,
		"PROMPTOPS_USAGE_FLUSH_INTERVAL=" + interval.String(), "PROMPTOPS_RATE_LIMIT=1000000"}
	addr := freeAddr(t)
	base := "http://" + addr
	dataDir := t.TempDir()
	p := startWithEnv(t, dataDir, env, "serve", "--addr", addr)
	waitHealthy(t, p, base)

	var project struct {
		APIKey  string `json:"apiKey"`
		Project struct {
			ID uuid.UUID `json:"id"`
		} `json:"project"`
	}
	send(t, http.MethodPost, base+"/api/v1/projects", "", map[string]string{"name": "usage"}).data(t, &project)
	poolConf, err := pgxpool.ParseConfig(databaseURL)
	require.NoError(t, err)
	poolConf.ConnConfig.RuntimeParams["application_name"] = "usage-test"
	pool, err := pgxpool.NewWithConfig(context.Background(), poolConf)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	stored := func() int64 {
		rows, err := dbsqlc.New().UsageRequestDays(context.Background(), pool, dbsqlc.UsageRequestDaysParams{
			ProjectID: project.Project.ID, Since: time.Now().AddDate(0, 0, -2), KeysPerDay: math.MaxInt32,
		})
		require.NoError(t, err)
		var n int64
		for _, r := range rows {
			n += r.Requests
		}
		return n
	}
	me := func() {
		r := send(t, http.MethodGet, base+"/api/v1/projects/me", project.APIKey, nil)
		require.Equal(t, http.StatusOK, r.status, string(r.body))
	}

	const first = 50
	for range first {
		me()
	}
	require.Eventually(t, func() bool { return stored() == first }, 10*time.Second, 20*time.Millisecond,
		"the counts were not flushed while the server ran:\n%s", p.output())

	// Requests for a second, then SIGKILL at once: whatever was answered more than an
	// interval (and a margin for a loaded machine) before the kill had a flush after it.
	var answered []time.Time
	for start := time.Now(); time.Since(start) < time.Second; {
		me()
		answered = append(answered, time.Now())
	}
	killedAt := time.Now()
	kill(t, p, dataDir)
	// A flush the server sent before it died may still be committing: its backend finishes
	// the statement, then exits. Count once the killed server's backends are gone.
	require.Eventually(t, func() bool {
		var others int
		require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name <> 'usage-test' AND backend_type = 'client backend'`).Scan(&others))
		return others == 0
	}, 10*time.Second, 20*time.Millisecond, "the killed server's connections never closed")
	const margin = 500 * time.Millisecond
	var old int64
	for _, at := range answered {
		if at.Before(killedAt.Add(-interval - margin)) {
			old++
		}
	}
	afterKill := stored()
	lost := first + int64(len(answered)) - afterKill
	t.Logf("SIGKILL: %d of %d requests counted; %d lost, of the %d answered in the last %s before the kill",
		afterKill, first+len(answered), lost, int64(len(answered))-old, interval+margin)
	require.GreaterOrEqual(t, lost, int64(0), "a count was written twice")
	require.GreaterOrEqual(t, afterKill, first+old, "counts older than an interval were lost")

	p = startWithEnv(t, dataDir, env, "serve", "--addr", addr)
	waitHealthy(t, p, base)
	const last = 30
	for range last {
		me()
	}
	stop(t, p)
	require.Equal(t, afterKill+last, stored(), "SIGTERM must write every count first:\n%s", p.output())
}
