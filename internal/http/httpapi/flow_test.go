package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestReferenceFlow walks the reference's whole story over HTTP: project → prompt →
// versions → promote to staging and production → resolve with a key of each environment →
// rollback → resolve again.
func TestReferenceFlow(t *testing.T) {
	t.Parallel()
	t.Run("Cached", func(t *testing.T) {
		t.Parallel()
		referenceFlow(t, apitest.Shared(t))
	})
	t.Run("Uncached", func(t *testing.T) {
		t.Parallel()
		referenceFlow(t, apitest.New(t, func(o *server.Options) { o.CacheDisabled = true }))
	})
}

func referenceFlow(t *testing.T, env *apitest.Env) {
	ctx := context.Background()
	p := env.NewProject("My AI App")

	created, err := p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{
		Slug: "welcome-email", Name: "Welcome Email", Description: new("Generates welcome emails"),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode())
	prompt := created.JSON201.Data

	v1 := env.NewVersion(p, prompt.Id, "Hello {{userName}}!")
	resp, err := p.Client.CreateVersionWithResponse(ctx, prompt.Id.String(), nil, api.CreateVersionRequest{
		SystemPrompt: new("You are a helpful assistant..."),
		UserTemplate: new("Hello {{userName}}, welcome to {{plan}}!"),
		MaxTokens:    new(500),
		Metadata:     &map[string]any{"author": "team-ai"},
		Message:      new("mention the plan"),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode())
	v2 := resp.JSON201.Data
	require.Equal(t, 1, v1.VersionNumber)
	require.Equal(t, 2, v2.VersionNumber)
	require.Equal(t, "gpt-4", v2.Model)
	require.InDelta(t, 0.7, v2.Temperature, 1e-9)
	require.Equal(t, []string{"userName", "plan"}, v2.Variables)

	env.Promote(p, prompt.Id, v1.Id, "staging")
	env.Promote(p, prompt.Id, v1.Id, "production")
	env.Promote(p, prompt.Id, v2.Id, "staging")
	deployment := env.Promote(p, prompt.Id, v2.Id, "production")
	require.Equal(t, "production", deployment.Environment)
	require.Equal(t, v2.Id, deployment.ActiveVersionId)

	keys := map[api.Environment]*api.ClientWithResponses{}
	for _, e := range []api.Environment{"dev", "staging", "production"} {
		keys[e] = env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: e, Scopes: &[]api.Scope{api.ScopePromptsRead}}))
	}
	resolve := func(e api.Environment) api.ResolvedPrompt {
		t.Helper()
		r, err := keys[e].ResolvePromptWithResponse(ctx, "welcome-email", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
		require.Equal(t, e, r.JSON200.Data.Environment)
		return r.JSON200.Data
	}
	for _, e := range []api.Environment{"dev", "staging", "production"} {
		got := resolve(e)
		require.Equal(t, 2, got.VersionNumber)
		require.Equal(t, "welcome-email", got.Slug)
		require.Equal(t, "Hello {{userName}}, welcome to {{plan}}!", got.UserTemplate)
		require.Equal(t, 500, got.MaxTokens.MustGet())
		require.JSONEq(t, `{"author":"team-ai"}`, string(got.Metadata))
	}

	rb, err := p.Client.RollbackPromptWithResponse(ctx, prompt.Id.String(), nil, api.RollbackRequest{Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rb.StatusCode())
	require.Equal(t, v1.Id, rb.JSON200.Data.ActiveVersionId)
	require.Equal(t, 1, rb.JSON200.Data.VersionNumber)

	require.Equal(t, 1, resolve("production").VersionNumber)
	require.Equal(t, 2, resolve("staging").VersionNumber, "a rollback touches only its environment")
	require.True(t, resolve("production").MaxTokens.IsNull())

	rendered, err := keys["staging"].RenderPromptWithResponse(ctx, "welcome-email", nil, api.RenderRequest{
		Variables: &map[string]any{"userName": "Ada", "plan": "Pro"},
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rendered.StatusCode())
	require.Equal(t, []api.ChatMessage{
		{Role: api.ChatMessageRoleSystem, Content: "You are a helpful assistant..."},
		{Role: api.ChatMessageRoleUser, Content: "Hello Ada, welcome to Pro!"},
	}, rendered.JSON200.Data.Messages)

	detail, err := p.Client.GetPromptWithResponse(ctx, prompt.Id.String())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, detail.StatusCode())
	require.Len(t, detail.JSON200.Data.Versions, 2)
	require.Equal(t, 2, detail.JSON200.Data.Versions[0].VersionNumber, "newest first")
	require.Len(t, detail.JSON200.Data.Deployments, 3)
	byEnv := map[api.Environment]int{}
	for _, d := range detail.JSON200.Data.Deployments {
		byEnv[d.Environment] = d.VersionNumber
	}
	require.Equal(t, map[api.Environment]int{"dev": 2, "staging": 2, "production": 1}, byEnv)
}
