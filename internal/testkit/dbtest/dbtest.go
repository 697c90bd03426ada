// Package dbtest gives tests real PostgreSQL databases: one server per test run, or per test
// binary when a package is tested alone (started by the same code as the product's private
// database, with durability off), and a fresh database per test, cloned from a template
// migrated once per schema version.
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
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

// SharedDirEnv names the directory of one PostgreSQL that every test binary of a run
// shares (make test sets it, and stops that server once the run is over): the first
// binary starts it there, the others attach to it. Without it, each binary starts a
// private one of its own and stops it when its tests are done.
const SharedDirEnv = "PROMPTOPS_TEST_POSTGRES"

// sharedServerWaiter is the goroutine of pgserver that waits for the server it started.
const sharedServerWaiter = "github.com/promptops/promptops/internal/store/pgserver.(*Server).start.func1"

// Run runs the tests of a package against PostgreSQL (the run's shared one, or a private
// one), ends what the tests shared (Binary's cleanups), then checks that no goroutine
// leaked, and returns the exit code. Call it from TestMain.
func Run(m *testing.M) int {
	ctx := context.Background()
	stop, err := startServer(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: start PostgreSQL:", err)
		return 1
	}
	code := m.Run()
	if binary.end() && code == 0 {
		code = 1
	}
	if err := stop(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: stop PostgreSQL:", err)
	}
	if code == 0 {
		// The shared server's waiter stays: the binary that started it for the run waits on
		// it until it exits.
		if err := goleak.Find(goleak.IgnoreAnyFunction(sharedServerWaiter)); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest: goroutines leaked:", err)
			return 1
		}
	}
	return code
}

// startServer starts or attaches to the tests' PostgreSQL, with durability off, and
// returns what ends this binary's use of it: stopping a private server, nothing for the
// shared one.
func startServer(ctx context.Context) (stop func(context.Context) error, err error) {
	logger := slog.New(slog.DiscardHandler)
	if dir := os.Getenv(SharedDirEnv); dir != "" {
		server, err = attach(ctx, dir, logger)
		return func(context.Context) error { return nil }, err
	}
	dir, err := os.MkdirTemp("", "promptops-test-")
	if err != nil {
		return nil, err
	}
	server, err = pgserver.Start(ctx, pgserver.Options{Dir: dir, Ephemeral: true, Logger: logger})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return func(ctx context.Context) error {
		defer os.RemoveAll(dir)
		stopCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		return server.Stop(stopCtx)
	}, nil
}

// attach starts the run's shared PostgreSQL in dir, or attaches to it when another test
// binary has: a lock file in dir makes the binaries that start at once take turns, so that
// one makes the cluster and the others find it running.
func attach(ctx context.Context, dir string, logger *slog.Logger) (*pgserver.Server, error) {
	lock, err := os.OpenFile(filepath.Join(dir, "dbtest.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("the shared server's lock (%s): %w", SharedDirEnv, err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return nil, fmt.Errorf("lock %s: %w", lock.Name(), err)
	}
	return pgserver.Start(ctx, pgserver.Options{Dir: dir, Ephemeral: true, Detached: true, Logger: logger})
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

// Open returns a small pool on url, closed when t ends; each configure func changes its
// config first (a tracer, say).
func Open(t TB, url string, configure ...func(*pgxpool.Config)) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	cfg.MaxConns = 8
	for _, f := range configure {
		f(cfg)
	}
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
