package server_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// TestLifecycle: Start runs every part of an instance and Stop ends them all, leaving no
// goroutine behind; Stop is safe before Start, after a failed Start and twice. (Not
// parallel: goleak looks at every goroutine of the process.)
func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	key, err := secrets.ParseKey(secrets.GenerateKey())
	require.NoError(t, err)
	// newServer builds an instance on a pool of its own, closed by the caller.
	newServer := func(t *testing.T, databaseURL string) (*server.Server, *pgxpool.Pool) {
		pool, err := pgxpool.New(ctx, databaseURL)
		require.NoError(t, err)
		srv, err := server.New(server.Options{
			Pool: pool, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SignupRateLimit: 1, SecretKey: key,
		})
		require.NoError(t, err)
		return srv, pool
	}

	t.Run("StartThenStop", func(t *testing.T) {
		databaseURL := dbtest.URL(t)
		before := goleak.IgnoreCurrent()
		srv, pool := newServer(t, databaseURL)
		require.NoError(t, srv.Start(ctx))
		require.Error(t, srv.Start(ctx), "an instance starts once")
		require.NoError(t, srv.Stop(ctx))
		require.NoError(t, srv.Stop(ctx), "a second Stop does nothing")
		pool.Close()
		goleak.VerifyNone(t, before)
	})

	t.Run("StopWithoutStart", func(t *testing.T) {
		databaseURL := dbtest.URL(t)
		before := goleak.IgnoreCurrent()
		srv, pool := newServer(t, databaseURL)
		require.NoError(t, srv.Stop(ctx))
		pool.Close()
		goleak.VerifyNone(t, before)
	})

	t.Run("StopAfterFailedStart", func(t *testing.T) {
		before := goleak.IgnoreCurrent()
		// A database that does not exist: Start fails at its first step.
		srv, pool := newServer(t, "postgres://nobody@/none?host=/nonexistent&connect_timeout=1")
		require.Error(t, srv.Start(ctx))
		require.NoError(t, srv.Stop(ctx))
		pool.Close()
		goleak.VerifyNone(t, before)
	})
}
