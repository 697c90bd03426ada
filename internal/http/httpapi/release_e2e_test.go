package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// The tests of this file drive issue 23's figures through the real endpoints only: every
// release, call and deployment is made over HTTP, as an application or CI would.

// calls is n tracked calls of slug's version v in production, failed ones first.
func calls(slug string, v, n, failed int) []api.AnalyticsEvent {
	production := api.Environment("production")
	out := make([]api.AnalyticsEvent, n)
	for i := range out {
		out[i] = api.AnalyticsEvent{Type: "prompt.used", Slug: slug, VersionNumber: v, LatencyMs: 20,
			Success: i >= failed, Environment: &production}
	}
	return out
}

// TestReleaseGuardRollbackEndToEnd: calls tracked with POST /analytics/track, the
// candidate's failing, roll a guarded split back within two of its guard's evaluation
// intervals of the breaching batch: the reason names the guard, production is back on the
// current version only, and release.rolled_back is in the events and reaches a webhook,
// signed. A guard that holds lets a gradual release complete.
func TestReleaseGuardRollbackEndToEnd(t *testing.T) {
	t.Parallel()

	t.Run("BreachRollsBack", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		env := apitest.Shared(t)
		p := env.NewProject("e2e guard")
		a, _, v := twoPrompts(t, env, p, "canary")
		receiver := apitest.NewReceiver(t)
		hook := newWebhook(t, p, receiver.URL, "release.rolled_back")
		const interval = time.Second
		// allowance covers the job queue's poll (500 ms), the test's own polling (50 ms) and
		// a machine shared with other tests.
		const allowance = time.Second
		r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "canary-a", 2)},
			Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(20.0),
				Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, Max: new(0.2), MinCalls: 5,
					EvaluationInterval: new(interval.String())}}}}, http.StatusAccepted)

		accepted(t, track(t, env, p.Key, calls("canary-a", 1, 10, 0)...))
		require.Equal(t, 5, accepted(t, track(t, env, p.Key, calls("canary-a", 2, 5, 3)...)))
		breached := time.Now()
		back, _ := awaitRelease(t, p.Client, r.Id, api.ReleaseStatusRolledBack)
		took := time.Since(breached)
		t.Logf("rolled back %s after the breaching batch (evaluation interval %s)", took, interval)
		require.Less(t, took, 2*interval+allowance)
		reason := back.RollbackReason.MustGet()
		require.Contains(t, reason, "guard breached on canary-a v2")
		require.Contains(t, reason, "errorRate of the candidate is 0.6 over 5 calls")

		d := deployment(t, env, a.Id, "production")
		require.Equal(t, v[0][0].Id, d.VersionID)
		require.Nil(t, d.CandidateVersionID)
		require.Nil(t, d.ReleaseID)
		resolved, err := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})).
			ResolvePromptWithResponse(ctx, "canary-a", &api.ResolvePromptParams{Subject: new("anyone")})
		require.NoError(t, err)
		require.Equal(t, v[0][0].Id, resolved.JSON200.Data.VersionId)
		require.True(t, resolved.JSON200.Data.Release.IsNull())

		rolledBack := api.EventType("release.rolled_back")
		events, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &rolledBack})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, events.StatusCode(), string(events.Body))
		require.Len(t, events.JSON200.Data, 1)
		var data struct {
			ID             string   `json:"id"`
			RollbackReason string   `json:"rollbackReason"`
			Slugs          []string `json:"slugs"`
		}
		require.NoError(t, json.Unmarshal(events.JSON200.Data[0].Data, &data))
		require.Equal(t, r.Id.String(), data.ID)
		require.Equal(t, reason, data.RollbackReason)
		require.Equal(t, []string{"canary-a"}, data.Slugs)

		got := receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) >= 1 })
		require.Len(t, got, 1, "the webhook hears of nothing else")
		require.Equal(t, "release.rolled_back", got[0].Type)
		require.True(t, webhooks.Verify(hook.Secret, got[0].ID, got[0].Timestamp, got[0].Signature, got[0].Body))
		var msg struct {
			Data struct {
				ID             string `json:"id"`
				Status         string `json:"status"`
				RollbackReason string `json:"rollbackReason"`
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(got[0].Body, &msg))
		require.Equal(t, r.Id.String(), msg.Data.ID)
		require.Equal(t, "rolled_back", msg.Data.Status)
		require.Equal(t, reason, msg.Data.RollbackReason)
	})

	t.Run("HoldingGuardCompletes", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("e2e guard holds")
		a, _, v := twoPrompts(t, env, p, "steady")
		r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "steady-a", 2)},
			Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
				Steps: &[]api.ReleaseStep{{Percent: 10, Duration: "1s"}, {Percent: 50, Duration: "1s"}},
				Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, Max: new(0.2), MinCalls: 5,
					EvaluationInterval: new("1s")}}}}, http.StatusAccepted)
		accepted(t, track(t, env, p.Key, calls("steady-a", 1, 10, 1)...))
		accepted(t, track(t, env, p.Key, calls("steady-a", 2, 10, 1)...))

		done, took := awaitRelease(t, p.Client, r.Id, api.ReleaseStatusCompleted)
		t.Logf("a guarded gradual release of two one-second steps completed in %s", took)
		require.True(t, done.RollbackReason.IsNull())
		d := deployment(t, env, a.Id, "production")
		require.Equal(t, v[0][1].Id, d.VersionID)
		require.Nil(t, d.CandidateVersionID)
	})
}
