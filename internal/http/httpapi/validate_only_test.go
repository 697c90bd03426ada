package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestValidateOnly: validateOnly=true on creating a version or a prompt makes every check
// the create makes, those inside its transaction too, and keeps nothing: no row, no
// event, no deployment, no idempotency key.
func TestValidateOnly(t *testing.T) {
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
		return &testBundle{env: env, p: p, prompt: prompt}
	}
	versionsPath := func(b *testBundle) string { return "/api/v1/prompts/" + b.prompt.Id.String() + "/versions" }

	t.Run("VersionWouldBeCreated", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		body := `{"systemPrompt":"Be brief.","userTemplate":"Hi {{ name }}, your {plan} plan","message":"m"}`
		before := b.env.RowsOf(b.p)
		a := post(t, b.env, b.p.Key, versionsPath(b)+"?validateOnly=true", "key-1", body)
		require.Equal(t, http.StatusOK, a.status, a.body)
		var validated api.CreatedVersionResponse
		require.NoError(t, json.Unmarshal([]byte(a.body), &validated))
		require.Equal(t, uuid.Nil, validated.Data.Id, "no such version")
		require.Equal(t, b.prompt.Id, validated.Data.PromptId)
		require.Equal(t, 2, validated.Data.VersionNumber)
		require.Equal(t, []string{"name"}, validated.Data.Variables)
		require.Len(t, validated.Warnings, 1)
		require.Contains(t, validated.Warnings[0], `"{plan}" looks like a placeholder of another syntax`)
		require.Equal(t, before, b.env.RowsOf(b.p), "no version, deployment, event or idempotency key")

		// The create with the same Idempotency-Key is done, not a replay of the check, and
		// makes what the check announced.
		a = post(t, b.env, b.p.Key, versionsPath(b), "key-1", body)
		require.Equal(t, http.StatusCreated, a.status, a.body)
		require.False(t, a.replayed())
		var created api.CreatedVersionResponse
		require.NoError(t, json.Unmarshal([]byte(a.body), &created))
		require.Equal(t, validated.Data.VersionNumber, created.Data.VersionNumber)
		require.Equal(t, validated.Data.ContentHash, created.Data.ContentHash)
		require.Equal(t, validated.Warnings, created.Warnings)
	})

	t.Run("VersionRefusedAsTheCreate", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		e := decodeError(t, b.env.Do(b.env.Request(http.MethodPost, versionsPath(b)+"?validateOnly=true", b.p.Key, "application/json",
			`{"systemPrompt":"s","userTemplate":"Hello {{name"}`)), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/userTemplate"}, fieldNames(e))
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("ChecksInsideTheTransaction", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		// wrapper includes greeting and is live in dev: a greeting that includes wrapper is a
		// cycle, which only the deployment to dev (inside the transaction) finds.
		wrapper := b.env.NewPrompt(b.p, "wrapper")
		b.env.NewVersion(b.p, wrapper.Id, "Before {{> greeting}} after")
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), &api.CreateVersionParams{ValidateOnly: new(true)},
			api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("{{> wrapper}}")})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
		require.Contains(t, resp.JSON409.Error.Message, "the partials include the prompt itself")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("PromptWithVersionWouldBeCreated", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		body := api.CreatePromptRequest{Slug: "fresh", Name: "Fresh",
			Version: &api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("Dear {{ customer.name }}")}}
		resp, err := b.p.Client.CreatePromptWithResponse(ctx, &api.CreatePromptParams{ValidateOnly: new(true), IdempotencyKey: new("key-2")}, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "fresh", resp.JSON200.Data.Slug)
		require.Equal(t, uuid.Nil, resp.JSON200.Data.Id, "no such prompt")
		require.Equal(t, uuid.Nil, resp.JSON200.Version.Id)
		require.Equal(t, 1, resp.JSON200.Version.VersionNumber)
		require.Equal(t, []string{"customer.name"}, resp.JSON200.Version.Variables)
		require.Empty(t, *resp.JSON200.Warnings)
		require.Equal(t, before, b.env.RowsOf(b.p))
		get, err := b.p.Client.GetPromptWithResponse(ctx, "fresh")
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, get.StatusCode())

		created, err := b.p.Client.CreatePromptWithResponse(ctx, &api.CreatePromptParams{IdempotencyKey: new("key-2")}, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		require.Equal(t, resp.JSON200.Version.ContentHash, created.JSON201.Version.ContentHash)
		require.NotEqual(t, uuid.Nil, created.JSON201.Data.Id)
	})

	t.Run("PromptRefusedAsTheCreate", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.CreatePromptWithResponse(ctx, &api.CreatePromptParams{ValidateOnly: new(true)}, api.CreatePromptRequest{
			Slug: "fresh", Name: "Fresh", Version: &api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("{{#open}} never closed")}})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
		require.Equal(t, []string{"/version/userTemplate"}, fieldNames(resp.JSON400.Error))

		taken, err := b.p.Client.CreatePromptWithResponse(ctx, &api.CreatePromptParams{ValidateOnly: new(true)}, api.CreatePromptRequest{Slug: "greeting", Name: "G"})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, taken.StatusCode(), string(taken.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, taken.JSON409.Error.Code)
		require.Equal(t, before, b.env.RowsOf(b.p))
	})
}
