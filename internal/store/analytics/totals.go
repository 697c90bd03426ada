package analytics

import (
	"bytes"
	"cmp"
	"math"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/store/latency"
)

// Totals are the figures of a set of calls as a rollup keeps them: every field adds up,
// so the totals of hours, versions and instances merge into the totals of their union.
// Sums saturate at math.MaxInt64 rather than wrap: track's maxima let a read key reach it
// (a cost of 10,000 calls of a million dollars is 10^19 billionths), and a figure that
// wrapped was negative, while one that saturates means at least that much.
type Totals struct {
	Calls, Errors int64
	Latency       latency.Histogram
	// LatencyMin and LatencyMax are the fastest and the slowest call (0 without calls):
	// they bound the percentiles read from the histogram.
	LatencyMin, LatencyMax    float64
	InputTokens, OutputTokens int64
	// CostNanos is the cost in billionths of a dollar: integers add up exactly, where
	// float64 dollars would drift (ten calls of 0.1 making 0.9999999999999999).
	CostNanos int64
}

// Add counts one call.
func (t *Totals) Add(latencyMs float64, success bool, inputTokens, outputTokens int64, costNanos int64) {
	if t.Calls == 0 || latencyMs < t.LatencyMin {
		t.LatencyMin = latencyMs
	}
	t.Calls = saturatingAdd(t.Calls, 1)
	if !success {
		t.Errors = saturatingAdd(t.Errors, 1)
	}
	t.Latency.Add(latencyMs)
	t.LatencyMax = max(t.LatencyMax, latencyMs)
	t.InputTokens = saturatingAdd(t.InputTokens, inputTokens)
	t.OutputTokens = saturatingAdd(t.OutputTokens, outputTokens)
	t.CostNanos = saturatingAdd(t.CostNanos, costNanos)
}

// Merge adds other's figures to t's.
func (t *Totals) Merge(other *Totals) {
	if other.Calls > 0 && (t.Calls == 0 || other.LatencyMin < t.LatencyMin) {
		t.LatencyMin = other.LatencyMin
	}
	t.Calls = saturatingAdd(t.Calls, other.Calls)
	t.Errors = saturatingAdd(t.Errors, other.Errors)
	t.Latency.Merge(other.Latency[:])
	t.LatencyMax = max(t.LatencyMax, other.LatencyMax)
	t.InputTokens = saturatingAdd(t.InputTokens, other.InputTokens)
	t.OutputTokens = saturatingAdd(t.OutputTokens, other.OutputTokens)
	t.CostNanos = saturatingAdd(t.CostNanos, other.CostNanos)
}

// saturatingAdd is a+b for figures that are never negative, math.MaxInt64 when the sum
// would pass it.
func saturatingAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// Nanos is usd in billionths of a dollar, rounded to the nearest.
func Nanos(usd float64) int64 { return int64(math.Round(usd * 1e9)) }

// USD is nanos billionths of a dollar in dollars.
func USD(nanos int64) float64 { return float64(nanos) / 1e9 }

// RollupKey names one hourly rollup row of a project.
type RollupKey struct {
	PromptID      uuid.UUID
	Environment   string
	Hour          time.Time
	VersionNumber int32
}

// Hour is the UTC hour t falls in.
func Hour(t time.Time) time.Time { return t.UTC().Truncate(time.Hour) }

// Rollups gathers a batch's calls per rollup row.
type Rollups struct{ rows table[RollupKey] }

// Add counts one call in the row of k.
func (r *Rollups) Add(k RollupKey, latencyMs float64, success bool, inputTokens, outputTokens, costNanos int64) {
	r.rows.at(k).Add(latencyMs, success, inputTokens, outputTokens, costNanos)
}

// Len is the number of rows.
func (r *Rollups) Len() int { return len(r.rows.keys) }

// Sorted calls fn with every row in key order (prompt, environment, hour, version: the
// order of analytics_hourly's primary key), so that every batch updates rows in the same
// order and concurrent batches cannot deadlock.
func (r *Rollups) Sorted(fn func(k RollupKey, t *Totals)) { r.rows.sorted(compareKeys, fn) }

func compareKeys(a, b *RollupKey) int {
	if c := bytes.Compare(a.PromptID[:], b.PromptID[:]); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Environment, b.Environment); c != 0 {
		return c
	}
	if c := a.Hour.Compare(b.Hour); c != 0 {
		return c
	}
	return cmp.Compare(a.VersionNumber, b.VersionNumber)
}

// Shards is how many rows of analytics_hourly share one (prompt, environment, hour,
// version): enough that the concurrent batches of one instance, or of a few, rarely pick
// the same (each picks one at random), few enough that a month of one version stays a few
// thousand rows to read.
const Shards = 16

// Params are the rows as AnalyticsHourlyAdd takes them, in key order, for shard (0 to
// Shards−1).
func (r *Rollups) Params(projectID uuid.UUID, shard int16) dbsqlc.AnalyticsHourlyAddParams {
	n := r.Len()
	p := dbsqlc.AnalyticsHourlyAddParams{
		ProjectID: projectID, Shard: shard, PromptIds: make([]uuid.UUID, 0, n), Environments: make([]string, 0, n),
		Hours: make([]time.Time, 0, n), VersionNumbers: make([]int32, 0, n), Calls: make([]int64, 0, n),
		Errors: make([]int64, 0, n), LatencyMins: make([]float64, 0, n), LatencyMaxes: make([]float64, 0, n), InputTokens: make([]int64, 0, n),
		OutputTokens: make([]int64, 0, n), CostNanos: make([]int64, 0, n), LatencyBuckets: make([]string, 0, n),
	}
	r.Sorted(func(k RollupKey, t *Totals) {
		p.PromptIds = append(p.PromptIds, k.PromptID)
		p.Environments = append(p.Environments, k.Environment)
		p.Hours = append(p.Hours, k.Hour)
		p.VersionNumbers = append(p.VersionNumbers, k.VersionNumber)
		p.Calls = append(p.Calls, t.Calls)
		p.Errors = append(p.Errors, t.Errors)
		p.LatencyMins = append(p.LatencyMins, t.LatencyMin)
		p.LatencyMaxes = append(p.LatencyMaxes, t.LatencyMax)
		p.InputTokens = append(p.InputTokens, t.InputTokens)
		p.OutputTokens = append(p.OutputTokens, t.OutputTokens)
		p.CostNanos = append(p.CostNanos, t.CostNanos)
		p.LatencyBuckets = append(p.LatencyBuckets, arrayLiteral(&t.Latency))
	})
	return p
}

// arrayLiteral is a histogram as a PostgreSQL array literal, {3,0,1,…}: the query takes
// one per row, since a two-dimensional array parameter would unnest element by element.
func arrayLiteral(h *latency.Histogram) string {
	b := make([]byte, 0, len(h)*4)
	b = append(b, '{')
	for i, c := range h {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, c, 10)
	}
	return string(append(b, '}'))
}
