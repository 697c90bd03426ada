package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestProjectSlugs: a project's slug is made from its name (-2, -3… while taken) or given,
// is unique on the server (409 when a given one is taken, 400 when it reads as an id) and
// changes by PATCH /projects/me.
func TestProjectSlugs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("MadeFromTheName", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		for _, c := range []struct{ name, slug string }{
			{"My AI App", "my-ai-app"},
			{"My AI App", "my-ai-app-2"},
			{"my  ai -- APP!", "my-ai-app-3"},
			{"  Ünïcode bot ", "n-code-bot"},
			{"!!!", "project"},
			{"7F1F4A2E-8F4B-4A43-9C1E-3C1D2F0B9A11", "7f1f4a2e-8f4b-4a43-9c1e-3c1d2f0b9a11-project"},
		} {
			resp, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: c.name})
			require.NoError(t, err)
			require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
			require.Equal(t, c.slug, resp.JSON201.Data.Project.Slug, c.name)
		}
	})

	t.Run("Given", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		slug := "support"
		resp, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "Support bot", Slug: &slug})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "support", resp.JSON201.Data.Project.Slug)

		// A name whose slug is taken gets a suffix; a given slug that is taken is a 409.
		made, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "Support"})
		require.NoError(t, err)
		require.Equal(t, "support-2", made.JSON201.Data.Project.Slug)
		before := env.Rows()
		taken, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "Other", Slug: &slug})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, taken.StatusCode(), string(taken.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, taken.JSON409.Error.Code)
		require.Equal(t, before, env.Rows())

		for _, bad := range []string{"7f1f4a2e-8f4b-4a43-9c1e-3c1d2f0b9a11", "Not A Slug", "-dash"} {
			refused, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "Other", Slug: &bad})
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, refused.StatusCode(), bad)
			require.Equal(t, "/slug", (*refused.JSON400.Error.Details.Fields)[0].Field, bad)
		}
		require.Equal(t, before, env.Rows())
	})

	t.Run("ChangedByAdmin", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		p := env.NewProject("First")
		env.NewProject("Second")
		slug := "renamed"
		resp, err := p.Client.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{Slug: &slug})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "renamed", resp.JSON200.Data.Slug)
		require.Equal(t, "First", resp.JSON200.Data.Name)

		before := env.RowsOf(p)
		taken := "second"
		conflict, err := p.Client.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{Slug: &taken})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, conflict.StatusCode(), string(conflict.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, conflict.JSON409.Error.Code)
		idShaped := "7f1f4a2e-8f4b-4a43-9c1e-3c1d2f0b9a11"
		refused, err := p.Client.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{Slug: &idShaped})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, refused.StatusCode(), string(refused.Body))
		require.Equal(t, before, env.RowsOf(p))
		got, err := p.Client.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, "renamed", got.JSON200.Data.Slug)
	})
}

// TestProjectHeaderTakesSlug: a person names a project in PromptOps-Project by its slug as
// well as by its id; an unknown slug, a project they are no member of, and a slug the
// project no longer has are 404s.
func TestProjectHeaderTakesSlug(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := newTeam(t)
	other := tm.env.NewProjectDirect("not theirs")

	for header, status := range map[string]int{
		"team":                    http.StatusOK,
		tm.project.String():       http.StatusOK,
		"nope":                    http.StatusNotFound,
		other.Project.Slug:        http.StatusNotFound,
		other.Project.ID.String(): http.StatusNotFound,
	} {
		resp, err := tm.owner.ListPromptsWithResponse(ctx, nil, inProjectNamed(header))
		require.NoError(t, err)
		require.Equal(t, status, resp.StatusCode(), header+": "+string(resp.Body))
	}

	slug := "crew"
	renamed, err := tm.owner.UpdateCurrentProjectWithResponse(ctx, api.UpdateProjectRequest{Slug: &slug}, inProjectNamed("team"))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, renamed.StatusCode(), string(renamed.Body))
	gone, err := tm.owner.ListPromptsWithResponse(ctx, nil, inProjectNamed("team"))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, gone.StatusCode(), "the old slug names no project")
	now, err := tm.owner.GetCurrentProjectWithResponse(ctx, inProjectNamed("crew"))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, now.StatusCode(), string(now.Body))
	require.Equal(t, tm.project, now.JSON200.Data.Id)
}

// inProjectNamed names the project of a person's request by header, an id or a slug.
func inProjectNamed(header string) api.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("PromptOps-Project", header)
		return nil
	}
}
