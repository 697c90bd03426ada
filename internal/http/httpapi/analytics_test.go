package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/store/latency"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// analyticsNow is the server clock of the analytics tests: fixed, so that hours and days
// of the events are known.
var analyticsNow = time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)

// analyticsBundle is a project with one prompt "welcome" and its version 1, on a server
// whose clock is analyticsNow (one the analytics tests share).
type analyticsBundle struct {
	env    *apitest.Env
	p      *apitest.Project
	prompt api.Prompt
	v1     api.Version
}

func analyticsSetup(t *testing.T) *analyticsBundle {
	t.Helper()
	return analyticsSetupOn(t, apitest.SharedAs(t, "analytics", analyticsClock))
}

// analyticsSetupOn is analyticsSetup on env.
func analyticsSetupOn(t *testing.T, env *apitest.Env) *analyticsBundle {
	t.Helper()
	p := env.NewProject("a")
	prompt := env.NewPrompt(p, "welcome")
	return &analyticsBundle{env: env, p: p, prompt: prompt, v1: env.NewVersion(p, prompt.Id, "Hello")}
}

// analyticsClock sets a server's clock to analyticsNow.
func analyticsClock(o *server.Options) { o.NowFunc = func() time.Time { return analyticsNow } }

// event is a valid event of version v of "welcome", latencyMs long, at ts.
func event(v int, latencyMs float64, ts time.Time) api.AnalyticsEvent {
	return api.AnalyticsEvent{Type: "prompt.used", Slug: "welcome", VersionNumber: v, LatencyMs: latencyMs, Success: true, Timestamp: &ts}
}

// track posts a batch of events with key.
func track(t *testing.T, env *apitest.Env, key string, events ...api.AnalyticsEvent) *http.Response {
	t.Helper()
	body, err := json.Marshal(api.AnalyticsEventBatch{Events: events})
	require.NoError(t, err)
	return env.Do(env.Request(http.MethodPost, "/api/v1/analytics/track", key, "application/json", string(body)))
}

// accepted checks a 202 and returns the number of events stored.
func accepted(t *testing.T, resp *http.Response) int {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, string(body))
	var r api.TrackResponse
	require.NoError(t, json.Unmarshal(body, &r))
	return r.Data.Accepted
}

func TestTrackEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	hourAgo := analyticsNow.Add(-time.Hour)

	t.Run("Batch", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		require.Equal(t, 3, accepted(t, track(t, b.env, b.p.Key, event(1, 10, hourAgo), event(1, 20, hourAgo), event(1, 30, analyticsNow))))
		rows := b.env.RowsOf(b.p)
		require.EqualValues(t, 3, rows.AnalyticsEvents)
		require.EqualValues(t, 2, rows.AnalyticsHourly) // 14:00 and 15:00
	})

	t.Run("SingleEventDefaults", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/analytics/track", b.p.Key, "application/json",
			`{"type":"prompt.used","slug":"welcome","versionNumber":1,"latencyMs":12.5,"success":false,"error":"timeout",
			  "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","metadata":{"user":"u1"}}`))
		require.Equal(t, 1, accepted(t, resp))
		var env, errText, traceID, metadata string
		var occurred time.Time
		var inputTokens int64
		var cost float64
		require.NoError(t, b.env.Pool.QueryRow(ctx, `SELECT environment, occurred_at, input_tokens, cost_usd::float8, error, trace_id, metadata::text
			FROM analytics_events WHERE project_id = $1`, b.p.ID).Scan(&env, &occurred, &inputTokens, &cost, &errText, &traceID, &metadata))
		require.Equal(t, "dev", env) // the key's
		require.True(t, occurred.Equal(analyticsNow))
		require.Zero(t, inputTokens)
		require.Zero(t, cost)
		require.Equal(t, "timeout", errText)
		require.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", traceID)
		require.JSONEq(t, `{"user":"u1"}`, metadata)
	})

	t.Run("InvalidEventsByIndexStoreNothing", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		old, ahead := analyticsNow.Add(-8*24*time.Hour), analyticsNow.Add(6*time.Minute)
		withError := event(1, 5, hourAgo)
		withError.Error = new("not a failure")
		unknownSlug := event(1, 5, hourAgo)
		unknownSlug.Slug = "nobody"
		before := b.env.RowsOf(b.p)
		resp := track(t, b.env, b.p.Key, event(1, 5, hourAgo), event(1, 5, old), withError, unknownSlug, event(2, 5, hourAgo), event(1, 5, ahead))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/events/1/timestamp", "/events/2/error", "/events/3/slug", "/events/4/versionNumber", "/events/5/timestamp"}, fieldNames(e))
		require.Contains(t, e.Message, "/events/1/timestamp")
		require.Contains(t, e.Message, "(and 4 more)")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("SchemaProblemsByIndex", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		before := b.env.RowsOf(b.p)
		resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/analytics/track", b.p.Key, "application/json",
			`{"events":[{"type":"prompt.used","slug":"welcome","versionNumber":1,"latencyMs":1,"success":true},
			            {"type":"prompt.used","slug":"welcome","versionNumber":1,"latencyMs":-1,"success":true},
			            {"type":"prompt.used","slug":"welcome","versionNumber":1,"latencyMs":1,"success":true,"traceId":"XYZ"}]}`))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.ElementsMatch(t, []string{"/events/1/latencyMs", "/events/2/traceId"}, fieldNames(e))
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("SingleEventPointers", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/analytics/track", b.p.Key, "application/json",
			`{"type":"prompt.used","slug":"welcome","versionNumber":9,"latencyMs":1,"success":true,"error":"x"}`))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/error", "/versionNumber"}, fieldNames(e))
		require.Zero(t, b.env.RowsOf(b.p).AnalyticsEvents)
	})

	t.Run("TimestampWindowEdges", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		oldest := analyticsNow.Add(-7 * 24 * time.Hour)
		latest := analyticsNow.Add(5 * time.Minute)
		require.Equal(t, 2, accepted(t, track(t, b.env, b.p.Key, event(1, 1, oldest), event(1, 1, latest))))
		e := decodeError(t, track(t, b.env, b.p.Key, event(1, 1, oldest.Add(-time.Second)), event(1, 1, latest.Add(time.Second))),
			http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/events/0/timestamp", "/events/1/timestamp"}, fieldNames(e))
	})

	t.Run("OtherProjectsSlug", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		other := b.env.NewProject("b")
		e := decodeError(t, track(t, b.env, other.Key, event(1, 1, hourAgo)), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/events/0/slug"}, fieldNames(e))
	})

	// AnotherEnvironmentNeedsAdmin: an event may name another environment than its key's
	// only when the key has admin; otherwise the batch is a 403 naming the key's own, as
	// promote answers, and nothing of it is stored.
	t.Run("AnotherEnvironmentNeedsAdmin", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		reader := b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		prod, dev := "production", "dev"
		own, foreign := event(1, 1, hourAgo), event(1, 1, hourAgo)
		own.Environment, foreign.Environment = &dev, &prod
		before := b.env.RowsOf(b.p)
		e := decodeError(t, track(t, b.env, reader, own, foreign), http.StatusForbidden, api.ErrorCodeFORBIDDEN)
		require.Equal(t, dev, *e.Details.Environment)
		require.Contains(t, e.Message, "production")
		require.Contains(t, e.Message, "/events/1/environment")
		require.Equal(t, before, b.env.RowsOf(b.p))

		require.Equal(t, 1, accepted(t, track(t, b.env, reader, own)))
		require.Equal(t, 1, accepted(t, track(t, b.env, b.p.Key, foreign))) // the first key: dev, admin
		var envs []string
		rows, err := b.env.Pool.Query(ctx, "SELECT environment FROM analytics_events WHERE project_id = $1 ORDER BY environment", b.p.ID)
		require.NoError(t, err)
		for rows.Next() {
			var env string
			require.NoError(t, rows.Scan(&env))
			envs = append(envs, env)
		}
		require.NoError(t, rows.Err())
		require.Equal(t, []string{"dev", "production"}, envs)
	})

	// EnvironmentTheProjectLacks: an event naming an environment the project lacks is a
	// problem of the batch, by its index, as a name the project lacks is a 400 wherever a
	// request names it; nothing is stored (an admin key wrote figures of "qa" otherwise).
	t.Run("EnvironmentTheProjectLacks", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		created, err := b.p.Client.CreateEnvironmentWithResponse(ctx, nil, api.CreateEnvironmentRequest{Name: "eu-production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		qa, added, prod := "qa", "eu-production", "production"
		lacking, known, reference := event(1, 1, hourAgo), event(1, 1, hourAgo), event(1, 1, hourAgo)
		lacking.Environment, known.Environment, reference.Environment = &qa, &added, &prod
		before := b.env.RowsOf(b.p)
		e := decodeError(t, track(t, b.env, b.p.Key, known, lacking, reference, lacking), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/events/1/environment", "/events/3/environment"}, fieldNames(e))
		require.Contains(t, e.Message, `no environment "qa" in this project`)
		single, err := json.Marshal(lacking)
		require.NoError(t, err)
		e = decodeError(t, b.env.Do(b.env.Request(http.MethodPost, "/api/v1/analytics/track", b.p.Key, "application/json", string(single))),
			http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/environment"}, fieldNames(e))
		require.Equal(t, before, b.env.RowsOf(b.p))

		require.Equal(t, 2, accepted(t, track(t, b.env, b.p.Key, known, reference)))
	})

	// MetadataAtMost4KiB: an event's metadata may be 4,096 bytes of JSON as sent, not one
	// more (it was up to the body limit, kept for the whole retention).
	t.Run("MetadataAtMost4KiB", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		largest, over := event(1, 1, hourAgo), event(1, 1, hourAgo)
		largest.Metadata, over.Metadata = metadataOf(4096), metadataOf(4097)
		before := b.env.RowsOf(b.p)
		e := decodeError(t, track(t, b.env, b.p.Key, largest, over), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/events/1/metadata"}, fieldNames(e))
		require.Contains(t, e.Message, "4097 bytes")
		require.Equal(t, before, b.env.RowsOf(b.p))
		require.Equal(t, 1, accepted(t, track(t, b.env, b.p.Key, largest)))
	})

	// MissingPartition: an event whose day has no partition (the partition job has not
	// run) is a 503 saying so, and nothing of the batch is stored.
	t.Run("MissingPartition", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetupOn(t, apitest.New(t, analyticsClock)) // it drops a partition every project uses
		sixDaysAgo := analyticsNow.Add(-6 * 24 * time.Hour)
		_, err := b.env.Pool.Exec(ctx, "DROP TABLE analytics_events_p"+sixDaysAgo.Format("20060102"))
		require.NoError(t, err)
		resp := track(t, b.env, b.p.Key, event(1, 1, hourAgo), event(1, 1, sixDaysAgo))
		e := decodeError(t, resp, http.StatusServiceUnavailable, api.ErrorCodeSERVICEUNAVAILABLE)
		require.Contains(t, e.Message, "partition")
		require.Equal(t, "60", resp.Header.Get("Retry-After"))
		rows := b.env.RowsOf(b.p)
		require.Zero(t, rows.AnalyticsEvents)
		require.Zero(t, rows.AnalyticsHourly)
	})

	// ConcurrentBatches: batches touching the same rollup rows in different orders all
	// commit (rows are locked in key order) and add up.
	t.Run("ConcurrentBatches", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		b.env.NewVersion(b.p, b.prompt.Id, "Hi")
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				var events []api.AnalyticsEvent
				for j := range 50 {
					events = append(events, event(1+(i+j)%2, float64(j), analyticsNow.Add(-time.Duration((i+j)%3)*time.Hour)))
				}
				slices.Reverse(events[:25*(i%2)])
				require.Equal(t, 50, accepted(t, track(t, b.env, b.p.Key, events...)))
			})
		}
		wg.Wait()
		var calls int64
		require.NoError(t, b.env.Pool.QueryRow(ctx, "SELECT sum(calls)::bigint FROM analytics_hourly WHERE project_id = $1", b.p.ID).Scan(&calls))
		require.EqualValues(t, 400, calls)
		require.EqualValues(t, 400, b.env.RowsOf(b.p).AnalyticsEvents)
	})
}

