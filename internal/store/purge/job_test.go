package purge

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/store/database"
	"github.com/promptops/promptops/internal/store/jobs"
	"github.com/promptops/promptops/internal/testkit/dbtest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// TestProjectPurgeRuns: a purge whose runs are too short to finish queues the next run
// from where it stopped, each run going on from its predecessor's cursor (a table taking
// several runs too), until every row of the project is gone.
func TestProjectPurgeRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.Open(t, dbtest.URL(t))
	project := testfactory.Project(ctx, t, pool, nil)
	prompt := testfactory.Prompt(ctx, t, pool, &testfactory.PromptOpts{ProjectID: project.ID})
	testfactory.Version(ctx, t, pool, &testfactory.VersionOpts{ProjectID: project.ID, PromptID: prompt.ID})
	testfactory.APIKey(ctx, t, pool, &testfactory.APIKeyOpts{ProjectID: project.ID})
	// Events take three batches, so three runs of one batch each.
	_, err := pool.Exec(ctx, `INSERT INTO events (project_id, type, data)
		SELECT $1, 'prompt.created', '{}' FROM generate_series(1, 2500)`, project.ID)
	require.NoError(t, err)

	// Each run removes one batch: it stops as soon as its time, none, is up.
	logger := slog.New(slog.NewTextHandler(t.Output(), nil))
	client, err := jobs.New(pool, jobs.Options{Logger: logger}, jobsRunningFor(pool, logger, 0))
	require.NoError(t, err)
	require.NoError(t, client.Start(ctx))
	t.Cleanup(func() { require.NoError(t, client.Stop(context.WithoutCancel(ctx))) })
	err = database.WithTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := dbsqlc.New().ProjectMarkDeleted(ctx, tx, project.ID); err != nil {
			return err
		}
		return client.InsertManyTx(ctx, tx, []river.InsertManyParams{{Args: Args{ProjectID: project.ID}}})
	})
	require.NoError(t, err)

	require.Eventually(t, func() bool {
		var n int
		err := pool.QueryRow(ctx, "SELECT count(*) FROM projects WHERE id = $1", project.ID).Scan(&n)
		return err == nil && n == 0
	}, 30*time.Second, 10*time.Millisecond, "the runs remove the project's row at last")
	for table, n := range projectRowCounts(t, pool, project.ID) {
		require.Zero(t, n, table)
	}

	runs := purgeRuns(t, pool)
	pass := New(pool).Start(project.ID, Cursor{})
	kinds := len(pass.batches)
	require.Greater(t, len(runs), kinds+2, "one run a batch: one a kind, two more for the events")
	for i, run := range runs {
		require.Equal(t, i, run.Run, "run %d", i)
		require.Equal(t, project.ID, run.ProjectID)
		if i > 0 {
			at, prev := pass.indexOf(run.From.Table), pass.indexOf(runs[i-1].From.Table)
			require.GreaterOrEqual(t, at, prev, "run %d goes on from its predecessor", i)
			require.LessOrEqual(t, at, prev+1, "run %d skips no kind", i)
		}
	}
	require.Equal(t, Cursor{}, runs[0].From)
	require.Equal(t, lastKind, runs[len(runs)-1].From.Table, "the last run removes the project's row")
	events := 0
	for _, run := range runs {
		if run.From.Table == "events" {
			events++
		}
	}
	require.Equal(t, 3, events, "the events' three batches took three runs from the same cursor")
}

// purgeRuns are the purge jobs' arguments in the order they were queued, once every run
// has completed.
func purgeRuns(t *testing.T, pool *pgxpool.Pool) []Args {
	t.Helper()
	ctx := context.Background()
	require.Eventually(t, func() bool {
		var unfinished int
		err := pool.QueryRow(ctx, "SELECT count(*) FROM river_job WHERE kind = $1 AND state <> 'completed'", Args{}.Kind()).Scan(&unfinished)
		return err == nil && unfinished == 0
	}, 10*time.Second, 10*time.Millisecond, "every run completes")
	rows, err := pool.Query(ctx, "SELECT args FROM river_job WHERE kind = $1 ORDER BY id", Args{}.Kind())
	require.NoError(t, err)
	raws, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	require.NoError(t, err)
	runs := make([]Args, len(raws))
	for i, raw := range raws {
		require.NoError(t, json.Unmarshal(raw, &runs[i]))
	}
	return runs
}

// projectRowCounts counts project's rows in every table with a project_id column.
func projectRowCounts(t *testing.T, pool *pgxpool.Pool, project uuid.UUID) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT table_name::text FROM information_schema.columns
		WHERE table_schema = 'public' AND column_name = 'project_id'`)
	require.NoError(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	counts := make(map[string]int64, len(tables))
	for _, table := range tables {
		var n int64
		query := "SELECT count(*) FROM " + pgx.Identifier{table}.Sanitize() + " WHERE project_id = $1"
		require.NoError(t, pool.QueryRow(ctx, query, project).Scan(&n))
		counts[table] = n
	}
	require.Contains(t, counts, "events")
	return counts
}

// TestCursorNamesItsTable: a run resumes at the table its cursor names, whatever position
// that table has in this version's order; a name this version does not purge, or a cursor
// of the numbered form, starts the pass over.
func TestCursorNamesItsTable(t *testing.T) {
	project := uuid.New()
	purger := New(nil)
	for i, table := range []string{"webhook_deliveries", "analytics_events", "prompts", "connections"} {
		at := Cursor{Table: table, Partition: "analytics_events_p2026_12", Page: 128 * uint32(i)}
		pass := purger.Start(project, at)
		require.Equal(t, table, pass.nameOf(pass.kind), "resumes at %s", table)
		require.Equal(t, at, pass.At())
	}

	last := purger.Start(project, Cursor{Table: lastKind})
	require.Len(t, last.batches, last.kind, "the project's row comes after every table")

	unknown := purger.Start(project, Cursor{Table: "a_table_no_longer_purged", Partition: "p", Page: 9})
	require.Zero(t, unknown.kind)
	require.Equal(t, Cursor{}, unknown.At(), "starts over")

	var numbered Args
	require.NoError(t, json.Unmarshal([]byte(`{"projectId":"`+project.String()+`","from":{"kind":7}}`), &numbered))
	require.Zero(t, purger.Start(project, numbered.From).kind, "a numbered cursor starts over")
}
