package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// TestPromptMetrics: after each path an operator watches is driven on a real server
// (resolve, render, snapshot with an edge's report, a socket, a webhook failing to a
// loopback receiver, a track batch stored and one refused, a release's guard breached),
// each of its series has moved, and promtool check metrics finds no problem in the scrape.
func TestPromptMetrics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// A failed delivery waits an hour for its retry: it stays in the backlog, retrying.
	env := apitest.New(t, fastReleases, apitest.WithWebhooks(t, func(c *webhooks.Config) { c.MaxAttempts, c.RetryBase = 2, time.Hour }))
	p := env.NewProject("metrics")
	prompt := env.NewPrompt(p, "welcome")
	env.NewVersion(p, prompt.Id, "Hello {{ name }}")

	socket := env.Subscribe(p.Key, "prompts")
	apitest.AwaitSample(t, env.Server.MetricsHandler(), "promptops_websocket_connections", 1)
	_ = socket.Conn.CloseNow()
	apitest.AwaitSample(t, env.Server.MetricsHandler(), "promptops_websocket_connections", 0)

	for range 2 {
		resp, err := p.Client.ResolvePromptWithResponse(ctx, "welcome", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
	format := api.RenderRequestFormatOpenaiChat
	rendered, err := p.Client.RenderPromptWithResponse(ctx, "welcome", nil, api.RenderRequest{Format: &format,
		Variables: &map[string]api.VariableValue{"name": "Ada"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rendered.StatusCode(), string(rendered.Body))
	snap, err := p.Client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{PromptOpsEdgeStaleAnswers: new(int64(3))})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, snap.StatusCode(), string(snap.Body))

	accepted(t, track(t, env, p.Key, event(1, 12, time.Now())))
	refused := track(t, env, p.Key, event(1, 12, time.Now()), event(99, 12, time.Now()))
	require.Equal(t, http.StatusBadRequest, refused.StatusCode)

	receiver := apitest.NewReceiver(t)
	receiver.Answer(func(int) int { return http.StatusInternalServerError })
	hook := newWebhook(t, p, receiver.URL, "project.updated") // an event this test makes none of: the ping alone goes
	ping, err := p.Client.TestWebhookWithResponse(ctx, hook.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, ping.StatusCode(), string(ping.Body))

	a, _, _ := twoPrompts(t, env, p, "guard")
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "guard-a", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0),
			Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, Max: new(0.1), MinCalls: 10}}}}, http.StatusAccepted)
	testfactory.ReleaseMetrics(ctx, t, env.Pool, r.Id, a.Id, "current", &testfactory.ReleaseMetricsOpts{Calls: 20})
	testfactory.ReleaseMetrics(ctx, t, env.Pool, r.Id, a.Id, "candidate", &testfactory.ReleaseMetricsOpts{Calls: 20, Errors: 10})
	awaitRelease(t, p.Client, r.Id, api.ReleaseStatusRolledBack)

	apitest.AwaitSample(t, env.Server.MetricsHandler(), `promptops_webhook_delivery_failures_total{reason="http_status"}`, 1)
	apitest.AwaitSample(t, env.Server.MetricsHandler(), `promptops_webhook_deliveries_pending{state="retrying"}`, 1)
	body := env.Metrics()
	for series, want := range map[string]float64{
		`promptops_prompt_serve_duration_seconds_count{format="",operation="resolve"}`:           2,
		`promptops_prompt_serve_duration_seconds_count{format="openai-chat",operation="render"}`: 1,
		`promptops_prompt_serve_duration_seconds_count{format="",operation="snapshot"}`:          1,
		`promptops_cache_misses_total{cache="resolve"}`:                                          1,
		`promptops_cache_hits_total{cache="resolve"}`:                                            2,
		`promptops_edge_stale_answers_total`:                                                     3,
		`promptops_analytics_events_accepted_total`:                                              1,
		`promptops_analytics_events_rejected_total{reason="validation"}`:                         2,
		`promptops_release_guard_evaluations_total{outcome="breach"}`:                            1,
		`promptops_webhook_deliveries_pending{state="queued"}`:                                   0,
	} {
		v, ok := apitest.Sample(body, series)
		require.True(t, ok, "%s is not in the scrape:\n%s", series, body)
		require.Equal(t, want, v, series)
	}
	for series, why := range map[string]string{
		"promptops_feed_lag_seconds_count":                          "every recorded event is applied through the feed",
		"promptops_release_guard_evaluation_duration_seconds_count": "each evaluation is timed",
	} {
		v, ok := apitest.Sample(body, series)
		require.True(t, ok, "%s is not in the scrape", series)
		require.Positive(t, v, why)
	}
	apitest.Promtool(t, body, "check", "metrics")
}
