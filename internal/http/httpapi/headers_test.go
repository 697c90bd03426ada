package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")

	t.Run("NosniffOnEveryResponse", func(t *testing.T) {
		t.Parallel()
		for _, req := range []*http.Request{
			env.Request(http.MethodGet, "/health", "", "", ""),
			env.Request(http.MethodGet, "/api/v1/nothing-here", "", "", ""),
			env.Request(http.MethodPut, "/api/v1/projects/me", "", "", ""),
			env.Request(http.MethodGet, "/api/v1/projects/me", "", "", ""),
			env.Request(http.MethodGet, "/api/v1/projects/me", p.Key, "", ""),
			env.Request(http.MethodGet, "/api/explorer/explorer.js", "", "", ""),
		} {
			resp := env.Do(req)
			require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), "%s %s → %d", req.Method, req.URL.Path, resp.StatusCode)
		}
	})

	t.Run("NoStoreWhenAuthenticated", func(t *testing.T) {
		t.Parallel()
		for key, status := range map[string]int{p.Key: http.StatusOK, "": http.StatusUnauthorized} {
			resp := env.Do(env.Request(http.MethodGet, "/api/v1/projects/me", key, "", ""))
			require.Equal(t, status, resp.StatusCode)
			require.Equal(t, "no-store", resp.Header.Get("Cache-Control"), status)
		}
		health := env.Do(env.Request(http.MethodGet, "/health", "", "", ""))
		require.Empty(t, health.Header.Get("Cache-Control"), "a public answer may be cached")
	})

	t.Run("NoStoreOnSecrets", func(t *testing.T) {
		t.Parallel()
		signup, err := env.Anonymous.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "q"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, signup.StatusCode())
		require.Equal(t, "no-store", signup.HTTPResponse.Header.Get("Cache-Control"), "sign-up's apiKey")

		key, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "dev"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, key.StatusCode())
		require.Equal(t, "no-store", key.HTTPResponse.Header.Get("Cache-Control"), "fullKey")

		hook, err := p.Client.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: apitest.NewReceiver(t).URL, Events: []string{"*"}})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))
		require.Equal(t, "no-store", hook.HTTPResponse.Header.Get("Cache-Control"), "the webhook's secret")
	})

	t.Run("ExplorerContentSecurityPolicy", func(t *testing.T) {
		t.Parallel()
		page, err := env.Anonymous.GetExplorerWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, page.StatusCode())
		directives := map[string]string{}
		for _, d := range strings.Split(page.HTTPResponse.Header.Get("Content-Security-Policy"), ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			directives[name] = value
		}
		require.Equal(t, "'self'", directives["default-src"])
		require.Equal(t, "'none'", directives["frame-ancestors"])
		require.Equal(t, "'none'", directives["object-src"])
		require.NotContains(t, page.HTTPResponse.Header.Get("Content-Security-Policy"), "unsafe")
	})
}
