package purge

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/promptops/promptops/internal/store/jobs"
)

const (
	// queue is the River queue of the purge jobs: one project at a time is enough, and
	// leaves the database to the requests.
	queue = "purge"
	// runFor is how long one run of the job removes batches before it queues the next,
	// well inside jobTimeout: a large project takes many runs, each short, and a run cut
	// off (a crash) is taken up again after the timeout.
	runFor     = 30 * time.Second
	jobTimeout = 2 * time.Minute
)

// Args is the job of removing a deleted project's rows from From on: the request that
// deletes it queues it (from the start) in the transaction that marks it, and each run
// that stops short queues the next from where it stopped. Run counts the runs before it:
// a table can take several runs, which stop at the same Cursor, and a next run with the
// same arguments as the one queueing it would be skipped as a duplicate.
type Args struct {
	ProjectID uuid.UUID `json:"projectId"`
	From      Cursor    `json:"from"`
	Run       int       `json:"run,omitempty"`
}

// Kind names the job.
func (Args) Kind() string { return "project_purge" }

// InsertOpts put the job on the purge queue, once per project.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Jobs is the purge job on the jobs client.
func Jobs(pool *pgxpool.Pool, logger *slog.Logger) jobs.Set {
	return jobsRunningFor(pool, logger, runFor)
}

// jobsRunningFor is the purge job whose runs each last d (the package's tests make it
// short, so that a small project takes several runs).
func jobsRunningFor(pool *pgxpool.Pool, logger *slog.Logger, d time.Duration) jobs.Set {
	return jobs.Set{
		Name: "purge",
		AddWorkersFunc: func(w *river.Workers) error {
			return river.AddWorkerSafely(w, &worker{purger: New(pool), logger: logger, runFor: d})
		},
		Queues: map[string]river.QueueConfig{queue: {MaxWorkers: 1}},
	}
}

type worker struct {
	river.WorkerDefaults[Args]
	purger *Purger
	logger *slog.Logger
	runFor time.Duration
}

func (w *worker) Timeout(*river.Job[Args]) time.Duration { return jobTimeout }

// Work removes batches for runFor (at least one, so that every run moves on), then queues
// the job again from where it stopped, until the project is gone. Run again after a
// crash, it starts where it was queued from.
func (w *worker) Work(ctx context.Context, job *river.Job[Args]) error {
	pass := w.purger.Start(job.Args.ProjectID, job.Args.From)
	until := time.Now().Add(w.runFor)
	for {
		done, err := pass.Batch(ctx)
		if err != nil {
			return err
		}
		if done {
			w.logger.InfoContext(ctx, "deleted project removed", "project_id", job.Args.ProjectID)
			return nil
		}
		if !time.Now().Before(until) {
			break
		}
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	if _, err := client.Insert(ctx, Args{ProjectID: job.Args.ProjectID, From: pass.At(), Run: job.Args.Run + 1}, nil); err != nil {
		return fmt.Errorf("queue the rest of project %s's purge: %w", job.Args.ProjectID, err)
	}
	return nil
}
