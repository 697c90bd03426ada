package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
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

// twoMoves is a project's prompts "pair-a" and "pair-b", each with v1 live in production
// and v2 made, and a production key's client to read them.
type twoMoves struct {
	env    *apitest.Env
	p      *apitest.Project
	v1, v2 map[string]uuid.UUID
	reader *api.ClientWithResponses
}

func setupTwoMoves(t *testing.T) *twoMoves {
	t.Helper()
	env := apitest.Shared(t)
	p := env.NewProject("e2e never half")
	_, _, v := twoPrompts(t, env, p, "pair")
	return &twoMoves{env: env, p: p,
		v1:     map[string]uuid.UUID{"pair-a": v[0][0].Id, "pair-b": v[1][0].Id},
		v2:     map[string]uuid.UUID{"pair-a": v[0][1].Id, "pair-b": v[1][1].Id},
		reader: env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}}))}
}

// readers reads the pair concurrently while a change moves both from one version each to
// another, and counts what each kind of read saw. Resolves may each see either, but once
// any answer showed a prompt moved, every later-started resolve answers moved (monotonic);
// each snapshot shows both moved or neither.
type readers struct {
	from, to   map[string]uuid.UUID
	moved      atomic.Bool
	resolveOld atomic.Int64
	resolveNew atomic.Int64
	snapOld    atomic.Int64
	snapNew    atomic.Int64
	violations chan string
}

// resolveLoop resolves slugs in turn until stop.
func (r *readers) resolveLoop(c *api.ClientWithResponses, slugs []string, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		slug := slugs[i%len(slugs)]
		after := r.moved.Load()
		resp, err := c.ResolvePromptWithResponse(context.Background(), slug, nil)
		if err != nil || resp.StatusCode() != http.StatusOK {
			r.violations <- fmt.Sprintf("resolve %s: %v %d", slug, err, resp.StatusCode())
			return
		}
		switch got := resp.JSON200.Data.VersionId; {
		case got == r.to[slug]:
			r.moved.Store(true)
			r.resolveNew.Add(1)
		case got != r.from[slug]:
			r.violations <- fmt.Sprintf("resolve %s: version %s is neither before nor after", slug, got)
			return
		case after:
			r.violations <- fmt.Sprintf("resolve %s answered unmoved after an answer showed the release applied", slug)
			return
		default:
			r.resolveOld.Add(1)
		}
	}
}

// snapshotLoop reads the snapshot until stop.
func (r *readers) snapshotLoop(c *api.ClientWithResponses, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		resp, err := c.GetSnapshotWithResponse(context.Background(), nil)
		if err != nil || resp.StatusCode() != http.StatusOK {
			r.violations <- fmt.Sprintf("snapshot: %v %d", err, resp.StatusCode())
			return
		}
		moved := map[bool]int{}
		for _, p := range resp.JSON200.Data.Prompts {
			moved[p.Prompt.VersionId == r.to[p.Prompt.Slug]]++
		}
		switch {
		case moved[true] == 2:
			r.snapNew.Add(1)
		case moved[false] == 2:
			r.snapOld.Add(1)
		default:
			r.violations <- fmt.Sprintf("a snapshot shows %d prompt(s) moved and %d not", moved[true], moved[false])
			return
		}
	}
}

