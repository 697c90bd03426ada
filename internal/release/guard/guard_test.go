package guard

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func calls(n, errors int64, ms, costEach float64) Metrics {
	m := Metrics{Calls: n, Errors: errors, Fastest: ms, Slowest: ms, CostUSD: costEach * float64(n)}
	for range n {
		m.Latency.Add(ms)
	}
	return m
}

func TestJudge(t *testing.T) {
	t.Parallel()
	healthy := calls(100, 1, 40, 0.001)
	tests := []struct {
		name               string
		guard              Guard
		current, candidate Metrics
		want               Verdict
		breach             string
	}{
		{"too few calls", Guard{Metric: ErrorRate, Max: new(0.05), MinCalls: 50}, healthy, calls(49, 49, 40, 0), Verdict{}, ""},
		{"under max", Guard{Metric: ErrorRate, Max: new(0.05), MinCalls: 50}, healthy, calls(100, 5, 40, 0), Verdict{Judged: true}, ""},
		{"over max", Guard{Metric: ErrorRate, Max: new(0.05), MinCalls: 50}, healthy, calls(100, 6, 40, 0), Verdict{Judged: true}, "errorRate of the candidate is 0.06 over 100 calls, above the guard's max of 0.05"},
		{"latency increase", Guard{Metric: LatencyP95Ms, MaxIncrease: new(100.0), MinCalls: 10}, healthy, calls(10, 0, 400, 0), Verdict{Judged: true}, "latencyP95Ms of the candidate is 400.0 ms over 10 calls against 40.0 ms of the current version over 100, an increase above the guard's maxIncrease of 100.0 ms"},
		{"increase needs current calls", Guard{Metric: CostPerCall, MaxIncrease: new(0.0), MinCalls: 200}, healthy, calls(200, 0, 40, 1), Verdict{}, ""},
		{"cost within", Guard{Metric: CostPerCall, MaxIncrease: new(0.001), MinCalls: 10}, healthy, calls(10, 0, 40, 0.0015), Verdict{Judged: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Judge([]Guard{tt.guard}, tt.current, tt.candidate)
			require.Equal(t, tt.breach, got.Breach)
			if tt.breach == "" {
				require.Equal(t, tt.want, got)
			}
		})
	}
}

func TestProblem(t *testing.T) {
	t.Parallel()
	require.Empty(t, Guard{Metric: ErrorRate, Max: new(0.1), MinCalls: 1, EvaluationInterval: "1s"}.Problem())
	require.Contains(t, Guard{Metric: "errors", Max: new(0.1), MinCalls: 1}.Problem(), "not one of")
	require.Contains(t, Guard{Metric: ErrorRate, MinCalls: 1}.Problem(), "needs max")
	require.Contains(t, Guard{Metric: ErrorRate, Max: new(-1.0), MinCalls: 1}.Problem(), "negative")
	require.Contains(t, Guard{Metric: ErrorRate, Max: new(0.1)}.Problem(), "minCalls")
	require.Contains(t, Guard{Metric: ErrorRate, Max: new(0.1), MinCalls: 1, EvaluationInterval: "500ms"}.Problem(), "at least 1s")
}
