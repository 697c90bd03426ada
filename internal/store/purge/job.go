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
// that stops short queues the next from where it stopped.
type Args struct {
	ProjectID uuid.UUID `json:"projectId"`
	From      Cursor    `json:"from"`
}

// Kind names the job.
func (Args) Kind() string { return "project_purge" }

// InsertOpts put the job on the purge queue, once per project.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Jobs is the purge job on the jobs client.
func Jobs(pool *pgxpool.Pool, logger *slog.Logger) jobs.Set {
	return jobs.Set{
		Name: "purge",
		AddWorkersFunc: func(w *river.Workers) error {
			return river.AddWorkerSafely(w, &worker{purger: New(pool), logger: logger})
		},
		Queues: map[string]river.QueueConfig{queue: {MaxWorkers: 1}},
	}
}

type worker struct {
	river.WorkerDefaults[Args]
	purger *Purger
	logger *slog.Logger
}

func (w *worker) Timeout(*river.Job[Args]) time.Duration { return jobTimeout }

// Work removes batches for runFor, then queues the job again from where it stopped,
// until the project is gone. Run again after a crash, it starts where it was queued from.
func (w *worker) Work(ctx context.Context, job *river.Job[Args]) error {
	pass := w.purger.Start(job.Args.ProjectID, job.Args.From)
	for until := time.Now().Add(runFor); time.Now().Before(until); {
		done, err := pass.Batch(ctx)
		if err != nil {
			return err
		}
		if done {
			w.logger.InfoContext(ctx, "deleted project removed", "project_id", job.Args.ProjectID)
			return nil
		}
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	if _, err := client.Insert(ctx, Args{ProjectID: job.Args.ProjectID, From: pass.At()}, nil); err != nil {
		return fmt.Errorf("queue the rest of project %s's purge: %w", job.Args.ProjectID, err)
	}
	return nil
}
