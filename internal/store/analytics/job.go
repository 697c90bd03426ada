package analytics

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/store/jobs"
)

const (
	// queue is the River queue of the maintenance job: one at a time is all it needs.
	queue = "analytics"
	// jobInterval is how often the leader runs the job; with daysAhead days made ahead, a
	// job failing for a while still leaves room.
	jobInterval = time.Hour
	// jobTimeout bounds one run (a few DDL statements, waiting for another instance's lock
	// at most); the next hour's run retries a failed one, hence few attempts.
	jobTimeout  = time.Minute
	jobAttempts = 3
)

// JobConfig configures the maintenance job.
type JobConfig struct {
	// Retention is how long raw events and hourly rollups are kept.
	Retention time.Duration
	Logger    *slog.Logger
	// NowFunc returns the current time; tests replace it (time.Now when nil).
	NowFunc func() time.Time
}

// Jobs is the periodic job that keeps the storage of analytics on the jobs client: every
// hour (and when an instance becomes the leader) it runs Maintain and PruneRollups.
func Jobs(pool *pgxpool.Pool, cfg JobConfig) jobs.Set {
	if cfg.NowFunc == nil {
		cfg.NowFunc = time.Now
	}
	return jobs.Set{
		Name: "analytics",
		AddWorkersFunc: func(w *river.Workers) error {
			return river.AddWorkerSafely(w, &maintainWorker{pool: pool, cfg: cfg})
		},
		Queues: map[string]river.QueueConfig{queue: {MaxWorkers: 1}},
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(jobInterval),
			func() (river.JobArgs, *river.InsertOpts) { return maintainArgs{}, nil },
			&river.PeriodicJobOpts{ID: maintainArgs{}.Kind(), RunOnStart: true})},
	}
}

// maintainArgs is the job of maintaining the analytics storage.
type maintainArgs struct{}

func (maintainArgs) Kind() string { return "analytics_maintain" }

func (maintainArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, MaxAttempts: jobAttempts}
}

type maintainWorker struct {
	river.WorkerDefaults[maintainArgs]
	pool *pgxpool.Pool
	cfg  JobConfig
}

func (w *maintainWorker) Timeout(*river.Job[maintainArgs]) time.Duration { return jobTimeout }

func (w *maintainWorker) Work(ctx context.Context, _ *river.Job[maintainArgs]) error {
	now := w.cfg.NowFunc()
	p, err := Maintain(ctx, w.pool, now, w.cfg.Retention)
	if err != nil {
		return err
	}
	rollups, err := PruneRollups(ctx, w.pool, now, w.cfg.Retention)
	if err != nil {
		return err
	}
	if err := PruneStorageCounts(ctx, w.pool, now, w.cfg.Retention); err != nil {
		return err
	}
	level := slog.LevelDebug // an hour in which nothing changed says so only when asked
	if len(p.Created)+len(p.Dropped) > 0 || rollups > 0 {
		level = slog.LevelInfo
	}
	w.cfg.Logger.LogAttrs(ctx, level, "analytics storage maintained",
		slog.Any("created", p.Created), slog.Any("dropped", p.Dropped), slog.Int64("rollups_deleted", rollups))
	return nil
}

// PruneStorageCounts forgets the bytes counted for the days whose events and rollups have
// all been dropped: what a batch written on day d holds happened before d+1d+5min, in the
// partition of day d+1d at the latest, which is dropped by d+2d+retention (its rollup hours
// before that), so the bytes a project may store come back as its old days go.
func PruneStorageCounts(ctx context.Context, db *pgxpool.Pool, now time.Time, retention time.Duration) error {
	before := now.Add(-retention - 48*time.Hour)
	_, err := dbsqlc.New().StorageUsagePurge(ctx, db, dbsqlc.StorageUsagePurgeParams{Kind: StorageKind, Before: before})
	if err != nil {
		return fmt.Errorf("forget analytics storage counted before %s: %w", before.Format(time.RFC3339), err)
	}
	return nil
}

// PruneRollups deletes the hourly rollups of the hours that ended more than retention
// before now, as Maintain drops the days that did, and returns how many it deleted.
func PruneRollups(ctx context.Context, db *pgxpool.Pool, now time.Time, retention time.Duration) (int64, error) {
	// An hour [h, h+1h) has ended by the cutoff exactly when it began before the cutoff's
	// own hour.
	before := now.Add(-retention).UTC().Truncate(time.Hour)
	n, err := dbsqlc.New().AnalyticsHourlyDeleteBefore(ctx, db, before)
	if err != nil {
		return 0, fmt.Errorf("delete rollups before %s: %w", before.Format(time.RFC3339), err)
	}
	return n, nil
}
