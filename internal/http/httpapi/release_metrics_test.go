package httpapi_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/release/guard"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/store/latency"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// metricsBundle is the analytics bundle's "welcome" with versions 2 and 3 (not deployed),
// and version 1 live in production.
type metricsBundle struct {
	*analyticsBundle
	v1, v2, v3 uuid.UUID
}

func metricsSetup(t *testing.T) *metricsBundle {
	t.Helper()
	ctx := context.Background()
	b := analyticsSetup(t)
	version := func() uuid.UUID {
		return testfactory.Version(ctx, t, b.env.Pool, &testfactory.VersionOpts{ProjectID: b.p.UUID(), PromptID: b.prompt.Id}).ID
	}
	r := &metricsBundle{analyticsBundle: b, v1: b.v1.Id, v2: version(), v3: version()}
	testfactory.Deployment(ctx, t, b.env.Pool, &testfactory.DeploymentOpts{PromptID: b.prompt.Id, VersionID: r.v1, Environment: new("production")})
	return r
}

// releaseStart is when the releases of these tests began rolling out: before analyticsNow,
// when their calls are made.
var releaseStart = analyticsNow.Add(-time.Hour)

// rollOut starts a release moving "welcome" from version 1 to 2 in env at releaseStart,
// with strategy (nil: a split without guards).
func (b *metricsBundle) rollOut(t *testing.T, env string, strategy string) uuid.UUID {
	t.Helper()
	opts := &testfactory.RollingReleaseOpts{ProjectID: b.p.UUID(), Environment: env, StartedAt: &releaseStart,
		Changes: []testfactory.RollingChange{{PromptID: b.prompt.Id, CurrentVersionID: b.v1, CandidateVersionID: b.v2}}}
	if strategy != "" {
		opts.Strategy = []byte(strategy)
	}
	id, _ := testfactory.RollingRelease(context.Background(), t, b.env.Pool, opts)
	return id
}

// load is guard.Load of release, for "welcome".
func (b *metricsBundle) load(t *testing.T, release uuid.UUID) guard.Variants {
	t.Helper()
	metrics, err := guard.Load(context.Background(), dbsqlc.New(), b.env.Pool, release)
	require.NoError(t, err)
	require.LessOrEqual(t, len(metrics), 1)
	if v := metrics[b.prompt.Id]; v != nil {
		return *v
	}
	return guard.Variants{}
}

// tracked is an event of version v of "welcome" in env (the admin key reports for any), at
// the server's now.
func tracked(env string, v int, latencyMs float64, success bool) api.AnalyticsEvent {
	e := event(v, latencyMs, analyticsNow)
	e.Environment = new(api.Environment(env))
	e.Success = success
	return e
}

// withUsage is e with its tokens and cost.
func withUsage(e api.AnalyticsEvent, in, out int, cost float64) api.AnalyticsEvent {
	e.InputTokens, e.OutputTokens, e.CostUsd = &in, &out, &cost
	return e
}

