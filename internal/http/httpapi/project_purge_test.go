package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/store/purge"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// TestProjectPurge: the job that removes a deleted project's rows leaves none in any table
// that refers to projects, directly or through other tables (read from the schema's
// foreign keys, so that a table added later is counted too), and empties each of them in
// its own batches before the project's row goes; a pass stopped midway is taken up by
// another, from where it stopped or from the start; the slug of a deleted project is free
// at once. The first two mark the project deleted by hand
// (as DeleteProject does), so that no job runs meanwhile.
func TestProjectPurge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env     *apitest.Env
		project uuid.UUID
		key     string
		owner   *api.ClientWithResponses
		purger  *purge.Purger
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		tm := newTeam(t)
		p := filledProject(t, tm)
		checked, err := p.Client.ReportVersionCheckWithResponse(ctx, "welcome", "1", nil, api.ReportCheckRequest{Name: "eval", Status: api.CheckStatusPassed})
		require.NoError(t, err)
		require.Less(t, checked.StatusCode(), 300, string(checked.Body))
		_, err = tm.env.Pool.Exec(ctx, "UPDATE projects SET deleted_at = now() WHERE id = $1", tm.project)
		require.NoError(t, err)
		return &testBundle{env: tm.env, project: tm.project, key: tm.key, owner: tm.owner, purger: purge.New(tm.env.Pool)}
	}

	t.Run("GoneBeforeItsRowsAre", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		fresh := b.env.NewInstance() // no key cached: the mark alone refuses it
		resp, err := fresh.Client(b.key).GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		for _, name := range []string{b.project.String(), "team"} {
			gone, err := b.owner.ListPromptsWithResponse(ctx, nil, inProjectNamed(name))
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, gone.StatusCode(), name)
		}
		session, err := b.owner.GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Empty(t, *session.JSON200.Data.Memberships, "no longer among the owner's projects")
		require.Equal(t, int64(1), pathRows(t, b.env, referringTables(t, b.env), b.project)["projects"], "its rows wait for the job")
	})

	t.Run("EveryTableBeforeTheProject", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		paths := referringTables(t, b.env)
		before := pathRows(t, b.env, paths, b.project)
		require.Positive(t, before["version_checks"], "the project has rows reached through its versions")
		require.Positive(t, before["webhook_deliveries"], "and through its webhooks")

		pass := b.purger.Start(b.project, purge.Cursor{})
		var last map[string]int64 // the rows left before the batch that removed the project's
		for done := false; !done; {
			last = pathRows(t, b.env, paths, b.project)
			var err error
			done, err = pass.Batch(ctx)
			require.NoError(t, err)
		}
		for table, n := range last {
			if table != "projects" && table != "environments" && table != "project_revisions" {
				require.Zero(t, n, "%s was left to the project's row, whose cascade no batch bounds", table)
			}
		}
		requireNoRows(t, pathRows(t, b.env, paths, b.project))
		requireNoRows(t, projectRows(t, b.env, b.project))
	})

	t.Run("NoBatchPastTheBound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		unbounded(t, b.env, b.project, 1500)
		paths := referringTables(t, b.env)
		before := pathRows(t, b.env, paths, b.project)
		for _, table := range []string{"release_reviews", "console_sessions", "console_flashes", "version_checks", "webhook_delivery_attempts"} {
			require.Greater(t, before[table], int64(purge.BatchRows), table)
		}

		pass := b.purger.Start(b.project, purge.Cursor{})
		left, picks := pathRows(t, b.env, paths, b.project), sessionPicks(t, b.env, b.project)
		for done := false; !done; {
			var err error
			done, err = pass.Batch(ctx)
			require.NoError(t, err)
			now, nowPicks := pathRows(t, b.env, paths, b.project), sessionPicks(t, b.env, b.project)
			touched := picks - nowPicks
			for table, n := range left {
				touched += n - now[table]
			}
			require.LessOrEqual(t, touched, int64(purge.BatchRows), "one batch removed or changed %d rows (before: %v, after: %v)", touched, left, now)
			left, picks = now, nowPicks
		}
		requireNoRows(t, left)
		require.Zero(t, picks)
	})

	t.Run("ResumesWhereItStopped", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		paths := referringTables(t, b.env)
		before := pathRows(t, b.env, paths, b.project)

		stopped := b.purger.Start(b.project, purge.Cursor{})
		for range 3 {
			done, err := stopped.Batch(ctx)
			require.NoError(t, err)
			require.False(t, done)
		}
		midway := pathRows(t, b.env, paths, b.project)
		require.Less(t, midway["webhook_deliveries"]+midway["events"], before["webhook_deliveries"]+before["events"], "the first batches removed rows")
		require.Positive(t, midway["prompts"], "and left others")

		// A crash loses the pass; River runs the job again from where it was queued.
		for _, from := range []purge.Cursor{stopped.At(), {}} {
			require.NoError(t, purgeWhole(ctx, b.purger.Start(b.project, from)))
		}
		requireNoRows(t, pathRows(t, b.env, paths, b.project))
		requireNoRows(t, projectRows(t, b.env, b.project))
	})

	t.Run("ByTheJob", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		filledProject(t, tm)
		paths := referringTables(t, tm.env)
		resp, err := tm.owner.DeleteProjectWithResponse(ctx, tm.project)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, resp.StatusCode(), string(resp.Body))
		require.Eventually(t, func() bool {
			for _, n := range pathRows(t, tm.env, paths, tm.project) {
				if n > 0 {
					return false
				}
			}
			return true
		}, 10*time.Second, 20*time.Millisecond, "the job removes every row")
		requireNoRows(t, projectRows(t, tm.env, tm.project))
	})

	t.Run("SlugFreeAtOnce", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		resp, err := tm.owner.DeleteProjectWithResponse(ctx, tm.project)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, resp.StatusCode(), string(resp.Body))
		again, err := tm.owner.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "Team", Slug: new("team")})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, again.StatusCode(), string(again.Body))
	})
}