// knownSet is a known set of events of one version in production: 200 calls over two
// hours (latencies 1 to 200 ms), every tenth a failure, input tokens i and output 2i,
// 0.0001 dollars each.
type knownSet struct {
	events    []api.AnalyticsEvent
	latencies []float64
	errors    int64
	in, out   int64
}

func newKnownSet(version int, first time.Time) knownSet {
	var s knownSet
	prod := "production"
	for i := 1; i <= 200; i++ {
		e := event(version, float64(i), first.Add(time.Duration(i-1)*time.Hour/100))
		e.Environment = &prod
		e.InputTokens, e.OutputTokens, e.CostUsd = new(i), new(2*i), new(0.0001)
		if i%10 == 0 {
			e.Success = false
			s.errors++
		}
		s.events = append(s.events, e)
		s.latencies = append(s.latencies, float64(i))
		s.in += int64(i)
		s.out += int64(2 * i)
	}
	return s
}

// requireFigures checks figures against the known set: counts, tokens and cost exactly,
// each percentile within the bucket holding the exact one.
func requireFigures(t *testing.T, s knownSet, count, errs, in, out int64, cost, errorRate float64, p50, p95, p99 *float64) {
	t.Helper()
	require.EqualValues(t, len(s.latencies), count)
	require.Equal(t, s.errors, errs)
	require.Equal(t, float64(s.errors)/float64(len(s.latencies)), errorRate)
	require.Equal(t, s.in, in)
	require.Equal(t, s.out, out)
	require.Equal(t, 0.02, cost) // 200 × 0.0001, summed exactly
	sorted := slices.Sorted(slices.Values(s.latencies))
	for q, got := range map[float64]*float64{0.5: p50, 0.95: p95, 0.99: p99} {
		require.NotNil(t, got)
		exact := sorted[int(math.Ceil(q*float64(len(sorted))))-1]
		b := latency.Bucket(exact)
		lo, hi := 0.0, sorted[len(sorted)-1]
		if b > 0 {
			lo = latency.Bounds[b-1]
		}
		if b < len(latency.Bounds) {
			hi = latency.Bounds[b]
		}
		require.GreaterOrEqual(t, *got, lo, "q=%v exact=%v", q, exact)
		require.LessOrEqual(t, *got, hi, "q=%v exact=%v", q, exact)
	}
}

