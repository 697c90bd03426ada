package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// resolveBundle is a project with a prompt "greet": v1 live in staging and production,
// v2 in dev only; and a read-only client per environment.
type resolveBundle struct {
	env    *apitest.Env
	p      *apitest.Project
	prompt api.Prompt
	v1, v2 api.Version
	keys   map[api.Environment]*api.ClientWithResponses
}

func setupResolve(t *testing.T) *resolveBundle {
	t.Helper()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	b := &resolveBundle{env: env, p: p, prompt: env.NewPrompt(p, "greet"), keys: map[api.Environment]*api.ClientWithResponses{}}
	b.v1 = env.NewVersion(p, b.prompt.Id, "Hi {{name}}, you are {{age}} ({{member}})")
	env.Promote(p, b.prompt.Id, b.v1.Id, "staging")
	env.Promote(p, b.prompt.Id, b.v1.Id, "production")
	b.v2 = env.NewVersion(p, b.prompt.Id, "Yo {{name}}")
	for _, e := range []api.Environment{"dev", "staging", "production"} {
		b.keys[e] = env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: e, Scopes: &[]api.Scope{api.ScopePromptsRead}}))
	}
	return b
}

func TestResolvePrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("EachEnvironmentSeesItsOwn", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		for e, want := range map[api.Environment]int{"dev": 2, "staging": 1, "production": 1} {
			resp, err := b.keys[e].ResolvePromptWithResponse(ctx, "greet", nil)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode())
			require.Equal(t, want, resp.JSON200.Data.VersionNumber, e)
		}
	})

	t.Run("ETag", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		first, err := b.keys["production"].ResolvePromptWithResponse(ctx, "greet", nil)
		require.NoError(t, err)
		tag := first.HTTPResponse.Header.Get("ETag")
		require.NotEmpty(t, tag)

		cached, err := b.keys["production"].ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{IfNoneMatch: &tag})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotModified, cached.StatusCode())
		require.Empty(t, cached.Body)
		require.Equal(t, tag, cached.HTTPResponse.Header.Get("ETag"))

		// A promotion changes the tag, so the old one no longer matches.
		b.env.Promote(b.p, b.prompt.Id, b.v2.Id, "production")
		fresh, err := b.keys["production"].ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{IfNoneMatch: &tag})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, fresh.StatusCode())
		require.Equal(t, 2, fresh.JSON200.Data.VersionNumber)
		require.NotEqual(t, tag, fresh.HTTPResponse.Header.Get("ETag"))

		// The same version in another environment is another response, with another tag.
		staging, err := b.keys["staging"].ResolvePromptWithResponse(ctx, "greet", nil)
		require.NoError(t, err)
		require.NotEqual(t, tag, staging.HTTPResponse.Header.Get("ETag"))
	})

	t.Run("PinnedVersion", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		one, err := b.keys["dev"].ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Version: new(1)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, one.StatusCode())
		require.Equal(t, 1, one.JSON200.Data.VersionNumber)

		// Version 2 has never been live in production, so a production key cannot pin it.
		two, err := b.keys["production"].ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Version: new(2)})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, two.StatusCode())
		require.Contains(t, two.JSON404.Error.Message, "production")

		none, err := b.keys["dev"].ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Version: new(9)})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, none.StatusCode())
	})

	t.Run("NotDeployedInEnvironment", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		devOnly := b.env.NewPrompt(b.p, "dev-only")
		b.env.NewVersion(b.p, devOnly.Id, "u")
		resp, err := b.keys["staging"].ResolvePromptWithResponse(ctx, "dev-only", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())

		resp, err = b.keys["staging"].ResolvePromptWithResponse(ctx, "no-such-slug", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})

	t.Run("BadInput", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		for path, field := range map[string]string{
			"/api/v1/prompts/Greet/resolve":           "slug",
			"/api/v1/prompts/greet/resolve?version=0": "version",
			"/api/v1/prompts/greet/resolve?version=x": "version",
		} {
			e := decodeError(t, b.env.Do(b.env.Request(http.MethodGet, path, b.p.Key, "", "")), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{field}, fieldNames(e), path)
		}
	})
}

func TestRenderPrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("ScalarsAsText", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		resp, err := b.keys["production"].RenderPromptWithResponse(ctx, "greet", nil, api.RenderRequest{
			Variables: &map[string]any{"name": "Ada", "age": 36.5, "member": true, "unused": "ignored"},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		d := resp.JSON200.Data
		require.Equal(t, "Hi Ada, you are 36.5 (true)", d.Messages[1].Content)
		require.Equal(t, "You are a helpful assistant.", d.Messages[0].Content)
		require.Equal(t, "production", d.Environment)
		require.Equal(t, b.v1.Id, d.VersionId)
		require.Equal(t, "gpt-4", d.Model)
	})

	t.Run("MissingVariablesAllListed", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		resp, err := b.keys["production"].RenderPromptWithResponse(ctx, "greet", nil, api.RenderRequest{
			Variables: &map[string]any{"age": 7},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, []string{"name", "member"}, *resp.JSON400.Error.Details.MissingVariables)
	})

	t.Run("PinnedVersion", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		resp, err := b.keys["dev"].RenderPromptWithResponse(ctx, "greet", nil, api.RenderRequest{
			Version: new(1), Variables: &map[string]any{"name": "A", "age": 1, "member": false},
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, 1, resp.JSON200.Data.VersionNumber)
	})

	t.Run("NotDeployed", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		resp, err := b.keys["production"].RenderPromptWithResponse(ctx, "absent", nil, api.RenderRequest{})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})

	t.Run("Sections", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		prompt := b.env.NewPrompt(b.p, "welcome")
		b.env.NewVersion(b.p, prompt.Id, "{{#member}}Welcome back, {{name}}.{{/member}}{{^member}}Join us, {{name}}!{{/member}} {{#orders}}[{{id}}]{{/orders}}")
		for member, want := range map[bool]string{true: "Welcome back, Ada. [1][2]", false: "Join us, Ada! [1][2]"} {
			resp, err := b.keys["dev"].RenderPromptWithResponse(ctx, "welcome", nil, api.RenderRequest{
				Variables: &map[string]any{"name": "Ada", "member": member, "orders": []any{map[string]any{"id": 1}, map[string]any{"id": 2}}},
			})
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
			require.Equal(t, want, resp.JSON200.Data.Messages[1].Content)
		}
	})

	t.Run("ObjectValueWrittenAsJSON", func(t *testing.T) {
		t.Parallel()
		b := setupResolve(t)
		resp, err := b.p.Client.RenderPromptWithResponse(ctx, "greet", nil, api.RenderRequest{Variables: &map[string]interface{}{
			"name": map[string]any{"first": "Ada"}, "age": 36, "member": true}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON200.Data.Messages[1].Content, `{"first":"Ada"}`)
	})
}
