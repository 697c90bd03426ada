package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

func TestCreatePrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		return &testBundle{env: env, p: env.NewProject("p")}
	}

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "a.b_c-1", Name: "A"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode())
		require.Equal(t, "a.b_c-1", resp.JSON201.Data.Slug)
		require.Zero(t, resp.JSON201.Data.VersionCount)
	})

	t.Run("DuplicateSlug", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.env.NewPrompt(b.p, "taken")
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "taken", Name: "again"})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("SameSlugInAnotherProject", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.env.NewPrompt(b.p, "shared-slug")
		b.env.NewPrompt(b.env.NewProject("q"), "shared-slug")
	})

	for name, slug := range map[string]string{
		"Uppercase":   "Welcome",
		"LeadingDash": "-welcome",
		"TrailingDot": "welcome.",
		"Space":       "wel come",
		"Empty":       "",
		"TooLong":     strings.Repeat("a", 101),
		"NonASCII":    "wélcome",
	} {
		t.Run("BadSlug"+name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			before := b.env.RowsOf(b.p)
			resp, err := b.p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: slug, Name: "x"})
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			require.Equal(t, "/slug", (*resp.JSON400.Error.Details.Fields)[0].Field)
			require.Equal(t, before, b.env.RowsOf(b.p))
		})
	}

	t.Run("LongestSlug", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.env.NewPrompt(b.p, strings.Repeat("z", 100))
	})
}

func TestListPrompts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	for _, slug := range []string{"welcome-email", "support-reply", "welcome-sms", "billing-faq"} {
		testfactory.Prompt(ctx, t, env.Pool, &testfactory.PromptOpts{ProjectID: p.UUID(), Slug: &slug})
	}
	deployed := promptID(t, p, "billing-faq")
	v := testfactory.Version(ctx, t, env.Pool, &testfactory.VersionOpts{ProjectID: p.UUID(), PromptID: deployed})
	testfactory.Deployment(ctx, t, env.Pool, &testfactory.DeploymentOpts{PromptID: deployed, VersionID: v.ID, Environment: new("production")})
	other := env.NewProject("other")
	testfactory.Prompt(ctx, t, env.Pool, &testfactory.PromptOpts{ProjectID: other.UUID(), Slug: new("welcome-other")})

	list := func(params *api.ListPromptsParams) *api.ListPromptsResponse {
		t.Helper()
		resp, err := p.Client.ListPromptsWithResponse(ctx, params)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return resp
	}
	slugs := func(resp *api.ListPromptsResponse) []string {
		var out []string
		for _, p := range resp.JSON200.Data {
			out = append(out, p.Slug)
		}
		return out
	}

	t.Run("NewestFirst", func(t *testing.T) {
		t.Parallel()
		resp := list(nil)
		require.Equal(t, []string{"billing-faq", "welcome-sms", "support-reply", "welcome-email"}, slugs(resp))
		require.Equal(t, 4, resp.JSON200.Meta.Pagination.Total)
	})

	t.Run("Sort", func(t *testing.T) {
		t.Parallel()
		sort := api.ListPromptsParamsSortSlugAsc
		require.Equal(t, []string{"billing-faq", "support-reply", "welcome-email", "welcome-sms"}, slugs(list(&api.ListPromptsParams{Sort: &sort})))
		sort = api.ListPromptsParamsSortUpdatedAtDesc
		require.Equal(t, "billing-faq", slugs(list(&api.ListPromptsParams{Sort: &sort}))[0])
	})

	t.Run("Search", func(t *testing.T) {
		t.Parallel()
		resp := list(&api.ListPromptsParams{Q: new("WELCOME")})
		require.ElementsMatch(t, []string{"welcome-email", "welcome-sms"}, slugs(resp))
		require.Equal(t, 2, resp.JSON200.Meta.Pagination.Total)
		require.Empty(t, slugs(list(&api.ListPromptsParams{Q: new("%")})), "search text is literal, not a pattern")
	})

	t.Run("Environment", func(t *testing.T) {
		t.Parallel()
		prod := "production"
		require.Equal(t, []string{"billing-faq"}, slugs(list(&api.ListPromptsParams{Environment: &prod})))
		staging := "staging"
		require.Empty(t, slugs(list(&api.ListPromptsParams{Environment: &staging})))
	})

	t.Run("PageAndFields", func(t *testing.T) {
		t.Parallel()
		resp := list(&api.ListPromptsParams{Page: new(2), Limit: new(3), Fields: &[]api.ListPromptsParamsFields{api.ListPromptsParamsFieldsSlug}})
		require.Equal(t, api.Pagination{Total: 4, Page: 2, Limit: 3, Pages: 2}, resp.JSON200.Meta.Pagination)
		require.JSONEq(t, `[{"slug":"welcome-email"}]`, mustJSON(t, resp.Body, "data"))
	})
}

func TestGetPrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")

	t.Run("NoVersionsYet", func(t *testing.T) {
		t.Parallel()
		prompt := env.NewPrompt(p, "empty")
		resp, err := p.Client.GetPromptWithResponse(ctx, prompt.Id.String())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Empty(t, resp.JSON200.Data.Versions)
		require.Empty(t, resp.JSON200.Data.Deployments)
	})

	t.Run("EmbedsTheNewestVersions", func(t *testing.T) {
		t.Parallel()
		prompt := env.NewPrompt(p, "long-history")
		for range 23 {
			testfactory.Version(ctx, t, env.Pool, &testfactory.VersionOpts{ProjectID: p.UUID(), PromptID: prompt.Id})
		}
		resp, err := p.Client.GetPromptWithResponse(ctx, prompt.Id.String())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		d := resp.JSON200.Data
		require.Equal(t, 23, d.VersionCount)
		require.Len(t, d.Versions, 20)
		require.Equal(t, 23, d.Versions[0].VersionNumber)
		require.Equal(t, 4, d.Versions[19].VersionNumber)

		// The rest are the second page of the versions list.
		rest, err := p.Client.ListVersionsWithResponse(ctx, prompt.Id.String(), &api.ListVersionsParams{Page: new(2), Limit: new(20)})
		require.NoError(t, err)
		require.Len(t, rest.JSON200.Data, 3)
		require.Equal(t, 3, rest.JSON200.Data[0].VersionNumber)
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		resp, err := p.Client.GetPromptWithResponse(ctx, uuid.NewString())
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})
}

func TestUpdatePrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "welcome")

	resp, err := p.Client.UpdatePromptWithResponse(ctx, prompt.Id.String(), api.UpdatePromptRequest{
		Name: new("Renamed"), Description: nullable.NewNullableWithValue("now described"),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	require.Equal(t, "Renamed", resp.JSON200.Data.Name)
	require.Equal(t, "welcome", resp.JSON200.Data.Slug)
	require.Equal(t, "now described", resp.JSON200.Data.Description.MustGet())

	// The slug is not a field of the update: trying to change it is an unknown field.
	bad := env.Do(env.Request(http.MethodPatch, "/api/v1/prompts/"+prompt.Id.String(), p.Key, "application/json", `{"slug":"other"}`))
	e := decodeError(t, bad, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
	require.Equal(t, []string{"/slug"}, fieldNames(e))

	missing, err := p.Client.UpdatePromptWithResponse(ctx, uuid.NewString(), api.UpdatePromptRequest{Name: new("x")})
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
}

func TestDeletePrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "doomed")
	v := env.NewVersion(p, prompt.Id, "hi")
	env.Promote(p, prompt.Id, v.Id, "dev")
	kept := env.NewPrompt(p, "kept")
	env.NewVersion(p, kept.Id, "still here")

	ok, err := p.Client.ResolvePromptWithResponse(ctx, "doomed", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, ok.StatusCode())

	resp, err := p.Client.DeletePromptWithResponse(ctx, prompt.Id.String())
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, resp.StatusCode())

	gone, err := p.Client.ResolvePromptWithResponse(ctx, "doomed", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, gone.StatusCode())
	rows := env.RowsOf(p)
	require.EqualValues(t, 1, rows.Prompts)
	require.EqualValues(t, 1, rows.PromptVersions, "versions go with their prompt")
	require.EqualValues(t, 1, rows.Deployments)

	again, err := p.Client.DeletePromptWithResponse(ctx, prompt.Id.String())
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, again.StatusCode())

	// The slug is free again.
	env.NewPrompt(p, "doomed")
}
