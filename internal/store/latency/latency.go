// Package latency is the fixed latency histogram of analytics: the same bucket bounds for
// every rollup, so histograms of any hours and instances add up element by element, and
// percentiles read from the sum are exact to within the width of the bucket they fall in.
package latency

import "sort"

// Bounds are the upper bounds, in milliseconds, of every bucket but the last, which holds
// everything slower. The spec's AnalyticsFigures lists them; keep the two the same.
var Bounds = [...]float64{1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000,
	7500, 10000, 15000, 20000, 30000, 60000, 120000}

// Buckets is the number of buckets of a histogram.
const Buckets = len(Bounds) + 1

// Histogram counts calls per bucket.
type Histogram [Buckets]int64

// Bucket is the index of the bucket holding ms: the first whose bound is at least ms.
func Bucket(ms float64) int { return sort.SearchFloat64s(Bounds[:], ms) }

// Add counts one call of ms milliseconds.
func (h *Histogram) Add(ms float64) { h[Bucket(ms)]++ }

// Merge adds other's counts to h's.
func (h *Histogram) Merge(other []int64) {
	for i := range min(len(other), Buckets) {
		h[i] += other[i]
	}
}

// Count is the number of calls counted.
func (h *Histogram) Count() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// Percentile estimates the q-quantile (0 < q ≤ 1) of the calls counted, interpolating
// linearly within the bucket it falls in. fastest and slowest, the fastest and slowest
// calls counted, bound the estimate (so one call's percentiles are its latency), and
// slowest bounds the last bucket, which has no bound of its own. ok is false without calls.
func (h *Histogram) Percentile(q, fastest, slowest float64) (ms float64, ok bool) {
	total := h.Count()
	if total == 0 {
		return 0, false
	}
	rank := q * float64(total) // the rank-th call, counting from 1 (fractional within a bucket)
	var seen int64
	for i, c := range h {
		if c == 0 || float64(seen+c) < rank {
			seen += c
			continue
		}
		lo, hi := bucketRange(i, slowest)
		return max(fastest, min(lo+(hi-lo)*(rank-float64(seen))/float64(c), slowest)), true
	}
	return slowest, true
}

// bucketRange is the lower and upper bound of bucket i; the last ends at slowest.
func bucketRange(i int, slowest float64) (lo, hi float64) {
	if i > 0 {
		lo = Bounds[i-1]
	}
	if i < len(Bounds) {
		return lo, Bounds[i]
	}
	return lo, max(lo, slowest)
}
