package console_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// trackUsed records calls of version 1 of slug with key, in the key's environment.
func trackUsed(t *testing.T, env *apitest.Env, key, slug string, n int) {
	t.Helper()
	now := time.Now().UTC()
	events := make([]api.AnalyticsEvent, n)
	for i := range events {
		events[i] = api.AnalyticsEvent{Type: "prompt.used", Slug: slug, VersionNumber: 1, LatencyMs: 12, Success: true, Timestamp: &now}
	}
	body, err := json.Marshal(api.AnalyticsEventBatch{Events: events})
	require.NoError(t, err)
	resp := env.Do(env.Request(http.MethodPost, "/api/v1/analytics/track", key, "application/json", string(body)))
	_ = resp.Body.Close()
	require.Equal(t, http.StatusAccepted, resp.StatusCode)
}

// TestConsoleAnalyticsChoice: the analytics page shows production when it has calls, else
// the first environment that has, whatever the signed-in key's environment; it says which
// it shows, lets the person choose the environment and the period, and its charts have
// legends.
func TestConsoleAnalyticsChoice(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project *apitest.Project
		b       *browser
		path    string
	}
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		project := env.NewProject("Analytics choice")
		prompt := env.NewPrompt(project, "welcome")
		env.NewVersion(project, prompt.Id, "Hello")
		b := newBrowser(t, env)
		b.signIn(project.Key) // a dev key
		return &testBundle{env: env, project: project, b: b, path: "/console/prompts/" + prompt.Id.String() + "/analytics"}
	}

	t.Run("ProductionWithTraffic", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		trackUsed(t, bundle.env, bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "production"}), "welcome", 3)
		trackUsed(t, bundle.env, bundle.project.Key, "welcome", 1)
		status, page := bundle.b.get(bundle.path)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `Showing <strong>production</strong> over the <strong>last 7 days</strong> (the first environment with traffic`)
		require.Contains(t, page, `<td>v1</td><td>3</td>`)
		require.Contains(t, page, `<ul class="chart-legend" aria-label="Legend of Calls per day"><li><span class="chart-key chart-series-0" aria-hidden="true"></span>v1</li></ul>`)
	})

	t.Run("FirstEnvironmentWithTraffic", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		trackUsed(t, bundle.env, bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "staging"}), "welcome", 2)
		status, page := bundle.b.get(bundle.path)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `Showing <strong>staging</strong>`)
		require.Contains(t, page, `<td>v1</td><td>2</td>`)
	})

	t.Run("Chosen", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		trackUsed(t, bundle.env, bundle.project.Key, "welcome", 4)
		status, page := bundle.b.get(bundle.path + "?environment=dev&period=24h")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `Showing <strong>dev</strong> over the <strong>last 24 hours</strong>.`)
		require.Contains(t, page, `<option selected>dev</option>`)
		require.Contains(t, page, `<option value="24h" selected>last 24 hours</option>`)
		require.Contains(t, page, `<td>v1</td><td>4</td>`)
		require.Contains(t, page, "Calls per hour")
	})
}
