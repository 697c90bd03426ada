package latency

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBucket(t *testing.T) {
	t.Parallel()
	for ms, want := range map[float64]int{0: 0, 1: 0, 1.5: 1, 2: 1, 999: 11, 1000: 11, 1000.1: 12, 120000: 22, 120001: 23, 1e9: 23} {
		require.Equal(t, want, Bucket(ms), ms)
	}
}

// TestPercentile: over random latencies, every estimate lies in the bucket of the exact
// percentile (so within its width), and merging two halves' histograms gives the same.
func TestPercentile(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	var whole, a, b Histogram
	var values []float64
	for i := range 10_000 {
		ms := rng.ExpFloat64() * 800
		values = append(values, ms)
		whole.Add(ms)
		if i%2 == 0 {
			a.Add(ms)
		} else {
			b.Add(ms)
		}
	}
	slices.Sort(values)
	fastest, slowest := values[0], values[len(values)-1]
	a.Merge(b[:])
	require.Equal(t, whole, a)
	for _, q := range []float64{0.5, 0.95, 0.99, 1} {
		exact := values[int(q*float64(len(values)))-1]
		got, ok := whole.Percentile(q, fastest, slowest)
		require.True(t, ok)
		lo, hi := bucketRange(Bucket(exact), slowest)
		require.GreaterOrEqual(t, got, lo, "q=%v exact=%v", q, exact)
		require.LessOrEqual(t, got, hi, "q=%v exact=%v", q, exact)
	}
	var empty Histogram
	_, ok := empty.Percentile(0.5, 0, 0)
	require.False(t, ok)

	// One call: every percentile is its latency, not a point inside its bucket.
	var one Histogram
	one.Add(30_000)
	for _, q := range []float64{0.5, 0.99} {
		got, ok := one.Percentile(q, 30_000, 30_000)
		require.True(t, ok)
		require.Equal(t, 30_000.0, got)
	}
}
