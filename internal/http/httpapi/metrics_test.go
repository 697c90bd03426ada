package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestMetrics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "measured")
	v := env.NewVersion(p, prompt.Id, "hi")
	env.Promote(p, prompt.Id, v.Id, "dev")
	for range 3 {
		resp, err := p.Client.ResolvePromptWithResponse(ctx, "measured", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
	}
	env.Do(env.Request(http.MethodGet, "/nowhere", "", "", ""))

	rec := httptest.NewRecorder()
	env.Server.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	require.Contains(t, body, `promptops_http_requests_total{method="GET",route="/api/v1/prompts/{slug}/resolve",status="200"} 3`)
	require.Contains(t, body, `promptops_http_requests_total{method="",route="unmatched",status="404"} 1`)
	require.Contains(t, body, `promptops_cache_hits_total{cache="resolve"} 2`)
	require.Contains(t, body, `promptops_cache_misses_total{cache="resolve"} 1`)
	require.Contains(t, body, `promptops_http_request_duration_seconds_bucket`)
	require.Contains(t, body, `go_goroutines`)
}

// TestManagingKeepsCachedResolves: creating a key keeps the project's cached resolves (it
// cannot change what they answer), where a new version, which goes live in dev, drops them.
func TestManagingKeepsCachedResolves(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t)
	p := env.NewProject("p")
	events := env.Subscribe(p.Key, "events")
	prompt := env.NewPrompt(p, "kept")
	env.Promote(p, prompt.Id, env.NewVersion(p, prompt.Id, "hi").Id, "dev")
	// The feed drops cached resolves when it hears of a change, which may be after the change
	// was answered: read once it has heard of the promote.
	for heard := false; !heard; {
		msg := events.Read(10 * time.Second)
		event, _ := msg["event"].(map[string]any)
		heard = msg["type"] == "event" && event["type"] == "deployment.promoted"
	}
	resolve := func() {
		resp, err := p.Client.ResolvePromptWithResponse(ctx, "kept", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
	}
	misses := func() string {
		rec := httptest.NewRecorder()
		env.Server.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		return rec.Body.String()
	}

	resolve()
	env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})
	resolve()
	require.Contains(t, misses(), `promptops_cache_misses_total{cache="resolve"} 1`+"\n", "a new key dropped the cached resolve")

	env.NewVersion(p, prompt.Id, "hello")
	resolve()
	require.Contains(t, misses(), `promptops_cache_misses_total{cache="resolve"} 2`+"\n", "a new version is live in dev: the cached resolve must go")
}
