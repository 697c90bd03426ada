package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestProbes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	allOK := api.ReadinessChecks{Database: api.ReadinessCheckOk, Migrations: api.ReadinessCheckOk, Feed: api.ReadinessCheckOk}

	t.Run("LiveAndReady", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		live, err := env.Anonymous.GetLivenessWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, live.StatusCode())
		ready, err := env.Anonymous.GetReadinessWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, ready.StatusCode(), string(ready.Body))
		require.Equal(t, allOK, ready.JSON200.Checks)
	})

	t.Run("DatabaseDownIsNotReadyButLive", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, unreachableDatabase(t))
		live, err := env.Anonymous.GetLivenessWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, live.StatusCode(), "a database outage is no reason to restart the process")
		ready, err := env.Anonymous.GetReadinessWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusServiceUnavailable, ready.StatusCode(), string(ready.Body))
		require.Equal(t, api.ReadinessCheckUnavailable, ready.JSON503.Checks.Database)
		require.Equal(t, "5", ready.HTTPResponse.Header.Get("Retry-After"))
	})

	t.Run("MigrationMissingIsNotReady", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		var newest int64
		require.NoError(t, env.Pool.QueryRow(ctx, "SELECT max(version_id) FROM goose_db_version").Scan(&newest))
		_, err := env.Pool.Exec(ctx, "UPDATE goose_db_version SET is_applied = false WHERE version_id = $1", newest)
		require.NoError(t, err)
		ready, err := env.Anonymous.GetReadinessWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusServiceUnavailable, ready.StatusCode(), string(ready.Body))
		require.Equal(t, api.ReadinessChecks{Database: api.ReadinessCheckOk, Migrations: api.ReadinessCheckUnavailable, Feed: api.ReadinessCheckOk}, ready.JSON503.Checks)
	})

	// The feed's listener cut off (as by a database failover) makes the instance not ready
	// until it listens again: its caches could be stale meanwhile.
	t.Run("FeedLostIsNotReadyUntilBack", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		var sawLost bool
		for deadline := time.Now().Add(10 * time.Second); !sawLost && time.Now().Before(deadline); {
			_, err := env.Pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND query LIKE 'LISTEN %'`)
			require.NoError(t, err)
			ready, err := env.Anonymous.GetReadinessWithResponse(ctx)
			require.NoError(t, err)
			if ready.StatusCode() == http.StatusServiceUnavailable {
				require.Equal(t, api.ReadinessChecks{Database: api.ReadinessCheckOk, Migrations: api.ReadinessCheckOk, Feed: api.ReadinessCheckUnavailable}, ready.JSON503.Checks)
				sawLost = true
			}
		}
		require.True(t, sawLost, "readiness never saw the feed lost")
		require.Eventually(t, func() bool {
			ready, err := env.Anonymous.GetReadinessWithResponse(ctx)
			return err == nil && ready.StatusCode() == http.StatusOK
		}, 15*time.Second, 20*time.Millisecond, "the feed came back, and so does readiness")
	})
}
