package pgserver

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

func TestServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Not t.TempDir: its 0700 parent would keep the postgres user out when tests run as root.
	dir, err := os.MkdirTemp("", "pgserver-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })

	srv, err := Start(ctx, Options{Dir: dir, Ephemeral: true, Logger: logger})
	require.NoError(t, err)
	execSQL(t, srv, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")

	// A second Start on the same directory attaches instead of starting another server,
	// and its Stop leaves the owner's server running.
	attached, err := Start(ctx, Options{Dir: dir, Logger: logger})
	require.NoError(t, err)
	require.NoError(t, attached.Stop(ctx))
	execSQL(t, srv, "SELECT 1")

	stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, srv.Stop(stopCtx))
	require.NoFileExists(t, filepath.Join(dir, "pgdata", "postmaster.pid"))

	// Data survives a restart.
	srv, err = Start(ctx, Options{Dir: dir, Ephemeral: true, Logger: logger})
	require.NoError(t, err)
	defer func() { require.NoError(t, srv.Stop(stopCtx)) }()
	conn, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer conn.Close(ctx)
	var v int
	require.NoError(t, conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v))
	require.Equal(t, 42, v)
}

func TestMissingBinaries(t *testing.T) {
	t.Parallel()
	_, err := Start(context.Background(), Options{Dir: t.TempDir(), BinDir: "/nonexistent", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.ErrorIs(t, err, ErrNotInstalled)
	require.ErrorContains(t, err, "apt-get install postgresql")
	require.ErrorContains(t, err, "DATABASE_URL")
}

func execSQL(t *testing.T, srv *Server, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.URL("postgres"))
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	require.NoError(t, err)
}
