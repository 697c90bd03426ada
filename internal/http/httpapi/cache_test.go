package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// twoInstances is a project with a prompt whose v1 is live in production, resolved once
// through instance B so that B has cached it.
type twoInstances struct {
	a, b   *apitest.Env
	p      *apitest.Project
	prompt api.Prompt
	v1, v2 api.Version
	prodB  *api.ClientWithResponses
}

func setupTwoInstances(t *testing.T) *twoInstances {
	t.Helper()
	a := apitest.New(t)
	x := &twoInstances{a: a, b: a.NewInstance(), p: a.NewProject("cached")}
	x.prompt = a.NewPrompt(x.p, "hot")
	x.v1 = a.NewVersion(x.p, x.prompt.Id, "one")
	x.v2 = a.NewVersion(x.p, x.prompt.Id, "two")
	a.Promote(x.p, x.prompt.Id, x.v1.Id, "production")
	x.prodB = x.b.Client(a.NewKey(x.p, api.CreateApiKeyRequest{Environment: "production"}))
	require.Equal(t, 1, x.resolveB(t))
	return x
}

func (x *twoInstances) resolveB(t *testing.T) int {
	t.Helper()
	resp, err := x.prodB.ResolvePromptWithResponse(context.Background(), "hot", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.VersionNumber
}

func TestResolveCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("ChangeOnOneInstanceReachesTheOther", func(t *testing.T) {
		t.Parallel()
		x := setupTwoInstances(t)
		start := time.Now()
		x.a.Promote(x.p, x.prompt.Id, x.v2.Id, "production")
		require.Eventually(t, func() bool { return x.resolveB(t) == 2 }, time.Second, time.Millisecond)
		t.Logf("B served the new version %s after the promote on A returned", time.Since(start))
	})

	t.Run("RevokedKeyFailsOnTheOtherInstance", func(t *testing.T) {
		t.Parallel()
		x := setupTwoInstances(t)
		created, err := x.p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "staging"})
		require.NoError(t, err)
		onB := x.b.Client(created.JSON201.Data.FullKey)
		ok, err := onB.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, ok.StatusCode(), "B has the key cached now")

		revoked, err := x.p.Client.RevokeApiKeyWithResponse(ctx, created.JSON201.Data.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoked.StatusCode())
		require.Eventually(t, func() bool {
			resp, err := onB.GetCurrentProjectWithResponse(ctx)
			return err == nil && resp.StatusCode() == http.StatusUnauthorized
		}, time.Second, time.Millisecond)
	})

	t.Run("LostListenerFlushesTheCache", func(t *testing.T) {
		t.Parallel()
		x := setupTwoInstances(t)
		q := dbsqlc.New()
		// A change no notification announces: B cannot know of it…
		_, err := q.DeploymentUpsert(ctx, x.a.Pool, dbsqlc.DeploymentUpsertParams{
			PromptID: x.prompt.Id, Environment: "production", VersionID: x.v2.Id,
		})
		require.NoError(t, err)
		require.Equal(t, 1, x.resolveB(t), "served from B's cache")
		// …until its listener's connection drops: then B trusts nothing it cached.
		n, err := q.InspectTerminateListeners(ctx, x.a.Pool, events.Channel)
		require.NoError(t, err)
		require.Positive(t, n)
		require.Eventually(t, func() bool { return x.resolveB(t) == 2 }, 5*time.Second, 10*time.Millisecond)
	})
}
