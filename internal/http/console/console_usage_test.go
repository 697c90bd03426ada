package console_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// requestWith makes one authenticated request with key, which usage counts in the key's
// environment.
func requestWith(t *testing.T, env *apitest.Env, key string) {
	t.Helper()
	resp := env.Do(env.Request(http.MethodGet, "/api/v1/projects/me", key, "", ""))
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestConsoleUsageChoice: the usage page shows production when it has requests in the
// period, else the first environment that has, whatever the signed-in key's environment;
// it says which it shows, lets the person choose the environment and the period, and lists
// the shown environment's keys.
func TestConsoleUsageChoice(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project *apitest.Project
		b       *browser
	}
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		project := env.NewProject("Usage choice")
		b := newBrowser(t, env)
		b.signIn(project.Key) // a dev key
		return &testBundle{env: env, project: project, b: b}
	}

	t.Run("ProductionWithTraffic", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		prod := bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "production"})
		requestWith(t, bundle.env, prod)
		status, page := bundle.b.get("/console/usage")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `Showing <strong>production</strong> over the <strong>last 7 days</strong> (the first environment with traffic`)
		require.Contains(t, page, `<tr><td><code>`+prod[:auth.PrefixLen]+`…</code></td><td></td><td>1</td></tr>`)
		require.Contains(t, page, `<ul class="chart-legend" aria-label="Legend of Requests per day"><li><span class="chart-key chart-series-0" aria-hidden="true"></span>production</li></ul>`)
	})

	t.Run("FirstEnvironmentWithTraffic", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		staging := bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "staging"})
		requestWith(t, bundle.env, staging)
		status, page := bundle.b.get("/console/usage")
		require.Equal(t, http.StatusOK, status, page)
		// Creating the staging key was dev's request: dev comes first of the two with traffic.
		require.Contains(t, page, `Showing <strong>dev</strong> over the <strong>last 7 days</strong> (the first environment with traffic`)
		require.Contains(t, page, `<tr><td><code>`+bundle.project.Key[:auth.PrefixLen]+`…</code></td><td></td><td>1</td></tr>`)
	})

	t.Run("Chosen", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		label := "worker"
		staging := bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "staging", Label: &label})
		requestWith(t, bundle.env, staging)
		requestWith(t, bundle.env, staging)
		status, page := bundle.b.get("/console/usage?environment=staging&period=24h")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `Showing <strong>staging</strong> over the <strong>last 24 hours</strong>.`)
		require.Contains(t, page, `<option selected>staging</option>`)
		require.Contains(t, page, `<option value="24h" selected>last 24 hours</option>`)
		require.Contains(t, page, `<tr><td><code>`+staging[:auth.PrefixLen]+`…</code></td><td>worker</td><td>2</td></tr>`)
		require.NotContains(t, page, `<td><code>`+bundle.project.Key[:auth.PrefixLen]) // a dev key
	})

	t.Run("NoTraffic", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		requestWith(t, bundle.env, bundle.project.Key) // dev's
		status, page := bundle.b.get("/console/usage?environment=production&period=30d")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `Showing <strong>production</strong> over the <strong>last 30 days</strong>.`)
		require.Contains(t, page, `No requests in production over the period.`)
	})

	t.Run("Quotas", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		bundle.env.NewPrompt(bundle.project, "counted")
		status, page := bundle.b.get("/console/usage")
		require.Equal(t, http.StatusOK, status, page)
		for _, row := range []string{
			`<tr><td>Prompts</td><td>1</td><td>1000</td></tr>`,
			`<tr><td>Active API keys</td><td>1</td><td>100</td></tr>`,
			`<tr><td>Environments</td><td>3</td><td>20</td></tr>`,
			`<tr><td>Pending invitations</td><td>0</td><td>100</td></tr>`,
			`<tr><td>Analytics stored</td><td>0.0 MiB</td><td>1024.0 MiB</td></tr>`,
		} {
			require.Contains(t, page, row)
		}
	})
}
