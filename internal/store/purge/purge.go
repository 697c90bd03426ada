// Package purge removes the rows of deleted projects. A request deletes a project by
// marking it (projects.deleted_at), in one short transaction that also queues this
// package's job; the job then removes what the project held in batches of bounded size,
// each its own short transaction, children before the rows they refer to, the project's
// row last. A job stopped midway (a crash, a deploy) is run again by River and starts
// over: a table already emptied costs one indexed look-up.
package purge

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/dbsqlc"
)

const (
	// BatchRows is the most rows a batch removes (or changes), of one table.
	BatchRows = 1000
	// sessionsPerBatch is the most console sessions a batch removes: each takes its
	// one-time message with it, if it has one.
	sessionsPerBatch = BatchRows / 2
)

// Purger removes deleted projects' rows, a batch at a time.
type Purger struct {
	db     *pgxpool.Pool
	q      *dbsqlc.Queries
	tables []table
}

// table removes at most limit rows of one table of a project and says how many it did.
type table struct {
	name   string
	limit  int32
	remove func(ctx context.Context, db dbsqlc.DBTX, project uuid.UUID, limit int32) (int64, error)
}

// batch removes one batch of a project's rows of one kind and reports whether more may be
// left.
type batch func(ctx context.Context) (more bool, err error)

// kind is the batches of one table's rows, named by the table.
type kind struct {
	table  string
	remove batch
}

// New returns a Purger on db.
func New(db *pgxpool.Pool) *Purger {
	p := &Purger{db: db, q: dbsqlc.New()}
	p.tables = p.tableOrder()
	return p
}

// Pass is one pass over a deleted project's rows, from a Cursor on.
type Pass struct {
	p       *Purger
	project uuid.UUID
	batches []kind
	kind    int // the position in batches of at.Table
	at      Cursor
}

// Cursor is where a pass is: at the batches of the table named Table ("" for the first,
// lastKind for the project's row), in the partitions of analytics events from Partition's
// page Page on. A pass begun from a Cursor another left skips what that one emptied. The
// table is named, not numbered, so that a job queued by an older version, whose order of
// tables may differ, resumes at the same table, or starts over when the table is no
// longer purged by name (which is safe: an emptied table costs one indexed look-up).
type Cursor struct {
	Table     string `json:"table,omitempty"`
	Partition string `json:"partition,omitempty"`
	Page      uint32 `json:"page,omitempty"`
}

// lastKind names the last step of a pass: the project's row.
const lastKind = "projects"

// Start begins a pass over project's rows at from (the zero Cursor: the start).
func (p *Purger) Start(project uuid.UUID, from Cursor) *Pass {
	r := &Pass{p: p, project: project, at: from}
	r.batches = p.batches(project, &r.at)
	r.kind = r.indexOf(from.Table)
	if r.kind < 0 { // a table this version does not know: start over
		r.kind, r.at = 0, Cursor{}
	}
	return r
}

// indexOf is the position of the batches of the table named table, len(r.batches) for
// lastKind, 0 for "" and -1 for a name it does not know.
func (r *Pass) indexOf(table string) int {
	switch table {
	case "":
		return 0
	case lastKind:
		return len(r.batches)
	}
	for i, b := range r.batches {
		if b.table == table {
			return i
		}
	}
	return -1
}

// nameOf is the name of the kind at position i (see indexOf).
func (r *Pass) nameOf(i int) string {
	if i >= len(r.batches) {
		return lastKind
	}
	return r.batches[i].table
}

// At is where the pass is.
func (r *Pass) At() Cursor { return r.at }

// Batch runs the next batch, one statement in its own transaction, and reports whether
// the project's row, the last, is gone. A project not marked deleted keeps its row.
func (r *Pass) Batch(ctx context.Context) (done bool, err error) {
	if r.kind >= len(r.batches) {
		if _, err := r.p.q.PurgeProject(ctx, r.p.db, r.project); err != nil {
			return false, fmt.Errorf("purge project %s: %w", r.project, err)
		}
		return true, nil
	}
	more, err := r.batches[r.kind].remove(ctx)
	if err != nil {
		return false, fmt.Errorf("purge project %s: %w", r.project, err)
	}
	if !more {
		r.kind++
		r.at = Cursor{Table: r.nameOf(r.kind)}
	}
	return false, nil
}

// batches are the project's batches of each kind in turn: its tables', with its analytics
// events (which no foreign key ties to it) after its rollups.
func (p *Purger) batches(project uuid.UUID, at *Cursor) []kind {
	var out []kind
	for _, t := range p.tables {
		out = append(out, kind{t.name, func(ctx context.Context) (bool, error) {
			n, err := t.remove(ctx, p.db, project, t.limit)
			if err != nil {
				return false, fmt.Errorf("%s: %w", t.name, err)
			}
			return n == int64(t.limit), nil
		}})
		if t.name == "analytics_hourly" {
			out = append(out, kind{"analytics_events", p.analyticsEvents(project, at)})
		}
	}
	return out
}

