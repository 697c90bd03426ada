package analytics

import (
	"bytes"
	"cmp"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/dbsqlc"
)

// ReleaseKey names the release_metrics row of one variant of a prompt in a release.
type ReleaseKey struct {
	ReleaseID, PromptID uuid.UUID
	// Variant is "current" or "candidate" (assign.Current, assign.Candidate).
	Variant string
}

// ReleaseRollups gathers a batch's calls attributed to releases, per release_metrics row.
type ReleaseRollups struct{ rows table[ReleaseKey] }

// Add counts one call in the row of k.
func (r *ReleaseRollups) Add(k ReleaseKey, latencyMs float64, success bool, inputTokens, outputTokens, costNanos int64) {
	r.rows.at(k).Add(latencyMs, success, inputTokens, outputTokens, costNanos)
}

// Len is the number of rows.
func (r *ReleaseRollups) Len() int { return len(r.rows.keys) }

// Params are the rows as ReleaseMetricsAdd takes them for shard (0 to Shards−1), in the
// order of release_metrics' primary key, so that concurrent batches lock rows in the same
// order and cannot deadlock.
func (r *ReleaseRollups) Params(shard int16) dbsqlc.ReleaseMetricsAddParams {
	n := r.Len()
	p := dbsqlc.ReleaseMetricsAddParams{
		Shard: shard, ReleaseIds: make([]uuid.UUID, 0, n), PromptIds: make([]uuid.UUID, 0, n), Variants: make([]string, 0, n),
		Calls: make([]int64, 0, n), Errors: make([]int64, 0, n), LatencyMins: make([]float64, 0, n), LatencyMaxes: make([]float64, 0, n),
		InputTokens: make([]int64, 0, n), OutputTokens: make([]int64, 0, n), CostNanos: make([]int64, 0, n), LatencyBuckets: make([]string, 0, n),
	}
	r.rows.sorted(compareReleaseKeys, func(k ReleaseKey, t *Totals) {
		p.ReleaseIds = append(p.ReleaseIds, k.ReleaseID)
		p.PromptIds = append(p.PromptIds, k.PromptID)
		p.Variants = append(p.Variants, k.Variant)
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

func compareReleaseKeys(a, b *ReleaseKey) int {
	if c := bytes.Compare(a.ReleaseID[:], b.ReleaseID[:]); c != 0 {
		return c
	}
	if c := bytes.Compare(a.PromptID[:], b.PromptID[:]); c != 0 {
		return c
	}
	return cmp.Compare(a.Variant, b.Variant)
}
