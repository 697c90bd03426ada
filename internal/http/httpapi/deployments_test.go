package httpapi_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

func TestPromotePrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env     *apitest.Env
		p       *apitest.Project
		prompt  api.Prompt
		version api.Version
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		prompt := env.NewPrompt(p, "promoted")
		return &testBundle{env: env, p: p, prompt: prompt, version: env.NewVersion(p, prompt.Id, "u")}
	}

	t.Run("PromoteIsIdempotent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := b.env.Promote(b.p, b.prompt.Id, b.version.Id, "staging")
		again := b.env.Promote(b.p, b.prompt.Id, b.version.Id, "staging")
		require.Equal(t, first, again)
		hist, err := b.p.Client.ListDeploymentsWithResponse(ctx, b.prompt.Id.String(), &api.ListDeploymentsParams{Environment: new("staging")})
		require.NoError(t, err)
		require.Len(t, hist.JSON200.Data, 1)
	})

	t.Run("VersionOfAnotherPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		other := b.env.NewPrompt(b.p, "other")
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.PromotePromptWithResponse(ctx, other.Id.String(), nil, api.PromoteRequest{Environment: "production", VersionId: &b.version.Id})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("UnknownPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.PromotePromptWithResponse(ctx, uuid.New().String(), nil, api.PromoteRequest{Environment: "production", VersionId: new(uuid.New())})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})

	t.Run("BadEnvironment", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts/"+b.prompt.Id.String()+"/promote", b.p.Key, "application/json",
			`{"environment":"qa","versionId":"`+b.version.Id.String()+`"}`))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/environment"}, fieldNames(e))
		require.Equal(t, before, b.env.RowsOf(b.p))
	})
}

func TestRollbackPrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env    *apitest.Env
		p      *apitest.Project
		prompt api.Prompt
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		return &testBundle{env: env, p: p, prompt: env.NewPrompt(p, "rolled")}
	}
	rollback := func(t *testing.T, b *testBundle, promptID uuid.UUID, e api.Environment) *api.RollbackPromptResponse {
		t.Helper()
		resp, err := b.p.Client.RollbackPromptWithResponse(ctx, promptID.String(), nil, api.RollbackRequest{Environment: e})
		require.NoError(t, err)
		return resp
	}

	t.Run("WalksDownTheHistory", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var versions []api.Version
		for range 3 {
			v := b.env.NewVersion(b.p, b.prompt.Id, "u")
			versions = append(versions, v)
			b.env.Promote(b.p, b.prompt.Id, v.Id, "production")
		}
		require.Equal(t, 2, rollback(t, b, b.prompt.Id, "production").JSON200.Data.VersionNumber)
		require.Equal(t, 1, rollback(t, b, b.prompt.Id, "production").JSON200.Data.VersionNumber)

		before := b.env.RowsOf(b.p)
		resp := rollback(t, b, b.prompt.Id, "production")
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Equal(t, before, b.env.RowsOf(b.p))

		// A promotion after rollbacks is rolled back to where the rollbacks left off.
		b.env.Promote(b.p, b.prompt.Id, versions[2].Id, "production")
		require.Equal(t, versions[0].Id, rollback(t, b, b.prompt.Id, "production").JSON200.Data.ActiveVersionId)

		hist, err := b.p.Client.ListDeploymentsWithResponse(ctx, b.prompt.Id.String(), &api.ListDeploymentsParams{Environment: new("production")})
		require.NoError(t, err)
		var actions []api.DeploymentHistoryEntryAction
		for _, h := range hist.JSON200.Data {
			actions = append(actions, h.Action)
			require.Equal(t, b.p.Key[:12], h.KeyPrefix.MustGet())
		}
		require.Equal(t, []api.DeploymentHistoryEntryAction{"rollback", "promote", "rollback", "rollback", "promote", "promote", "promote"}, actions)
		require.Equal(t, versions[2].Id, hist.JSON200.Data[0].PreviousVersionId.MustGet())
	})

	t.Run("NothingDeployed", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp := rollback(t, b, b.prompt.Id, "staging")
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
		require.Contains(t, resp.JSON409.Error.Message, "staging", "the message names the environment")
		require.Equal(t, before, b.env.RowsOf(b.p), "nothing was written")
	})

	t.Run("UnknownPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		require.Equal(t, http.StatusNotFound, rollback(t, b, uuid.New(), "staging").StatusCode())
	})
}

