// Package migrate brings a database's schema up to date: the embedded goose migrations in
// sql/migrations (PromptOps's own tables), then River's (the job queue of webhook deliveries
// and the analytics partition job).
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/promptops/promptops/sql/migrations"
)

// lockKey is the PostgreSQL advisory lock held while migrating (any 64-bit number no other
// code of ours locks).
const lockKey = 7_133_002

// Up applies every pending migration and returns how many it applied. One session lock,
// held on a connection of its own across both sets, serialises instances that start at the
// same time against one database: the second waits, then finds nothing to do. (goose's own
// lock would cover its migrations only, and River's would race.)
func Up(ctx context.Context, db *sql.DB) (applied int, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return 0, fmt.Errorf("migration lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey); uerr != nil {
			err = errors.Join(err, fmt.Errorf("migration unlock: %w", uerr))
		}
	}()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		return 0, fmt.Errorf("load migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("apply migrations: %w", err)
	}
	migrator, err := rivermigrate.New(riverdatabasesql.New(db), nil)
	if err != nil {
		return len(results), fmt.Errorf("river migrations: %w", err)
	}
	riverResult, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return len(results), fmt.Errorf("apply river migrations: %w", err)
	}
	return len(results) + len(riverResult.Versions), nil
}

// Current reports whether the database has every migration of this binary applied (or a
// newer one: an instance of a later release may have migrated it first).
func Current(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	want, err := newest()
	if err != nil {
		return false, err
	}
	var have int64
	err = pool.QueryRow(ctx, "SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&have)
	if err != nil {
		return false, fmt.Errorf("applied migrations: %w", err)
	}
	return have >= want, nil
}

// newest is the version of the newest embedded migration (its file name's number), read
// once: readiness asks on every probe.
var newest = sync.OnceValues(func() (int64, error) {
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		return 0, fmt.Errorf("list migrations: %w", err)
	}
	var version int64
	for _, e := range entries {
		number, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(number, 10, 64); err == nil {
			version = max(version, v)
		}
	}
	return version, nil
})
