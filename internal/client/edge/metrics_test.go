package edge_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// ownInstance asks setup for an instance of the test's own, whose metrics it reads.
func ownInstance(*server.Options) {}

// TestEdgeStaleAnswersMetrics: the answers an edge serves marked stale count in its own
// promptops_edge_stale_answers_total (answers while connected do not); once it reconnects
// it reports them to the server, whose counter moves by as many, and only once; both
// scrapes pass promtool check metrics.
func TestEdgeStaleAnswersMetrics(t *testing.T) {
	t.Parallel()
	b := setup(t, ownInstance)
	proxy := newCutProxy(t, b.env.URL)
	e := startEdge(t, proxy.URL(), b.key, "")
	awaitCurrent(t, e)
	edgeMetrics := e.Edge.MetricsHandler()
	a, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
	require.Equal(t, 1, versionOf(t, a))

	proxy.cut()
	require.Eventually(t, func() bool { return e.Edge.Health().Upstream == "disconnected" }, 5*time.Second, time.Millisecond)
	for range 2 {
		a, _ = do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
		require.Equal(t, 1, versionOf(t, a))
	}
	a, _ = do(t, e.URL, "POST", "/api/v1/prompts/greet/render", b.key, `{"variables": {"name": "Ada"}}`)
	require.Equal(t, 200, a.Status, a.Body)
	scrape := apitest.Scrape(t, edgeMetrics)
	for series, want := range map[string]float64{
		"promptops_edge_stale_answers_total":                                                  3,
		`promptops_prompt_serve_duration_seconds_count{format="",operation="resolve"}`:        3,
		`promptops_prompt_serve_duration_seconds_count{format="messages",operation="render"}`: 1,
	} {
		v, ok := apitest.Sample(scrape, series)
		require.True(t, ok, "%s is not in the edge's scrape:\n%s", series, scrape)
		require.Equal(t, want, v, series)
	}
	apitest.Promtool(t, scrape, "check", "metrics")
	before, ok := apitest.Sample(b.env.Metrics(), "promptops_edge_stale_answers_total")
	require.True(t, ok)
	require.Zero(t, before, "nothing reported while disconnected")

	proxy.restore()
	awaitCurrent(t, e)
	apitest.AwaitSample(t, b.env.Server.MetricsHandler(), "promptops_edge_stale_answers_total", 3)
	// Reconnecting again reports nothing new: the three were counted once.
	proxy.cut()
	require.Eventually(t, func() bool { return e.Edge.Health().Upstream == "disconnected" }, 5*time.Second, time.Millisecond)
	proxy.restore()
	awaitCurrent(t, e)
	v, _ := apitest.Sample(b.env.Metrics(), "promptops_edge_stale_answers_total")
	require.Equal(t, 3.0, v)
	apitest.Promtool(t, b.env.Metrics(), "check", "metrics")
}