func TestListDeployments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "hist")
	v1 := env.NewVersion(p, prompt.Id, "u")
	v2 := env.NewVersion(p, prompt.Id, "u")
	env.Promote(p, prompt.Id, v1.Id, "staging")

	resp, err := p.Client.ListDeploymentsWithResponse(ctx, prompt.Id.String(), &api.ListDeploymentsParams{Limit: new(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	require.Equal(t, api.Pagination{Total: 3, Page: 1, Limit: 2, Pages: 2}, resp.JSON200.Meta.Pagination)
	newest := resp.JSON200.Data[0]
	require.Equal(t, "staging", newest.Environment)
	require.Equal(t, v1.Id, newest.VersionId)
	require.True(t, newest.PreviousVersionId.IsNull())
	require.Equal(t, v2.Id, resp.JSON200.Data[1].VersionId, "creating v2 deployed it to dev")

	missing, err := p.Client.ListDeploymentsWithResponse(ctx, uuid.New().String(), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
}

// TestConcurrentPromotesAndRollbacks races promotions and rollbacks on one environment and
// checks that the recorded history, replayed oldest first, ends at the live version.
func TestConcurrentPromotesAndRollbacks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "raced")
	var versions []*dbsqlc.PromptVersion
	for range 4 {
		versions = append(versions, testfactory.Version(ctx, t, env.Pool, &testfactory.VersionOpts{ProjectID: p.UUID(), PromptID: prompt.Id}))
	}
	const prod = "production"
	env.Promote(p, prompt.Id, versions[0].ID, prod)

	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if i%3 == 0 {
				_, _ = p.Client.RollbackPromptWithResponse(ctx, prompt.Id.String(), nil, api.RollbackRequest{Environment: prod})
				return
			}
			v := versions[rand.IntN(len(versions))]
			_, _ = p.Client.PromotePromptWithResponse(ctx, prompt.Id.String(), nil, api.PromoteRequest{Environment: prod, VersionId: &v.ID})
		})
	}
	wg.Wait()

	hist, err := p.Client.ListDeploymentsWithResponse(ctx, prompt.Id.String(), &api.ListDeploymentsParams{Environment: new(prod), Limit: new(100)})
	require.NoError(t, err)
	entries := hist.JSON200.Data
	require.Equal(t, len(entries), hist.JSON200.Meta.Pagination.Total)
	var live uuid.UUID
	for i := len(entries) - 1; i >= 0; i-- {
		if i < len(entries)-1 {
			require.Equal(t, live, entries[i].PreviousVersionId.MustGet(), "entry %d does not start where the one before ended", entries[i].Id)
		}
		live = entries[i].VersionId
	}
	detail, err := p.Client.GetPromptWithResponse(ctx, prompt.Id.String())
	require.NoError(t, err)
	for _, d := range detail.JSON200.Data.Deployments {
		if d.Environment == prod {
			require.Equal(t, live, d.ActiveVersionId)
		}
	}
	resolved, err := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: prod})).ResolvePromptWithResponse(ctx, "raced", nil)
	require.NoError(t, err)
	require.Equal(t, live, resolved.JSON200.Data.VersionId)
}

// TestEnvironmentBoundsWrites: a key without admin promotes and rolls back only its own
// environment; an admin key (a project's first key is dev + admin) may change any.
func TestEnvironmentBoundsWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env     *apitest.Env
		p       *apitest.Project
		prompt  api.Prompt
		v1, v2  api.Version
		staging *api.ClientWithResponses
	}
	// setup has v1 then v2 promoted to staging and to production, and a staging key that
	// can write prompts but has no admin.
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		b := &testBundle{env: env, p: p, prompt: env.NewPrompt(p, "bounded")}
		b.v1 = env.NewVersion(p, b.prompt.Id, "one")
		b.v2 = env.NewVersion(p, b.prompt.Id, "two")
		for _, e := range []api.Environment{"staging", "production"} {
			env.Promote(p, b.prompt.Id, b.v1.Id, e)
			env.Promote(p, b.prompt.Id, b.v2.Id, e)
		}
		b.staging = env.Client(env.NewKey(p, api.CreateApiKeyRequest{
			Environment: "staging", Scopes: &[]api.Scope{api.ScopePromptsRead, api.ScopePromptsWrite},
		}))
		return b
	}

	t.Run("PromoteOutsideForbidden", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp, err := b.staging.PromotePromptWithResponse(ctx, b.prompt.Id.String(), nil, api.PromoteRequest{Environment: "production", VersionId: &b.v1.Id})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode())
		e := resp.JSON403.Error
		require.Equal(t, api.ErrorCodeFORBIDDEN, e.Code)
		require.Equal(t, "staging", *e.Details.Environment)
		require.Contains(t, e.Message, "production")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("RollbackOutsideForbidden", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp, err := b.staging.RollbackPromptWithResponse(ctx, b.prompt.Id.String(), nil, api.RollbackRequest{Environment: "production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode())
		require.Equal(t, "staging", *resp.JSON403.Error.Details.Environment)
		require.Equal(t, before, b.env.RowsOf(b.p))
		detail, err := b.p.Client.GetPromptWithResponse(ctx, b.prompt.Id.String())
		require.NoError(t, err)
		for _, d := range detail.JSON200.Data.Deployments {
			require.Equal(t, b.v2.Id, d.ActiveVersionId, d.Environment)
		}
	})

	t.Run("OwnEnvironment", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		rolled, err := b.staging.RollbackPromptWithResponse(ctx, b.prompt.Id.String(), nil, api.RollbackRequest{Environment: "staging"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, rolled.StatusCode(), string(rolled.Body))
		require.Equal(t, b.v1.Id, rolled.JSON200.Data.ActiveVersionId)
		promoted, err := b.staging.PromotePromptWithResponse(ctx, b.prompt.Id.String(), nil, api.PromoteRequest{Environment: "staging", VersionId: &b.v2.Id})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, promoted.StatusCode(), string(promoted.Body))
		require.Equal(t, b.v2.Id, promoted.JSON200.Data.ActiveVersionId)
	})

	t.Run("AdminDevKeyWritesProduction", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		rolled, err := b.p.Client.RollbackPromptWithResponse(ctx, b.prompt.Id.String(), nil, api.RollbackRequest{Environment: "production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, rolled.StatusCode(), string(rolled.Body))
		require.Equal(t, "production", b.env.Promote(b.p, b.prompt.Id, b.v2.Id, "production").Environment)
	})
}
