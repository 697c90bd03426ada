package guard

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/release/assign"
)

// Variants are the metrics of a prompt's two variants in a release.
type Variants struct {
	Current, Candidate Metrics
}

// Load adds up the metrics a release's tracked calls left, per prompt.
func Load(ctx context.Context, q *dbsqlc.Queries, db dbsqlc.DBTX, release uuid.UUID) (map[uuid.UUID]*Variants, error) {
	rows, err := q.ReleaseMetricsList(ctx, db, release)
	if err != nil {
		return nil, fmt.Errorf("release metrics of %s: %w", release, err)
	}
	out := map[uuid.UUID]*Variants{}
	for _, r := range rows {
		v := out[r.PromptID]
		if v == nil {
			v = &Variants{}
			out[r.PromptID] = v
		}
		m := &v.Current
		if r.Variant == assign.Candidate {
			m = &v.Candidate
		}
		m.add(r)
	}
	return out, nil
}

// add counts one shard's row in m.
func (m *Metrics) add(r *dbsqlc.ReleaseMetricsListRow) {
	if r.Calls == 0 {
		return
	}
	if m.Calls == 0 || r.LatencyMin < m.Fastest {
		m.Fastest = r.LatencyMin
	}
	m.Slowest = max(m.Slowest, r.LatencyMax)
	m.Calls += r.Calls
	m.Errors += r.Errors
	m.Latency.Merge(r.LatencyBuckets)
	m.InputTokens += r.InputTokens
	m.OutputTokens += r.OutputTokens
	m.CostUSD += float64(r.CostNanos) / 1e9
}
