package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

func TestGetSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("EveryLivePromptAsResolveShowsIt", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		footer := b.env.NewPrompt(b.p, "footer")
		fv := b.env.NewVersion(b.p, footer.Id, "Bye {{name}}")
		b.env.Promote(b.p, footer.Id, fv.Id, "production")
		withPartial := b.env.NewVersion(b.p, b.prompt.Id, "Hi {{name}} {{> footer}}")
		b.env.Promote(b.p, b.prompt.Id, withPartial.Id, "production")
		client := b.keys["production"]

		resp, err := client.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		snap := resp.JSON200.Data
		require.Equal(t, "production", snap.Environment)
		require.Equal(t, snap.Cursor, resp.HTTPResponse.Header.Get("ETag"))
		require.Len(t, snap.Prompts, 2)
		require.Equal(t, "footer", snap.Prompts[0].Prompt.Slug)
		require.Empty(t, snap.Prompts[0].Partials)

		greet := snap.Prompts[1]
		resolved, err := client.ResolvePromptWithResponse(ctx, "greet", nil)
		require.NoError(t, err)
		var want struct{ Data json.RawMessage }
		require.NoError(t, json.Unmarshal(resolved.Body, &want))
		got, err := json.Marshal(greet.Prompt)
		require.NoError(t, err)
		require.JSONEq(t, string(want.Data), string(got))
		require.Equal(t, []api.SnapshotPartial{{Ref: "footer", Slug: "footer", VersionNumber: fv.VersionNumber, VersionId: fv.Id, Template: "Bye {{name}}"}}, greet.Partials)
	})

	t.Run("NotModifiedUntilAChange", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		client := b.keys["production"]
		first, err := client.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		cursor := first.JSON200.Data.Cursor

		same, err := client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{IfNoneMatch: &cursor})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotModified, same.StatusCode())
		require.Equal(t, cursor, same.HTTPResponse.Header.Get("ETag"))

		b.env.Promote(b.p, b.prompt.Id, b.v2.Id, "production")
		changed, err := client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{IfNoneMatch: &cursor})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, changed.StatusCode())
		require.NotEqual(t, cursor, changed.JSON200.Data.Cursor)
		require.Equal(t, 2, changed.JSON200.Data.Prompts[0].Prompt.VersionNumber)
	})

	t.Run("OnlyTheSlugsAskedFor", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		other := b.env.NewPrompt(b.p, "other")
		b.env.NewVersion(b.p, other.Id, "x")
		slugs := []string{"other", "nothing-here"}
		resp, err := b.keys["dev"].GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Slug: &slugs})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Len(t, resp.JSON200.Data.Prompts, 1)
		require.Equal(t, "other", resp.JSON200.Data.Prompts[0].Prompt.Slug)
	})

	t.Run("BadSlug", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		slugs := []string{"Not A Slug"}
		resp, err := b.keys["dev"].GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Slug: &slugs})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, api.ErrorCodeVALIDATIONERROR, resp.JSON400.Error.Code)
	})
}

// snapshotPages reads every page of client's snapshot, limit prompts a page, and returns
// the pages.
func snapshotPages(t *testing.T, client *api.ClientWithResponses, limit int) []*api.GetSnapshotResponse {
	t.Helper()
	var pages []*api.GetSnapshotResponse
	params := &api.GetSnapshotParams{Limit: &limit}
	for {
		resp, err := client.GetSnapshotWithResponse(context.Background(), params)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		pages = append(pages, resp)
		if resp.JSON200.Data.NextPageToken == nil {
			return pages
		}
		require.Less(t, len(pages), 100, "the pages do not end")
		params = &api.GetSnapshotParams{Limit: &limit, PageToken: resp.JSON200.Data.NextPageToken}
	}
}

func TestGetSnapshotPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env    *apitest.Env
		p      *apitest.Project
		client *api.ClientWithResponses
		// slugs are the live prompts, in the snapshot's order.
		slugs []string
	}
	// setup makes a project whose dev environment has five prompts of about 600 bytes
	// encoded, one of which ("c-huge") is several times larger.
	setup := func(t *testing.T, opts ...apitest.OptionFunc) *testBundle {
		t.Helper()
		env := apitest.Instance(t, opts...)
		p := env.NewProject("paged")
		b := &testBundle{env: env, p: p, slugs: []string{"a-first", "b.second", "c-huge", "d_fourth", "e-fifth"}}
		for _, slug := range b.slugs {
			text := "Hello {{name}} from " + slug
			if slug == "c-huge" {
				text += strings.Repeat(" and more", 400)
			}
			prompt := testfactory.Prompt(ctx, t, env.Pool, &testfactory.PromptOpts{ProjectID: p.UUID(), Slug: &slug})
			v := testfactory.Version(ctx, t, env.Pool, &testfactory.VersionOpts{ProjectID: p.UUID(), PromptID: prompt.ID, UserTemplate: &text})
			testfactory.Deployment(ctx, t, env.Pool, &testfactory.DeploymentOpts{PromptID: prompt.ID, VersionID: v.ID})
		}
		b.client = env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"}))
		return b
	}
	whole := func(t *testing.T, b *testBundle) api.Snapshot {
		t.Helper()
		resp, err := b.client.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Nil(t, resp.JSON200.Data.NextPageToken, "the whole snapshot fits one page by default")
		return resp.JSON200.Data
	}

	t.Run("LimitPagesThroughTheWholeSnapshot", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		want := whole(t, b)
		pages := snapshotPages(t, b.client, 2)
		require.Len(t, pages, 3)
		var got []api.SnapshotPrompt
		for _, page := range pages {
			require.Equal(t, want.Cursor, page.JSON200.Data.Cursor, "every page names the whole snapshot's cursor")
			require.Equal(t, want.Cursor, page.HTTPResponse.Header.Get("ETag"))
			require.LessOrEqual(t, len(page.JSON200.Data.Prompts), 2)
			got = append(got, page.JSON200.Data.Prompts...)
		}
		require.Equal(t, want.Prompts, got)
	})

	t.Run("ByteBudget", func(t *testing.T) {
		t.Parallel()
		const budget = 1500
		b := setup(t, func(o *server.Options) { o.SnapshotPageBytes = budget })
		pages := snapshotPages(t, b.client, 100)
		var slugs []string
		for _, page := range pages {
			var raw struct {
				Data struct{ Prompts []json.RawMessage }
			}
			require.NoError(t, json.Unmarshal(page.Body, &raw))
			size := len(raw.Data.Prompts) - 1 // the commas
			for _, p := range raw.Data.Prompts {
				size += len(p)
			}
			if len(raw.Data.Prompts) > 1 {
				require.LessOrEqual(t, size, budget, "a page of several prompts stays within the budget")
			}
			for _, p := range page.JSON200.Data.Prompts {
				slugs = append(slugs, p.Prompt.Slug)
				if p.Prompt.Slug == "c-huge" {
					require.Greater(t, size, budget)
					require.Len(t, page.JSON200.Data.Prompts, 1, "a prompt over the budget comes alone")
				}
			}
		}
		require.Equal(t, b.slugs, slugs)
		require.Greater(t, len(pages), 2)
		for _, page := range pages {
			require.Equal(t, pages[0].JSON200.Data.Cursor, page.JSON200.Data.Cursor)
		}
	})

	t.Run("NotModifiedOnANextPage", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := snapshotPages(t, b.client, 2)[0].JSON200.Data
		resp, err := b.client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{PageToken: first.NextPageToken, IfNoneMatch: &first.Cursor})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotModified, resp.StatusCode())
		require.Equal(t, first.Cursor, resp.HTTPResponse.Header.Get("ETag"))
	})

	t.Run("ChangedBetweenPages", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		limit := 2
		first, err := b.client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Limit: &limit})
		require.NoError(t, err)
		token := first.JSON200.Data.NextPageToken
		require.NotNil(t, token)

		prompt := b.env.NewPrompt(b.p, "z-late")
		b.env.NewVersion(b.p, prompt.Id, "Late")
		resp, err := b.client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Limit: &limit, PageToken: token})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
		require.Contains(t, resp.JSON409.Error.Message, "first page")

		again := snapshotPages(t, b.client, 2)
		require.Len(t, again, 3)
		require.NotEqual(t, first.JSON200.Data.Cursor, again[0].JSON200.Data.Cursor)
	})

	t.Run("TokenOfOtherSlugs", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		limit, slugs := 1, []string{"a-first", "b.second"}
		first, err := b.client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Limit: &limit, Slug: &slugs})
		require.NoError(t, err)
		require.Len(t, first.JSON200.Data.Prompts, 1)
		resp, err := b.client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Limit: &limit, PageToken: first.JSON200.Data.NextPageToken})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), "a token belongs to the slugs of its first page")
		resp, err = b.client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Limit: &limit, Slug: &slugs, PageToken: first.JSON200.Data.NextPageToken})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, "b.second", resp.JSON200.Data.Prompts[0].Prompt.Slug)
		require.Nil(t, resp.JSON200.Data.NextPageToken)
	})

	t.Run("BadParameters", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		zero, over := 0, 101
		for name, params := range map[string]*api.GetSnapshotParams{
			"pageToken": {PageToken: new("bm90IGEgdG9rZW4")},
			"limit":     {Limit: &zero},
			"limit ":    {Limit: &over},
		} {
			resp, err := b.client.GetSnapshotWithResponse(ctx, params)
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), name)
			require.Equal(t, strings.TrimSpace(name), (*resp.JSON400.Error.Details.Fields)[0].Field, string(resp.Body))
		}
	})
}
