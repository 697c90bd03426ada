package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestCreateProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		desc := "Prompts of the support bot"
		resp, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "My AI App", Description: &desc})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode())
		d := resp.JSON201.Data
		require.Equal(t, "My AI App", d.Project.Name)
		require.Equal(t, desc, d.Project.Description.MustGet())
		require.Regexp(t, `^po_live_[0-9A-Za-z]{40}$`, d.ApiKey)

		// The first key is a dev key with every scope.
		keys, err := env.Client(d.ApiKey).ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, keys.StatusCode())
		require.Len(t, keys.JSON200.Data, 1)
		k := keys.JSON200.Data[0]
		require.Equal(t, "dev", k.Environment)
		require.ElementsMatch(t, []api.Scope{api.ScopePromptsRead, api.ScopePromptsWrite, api.ScopeAdmin}, k.Scopes)
		require.Equal(t, d.ApiKey[:12], k.KeyPrefix)
	})

	t.Run("SignupRateLimited", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.SignupRateLimit = 2 })
		env.NewProject("one")
		env.NewProject("two")
		before := env.Rows()
		resp, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "three"})
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode())
		require.Equal(t, api.ErrorCodeRATELIMITEXCEEDED, resp.JSON429.Error.Code)
		require.NotEmpty(t, resp.HTTPResponse.Header.Get("Retry-After"))
		require.Equal(t, before, env.Rows())
	})

	t.Run("SignupClosed", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.SignupRateLimit = 0 })
		resp, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "x"})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode())
		require.Equal(t, api.ErrorCodeFORBIDDEN, resp.JSON403.Error.Code)
		require.Zero(t, env.Rows().Projects)
	})

	t.Run("CommandLineHelper", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		created := env.NewProjectDirect("ops")
		resp, err := env.Client(created.Key).GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, created.Project.ID, resp.JSON200.Data.Id)
	})
}

func TestGetCurrentProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("mine")
		env.NewProject("someone else's")
		resp, err := p.Client.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, p.ID, resp.JSON200.Data.Id.String())
		require.Equal(t, "mine", resp.JSON200.Data.Name)
		require.True(t, resp.JSON200.Data.Description.IsNull())
	})

	t.Run("AnyScope", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("mine")
		reader := env.NewKey(p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		resp, err := env.Client(reader).GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
	})
}

func TestUpdateCurrentProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("old")
		name := "new"
		resp, err := p.Client.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{
			Name: &name, Description: nullable.NewNullableWithValue("described"),
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, "new", resp.JSON200.Data.Name)
		require.Equal(t, "described", resp.JSON200.Data.Description.MustGet())
		require.True(t, resp.JSON200.Data.UpdatedAt.After(resp.JSON200.Data.CreatedAt))

		// Leaving a field out keeps it; null clears the description.
		resp, err = p.Client.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{Description: nullable.NewNullNullable[string]()})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, "new", resp.JSON200.Data.Name)
		require.True(t, resp.JSON200.Data.Description.IsNull())
	})

	t.Run("NeedsAdmin", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("old")
		writer := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead, api.ScopePromptsWrite}})
		before := env.RowsOf(p)
		name := "new"
		resp, err := env.Client(writer).UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{Name: &name})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode())
		require.Equal(t, api.ScopeAdmin, *resp.JSON403.Error.Details.RequiredScope)
		require.Equal(t, before, env.RowsOf(p))
	})

	t.Run("EmptyPatch", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("old")
		resp, err := p.Client.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	})
}
