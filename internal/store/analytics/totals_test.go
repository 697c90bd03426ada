package analytics_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/store/analytics"
)

// TestTotalsSaturate: sums stop at the largest int64 instead of wrapping to a negative.
func TestTotalsSaturate(t *testing.T) {
	t.Parallel()
	var sum analytics.Totals
	hour := analytics.Totals{Calls: 1000, InputTokens: 1e12, OutputTokens: math.MaxInt64 - 5, CostNanos: 1e18}
	for range 10 {
		sum.Merge(&hour)
	}
	sum.Add(1, false, 1e9, 1e9, analytics.Nanos(1e6))
	require.EqualValues(t, 10_001, sum.Calls)
	require.EqualValues(t, 1, sum.Errors)
	require.EqualValues(t, 1e13+1e9, sum.InputTokens)
	require.EqualValues(t, int64(math.MaxInt64), sum.OutputTokens)
	require.EqualValues(t, int64(math.MaxInt64), sum.CostNanos)
	require.Equal(t, 9223372036.854775807, analytics.USD(sum.CostNanos))
}