// purgeWhole runs pass's batches until the project's row is gone.
func purgeWhole(ctx context.Context, pass *purge.Pass) error {
	for {
		done, err := pass.Batch(ctx)
		if done || err != nil {
			return err
		}
	}
}

// requireNoRows fails unless every table of rows counts none.
func requireNoRows(t *testing.T, rows map[string]int64) {
	t.Helper()
	for table, n := range rows {
		require.Zero(t, n, table)
	}
}

// fkPath is how a table's rows reach a project: the joins from it to projects, through
// the foreign keys that cascade (or forbid) its deletion. Keys that set null are not
// followed: their rows are not the project's (a console session that had picked it).
type fkPath struct {
	joins []string // "JOIN parent tN ON tN.col = tM.col AND …", from the table up
	top   string   // the alias of projects
}

// referringTables finds, from the schema's foreign keys, every table whose rows belong to
// a project, with the shortest path of joins to it.
func referringTables(t *testing.T, env *apitest.Env) map[string]fkPath {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(), `
		SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
			array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
			array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
		FROM pg_constraint c
		WHERE c.contype = 'f' AND c.confdeltype IN ('c', 'a', 'r') AND c.conrelid <> c.confrelid
			AND c.connamespace = 'public'::regnamespace`)
	require.NoError(t, err)
	type edge struct {
		child, parent string
		cols, refCols []string
	}
	var edges []edge
	for rows.Next() {
		var e edge
		require.NoError(t, rows.Scan(&e.child, &e.parent, &e.cols, &e.refCols))
		edges = append(edges, e)
	}
	require.NoError(t, rows.Err())

	// Breadth first from projects: each table's path is its parent's plus one join.
	type found struct {
		path []edge // from the table up to projects
	}
	reached := map[string]found{"projects": {}}
	frontier := []string{"projects"}
	for len(frontier) > 0 {
		var next []string
		for _, parent := range frontier {
			for _, e := range edges {
				if _, seen := reached[e.child]; seen || e.parent != parent {
					continue
				}
				reached[e.child] = found{path: append([]edge{e}, reached[parent].path...)}
				next = append(next, e.child)
			}
		}
		frontier = next
	}
	paths := make(map[string]fkPath, len(reached))
	for table, f := range reached {
		var p fkPath
		for i, e := range f.path {
			var on []string
			for j := range e.cols {
				on = append(on, fmt.Sprintf("t%d.%q = t%d.%q", i+1, e.refCols[j], i, e.cols[j]))
			}
			p.joins = append(p.joins, fmt.Sprintf("JOIN %q t%d ON %s", e.parent, i+1, strings.Join(on, " AND ")))
		}
		p.top = fmt.Sprintf("t%d", len(f.path))
		paths[table] = p
	}
	require.Contains(t, paths, "version_checks", "reached through prompts and versions")
	require.Contains(t, paths, "webhook_delivery_attempts", "reached through webhooks and deliveries")
	return paths
}