// TestTrackAttributesReleases: a tracked call of the version a release rolls out from
// counts as its current variant, of the version it rolls out to as its candidate, of any
// other version as neither; calls of other environments count in their own release only.
func TestTrackAttributesReleases(t *testing.T) {
	t.Parallel()

	t.Run("CurrentCandidateAndOthers", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		release := b.rollOut(t, "production", "")
		require.Equal(t, 6, accepted(t, track(t, b.env, b.p.Key,
			withUsage(tracked("production", 1, 40, true), 100, 10, 0.001), tracked("production", 1, 60, false),
			withUsage(tracked("production", 2, 300, false), 200, 20, 0.003), withUsage(tracked("production", 2, 100, true), 200, 30, 0.002),
			tracked("production", 3, 5, false), // a version outside the release
			tracked("dev", 2, 7, false),        // the release's version, in another environment
		)))
		got := b.load(t, release)
		require.Equal(t, guard.Metrics{Calls: 2, Errors: 1, Latency: histogram(40, 60), Fastest: 40, Slowest: 60,
			InputTokens: 100, OutputTokens: 10, CostUSD: 0.001}, got.Current)
		require.Equal(t, guard.Metrics{Calls: 2, Errors: 1, Latency: histogram(300, 100), Fastest: 100, Slowest: 300,
			InputTokens: 400, OutputTokens: 50, CostUSD: 0.005}, got.Candidate)
		rows := b.env.RowsOf(b.p)
		require.EqualValues(t, 6, rows.AnalyticsEvents, "every call is stored as before")
	})

	t.Run("OtherEnvironmentsRelease", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		testfactory.Deployment(context.Background(), t, b.env.Pool, &testfactory.DeploymentOpts{PromptID: b.prompt.Id, VersionID: b.v1, Environment: new("staging")})
		production, staging := b.rollOut(t, "production", ""), b.rollOut(t, "staging", "")
		accepted(t, track(t, b.env, b.p.Key, tracked("staging", 2, 10, false), tracked("staging", 2, 10, false), tracked("staging", 1, 10, true)))
		require.Equal(t, guard.Variants{}, b.load(t, production), "staging's calls are not production's")
		accepted(t, track(t, b.env, b.p.Key, tracked("production", 2, 10, true)))
		require.EqualValues(t, 1, b.load(t, production).Candidate.Calls)
		got := b.load(t, staging)
		require.EqualValues(t, [2]int64{1, 2}, [2]int64{got.Current.Calls, got.Candidate.Calls})
		require.EqualValues(t, 2, got.Candidate.Errors)
	})

	t.Run("FromItsStart", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		release := b.rollOut(t, "production", "")
		at := func(e api.AnalyticsEvent, ts time.Time) api.AnalyticsEvent {
			e.Timestamp = &ts
			return e
		}
		before := releaseStart.Add(-48 * time.Hour) // delivered late, within track's 7 days
		accepted(t, track(t, b.env, b.p.Key,
			at(tracked("production", 1, 10, false), before), at(tracked("production", 2, 10, false), before),
			at(tracked("production", 2, 10, false), releaseStart.Add(-time.Millisecond)),
			at(tracked("production", 2, 20, true), releaseStart)))
		got := b.load(t, release)
		require.EqualValues(t, [2]int64{0, 1}, [2]int64{got.Current.Calls, got.Candidate.Calls}, "calls from before the release began are not its")
		require.Zero(t, got.Candidate.Errors)
		shown := releaseAnalytics(t, b.p, release, 200).JSON200.Data.Prompts[0]
		require.EqualValues(t, [2]int64{0, 1}, [2]int64{shown.Current.Calls, shown.Candidate.Calls})
	})

	t.Run("NoRelease", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		accepted(t, track(t, b.env, b.p.Key, tracked("production", 1, 10, true), tracked("production", 2, 10, true)))
		var n int
		require.NoError(t, b.env.Pool.QueryRow(context.Background(),
			`SELECT count(*) FROM release_metrics WHERE prompt_id = $1`, b.prompt.Id).Scan(&n))
		require.Zero(t, n)
	})

	// Concurrent batches each add to a shard of their own (one picked at random, as the
	// hourly rollups'), and guard.Load adds every shard up.
	t.Run("AddsUpAcrossShardsAndBatches", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		release := b.rollOut(t, "production", "")
		const batches = 12
		var wg sync.WaitGroup
		for i := range batches {
			wg.Go(func() {
				accepted(t, track(t, b.env, b.p.Key, tracked("production", 1, float64(10+i), true),
					tracked("production", 2, 20, i%3 != 0), withUsage(tracked("production", 2, 30, true), i, 1, 0.1)))
			})
		}
		wg.Wait()
		got := b.load(t, release)
		require.EqualValues(t, batches, got.Current.Calls)
		require.Zero(t, got.Current.Errors)
		require.InDelta(t, 10, got.Current.Fastest, 0)
		require.InDelta(t, 10+batches-1, got.Current.Slowest, 0)
		require.EqualValues(t, 2*batches, got.Candidate.Calls)
		require.EqualValues(t, batches/3, got.Candidate.Errors)
		require.EqualValues(t, 2*batches, got.Candidate.Latency.Count())
		require.EqualValues(t, batches*(batches-1)/2, got.Candidate.InputTokens)
		require.InDelta(t, 0.1*batches, got.Candidate.CostUSD, 1e-9)
		var rows, shards int
		require.NoError(t, b.env.Pool.QueryRow(context.Background(),
			`SELECT count(*), count(DISTINCT shard) FROM release_metrics WHERE release_id = $1`, release).Scan(&rows, &shards))
		require.Equal(t, 2*shards, rows, "one row per variant and shard used")
		require.LessOrEqual(t, shards, analytics.Shards)
		t.Logf("%d batches used %d shards", batches, shards)
	})
}

