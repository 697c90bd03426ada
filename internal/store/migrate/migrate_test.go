package migrate_test

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/store/migrate"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// TestConcurrentInstances: instances starting at the same moment on an empty database all
// succeed, and the migrations are applied once.
func TestConcurrentInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("pgx", dbtest.URL(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	// A fresh migrated database, emptied: what a new deployment starts from.
	_, err = db.ExecContext(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
	require.NoError(t, err)

	applied := make([]int, 4)
	var wg sync.WaitGroup
	for i := range applied {
		wg.Go(func() {
			n, err := migrate.Up(ctx, db)
			require.NoError(t, err)
			applied[i] = n
		})
	}
	wg.Wait()
	total := 0
	for _, n := range applied {
		total += n
	}
	again, err := migrate.Up(ctx, db)
	require.NoError(t, err)
	require.Zero(t, again)
	require.Positive(t, total)
	require.Equal(t, 1, countNonZero(applied), "one instance applied everything, the others found nothing to do: %v", applied)
}

func countNonZero(ns []int) int {
	n := 0
	for _, v := range ns {
		if v > 0 {
			n++
		}
	}
	return n
}