// pathRows counts the rows of project in each table of paths.
func pathRows(t *testing.T, env *apitest.Env, paths map[string]fkPath, project uuid.UUID) map[string]int64 {
	t.Helper()
	counts := make(map[string]int64, len(paths))
	for table, p := range paths {
		var n int64
		query := fmt.Sprintf("SELECT count(*) FROM %q t0 %s WHERE %s.id = $1", table, strings.Join(p.joins, " "), p.top)
		require.NoError(t, env.Pool.QueryRow(context.Background(), query, project).Scan(&n), query)
		counts[table] = n
	}
	return counts
}

// unbounded gives project n rows of each kind that no quota bounds and that a row the
// purge removes would take with it: reviews of one release, console sessions of one key
// (each with a one-time message), checks of one version (past the checks quota, as an
// operator may raise it), attempts of one delivery, and people's console sessions that
// picked the project.
func unbounded(t *testing.T, env *apitest.Env, project uuid.UUID, n int) {
	t.Helper()
	ctx := context.Background()
	release, _ := testfactory.RollingRelease(ctx, t, env.Pool, &testfactory.RollingReleaseOpts{ProjectID: project, Environment: "dev"})
	_, err := env.Pool.Exec(ctx, `WITH u AS (INSERT INTO users (email, name, password_hash)
			SELECT 'reviewer' || i || '@example.com', 'Reviewer', 'x' FROM generate_series(1, $2::int) i RETURNING id)
		INSERT INTO release_reviews (release_id, user_id, decision, actor) SELECT $1, id, 'approve', '{}' FROM u`, release, n)
	require.NoError(t, err)
	for _, statement := range []string{
		`INSERT INTO console_sessions (id_hash, key_id, csrf_token, expires_at)
		SELECT sha256(('key session ' || i)::bytea), (SELECT id FROM api_keys WHERE project_id = $1 LIMIT 1), 'csrf', now() + interval '1 day'
		FROM generate_series(1, $2::int) i`,
		`INSERT INTO console_flashes (session_id_hash, page, sealed, created_at)
		SELECT s.id_hash, 'keys', '\x00', now() FROM console_sessions s JOIN api_keys k ON k.id = s.key_id WHERE k.project_id = $1 LIMIT $2`,
		`INSERT INTO version_checks (version_id, name, status)
		SELECT v.id, 'check-' || i, 'passed' FROM generate_series(1, $2::int) i,
			(SELECT v.id FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id WHERE p.project_id = $1 LIMIT 1) v`,
		`INSERT INTO webhook_delivery_attempts (delivery_id, attempt, duration_ms)
		SELECT d.id, i, 1 FROM generate_series(1, $2::int) i,
			(SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.project_id = $1 LIMIT 1) d`,
		`INSERT INTO console_sessions (id_hash, token_id, project_id, csrf_token, expires_at)
		SELECT sha256(('person session ' || i)::bytea), (SELECT id FROM personal_tokens LIMIT 1), $1, 'csrf', now() + interval '1 day'
		FROM generate_series(1, $2::int) i`,
	} {
		_, err := env.Pool.Exec(ctx, statement, project, n)
		require.NoError(t, err, statement)
	}
}

// sessionPicks counts the console sessions that picked project.
func sessionPicks(t *testing.T, env *apitest.Env, project uuid.UUID) int64 {
	t.Helper()
	var n int64
	require.NoError(t, env.Pool.QueryRow(context.Background(), "SELECT count(*) FROM console_sessions WHERE project_id = $1", project).Scan(&n))
	return n
}
