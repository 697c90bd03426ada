package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestValidateOnlyDiff: a validate-only create given diffAgainst answers the proposed
// version compared with that version, as the diff of two stored versions would, and keeps
// nothing; diffAgainst without validateOnly, or naming no version of the prompt, is refused.
func TestValidateOnlyDiff(t *testing.T) {
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
		prompt := env.NewPrompt(p, "greeting")
		env.NewVersion(p, prompt.Id, "Hello {{name}}")
		env.NewVersion(p, prompt.Id, "Hello {{name}}, again")
		return &testBundle{env: env, p: p, prompt: prompt}
	}
	body := api.CreateVersionRequest{SystemPrompt: new("You are a helpful assistant."), UserTemplate: new("Hi {{name}}"), Model: new("gpt-4o")}

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), &api.CreateVersionParams{ValidateOnly: new(true), DiffAgainst: new("1")}, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		diff := resp.JSON200.Diff
		require.NotNil(t, diff)
		require.Equal(t, uuid.Nil, diff.VersionId)
		require.Equal(t, 3, diff.VersionNumber)
		against, err := diff.AgainstVersionNumber.Get()
		require.NoError(t, err)
		require.Equal(t, 1, against)
		require.True(t, diff.Changed)
		changed := map[string]bool{}
		for _, f := range diff.Fields {
			changed[f.Field] = f.Changed
		}
		require.True(t, changed["userTemplate"])
		require.True(t, changed["model"])
		require.False(t, changed["systemPrompt"], "the helper's system prompt is kept")
		require.Equal(t, before, b.env.RowsOf(b.p), "nothing kept")

		plain, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), &api.CreateVersionParams{ValidateOnly: new(true)}, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, plain.StatusCode(), string(plain.Body))
		require.Nil(t, plain.JSON200.Diff, "no diff unless asked for")
	})

	t.Run("NeedsValidateOnly", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), &api.CreateVersionParams{DiffAgainst: new("1")}, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON400.Error.Message, "diffAgainst: is only read with validateOnly=true")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("UnknownVersion", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), &api.CreateVersionParams{ValidateOnly: new(true), DiffAgainst: new("9")}, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeRESOURCENOTFOUND, resp.JSON404.Error.Code)
	})
}