// during runs the readers around change: it lets each kind read the pair as it was a few
// times, makes the change while they read, and stops them once each kind has read the
// pair moved a few times.
func (b *twoMoves) during(t *testing.T, name string, from, to map[string]uuid.UUID, change func()) {
	t.Helper()
	const enough = 20
	r := &readers{from: from, to: to, violations: make(chan string, 16)}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, slugs := range [][]string{{"pair-a", "pair-b"}, {"pair-b", "pair-a"}, {"pair-a", "pair-b"}} {
		wg.Go(func() { r.resolveLoop(b.reader, slugs, stop) })
	}
	wg.Go(func() { r.snapshotLoop(b.reader, stop) })
	seen := func(counts ...*atomic.Int64) func() bool {
		return func() bool {
			for _, c := range counts {
				if c.Load() < enough {
					return len(r.violations) > 0
				}
			}
			return true
		}
	}
	require.Eventually(t, seen(&r.resolveOld, &r.snapOld), 20*time.Second, 5*time.Millisecond)
	change()
	require.Eventually(t, seen(&r.resolveNew, &r.snapNew), 20*time.Second, 5*time.Millisecond)
	close(stop)
	wg.Wait()
	close(r.violations)
	for v := range r.violations {
		t.Errorf("%s: %s", name, v)
	}
	t.Logf("%s: resolves saw %d old, %d new; snapshots %d old, %d new", name,
		r.resolveOld.Load(), r.resolveNew.Load(), r.snapOld.Load(), r.snapNew.Load())
}

// TestReleaseNeverHalfAppliedEndToEnd: readers of resolve and of the snapshot, reading
// while real releases move two prompts (an immediate release, its rollback, a split
// completed with .../complete), never see one prompt moved and the other not.
func TestReleaseNeverHalfAppliedEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupTwoMoves(t)
	both := []api.ReleaseChangeRequest{change(t, "pair-a", 2), change(t, "pair-b", 2)}

	var immediate api.Release
	b.during(t, "immediate", b.v1, b.v2, func() {
		immediate = createRelease(t, b.p.Client, api.CreateReleaseRequest{Environment: "production", Changes: both}, http.StatusCreated)
	})
	b.during(t, "rollback", b.v2, b.v1, func() {
		resp, err := b.p.Client.RollbackReleaseWithResponse(ctx, immediate.Id, nil, api.RollbackReleaseRequest{})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	})
	// Without a subject, readers get the current version while the split runs.
	b.during(t, "split completed", b.v1, b.v2, func() {
		split := createRelease(t, b.p.Client, api.CreateReleaseRequest{Environment: "production", Changes: both,
			Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0)}}, http.StatusAccepted)
		resp, err := b.p.Client.CompleteReleaseWithResponse(ctx, split.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	})
}

// partAndOuter makes a project named name with two prompts: "part", v1 live in production
// and v2 not yet, and "outer", whose v1, live in production, includes part.
func partAndOuter(env *apitest.Env, name string) *apitest.Project {
	p := env.NewProject(name)
	part := env.NewPrompt(p, "part")
	env.Promote(p, part.Id, env.NewVersion(p, part.Id, "one").Id, "production")
	env.NewVersion(p, part.Id, "two")
	outer := env.NewPrompt(p, "outer")
	env.Promote(p, outer.Id, env.NewVersion(p, outer.Id, "Hi {{> part}}").Id, "production")
	return p
}

// dependencyChanged is the data of p's prompt.dependency_changed events in production,
// newest first.
func dependencyChanged(t *testing.T, p *apitest.Project) []map[string]any {
	t.Helper()
	kind := api.EventType("prompt.dependency_changed")
	resp, err := p.Client.ListEventsWithResponse(context.Background(), &api.ListEventsParams{Type: &kind})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	var out []map[string]any
	for _, e := range resp.JSON200.Data {
		var data map[string]any
		require.NoError(t, json.Unmarshal(e.Data, &data))
		if data["environment"] == "production" {
			out = append(out, data)
		}
	}
	return out
}

