package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// call is one request of the isolation and scope tables.
type call struct {
	method, path, body string
}

// promptCalls are requests on every prompt path, aimed at a prompt "shared" of some project.
func promptCalls(promptID, versionID string) map[string]call {
	base := "/api/v1/prompts/" + promptID
	return map[string]call{
		"GetPrompt":          {http.MethodGet, base, ""},
		"UpdatePrompt":       {http.MethodPatch, base, `{"name":"x"}`},
		"DeletePrompt":       {http.MethodDelete, base, ""},
		"ListVersions":       {http.MethodGet, base + "/versions", ""},
		"CreateVersion":      {http.MethodPost, base + "/versions", `{"systemPrompt":"s","userTemplate":"u"}`},
		"GetVersion":         {http.MethodGet, base + "/versions/" + versionID, ""},
		"PromotePrompt":      {http.MethodPost, base + "/promote", `{"environment":"production","versionId":"` + versionID + `"}`},
		"RollbackPrompt":     {http.MethodPost, base + "/rollback", `{"environment":"dev"}`},
		"ListDeployments":    {http.MethodGet, base + "/deployments", ""},
		"GetPromptAnalytics": {http.MethodGet, base + "/analytics", ""},
		"ResolvePrompt":      {http.MethodGet, "/api/v1/prompts/shared/resolve", ""},
		"RenderPrompt":       {http.MethodPost, "/api/v1/prompts/shared/render", `{"variables":{}}`},
	}
}

func send(env *apitest.Env, key string, c call) *http.Response {
	contentType := ""
	if c.body != "" {
		contentType = "application/json"
	}
	return env.Do(env.Request(c.method, c.path, key, contentType, c.body))
}

// TestOtherProjectsPrompt checks that a prompt of another project is a 404 on every path,
// and that nothing of it changes.
func TestOtherProjectsPrompt(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	owner := env.NewProject("owner")
	prompt := env.NewPrompt(owner, "shared")
	v := env.NewVersion(owner, prompt.Id, "u")
	stranger := env.NewProject("stranger")

	for name, c := range promptCalls(prompt.Id.String(), v.Id.String()) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := env.RowsOf(owner)
			decodeError(t, send(env, stranger.Key, c), http.StatusNotFound, api.ErrorCodeRESOURCENOTFOUND)
			require.Equal(t, before, env.RowsOf(owner))
		})
	}
}

// TestReadOnlyKey checks that a prompts:read key can list, get, resolve and render, and
// gets 403 on every write and every admin operation.
func TestReadOnlyKey(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "shared")
	v := env.NewVersion(p, prompt.Id, "u")
	reader := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}})

	calls := promptCalls(prompt.Id.String(), v.Id.String())
	calls["ListPrompts"] = call{http.MethodGet, "/api/v1/prompts", ""}
	calls["CreatePrompt"] = call{http.MethodPost, "/api/v1/prompts", `{"slug":"new","name":"n"}`}
	calls["ListApiKeys"] = call{http.MethodGet, "/api/v1/api-keys", ""}
	calls["CreateApiKey"] = call{http.MethodPost, "/api/v1/api-keys", `{"environment":"dev"}`}
	calls["RevokeApiKey"] = call{http.MethodDelete, "/api/v1/api-keys/" + v.Id.String(), ""}
	calls["UpdateCurrentProject"] = call{http.MethodPatch, "/api/v1/projects/me", `{"name":"x"}`}
	reads := map[string]bool{"GetPrompt": true, "ListVersions": true, "GetVersion": true, "ListDeployments": true,
		"ResolvePrompt": true, "RenderPrompt": true, "ListPrompts": true, "GetPromptAnalytics": true}

	for name, c := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := env.RowsOf(p)
			resp := send(env, reader, c)
			if reads[name] {
				require.Equal(t, http.StatusOK, resp.StatusCode)
				return
			}
			e := decodeError(t, resp, http.StatusForbidden, api.ErrorCodeFORBIDDEN)
			require.True(t, strings.HasPrefix(string(*e.Details.RequiredScope), "prompts:write") || *e.Details.RequiredScope == api.ScopeAdmin)
			require.Equal(t, before, env.RowsOf(p))
		})
	}
}