func promptAnalytics(t *testing.T, b *analyticsBundle, key string, query string) api.PromptAnalytics {
	t.Helper()
	resp := b.env.Do(b.env.Request(http.MethodGet, "/api/v1/prompts/"+b.prompt.Id.String()+"/analytics?"+query, key, "", ""))
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var r api.PromptAnalyticsResponse
	require.NoError(t, json.Unmarshal(body, &r))
	return r.Data
}

func get[T any](t *testing.T, n interface{ Get() (T, error) }) *T {
	t.Helper()
	v, err := n.Get()
	if err != nil {
		return nil
	}
	return &v
}

func TestPromptAnalytics(t *testing.T) {
	t.Parallel()
	// The known set fills 13:00 and 14:00 on 10 March.
	first := time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)

	t.Run("KnownEventSet", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		s := newKnownSet(1, first)
		require.Equal(t, 200, accepted(t, track(t, b.env, b.p.Key, s.events...)))

		hourly := promptAnalytics(t, b, b.p.Key, "environment=production&interval=hour")
		require.Equal(t, api.PromptAnalyticsInterval("hour"), hourly.Interval)
		require.Equal(t, time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC), hourly.To) // the hour holding now counts
		require.Equal(t, hourly.To.Add(-30*24*time.Hour), hourly.From)
		require.Len(t, hourly.Versions, 1)
		v := hourly.Versions[0]
		require.Equal(t, 1, v.VersionNumber)
		f := v.Totals
		requireFigures(t, s, f.Count, f.Errors, f.InputTokens, f.OutputTokens, f.CostUsd, f.ErrorRate,
			get[float64](t, f.LatencyP50Ms), get[float64](t, f.LatencyP95Ms), get[float64](t, f.LatencyP99Ms))
		require.Len(t, v.Series, 2)
		require.Equal(t, first, v.Series[0].Start)
		require.Equal(t, first.Add(time.Hour), v.Series[1].Start)
		require.EqualValues(t, 100, v.Series[0].Count)
		require.EqualValues(t, 10, v.Series[1].Errors)
		require.Equal(t, 0.1, v.Series[0].ErrorRate)
		require.InDelta(t, 50, *get[float64](t, v.Series[0].LatencyP50Ms), 30) // bucket (20, 50]
		require.True(t, hourly.Comparison.IsNull())                            // nothing live in production

		daily := promptAnalytics(t, b, b.p.Key, "environment=production")
		require.Equal(t, api.PromptAnalyticsInterval("day"), daily.Interval)
		require.Equal(t, time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), daily.To)
		require.Len(t, daily.Versions[0].Series, 1)
		d := daily.Versions[0].Series[0]
		require.Equal(t, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), d.Start)
		requireFigures(t, s, d.Count, d.Errors, d.InputTokens, d.OutputTokens, d.CostUsd, d.ErrorRate,
			get[float64](t, d.LatencyP50Ms), get[float64](t, d.LatencyP95Ms), get[float64](t, d.LatencyP99Ms))

		// The key's environment (dev) has no events; a range before them has none either.
		require.Empty(t, promptAnalytics(t, b, b.p.Key, "").Versions)
		require.Empty(t, promptAnalytics(t, b, b.p.Key, "environment=production&interval=hour&from=2026-03-09T00:00:00Z&to=2026-03-10T13:00:00Z").Versions)
		narrow := promptAnalytics(t, b, b.p.Key, "environment=production&interval=hour&from=2026-03-10T14:30:00Z&to=2026-03-10T14:31:00Z")
		require.Equal(t, first.Add(time.Hour), narrow.From)
		require.Equal(t, first.Add(2*time.Hour), narrow.To)
		require.EqualValues(t, 100, narrow.Versions[0].Totals.Count)
	})

	t.Run("Comparison", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		b.env.Promote(b.p, b.prompt.Id, b.v1.Id, "production")
		require.Equal(t, 200, accepted(t, track(t, b.env, b.p.Key, newKnownSet(1, first).events...)))
		require.True(t, promptAnalytics(t, b, b.p.Key, "environment=production").Comparison.IsNull())

		v2 := b.env.NewVersion(b.p, b.prompt.Id, "Hello again")
		b.env.Promote(b.p, b.prompt.Id, v2.Id, "production")
		s2 := newKnownSet(2, first)
		s2.events = s2.events[:100] // 100 calls, 10 errors, 0.01 dollars
		require.Equal(t, 100, accepted(t, track(t, b.env, b.p.Key, s2.events...)))

		got := promptAnalytics(t, b, b.p.Key, "environment=production")
		require.Equal(t, []int{2, 1}, []int{got.Versions[0].VersionNumber, got.Versions[1].VersionNumber})
		c, err := got.Comparison.Get()
		require.NoError(t, err)
		require.Equal(t, 2, c.CurrentVersion)
		require.Equal(t, 1, c.PreviousVersion)
		requireChange := func(fc api.FigureChange, cur, prev, change, percent float64) {
			t.Helper()
			require.InDelta(t, cur, *get[float64](t, fc.Current), 1e-9)
			require.InDelta(t, prev, *get[float64](t, fc.Previous), 1e-9)
			require.InDelta(t, change, *get[float64](t, fc.Change), 1e-9)
			require.InDelta(t, percent, *get[float64](t, fc.ChangePercent), 1e-9)
		}
		requireChange(c.Figures.Count, 100, 200, -100, -50)
		requireChange(c.Figures.ErrorRate, 0.1, 0.1, 0, 0)
		requireChange(c.Figures.InputTokens, 5050, 20100, 5050-20100, -74.88)
		requireChange(c.Figures.CostUsd, 0.01, 0.02, -0.01, -50)
		require.Less(t, *get[float64](t, c.Figures.LatencyP50Ms.Change), 0.0)

		// Deploying v1 again: v1 is live, and the version before it is v2.
		b.env.Promote(b.p, b.prompt.Id, b.v1.Id, "production")
		c, err = promptAnalytics(t, b, b.p.Key, "environment=production").Comparison.Get()
		require.NoError(t, err)
		require.Equal(t, []int{1, 2}, []int{c.CurrentVersion, c.PreviousVersion})
		require.InDelta(t, 100, *get[float64](t, c.Figures.Count.ChangePercent), 1e-9)
	})

	// ComparisonDuringARelease: a release rolling v3 out to a share of production, and
	// rolled back, leaves the comparison as it was: v2 live, beside v1 live before it (v3
	// was never live for everyone).
	t.Run("ComparisonDuringARelease", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		v2 := b.env.NewVersion(b.p, b.prompt.Id, "Hello again")
		b.env.NewVersion(b.p, b.prompt.Id, "Hello at last")
		b.env.Promote(b.p, b.prompt.Id, b.v1.Id, "production")
		b.env.Promote(b.p, b.prompt.Id, v2.Id, "production")
		requireCompared := func(when string) {
			t.Helper()
			c, err := promptAnalytics(t, b, b.p.Key, "environment=production").Comparison.Get()
			require.NoError(t, err, when)
			require.Equal(t, []int{2, 1}, []int{c.CurrentVersion, c.PreviousVersion}, when)
		}
		requireCompared("before the release")
		r := createRelease(t, b.p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes:  []api.ReleaseChangeRequest{change(t, "welcome", 3)},
			Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)
		requireCompared("while v3 rolls out")
		back, err := b.p.Client.RollbackReleaseWithResponse(context.Background(), r.Id, nil, api.RollbackReleaseRequest{})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
		requireCompared("once the release is rolled back")
	})

	t.Run("ComparisonWithoutCalls", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		v2 := b.env.NewVersion(b.p, b.prompt.Id, "Hello again")
		b.env.Promote(b.p, b.prompt.Id, b.v1.Id, "staging")
		b.env.Promote(b.p, b.prompt.Id, v2.Id, "staging")
		c, err := promptAnalytics(t, b, b.p.Key, "environment=staging").Comparison.Get()
		require.NoError(t, err)
		require.Zero(t, *get[float64](t, c.Figures.Count.Current))
		require.Nil(t, get[float64](t, c.Figures.Count.ChangePercent)) // previous is 0
		require.Nil(t, get[float64](t, c.Figures.LatencyP50Ms.Current))
		require.Nil(t, get[float64](t, c.Figures.LatencyP50Ms.Change))
	})

	t.Run("BadRanges", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		for _, query := range []string{
			"from=2026-03-10T12:00:00Z&to=2026-03-10T12:00:00Z",
			"from=2026-03-10T13:00:00Z&to=2026-03-10T12:00:00Z",
			"from=2026-03-11T00:00:00Z",
			"interval=hour&from=2026-02-01T00:00:00Z&to=2026-03-05T00:00:00Z",
			"interval=day&from=2025-01-01T00:00:00Z",
		} {
			resp := b.env.Do(b.env.Request(http.MethodGet, "/api/v1/prompts/"+b.prompt.Id.String()+"/analytics?"+query, b.p.Key, "", ""))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{"from"}, fieldNames(e), query)
		}
		// 31 days by hour and 400 by day are allowed.
		promptAnalytics(t, b, b.p.Key, "interval=hour&from=2026-02-01T00:00:00Z&to=2026-03-04T00:00:00Z")
		promptAnalytics(t, b, b.p.Key, "from=2025-02-03T00:00:00Z&to=2026-03-10T00:00:00Z")
	})

	t.Run("OtherProjectsPrompt", func(t *testing.T) {
		t.Parallel()
		b := analyticsSetup(t)
		require.Equal(t, 200, accepted(t, track(t, b.env, b.p.Key, newKnownSet(1, first).events...)))
		other := b.env.NewProject("b")
		for _, id := range []string{b.prompt.Id.String(), uuid.NewString()} {
			resp := b.env.Do(b.env.Request(http.MethodGet, "/api/v1/prompts/"+id+"/analytics", other.Key, "", ""))
			decodeError(t, resp, http.StatusNotFound, api.ErrorCodeRESOURCENOTFOUND)
		}
	})
}

