package pgserver

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
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

// TestUnreachableDir: a folder the postgres user cannot enter, above the data directory,
// stops Start with both fixes named, and the first fix works.
func TestUnreachableDir(t *testing.T) {
	t.Parallel()
	// base (0700, as mktemp -d makes) / open (0755) / closed (0700) / data
	base, err := os.MkdirTemp("", "pgserver-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	open, closed := filepath.Join(base, "open"), filepath.Join(base, "open", "closed")
	require.NoError(t, os.Mkdir(open, 0o755))
	require.NoError(t, os.Mkdir(closed, 0o700))
	require.NoError(t, os.Chmod(open, 0o755)) // whatever the umask
	data := filepath.Join(closed, "data")
	wantErr := "cannot enter " + base + " (mode 0700) or " + closed + " (mode 0700) on the way to " + data + "; " +
		"either let it through with `chmod o+x " + base + " " + closed + "`, " +
		"or keep the data somewhere it can reach, with --data-dir or PROMPTOPS_DATA_DIR"

	// Not parallel: Start's subtest opens the folders.
	t.Run("EveryBlockedFolderNamed", func(t *testing.T) {
		// Any user's folders are closed to a user who is neither their owner nor in their group.
		stranger := &syscall.Credential{Uid: 1 << 30, Gid: 1 << 30}
		require.ErrorContains(t, reachable(data, stranger), wantErr)
		require.NoError(t, reachable(open, &syscall.Credential{Uid: uint32(os.Getuid()), Gid: 1 << 30}), "the owner was kept out")
	})

	t.Run("Start", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("only root hands the database to the postgres user")
		}
		ctx := context.Background()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		_, err := Start(ctx, Options{Dir: data, Ephemeral: true, Logger: logger})
		require.ErrorContains(t, err, wantErr)

		require.NoError(t, exec.Command("chmod", "o+x", base, closed).Run())
		srv, err := Start(ctx, Options{Dir: data, Ephemeral: true, Logger: logger})
		require.NoError(t, err, "the fix the message names did not work")
		require.NoError(t, srv.Stop(ctx))
	})
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