// histogram counts calls of these latencies.
func histogram(ms ...float64) (h latency.Histogram) {
	for _, v := range ms {
		h.Add(v)
	}
	return h
}

// releaseAnalytics gets release's analytics with key, checking the status.
func releaseAnalytics(t *testing.T, p *apitest.Project, release uuid.UUID, status int) *api.GetReleaseAnalyticsResponse {
	t.Helper()
	resp, err := p.Client.GetReleaseAnalyticsWithResponse(context.Background(), release)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode(), string(resp.Body))
	return resp
}

func TestReleaseAnalytics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("FiguresAndGuards", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		answer := testfactory.Prompt(ctx, t, b.env.Pool, &testfactory.PromptOpts{ProjectID: b.p.UUID(), Slug: new("answer")})
		a1 := testfactory.Version(ctx, t, b.env.Pool, &testfactory.VersionOpts{ProjectID: b.p.UUID(), PromptID: answer.ID})
		a2 := testfactory.Version(ctx, t, b.env.Pool, &testfactory.VersionOpts{ProjectID: b.p.UUID(), PromptID: answer.ID})
		release, _ := testfactory.RollingRelease(ctx, t, b.env.Pool, &testfactory.RollingReleaseOpts{ProjectID: b.p.UUID(), Environment: "production",
			StartedAt: &releaseStart, Changes: []testfactory.RollingChange{
				{PromptID: b.prompt.Id, CurrentVersionID: b.v1, CandidateVersionID: b.v2},
				{PromptID: answer.ID, CurrentVersionID: a1.ID, CandidateVersionID: a2.ID},
			},
			Strategy: []byte(`{"type":"split","percent":10,"guards":[
				{"metric":"errorRate","max":0.5,"minCalls":2},
				{"metric":"latencyP95Ms","maxIncrease":500,"minCalls":2},
				{"metric":"costPerCall","max":1,"minCalls":10}]}`)})
		current := withUsage(tracked("production", 1, 100, true), 10, 5, 0.001)
		failed := withUsage(tracked("production", 1, 100, false), 10, 5, 0.001)
		candidate := withUsage(tracked("production", 2, 300, false), 20, 10, 0.004)
		accepted(t, track(t, b.env, b.p.Key, current, current, failed, current, candidate, candidate))

		got := releaseAnalytics(t, b.p, release, 200).JSON200.Data
		require.Equal(t, release, got.ReleaseId)
		require.Equal(t, []string{"answer", "welcome"}, []string{got.Prompts[0].Slug, got.Prompts[1].Slug})
		quiet := got.Prompts[0]
		require.Equal(t, answer.ID, quiet.PromptId)
		require.Equal(t, 2, quiet.Candidate.VersionNumber.MustGet())
		require.Zero(t, quiet.Candidate.Calls)
		for _, f := range []nullable.Nullable[float64]{quiet.Candidate.ErrorRate, quiet.Candidate.LatencyP50Ms, quiet.Candidate.LatencyP95Ms, quiet.Candidate.CostPerCall} {
			require.True(t, f.IsNull(), "no calls, no figure")
		}

		cur, cand := got.Prompts[1].Current, got.Prompts[1].Candidate
		require.Equal(t, 1, cur.VersionNumber.MustGet())
		require.EqualValues(t, [4]int64{4, 1, 40, 20}, [4]int64{cur.Calls, cur.Errors, cur.InputTokens, cur.OutputTokens})
		require.InDelta(t, 0.25, cur.ErrorRate.MustGet(), 1e-12)
		require.InDelta(t, 100, cur.LatencyP50Ms.MustGet(), 1e-9)
		require.InDelta(t, 100, cur.LatencyP95Ms.MustGet(), 1e-9)
		require.InDelta(t, 0.001, cur.CostPerCall.MustGet(), 1e-12)
		require.Equal(t, 2, cand.VersionNumber.MustGet())
		require.EqualValues(t, [4]int64{2, 2, 40, 20}, [4]int64{cand.Calls, cand.Errors, cand.InputTokens, cand.OutputTokens})
		require.InDelta(t, 1, cand.ErrorRate.MustGet(), 1e-12)
		require.InDelta(t, 300, cand.LatencyP95Ms.MustGet(), 1e-9)
		require.InDelta(t, 0.004, cand.CostPerCall.MustGet(), 1e-12)

		type verdict struct {
			metric, prompt string
			verdict        api.ReleaseAnalyticsGuardVerdict
		}
		var verdicts []verdict
		for _, g := range got.Guards {
			verdicts = append(verdicts, verdict{string(g.Metric), g.Prompt, g.Verdict})
		}
		require.Equal(t, []verdict{
			{"errorRate", "answer", "not_judged"}, {"errorRate", "welcome", "breached"},
			{"latencyP95Ms", "answer", "not_judged"}, {"latencyP95Ms", "welcome", "holding"},
			{"costPerCall", "answer", "not_judged"}, {"costPerCall", "welcome", "not_judged"},
		}, verdicts)
		breach := got.Guards[1]
		require.Equal(t, "errorRate of the candidate is 1 over 2 calls, above the guard's max of 0.5", breach.Detail.MustGet())
		require.InDelta(t, 0.5, breach.Max.MustGet(), 0)
		require.True(t, breach.MaxIncrease.IsNull())
		require.EqualValues(t, 2, breach.MinCalls)
		require.True(t, got.Guards[3].Detail.IsNull(), "no detail while holding")
	})

	t.Run("WithoutGuardsOrCalls", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		got := releaseAnalytics(t, b.p, b.rollOut(t, "production", ""), 200).JSON200.Data
		require.Empty(t, got.Guards)
		require.Len(t, got.Prompts, 1)
		require.Zero(t, got.Prompts[0].Current.Calls)
		require.True(t, got.Prompts[0].Current.ErrorRate.IsNull())
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		b := metricsSetup(t)
		release := b.rollOut(t, "production", "")
		other := b.env.NewProject("other")
		require.Equal(t, api.ErrorCodeRESOURCENOTFOUND, releaseAnalytics(t, other, release, 404).JSON404.Error.Code, "another project's release")
		require.Equal(t, api.ErrorCodeRESOURCENOTFOUND, releaseAnalytics(t, b.p, uuid.New(), 404).JSON404.Error.Code)
	})
}