func summary(t *testing.T, env *apitest.Env, key, query string) api.AnalyticsSummary {
	t.Helper()
	resp := env.Do(env.Request(http.MethodGet, "/api/v1/analytics/summary?"+query, key, "", ""))
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var r api.AnalyticsSummaryResponse
	require.NoError(t, json.Unmarshal(body, &r))
	return r.Data
}

func slugs(totals []api.PromptTotals) []string {
	out := []string{}
	for _, p := range totals {
		out = append(out, p.Slug)
	}
	return out
}

func TestAnalyticsSummary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := analyticsSetup(t)
	// p00…p11: prompt pNN has NN+1 calls; the odd ones fail once; p03 and p04 cost.
	var events []api.AnalyticsEvent
	for n := range 12 {
		slug := fmt.Sprintf("p%02d", n)
		prompt := testfactory.Prompt(ctx, t, b.env.Pool, &testfactory.PromptOpts{ProjectID: b.p.UUID(), Slug: &slug})
		testfactory.Version(ctx, t, b.env.Pool, &testfactory.VersionOpts{ProjectID: b.p.UUID(), PromptID: prompt.ID})
		for i := range n + 1 {
			e := event(1, 10, analyticsNow.Add(-time.Hour))
			e.Slug = slug
			e.Success = n%2 == 0 || i > 0
			if n == 3 || n == 4 {
				e.CostUsd = new(float64(5-n) * 0.5) // p03 1 dollar each, p04 0.5
			}
			events = append(events, e)
		}
	}
	prod := "production"
	e := event(1, 10, analyticsNow.Add(-time.Hour))
	e.Environment = &prod
	events = append(events, e)
	require.Equal(t, len(events), accepted(t, track(t, b.env, b.p.Key, events...)))

	s := summary(t, b.env, b.p.Key, "")
	require.Equal(t, []string{"p11", "p10", "p09", "p08", "p07", "p06", "p05", "p04", "p03", "p02"}, slugs(s.ByCalls))
	require.EqualValues(t, 12, s.ByCalls[0].Count)
	require.Equal(t, []string{"p01", "p03", "p05", "p07", "p09", "p11"}, slugs(s.ByErrors)) // one error each: by slug
	require.InDelta(t, 1.0/12, s.ByErrors[5].ErrorRate, 1e-12)
	require.Equal(t, []string{"p03", "p04"}, slugs(s.ByCost)) // 4 dollars, 2.5
	require.Equal(t, 4.0, s.ByCost[0].CostUsd)
	require.Equal(t, 2.5, s.ByCost[1].CostUsd)
	require.Nil(t, s.Environment)
	require.Equal(t, time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC), s.To)

	prodOnly := summary(t, b.env, b.p.Key, "environment=production")
	require.Equal(t, []string{"welcome"}, slugs(prodOnly.ByCalls))
	require.Equal(t, prod, *prodOnly.Environment)
	require.Empty(t, summary(t, b.env, b.p.Key, "to=2026-03-10T14:00:00Z").ByCalls)

	// Another project sees none of it.
	other := b.env.NewProject("b")
	o := summary(t, b.env, other.Key, "")
	require.Empty(t, o.ByCalls)
	require.Empty(t, o.ByErrors)
	require.Empty(t, o.ByCost)

	resp := b.env.Do(b.env.Request(http.MethodGet, "/api/v1/analytics/summary?from=2025-01-01T00:00:00Z", b.p.Key, "", ""))
	require.Equal(t, []string{"from"}, fieldNames(decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)))
}

