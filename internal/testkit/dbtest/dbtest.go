// Package dbtest gives tests real PostgreSQL databases: one private server per test binary
// (started by the same code as the product's private database, with durability off), and
// a fresh database per test, cloned from a template migrated once per schema version.
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb connects with
	"github.com/peterldowns/pgtestdb"
	"github.com/peterldowns/pgtestdb/migrators/common"
	"go.uber.org/goleak"

	"github.com/promptops/promptops/internal/store/migrate"
	"github.com/promptops/promptops/internal/store/pgserver"
	"github.com/promptops/promptops/sql/migrations"
)

var server *pgserver.Server

// Run runs the tests of a package against a private PostgreSQL, ends what the tests shared
// (Binary's cleanups), then checks that no goroutine leaked, and returns the exit code.
// Call it from TestMain.
func Run(m *testing.M) int {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "promptops-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	server, err = pgserver.Start(ctx, pgserver.Options{Dir: dir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: start PostgreSQL:", err)
		return 1
	}
	code := m.Run()
	if binary.end() && code == 0 {
		code = 1
	}
	stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := server.Stop(stopCtx); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: stop PostgreSQL:", err)
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest: goroutines leaked:", err)
			return 1
		}
	}
	return code
}

// Config is the pgtestdb configuration of the test server.
func config() pgtestdb.Config {
	return pgtestdb.Config{
		DriverName: "pgx",
		User:       "postgres",
		Host:       "localhost",
		Port:       "5432",
		Database:   "postgres",
		// The server listens only on its unix socket; pgx takes host from the options.
		Options:                   "host=" + server.Dir() + "&sslmode=disable",
		ForceTerminateConnections: true,
	}
}

// TB is what dbtest needs of its owner: a test, or the test binary as a whole (Binary).
type TB interface {
	Cleanup(func())
	Failed() bool
	Fatalf(format string, args ...any)
	Helper()
	Logf(format string, args ...any)
}

// URL returns the connection string of a fresh migrated database for t. The database is
// dropped when t passes and kept (its URL logged) when it fails.
func URL(t TB) string {
	t.Helper()
	if server == nil {
		t.Fatalf("dbtest: no PostgreSQL; call dbtest.Run from the package's TestMain")
	}
	return pgtestdb.Custom(t, config(), migrator{}).URL()
}

// Open returns a small pool on url, closed when t ends.
func Open(t TB, url string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// migrator builds the template database with the product's own migrations.
type migrator struct{}

// Hash covers our migrations; River's come with its module version, which go.sum pins.
func (migrator) Hash() (string, error) {
	return common.HashDirs(migrations.FS, "*.sql", ".")
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	_, err := migrate.Up(ctx, db)
	return err
}