// TestReleaseGuardBreach: a canary's errors, tracked like any calls, add up to the figures
// that make guard.Judge find the breach that rolls the release back; before minCalls
// calls of the candidate, nothing is judged.
func TestReleaseGuardBreach(t *testing.T) {
	t.Parallel()
	b := metricsSetup(t)
	strategy := `{"type":"gradual","steps":[{"percent":5,"duration":"10m"}],"guards":[{"metric":"errorRate","maxIncrease":0.05,"minCalls":20}]}`
	release := b.rollOut(t, "production", strategy)
	guards := []guard.Guard{{Metric: guard.ErrorRate, MaxIncrease: new(0.05), MinCalls: 20}}
	judge := func() guard.Verdict {
		v := b.load(t, release)
		return guard.Judge(guards, v.Current, v.Candidate)
	}

	var batch []api.AnalyticsEvent
	for i := range 100 { // the current version: 2 % errors
		batch = append(batch, tracked("production", 1, 50, i%50 != 0))
	}
	for i := range 19 { // the candidate: 1 call in 4 fails
		batch = append(batch, tracked("production", 2, 80, i%4 != 0))
	}
	accepted(t, track(t, b.env, b.p.Key, batch...))
	require.Equal(t, guard.Verdict{}, judge(), "19 calls of the candidate are not enough to judge")

	accepted(t, track(t, b.env, b.p.Key, tracked("production", 2, 80, true), tracked("production", 3, 80, false)))
	got := judge()
	require.True(t, got.Judged)
	require.Equal(t, "errorRate of the candidate is 0.25 over 20 calls against 0.02 of the current version over 100, an increase above the guard's maxIncrease of 0.05", got.Breach)
	shown := releaseAnalytics(t, b.p, release, 200).JSON200.Data.Guards
	require.Len(t, shown, 1)
	require.Equal(t, api.ReleaseAnalyticsGuardVerdictBreached, shown[0].Verdict)
	require.Equal(t, got.Breach, shown[0].Detail.MustGet())
}
