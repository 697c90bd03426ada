package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestReleaseAndPromoteOfAnIncluderRace: a release of a partial that grows and a promote
// of a prompt that includes it more, made at once in one environment, are each checked with
// the other: one of them is refused (409), and the includer is never live past the render
// limit. Each checked alone against what had committed, both passed, and production's
// outer composed to 70,000 bytes. The race is made certain: a webhook of release.started,
// whose row the test locks, holds the release's transaction after its checks until the
// promote has been made.
func TestReleaseAndPromoteOfAnIncluderRace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, withComposeLimit)
	p := env.NewProject("release race")
	f := newPartialFixture(t, env, p)
	outer, heavy := f.outer, f.heavy
	hook, err := p.Client.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: apitest.NewReceiver(t).URL, Events: []string{"release.started"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))

	lock, err := env.Pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = lock.Rollback(ctx) }()
	_, err = lock.Exec(ctx, "SELECT 1 FROM webhooks WHERE id = $1 FOR UPDATE", hook.JSON201.Data.Id)
	require.NoError(t, err)
	var lockPID int
	require.NoError(t, lock.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&lockPID))

	released := make(chan *api.CreateReleaseResponse, 1)
	go func() {
		resp, err := p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "part", 2)}})
		if err != nil {
			t.Error(err)
		}
		released <- resp
	}()
	require.Eventually(t, func() bool { return waiting(t, env, "$1 = ANY (pg_blocking_pids(pid))", lockPID) == 1 },
		10*time.Second, 10*time.Millisecond, "the release waits at its release.started delivery")

	promoted := make(chan *api.PromotePromptResponse, 1)
	go func() {
		resp, err := p.Client.PromotePromptWithResponse(ctx, "outer", nil, api.PromoteRequest{Environment: "production", VersionId: &heavy.Id})
		if err != nil {
			t.Error(err)
		}
		promoted <- resp
	}()
	var promote *api.PromotePromptResponse
	require.Eventually(t, func() bool {
		select {
		case promote = <-promoted:
			return true
		default: // or it waits for the release to end
			return waiting(t, env, "wait_event_type = 'Lock'") == 2
		}
	}, 10*time.Second, 10*time.Millisecond)
	require.NoError(t, lock.Rollback(ctx))

	release := <-released
	require.NotNil(t, release)
	require.Equal(t, http.StatusCreated, release.StatusCode(), string(release.Body))
	if promote == nil {
		promote = <-promoted
	}
	require.NotNil(t, promote)
	require.Equal(t, http.StatusConflict, promote.StatusCode(), string(promote.Body))
	require.Contains(t, promote.JSON409.Error.Message, "70000 bytes")
	require.NotEqual(t, heavy.Id, deployment(t, env, outer.Id, "production").VersionID)
}

// waiting counts the backends of the test's database for which where holds.
func waiting(t *testing.T, env *apitest.Env, where string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, env.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "+where, args...).Scan(&n))
	return n
}
