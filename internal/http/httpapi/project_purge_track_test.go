package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/purge"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestProjectPurgeTrack: analytics events, which no foreign key ties to their project,
// do not outlive a deleted project. A track batch in flight when the project is marked
// deleted commits before the mark, so the purge queued with the mark removes its events;
// a batch that comes after the mark (its key still cached) stores nothing.
func TestProjectPurgeTrack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env     *apitest.Env
		project uuid.UUID
		client  *api.ClientWithResponses
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		tm := newTeam(t)
		p := &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: tm.env.Client(tm.key)}
		prompt := tm.env.NewPrompt(p, "welcome")
		tm.env.NewVersion(p, prompt.Id, "Hello")
		return &testBundle{env: tm.env, project: tm.project, client: p.Client}
	}

	t.Run("BatchInFlightAtTheMark", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		// The batch's last write (its analytics storage) waits for this lock, after its
		// COPY: the batch is held in flight.
		held, err := b.env.Pool.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = held.Rollback(ctx) }()
		_, err = held.Exec(ctx, "LOCK TABLE storage_usage IN SHARE MODE")
		require.NoError(t, err)

		type answer struct {
			resp *api.TrackEventsResponse
			err  error
		}
		tracked := make(chan answer, 1)
		body := trackBody(t)
		go func() {
			resp, err := b.client.TrackEventsWithResponse(ctx, nil, body)
			tracked <- answer{resp, err}
		}()
		waitForLockWaiters(t, b.env.Pool, 1)

		// As DeleteProject and the job it queues do: the mark, then the purge.
		purged := make(chan error, 1)
		go func() { purged <- markAndPurge(ctx, b.env.Pool, b.project) }()
		// Without the batch holding the project, the mark goes through and the purge reads
		// the partitions, then waits at storage_usage; with it, the mark waits for the batch.
		waitForLockWaiters(t, b.env.Pool, 2)
		require.NoError(t, held.Rollback(ctx))

		a := <-tracked
		require.NoError(t, a.err)
		require.Equal(t, http.StatusAccepted, a.resp.StatusCode(), string(a.resp.Body))
		require.NoError(t, <-purged)
		require.Zero(t, analyticsEventsOf(t, b.env, b.project), "the batch's events went with the project")
		requireNoRows(t, projectRows(t, b.env, b.project))
	})

	t.Run("BatchAfterTheMark", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.client.TrackEventsWithResponse(ctx, nil, trackBody(t))
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, resp.StatusCode(), "the key is cached now: %s", resp.Body)
		_, err = dbsqlc.New().ProjectMarkDeleted(ctx, b.env.Pool, b.project)
		require.NoError(t, err)

		resp, err = b.client.TrackEventsWithResponse(ctx, nil, trackBody(t))
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		require.Equal(t, gateway.UnknownKey, resp.JSON401.Error.Message, "the words the gateway says of the key from now on")
		require.Equal(t, int64(1), analyticsEventsOf(t, b.env, b.project), "the later batch stored nothing")
	})
}

// trackBody is a batch of one event of "welcome" version 1.
func trackBody(t *testing.T) api.TrackRequest {
	t.Helper()
	var body api.TrackRequest
	require.NoError(t, body.FromAnalyticsEventBatch(api.AnalyticsEventBatch{Events: []api.AnalyticsEvent{
		{Type: "prompt.used", Slug: "welcome", VersionNumber: 1, LatencyMs: 10, Success: true}}}))
	return body
}

// markAndPurge marks project deleted (as DeleteProject does) and then removes its rows in
// one pass (as the job queued with the mark does).
func markAndPurge(ctx context.Context, pool *pgxpool.Pool, project uuid.UUID) error {
	if _, err := dbsqlc.New().ProjectMarkDeleted(ctx, pool, project); err != nil {
		return err
	}
	return purgeWhole(ctx, purge.New(pool).Start(project, purge.Cursor{}))
}

// waitForLockWaiters waits until at least n sessions of the test's database wait for a
// lock.
func waitForLockWaiters(t *testing.T, pool *pgxpool.Pool, n int) {
	t.Helper()
	require.Eventually(t, func() bool {
		var waiting int
		err := pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		return err == nil && waiting >= n
	}, 10*time.Second, 5*time.Millisecond, "%d sessions waiting for a lock", n)
}

// analyticsEventsOf counts project's analytics events.
func analyticsEventsOf(t *testing.T, env *apitest.Env, project uuid.UUID) int64 {
	t.Helper()
	var n int64
	require.NoError(t, env.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM analytics_events WHERE project_id = $1", project).Scan(&n))
	return n
}
