package httpapi_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

func TestListApiKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		for _, label := range []string{"b", "c", "a"} {
			testfactory.APIKey(context.Background(), t, env.Pool, &testfactory.APIKeyOpts{ProjectID: p.UUID(), Environment: new("staging"), Label: &label})
		}
		env.NewProject("other") // its key must never show up
		return &testBundle{env: env, p: p}
	}

	t.Run("PrefixOnlyNewestFirst", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Len(t, resp.JSON200.Data, 4)
		require.Equal(t, api.Pagination{Total: 4, Page: 1, Limit: 20, Pages: 1}, resp.JSON200.Meta.Pagination)
		require.Equal(t, "a", resp.JSON200.Data[0].Label.MustGet())
		require.NotContains(t, string(resp.Body), b.p.Key)
		require.NotContains(t, string(resp.Body), "hash")
	})

	t.Run("PaginationAndSort", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sort := api.ListApiKeysParamsSortLabelAsc
		resp, err := b.p.Client.ListApiKeysWithResponse(ctx, &api.ListApiKeysParams{Page: new(2), Limit: new(2), Sort: &sort})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, api.Pagination{Total: 4, Page: 2, Limit: 2, Pages: 2}, resp.JSON200.Meta.Pagination)
		require.Len(t, resp.JSON200.Data, 2)
		require.Equal(t, "c", resp.JSON200.Data[0].Label.MustGet())
		require.True(t, resp.JSON200.Data[1].Label.IsNull(), "the first key has no label and sorts last")

		resp, err = b.p.Client.ListApiKeysWithResponse(ctx, &api.ListApiKeysParams{Page: new(9)})
		require.NoError(t, err)
		require.Empty(t, resp.JSON200.Data)
		require.Equal(t, 4, resp.JSON200.Meta.Pagination.Total)
	})

	t.Run("Filters", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		env := "dev"
		resp, err := b.p.Client.ListApiKeysWithResponse(ctx, &api.ListApiKeysParams{Environment: &env})
		require.NoError(t, err)
		require.Len(t, resp.JSON200.Data, 1)

		resp, err = b.p.Client.ListApiKeysWithResponse(ctx, &api.ListApiKeysParams{Revoked: new(true)})
		require.NoError(t, err)
		require.Empty(t, resp.JSON200.Data)
		resp, err = b.p.Client.ListApiKeysWithResponse(ctx, &api.ListApiKeysParams{Revoked: new(false)})
		require.NoError(t, err)
		require.Len(t, resp.JSON200.Data, 4)
	})

	t.Run("Fields", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.ListApiKeysWithResponse(ctx, &api.ListApiKeysParams{
			Fields: &[]api.ListApiKeysParamsFields{api.ListApiKeysParamsFieldsId, api.ListApiKeysParamsFieldsKeyPrefix},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Contains(t, string(resp.Body), `"keyPrefix"`)
		require.NotContains(t, string(resp.Body), `"environment"`)
		require.NotContains(t, string(resp.Body), `"createdAt"`)
		require.Contains(t, string(resp.Body), `"pagination"`)
	})
}

func TestCreateApiKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		expires := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
		resp, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{
			Environment: "staging", Label: new("CI/CD key"),
			Scopes: &[]api.Scope{api.ScopePromptsRead}, ExpiresAt: &expires,
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode())
		d := resp.JSON201.Data
		require.Equal(t, "staging", d.Environment)
		require.Equal(t, []api.Scope{api.ScopePromptsRead}, d.Scopes)
		require.Equal(t, d.FullKey[:12], d.KeyPrefix)
		require.True(t, expires.Equal(d.ExpiresAt.MustGet()))

		// The new key works, and its environment is its own.
		me, err := env.Client(d.FullKey).GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, me.StatusCode())
		require.Equal(t, p.ID, me.JSON200.Data.Id.String())
	})

	t.Run("DefaultsToCallersScopes", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		resp, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode())
		require.ElementsMatch(t, []api.Scope{api.ScopePromptsRead, api.ScopePromptsWrite, api.ScopeAdmin}, resp.JSON201.Data.Scopes)
	})

	t.Run("ScopesBeyondCallers", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		limitedAdmin := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopeAdmin, api.ScopePromptsRead}})
		before := env.RowsOf(p)
		resp, err := env.Client(limitedAdmin).CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{
			Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsWrite},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode())
		require.Equal(t, api.ScopePromptsWrite, *resp.JSON403.Error.Details.RequiredScope)
		require.Equal(t, before, env.RowsOf(p))
	})

	t.Run("ExpiryInThePast", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		before := env.RowsOf(p)
		resp, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{
			Environment: "dev", ExpiresAt: new(time.Now().Add(-time.Minute)),
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, "/expiresAt", (*resp.JSON400.Error.Details.Fields)[0].Field)
		require.Equal(t, before, env.RowsOf(p))
	})

	t.Run("ExpiryPastTheYear9999", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		before := env.RowsOf(p)
		resp := env.Do(env.Request(http.MethodPost, "/api/v1/api-keys", p.Key, "application/json",
			`{"environment":"dev","expiresAt":"9999-12-31T23:59:59-23:59"}`))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/expiresAt"}, fieldNames(e))
		require.Equal(t, before, env.RowsOf(p))
	})

	t.Run("NoLongerThanItsCreator", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		expires := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
		expiring := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", ExpiresAt: &expires}))

		for name, asked := range map[string]*time.Time{"Never": nil, "Later": new(expires.Add(time.Second))} {
			before := env.RowsOf(p)
			resp, err := expiring.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "dev", ExpiresAt: asked})
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), name)
			require.Equal(t, []string{"/expiresAt"}, fieldNames(resp.JSON400.Error), name)
			require.Contains(t, resp.JSON400.Error.Message, "outlive")
			require.Equal(t, before, env.RowsOf(p), name)
		}

		for _, asked := range []time.Time{expires, expires.Add(-time.Minute)} {
			resp, err := expiring.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "dev", ExpiresAt: &asked})
			require.NoError(t, err)
			require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
			require.True(t, asked.Equal(resp.JSON201.Data.ExpiresAt.MustGet()))
		}
	})
}

func TestRevokeApiKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("RevokedKeyFailsNextRequest", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		created, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "staging"})
		require.NoError(t, err)
		key := created.JSON201.Data

		ok, err := env.Client(key.FullKey).GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, ok.StatusCode())

		resp, err := p.Client.RevokeApiKeyWithResponse(ctx, key.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.True(t, resp.JSON200.Data.RevokedAt.IsSpecified() && !resp.JSON200.Data.RevokedAt.IsNull())

		denied, err := env.Client(key.FullKey).GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, denied.StatusCode())
		require.Contains(t, denied.JSON401.Error.Message, "revoked")

		// Revoking twice changes nothing and keeps the first time.
		again, err := p.Client.RevokeApiKeyWithResponse(ctx, key.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, again.StatusCode())
		require.Equal(t, resp.JSON200.Data.RevokedAt.MustGet(), again.JSON200.Data.RevokedAt.MustGet())
	})

	t.Run("LastAdminKey", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		list, err := p.Client.ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		before := env.RowsOf(p)
		resp, err := p.Client.RevokeApiKeyWithResponse(ctx, list.JSON200.Data[0].Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
		require.Equal(t, before, env.RowsOf(p))
	})

	t.Run("ExpiringAdminKeysDoNotCount", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		first, err := p.Client.ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		firstID := first.JSON200.Data[0].Id
		expiring := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", ExpiresAt: new(time.Now().Add(time.Hour))}))

		// Only an admin key that expires would be left: the project would lock itself out.
		before := env.RowsOf(p)
		resp, err := expiring.RevokeApiKeyWithResponse(ctx, firstID)
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Contains(t, resp.JSON409.Error.Message, "never expires")
		require.Equal(t, before, env.RowsOf(p))

		env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})
		resp, err = expiring.RevokeApiKeyWithResponse(ctx, firstID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "a lasting admin key is left")
	})

	t.Run("ConcurrentRevocationsKeepOneAdmin", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("keys")
		second, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "dev"})
		require.NoError(t, err)
		list, err := p.Client.ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, 2)

		// Each admin key revokes the other at the same time: exactly one may win.
		secondClient := env.Client(second.JSON201.Data.FullKey)
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, c := range []*api.ClientWithResponses{p.Client, secondClient} {
			target := list.JSON200.Data[i].Id
			wg.Go(func() {
				resp, err := c.RevokeApiKeyWithResponse(ctx, target)
				if err == nil {
					statuses[i] = resp.StatusCode()
				}
			})
		}
		wg.Wait()
		// The loser is refused as the last admin key (409), or, had the winner committed
		// before it authenticated, for using a revoked key (401).
		require.Contains(t, statuses, http.StatusOK)
		require.Subset(t, []int{http.StatusOK, http.StatusConflict, http.StatusUnauthorized}, statuses)
		require.NotEqual(t, statuses[0], statuses[1])
		require.EqualValues(t, 1, env.RowsOf(p).RevokedApiKeys)
	})

	t.Run("OtherProjectsKey", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		mine := env.NewProject("mine")
		theirs := env.NewProject("theirs")
		list, err := theirs.Client.ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		resp, err := mine.Client.RevokeApiKeyWithResponse(ctx, list.JSON200.Data[0].Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
		require.Zero(t, env.RowsOf(theirs).RevokedApiKeys)

		resp, err = mine.Client.RevokeApiKeyWithResponse(ctx, uuid.New())
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})
}
