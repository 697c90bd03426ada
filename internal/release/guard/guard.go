// Package guard judges a rolling release by what its traffic tells: each guard bounds one
// metric of the candidate version, on its own (max) or against the current version over
// the same release (maxIncrease), once the candidate has had minCalls calls. A guard that
// fails is a breach, and the release is rolled back; a guard without enough calls yet is
// not judged, and a gradual release waits at its step until every guard is.
package guard

import (
	"fmt"
	"time"

	"github.com/promptops/promptops/internal/store/latency"
)

// The metrics a guard may bound.
const (
	// ErrorRate is the share of calls that failed, from 0 to 1.
	ErrorRate = "errorRate"
	// LatencyP95Ms is the 95th percentile of the calls' latency, in milliseconds.
	LatencyP95Ms = "latencyP95Ms"
	// CostPerCall is the mean cost of a call, in US dollars.
	CostPerCall = "costPerCall"
)

// Guard is one threshold of a release's strategy, as the API takes it (the JSON of
// strategy.guards[i]). At least one of Max and MaxIncrease is set.
type Guard struct {
	Metric string `json:"metric"`
	// Max bounds the candidate's value.
	Max *float64 `json:"max,omitempty"`
	// MaxIncrease bounds the candidate's value less the current version's, in the
	// metric's unit; judged once both variants have MinCalls calls.
	MaxIncrease *float64 `json:"maxIncrease,omitempty"`
	// MinCalls is the calls a variant needs before the guard judges it (at least 1).
	MinCalls int64 `json:"minCalls"`
	// EvaluationInterval is how often the guard is evaluated, a duration ("30s"); empty
	// for the server's default.
	EvaluationInterval string `json:"evaluationInterval,omitempty"`
}

// Metrics are what the tracked calls of one variant of a release add up to.
type Metrics struct {
	Calls, Errors int64
	Latency       latency.Histogram
	// Fastest and Slowest are the fastest and slowest calls, in milliseconds.
	Fastest, Slowest          float64
	InputTokens, OutputTokens int64
	CostUSD                   float64
}

// Value is the metric of m; ok is false without calls.
func (m Metrics) Value(metric string) (v float64, ok bool) {
	if m.Calls == 0 {
		return 0, false
	}
	switch metric {
	case ErrorRate:
		return float64(m.Errors) / float64(m.Calls), true
	case LatencyP95Ms:
		return m.Percentile(0.95)
	case CostPerCall:
		return m.CostUSD / float64(m.Calls), true
	}
	return 0, false
}

// Percentile is the q-quantile (0 < q ≤ 1) of the calls' latency, in milliseconds; ok is
// false without calls.
func (m Metrics) Percentile(q float64) (ms float64, ok bool) {
	return m.Latency.Percentile(q, m.Fastest, m.Slowest)
}

// Verdict is what one evaluation found.
type Verdict struct {
	// Judged is true when every guard had the calls it needs.
	Judged bool
	// Breach says which guard failed and by how much ("" when none did).
	Breach string
}

// Judge judges guards by the current and candidate variants' metrics. The first breach
// found is the verdict's.
func Judge(guards []Guard, current, candidate Metrics) Verdict {
	v := Verdict{Judged: true}
	for _, g := range guards {
		breach, judged := judgeOne(g, current, candidate)
		if breach != "" {
			return Verdict{Judged: true, Breach: breach}
		}
		v.Judged = v.Judged && judged
	}
	return v
}

// judgeOne judges one guard: the breach, if any, and whether all of it was judged.
func judgeOne(g Guard, current, candidate Metrics) (breach string, judged bool) {
	if candidate.Calls < max(g.MinCalls, 1) {
		return "", false
	}
	value, _ := candidate.Value(g.Metric)
	if g.Max != nil && value > *g.Max {
		return fmt.Sprintf("%s of the candidate is %s over %d calls, above the guard's max of %s",
			g.Metric, format(g.Metric, value), candidate.Calls, format(g.Metric, *g.Max)), true
	}
	if g.MaxIncrease == nil {
		return "", true
	}
	if current.Calls < max(g.MinCalls, 1) {
		return "", false
	}
	base, _ := current.Value(g.Metric)
	if value-base > *g.MaxIncrease {
		return fmt.Sprintf("%s of the candidate is %s over %d calls against %s of the current version over %d, an increase above the guard's maxIncrease of %s",
			g.Metric, format(g.Metric, value), candidate.Calls, format(g.Metric, base), current.Calls, format(g.Metric, *g.MaxIncrease)), true
	}
	return "", true
}

// format writes a metric's value in its unit.
func format(metric string, v float64) string {
	switch metric {
	case ErrorRate:
		return fmt.Sprintf("%.4g", v)
	case LatencyP95Ms:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("$%.6g", v)
}

// Problem is what is wrong with g, "" when nothing: an unknown metric, no threshold, a
// negative one, minCalls below 1, or an evaluation interval that is not a duration of at
// least a second.
func (g Guard) Problem() string {
	switch {
	case g.Metric != ErrorRate && g.Metric != LatencyP95Ms && g.Metric != CostPerCall:
		return fmt.Sprintf("metric %q is not one of %s, %s, %s", g.Metric, ErrorRate, LatencyP95Ms, CostPerCall)
	case g.Max == nil && g.MaxIncrease == nil:
		return "needs max, maxIncrease or both"
	case (g.Max != nil && *g.Max < 0) || (g.MaxIncrease != nil && *g.MaxIncrease < 0):
		return "thresholds cannot be negative"
	case g.MinCalls < 1:
		return "minCalls must be at least 1"
	}
	if g.EvaluationInterval == "" {
		return ""
	}
	if d, err := time.ParseDuration(g.EvaluationInterval); err != nil || d < time.Second {
		return fmt.Sprintf("evaluationInterval %q is not a duration of at least 1s (such as \"30s\" or \"5m\")", g.EvaluationInterval)
	}
	return ""
}