// TestAnalyticsAtMaxima fills one hour of a prompt with events at track's maxima (86,400,000
// ms, a billion tokens each way and a million dollars an event), 150 batches of 1,000: one
// through track, the others added by the query track uses, into every shard. That is 1.5
// × 10^20 billionths of a dollar, past what a bigint holds, in every read and in most rows;
// output tokens are set near the largest bigint first, so that the batch through track
// must saturate them. Track takes the batch, and every read is a 200 whose figures are
// exact where they fit and saturated where they do not.
func TestAnalyticsAtMaxima(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := analyticsSetup(t)
	hour := analyticsNow.Add(-time.Hour)
	const maxLatency, maxTokens, maxCost = 86_400_000, 1_000_000_000, 1_000_000.0

	var rollups analytics.Rollups
	key := analytics.RollupKey{PromptID: b.prompt.Id, Environment: "dev", Hour: analytics.Hour(hour), VersionNumber: 1}
	for range 1000 {
		rollups.Add(key, maxLatency, true, maxTokens, maxTokens, analytics.Nanos(maxCost))
	}
	projectID := uuid.MustParse(b.p.ID)
	for i := range 149 {
		_, err := dbsqlc.New().AnalyticsHourlyAdd(ctx, b.env.Pool, rollups.Params(projectID, int16(i%analytics.Shards)))
		require.NoError(t, err)
	}
	_, err := b.env.Pool.Exec(ctx, "UPDATE analytics_hourly SET output_tokens = $1 WHERE project_id = $2", int64(math.MaxInt64-100*maxTokens), projectID)
	require.NoError(t, err)

	batch := make([]api.AnalyticsEvent, 1000)
	for i := range batch {
		batch[i] = event(1, maxLatency, hour)
		batch[i].InputTokens, batch[i].OutputTokens, batch[i].CostUsd = new(maxTokens), new(maxTokens), new(maxCost)
	}
	require.Equal(t, 1000, accepted(t, track(t, b.env, b.p.Key, batch...)))

	saturatedCost := analytics.USD(math.MaxInt64)
	for _, query := range []string{"", "interval=hour"} {
		a := promptAnalytics(t, b, b.p.Key, query)
		require.Len(t, a.Versions, 1, query)
		for _, f := range []api.AnalyticsFigures{a.Versions[0].Totals, figuresOf(a.Versions[0].Series[0])} {
			require.EqualValues(t, 150_000, f.Count, query)
			require.EqualValues(t, 150_000*maxTokens, f.InputTokens, query) // exact: 1.5 × 10^14
			require.EqualValues(t, int64(math.MaxInt64), f.OutputTokens, query)
			require.Equal(t, saturatedCost, f.CostUsd, query)
			require.Equal(t, float64(maxLatency), *get(t, f.LatencyP99Ms), query)
		}
	}
	s := summary(t, b.env, b.p.Key, "")
	require.EqualValues(t, 150_000, s.ByCalls[0].Count)
	require.Equal(t, saturatedCost, s.ByCost[0].CostUsd)
}

