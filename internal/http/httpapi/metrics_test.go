package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

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