// TestReleaseDependencyEventNamesRelease: the prompt.dependency_changed of a prompt that
// includes one a release moved names the release, so that readers leave it to the
// release's event (else an edge showed the includer moved before the release's other
// prompts); one a promote made names none.
func TestReleaseDependencyEventNamesRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := partAndOuter(env, "e2e dependency")

	releaseIDs := func() []any {
		t.Helper()
		var ids []any
		for _, data := range dependencyChanged(t, p) {
			require.Contains(t, data, "releaseId")
			ids = append(ids, data["releaseId"])
		}
		return ids
	}
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "part", 2)}}, http.StatusCreated)
	require.Equal(t, []any{r.Id.String()}, releaseIDs())
	back, err := p.Client.RollbackPromptWithResponse(ctx, "part", nil, api.RollbackRequest{Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	require.Equal(t, []any{nil, r.Id.String()}, releaseIDs(), "newest first: the rollback's names no release")
}

// TestDependencyEventOfACandidate: a promote of a partial that only the candidate of a
// release rolling a prompt out includes records that prompt's prompt.dependency_changed,
// as for one whose live version includes it: the subjects on the candidate now include
// the partial's new version, and readers that follow events must read the prompt again.
func TestDependencyEventOfACandidate(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("e2e candidate dependency")
	part := env.NewPrompt(p, "part")
	env.Promote(p, part.Id, env.NewVersion(p, part.Id, "one").Id, "production")
	outer := env.NewPrompt(p, "outer")
	env.Promote(p, outer.Id, env.NewVersion(p, outer.Id, "Hi").Id, "production")
	env.NewVersion(p, outer.Id, "Hi {{> part}}")
	createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "outer", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0)}}, http.StatusAccepted)
	require.Empty(t, dependencyChanged(t, p))

	env.Promote(p, part.Id, env.NewVersion(p, part.Id, "two").Id, "production")
	events := dependencyChanged(t, p)
	require.Len(t, events, 1)
	require.Equal(t, "outer", events[0]["slug"])
	require.Equal(t, 1.0, events[0]["versionNumber"], "the live version's number")
	require.Equal(t, map[string]any{"slug": "part", "versionNumber": 2.0}, events[0]["dependency"])
	require.Nil(t, events[0]["releaseId"], "a promote moved the partial")
}

// TestReleaseOfPartialMovesIncludersAtItsEnd: a release moves the prompts it names. While
// it rolls a partial out, prompts that include the partial include its current version for
// every subject, even one the release serves the new version; they include the new version
// once the release completes, as after a promote.
func TestReleaseOfPartialMovesIncludersAtItsEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := partAndOuter(env, "e2e partial release")
	prod := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"}))
	subject := "user-0"
	resolve := func(slug string) api.ResolvedPrompt {
		t.Helper()
		resp, err := prod.ResolvePromptWithResponse(ctx, slug, &api.ResolvePromptParams{Subject: &subject})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return resp.JSON200.Data
	}

	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "part", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0)}}, http.StatusAccepted)
	for i := 1; resolve("part").VersionNumber != 2; i++ {
		require.Less(t, i, 100, "half the subjects are on the partial's new version")
		subject = "user-" + strconv.Itoa(i)
	}
	during := resolve("outer")
	require.Equal(t, []api.PartialRef{{Slug: "part", VersionNumber: 1}}, during.Partials, "its includer still includes the current one")
	require.False(t, during.Release.IsSpecified() && !during.Release.IsNull(), "and names no release")

	done, err := p.Client.CompleteReleaseWithResponse(ctx, r.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
	require.Equal(t, []api.PartialRef{{Slug: "part", VersionNumber: 2}}, resolve("outer").Partials)
}

// TestReleaseRollbackOfPartialLeavesIncluders: rolling back a split of a partial records
// its rollback but no prompt.dependency_changed, as its includers included its current
// version before, during and after the split.
func TestReleaseRollbackOfPartialLeavesIncluders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := partAndOuter(env, "e2e partial rollback")
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "part", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0)}}, http.StatusAccepted)
	back, err := p.Client.RollbackReleaseWithResponse(ctx, r.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))

	rolledBack, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventTypeDeploymentRolledBack)})
	require.NoError(t, err)
	require.Len(t, rolledBack.JSON200.Data, 1, "the split's rollback is recorded")
	require.Empty(t, dependencyChanged(t, p), "outer included part v1 all along")
}