// metadataOf is event metadata of n bytes of JSON (n at least 10).
func metadataOf(n int) *json.RawMessage {
	raw := json.RawMessage(`{"note":"` + strings.Repeat("x", n-11) + `"}`)
	return &raw
}

// TestAnalyticsStorageQuota: what a project's analytics take is counted as written (160
// bytes an event plus its text, 500 a new rollup row) and bounded: a batch that would pass
// the quota is a 409 QUOTA_EXCEEDED that stores nothing, and GET /usage reports both.
func TestAnalyticsStorageQuota(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const quota = 10_000
	env := apitest.New(t, analyticsClock, func(o *server.Options) {
		o.Quotas.AnalyticsBytes = quota
	})
	p := env.NewProject("a")
	env.NewVersion(p, env.NewPrompt(p, "welcome").Id, "Hello")
	batch := make([]api.AnalyticsEvent, 10)
	for i := range batch {
		batch[i] = event(1, 1, analyticsNow.Add(-time.Hour))
		batch[i].Metadata = metadataOf(300)
	}
	const batchBytes = 10 * (160 + 300)

	require.Equal(t, 10, accepted(t, track(t, env, p.Key, batch...))) // 4,600 and one rollup row: 5,100
	require.Equal(t, 10, accepted(t, track(t, env, p.Key, batch...))) // 9,700 of 10,000 at most
	before := env.Rows()
	e := decodeError(t, track(t, env, p.Key, batch...), http.StatusConflict, api.ErrorCodeQUOTAEXCEEDED)
	require.Equal(t, api.Quota{Resource: api.QuotaResourceAnalyticsBytes, Limit: quota}, *e.Details.Quota)
	require.Contains(t, e.Message, "10000 bytes of analytics")
	require.Equal(t, before, env.Rows())

	var rollupRows int64
	require.NoError(t, env.Pool.QueryRow(ctx, "SELECT count(*) FROM analytics_hourly").Scan(&rollupRows))
	usage, err := p.Client.GetUsageWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, api.ResourceUsage{Used: 2*batchBytes + 500*int(rollupRows), Limit: quota}, usage.JSON200.Data.Resources.AnalyticsBytes)
}

// figuresOf is the figures of one step of a series.
func figuresOf(i api.AnalyticsInterval) api.AnalyticsFigures {
	return api.AnalyticsFigures{Count: i.Count, Errors: i.Errors, ErrorRate: i.ErrorRate, LatencyP50Ms: i.LatencyP50Ms,
		LatencyP95Ms: i.LatencyP95Ms, LatencyP99Ms: i.LatencyP99Ms, InputTokens: i.InputTokens, OutputTokens: i.OutputTokens, CostUsd: i.CostUsd}
}
