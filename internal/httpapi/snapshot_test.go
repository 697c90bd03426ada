package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

func TestGetSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("EveryLivePromptAsResolveShowsIt", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		footer := b.env.NewPrompt(b.p, "footer")
		fv := b.env.NewVersion(b.p, footer.Id, "Bye {{name}}")
		b.env.Promote(b.p, footer.Id, fv.Id, api.EnvironmentProduction)
		withPartial := b.env.NewVersion(b.p, b.prompt.Id, "Hi {{name}} {{> footer}}")
		b.env.Promote(b.p, b.prompt.Id, withPartial.Id, api.EnvironmentProduction)
		client := b.keys[api.EnvironmentProduction]

		resp, err := client.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		snap := resp.JSON200.Data
		require.Equal(t, api.EnvironmentProduction, snap.Environment)
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
		client := b.keys[api.EnvironmentProduction]
		first, err := client.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		cursor := first.JSON200.Data.Cursor

		same, err := client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{IfNoneMatch: &cursor})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotModified, same.StatusCode())
		require.Equal(t, cursor, same.HTTPResponse.Header.Get("ETag"))

		b.env.Promote(b.p, b.prompt.Id, b.v2.Id, api.EnvironmentProduction)
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
		resp, err := b.keys[api.EnvironmentDev].GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Slug: &slugs})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Len(t, resp.JSON200.Data.Prompts, 1)
		require.Equal(t, "other", resp.JSON200.Data.Prompts[0].Prompt.Slug)
	})

	t.Run("BadSlug", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		slugs := []string{"Not A Slug"}
		resp, err := b.keys[api.EnvironmentDev].GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Slug: &slugs})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, api.ErrorCodeVALIDATIONERROR, resp.JSON400.Error.Code)
	})
}
