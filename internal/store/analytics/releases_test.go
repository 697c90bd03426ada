package analytics_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/store/analytics"
)

// TestReleaseRollups: calls add up per release, prompt and variant, and the rows come out
// in the order of release_metrics' primary key, whatever order they came in.
func TestReleaseRollups(t *testing.T) {
	t.Parallel()
	r1, r2 := uuid.MustParse("10000000-0000-0000-0000-000000000000"), uuid.MustParse("20000000-0000-0000-0000-000000000000")
	p := uuid.New()
	var rollups analytics.ReleaseRollups
	rollups.Add(analytics.ReleaseKey{ReleaseID: r2, PromptID: p, Variant: "current"}, 10, true, 1, 2, 3)
	rollups.Add(analytics.ReleaseKey{ReleaseID: r1, PromptID: p, Variant: "current"}, 20, false, 0, 0, 0)
	rollups.Add(analytics.ReleaseKey{ReleaseID: r1, PromptID: p, Variant: "candidate"}, 30, true, 0, 0, 0)
	rollups.Add(analytics.ReleaseKey{ReleaseID: r2, PromptID: p, Variant: "current"}, 5, false, 4, 5, 6)
	require.Equal(t, 3, rollups.Len())

	params := rollups.Params(7)
	require.EqualValues(t, 7, params.Shard)
	require.Equal(t, []uuid.UUID{r1, r1, r2}, params.ReleaseIds)
	require.Equal(t, []string{"candidate", "current", "current"}, params.Variants)
	require.Equal(t, []int64{1, 1, 2}, params.Calls)
	require.Equal(t, []int64{0, 1, 1}, params.Errors)
	require.Equal(t, []float64{30, 20, 5}, params.LatencyMins)
	require.Equal(t, []float64{30, 20, 10}, params.LatencyMaxes)
	require.Equal(t, []int64{0, 0, 5}, params.InputTokens)
	require.Equal(t, []int64{0, 0, 9}, params.CostNanos)
	require.Len(t, params.LatencyBuckets, 3)
}