// tableOrder is every table that holds a project's rows, in an order where a table's rows
// go before the rows they refer to, so that no batch cascades to rows it does not count:
// a version's checks, a delivery's attempts, a release's reviews and a key's console
// sessions go in batches of their own, as no quota bounds them. Only the environments
// (20) and the project's revision go with the project's row (PurgeProject).
func (p *Purger) tableOrder() []table {
	q := p.q
	return []table{
		{"webhook_delivery_attempts", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeDeliveryAttempts(ctx, db, dbsqlc.PurgeDeliveryAttemptsParams{ProjectID: id, RowLimit: n})
		}},
		{"webhook_deliveries", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeWebhookDeliveries(ctx, db, dbsqlc.PurgeWebhookDeliveriesParams{ProjectID: id, RowLimit: n})
		}},
		{"events", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeEvents(ctx, db, dbsqlc.PurgeEventsParams{ProjectID: id, RowLimit: n})
		}},
		{"deployment_history", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeDeploymentHistory(ctx, db, dbsqlc.PurgeDeploymentHistoryParams{ProjectID: id, RowLimit: n})
		}},
		{"deployments", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeDeployments(ctx, db, dbsqlc.PurgeDeploymentsParams{ProjectID: id, RowLimit: n})
		}},
		{"release_changes", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeReleaseChanges(ctx, db, dbsqlc.PurgeReleaseChangesParams{ProjectID: id, RowLimit: n})
		}},
		{"release_metrics", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeReleaseMetrics(ctx, db, dbsqlc.PurgeReleaseMetricsParams{ProjectID: id, RowLimit: n})
		}},
		{"release_reviews", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeReleaseReviews(ctx, db, dbsqlc.PurgeReleaseReviewsParams{ProjectID: id, RowLimit: n})
		}},
		{"releases", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeReleases(ctx, db, dbsqlc.PurgeReleasesParams{ProjectID: id, RowLimit: n})
		}},
		{"usage_resolves_hourly", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeUsageResolves(ctx, db, dbsqlc.PurgeUsageResolvesParams{ProjectID: id, RowLimit: n})
		}},
		{"usage_requests_daily", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeUsageRequests(ctx, db, dbsqlc.PurgeUsageRequestsParams{ProjectID: id, RowLimit: n})
		}},
		{"analytics_hourly", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeAnalyticsHourly(ctx, db, dbsqlc.PurgeAnalyticsHourlyParams{ProjectID: id, RowLimit: n})
		}},
		{"storage_usage", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeStorageUsage(ctx, db, dbsqlc.PurgeStorageUsageParams{ProjectID: id, RowLimit: n})
		}},
		{"idempotency_keys", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeIdempotencyKeys(ctx, db, dbsqlc.PurgeIdempotencyKeysParams{ProjectID: id, RowLimit: n})
		}},
		{"version_checks", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeVersionChecks(ctx, db, dbsqlc.PurgeVersionChecksParams{ProjectID: id, RowLimit: n})
		}},
		{"prompt_versions", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeVersions(ctx, db, dbsqlc.PurgeVersionsParams{ProjectID: id, RowLimit: n})
		}},
		{"prompts", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgePrompts(ctx, db, dbsqlc.PurgePromptsParams{ProjectID: id, RowLimit: n})
		}},
		{"console_sessions", sessionsPerBatch, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeKeySessions(ctx, db, dbsqlc.PurgeKeySessionsParams{ProjectID: id, RowLimit: n})
		}},
		{"api_keys", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeApiKeys(ctx, db, dbsqlc.PurgeApiKeysParams{ProjectID: id, RowLimit: n})
		}},
		{"webhooks", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeWebhooks(ctx, db, dbsqlc.PurgeWebhooksParams{ProjectID: id, RowLimit: n})
		}},
		{"project_members", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeMembers(ctx, db, dbsqlc.PurgeMembersParams{ProjectID: id, RowLimit: n})
		}},
		{"invitations", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeInvitations(ctx, db, dbsqlc.PurgeInvitationsParams{ProjectID: id, RowLimit: n})
		}},
		{"connections", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeConnections(ctx, db, dbsqlc.PurgeConnectionsParams{ProjectID: id, RowLimit: n})
		}},
		{"console_sessions' pick", BatchRows, func(ctx context.Context, db dbsqlc.DBTX, id uuid.UUID, n int32) (int64, error) {
			return q.PurgeSessionPicks(ctx, db, dbsqlc.PurgeSessionPicksParams{ProjectID: &id, RowLimit: n})
		}},
	}
}
