package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/release/guard"
	"github.com/promptops/promptops/internal/store/jobs"
)

const (
	// releaseQueue is the River queue of the release jobs.
	releaseQueue = "releases"
	// releaseJobTimeout bounds one run of a release job (a transaction over a release's
	// prompts).
	releaseJobTimeout = time.Minute
	// pendingBatch bounds the pending releases one reconsideration looks at: a check's
	// report, or one run of the periodic job.
	pendingBatch = 100
)

// ReleaseJobs is the set of jobs that move releases on by themselves: release_apply at a
// release's scheduledAt, release_evaluate for each rolling release every evaluation
// interval, and a periodic reconsideration of the releases pending approval (their
// environment's protection may have been lowered). Its client is the one the handlers
// queue them through.
func (s *Server) ReleaseJobs() jobs.Set {
	return jobs.Set{
		Name: "releases",
		AddWorkersFunc: func(w *river.Workers) error {
			if err := river.AddWorkerSafely(w, &applyWorker{s: s}); err != nil {
				return err
			}
			if err := river.AddWorkerSafely(w, &evaluateWorker{s: s}); err != nil {
				return err
			}
			return river.AddWorkerSafely(w, &reconsiderWorker{s: s})
		},
		Queues: map[string]river.QueueConfig{releaseQueue: {MaxWorkers: 4}},
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(s.evaluationEvery),
			func() (river.JobArgs, *river.InsertOpts) { return reconsiderArgs{}, nil },
			&river.PeriodicJobOpts{ID: reconsiderArgs{}.Kind()})},
		UseClientFunc: func(c *jobs.Client) { s.jobs = c },
	}
}

// applyArgs is the job of applying a scheduled release at its time.
type applyArgs struct {
	ReleaseID uuid.UUID `json:"releaseId"`
}

func (applyArgs) Kind() string { return "release_apply" }

func (applyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: releaseQueue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// evaluateArgs is the job of evaluating a rolling release: its guards, and a gradual
// release's next step.
type evaluateArgs struct {
	ReleaseID uuid.UUID `json:"releaseId"`
}

func (evaluateArgs) Kind() string { return "release_evaluate" }

func (evaluateArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: releaseQueue, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// reconsiderArgs is the job of applying the pending releases that nothing holds any more.
type reconsiderArgs struct{}

func (reconsiderArgs) Kind() string { return "release_reconsider" }

func (reconsiderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: releaseQueue, MaxAttempts: 1}
}

// enqueueApply queues the job that applies r at its scheduledAt, in tx.
func (s *Server) enqueueApply(ctx context.Context, tx pgx.Tx, r *release) error {
	return s.enqueue(ctx, tx, applyArgs{ReleaseID: r.row.ID}, *r.row.ScheduledAt)
}

// enqueueEvaluation queues the first evaluation of the rolling release r, in tx, to run at
// once. A job queued for later waits for River's scheduler, which makes scheduled jobs
// available only every 5 s, too late for an interval of a second or two; the evaluation
// then snoozes between runs, and River makes a snooze that short available directly.
func (s *Server) enqueueEvaluation(ctx context.Context, tx pgx.Tx, r *release) error {
	return s.enqueue(ctx, tx, evaluateArgs{ReleaseID: r.row.ID}, time.Time{})
}

func (s *Server) enqueue(ctx context.Context, tx pgx.Tx, args river.JobArgs, at time.Time) error {
	if s.jobs == nil {
		return errors.New("jobs: no jobs client (build one with jobs.New and the handlers' ReleaseJobs)")
	}
	opts := args.(river.JobArgsWithInsertOpts).InsertOpts()
	opts.ScheduledAt = at
	if err := s.jobs.InsertManyTx(ctx, tx, []river.InsertManyParams{{Args: args, InsertOpts: &opts}}); err != nil {
		return fmt.Errorf("queue %s: %w", args.Kind(), err)
	}
	return nil
}

type applyWorker struct {
	river.WorkerDefaults[applyArgs]
	s *Server
}

func (w *applyWorker) Timeout(*river.Job[applyArgs]) time.Duration { return releaseJobTimeout }

// Work applies the release if it is still scheduled: cancelled (or still waiting for
// approvals, when the approval that completes them applies it), it does nothing.
func (w *applyWorker) Work(ctx context.Context, job *river.Job[applyArgs]) error {
	err := w.s.releaseTx(ctx, job.Args.ReleaseID, func(tx pgx.Tx, r *release) error {
		if r.row.Status != statusScheduled {
			return nil
		}
		return w.s.applyRelease(ctx, tx, r)
	})
	if status, body, ok := refusalOf(ctx, err); ok && status == http.StatusConflict {
		// Retrying would change nothing, and a release left scheduled past its time would
		// say nothing: it is cancelled, with why, which its people see and hear of.
		w.s.logger.WarnContext(ctx, "a scheduled release could not apply; cancelled", "release_id", job.Args.ReleaseID, "error", err)
		return w.s.cancelUnapplied(ctx, job.Args.ReleaseID, body.Error.Message)
	}
	return err
}

// cancelUnapplied cancels a scheduled release whose apply the project's state refused at
// its time, saying why in its rollbackReason, with release.cancelled.
func (s *Server) cancelUnapplied(ctx context.Context, id uuid.UUID, why string) error {
	reason := "Could not apply at its scheduled time: " + why
	return s.releaseTx(ctx, id, func(tx pgx.Tx, r *release) error {
		if r.row.Status != statusScheduled {
			return nil
		}
		if err := s.finish(ctx, tx, r, statusCancelled, &reason); err != nil {
			return err
		}
		return s.recordRelease(ctx, tx, r, events.ReleaseCancelled)
	})
}

type evaluateWorker struct {
	river.WorkerDefaults[evaluateArgs]
	s *Server
}

func (w *evaluateWorker) Timeout(*river.Job[evaluateArgs]) time.Duration { return releaseJobTimeout }

// Work evaluates the release, and snoozes until its next evaluation while it rolls out.
func (w *evaluateWorker) Work(ctx context.Context, job *river.Job[evaluateArgs]) error {
	var next time.Duration
	err := w.s.releaseTx(ctx, job.Args.ReleaseID, func(tx pgx.Tx, r *release) error {
		if r.row.Status != statusRollingOut {
			return nil
		}
		err := w.s.evaluate(ctx, tx, r)
		if r.row.Status == statusRollingOut {
			next = evaluationInterval(r.strategy, w.s.evaluationEvery)
		}
		return err
	})
	if status, body, ok := refusalOf(ctx, err); ok && status == http.StatusConflict {
		// Retrying at once would change nothing, and River would give up on the release
		// after its attempts, saying nothing: it is held as it is, saying why, and the next
		// evaluation tries again.
		err = w.s.holdRelease(ctx, job.Args.ReleaseID, statusRollingOut, "the project's state to let it complete: "+body.Error.Message)
	}
	if err != nil || next == 0 {
		return err
	}
	return river.JobSnooze(next)
}

// holdRelease records why the project's state refused to move the release id on from
// status (to complete a rolling release, to apply a pending one), with release.held when
// the reason is new; the release stays as it is (a rolling one keeps serving its share).
func (s *Server) holdRelease(ctx context.Context, id uuid.UUID, status, why string) error {
	return s.releaseTx(ctx, id, func(tx pgx.Tx, r *release) error {
		if r.row.Status != status || (r.row.HeldReason != nil && *r.row.HeldReason == why) {
			return nil
		}
		s.logger.WarnContext(ctx, "the project's state refused to move a release on; held", "release_id", id, "status", status, "reason", why)
		if err := s.setRelease(ctx, tx, r, func(u *dbsqlc.ReleaseUpdateParams) { u.HeldReason = &why }); err != nil {
			return err
		}
		return s.recordRelease(ctx, tx, r, events.ReleaseHeld)
	})
}

// evaluate judges the rolling release r by its guards: a breach rolls it back; a gradual
// step whose time has passed, with every guard judged, advances (or completes the release
// after its last step). Splits only roll back by themselves.
func (s *Server) evaluate(ctx context.Context, tx pgx.Tx, r *release) error {
	start := time.Now()
	breach, judged, err := s.judge(ctx, tx, r)
	if err != nil {
		return err
	}
	switch {
	case breach != "":
		s.metrics.GuardEvaluated(metrics.GuardBreach, start)
		return s.rollbackRelease(ctx, tx, r, breach)
	case judged:
		s.metrics.GuardEvaluated(metrics.GuardHold, start)
	default:
		s.metrics.GuardEvaluated(metrics.GuardInsufficient, start)
	}
	if string(r.strategy.Type) != strategyGradual || !judged || r.row.StepStartedAt == nil ||
		s.nowFunc().Sub(*r.row.StepStartedAt) < stepDuration(r.strategy, int(r.row.Step)) {
		return nil
	}
	next := int(r.row.Step) + 1
	if next == len(listOf(r.strategy.Steps)) {
		return s.completeRelease(ctx, tx, r)
	}
	now := s.nowFunc()
	err = s.setRelease(ctx, tx, r, func(u *dbsqlc.ReleaseUpdateParams) {
		u.Step, u.Percent, u.StepStartedAt = int32(next), listOf(r.strategy.Steps)[next].Percent, &now
	})
	if err != nil {
		return err
	}
	return s.recordRelease(ctx, tx, r, events.ReleaseAdvanced)
}

// judge judges each prompt the rolling release r rolls out by its guards: the first breach
// (naming the prompt), or whether every guard had the calls it needs.
func (s *Server) judge(ctx context.Context, tx pgx.Tx, r *release) (breach string, judged bool, err error) {
	variants, err := guard.Load(ctx, s.q, tx, r.row.ID)
	if err != nil {
		return "", false, err
	}
	guards := guardsOf(listOf(r.strategy.Guards))
	judged = true
	for _, c := range r.changes {
		if !rollsOut(c.FromVersionID, c.ToVersionID) {
			continue
		}
		v := variants[c.PromptID]
		if v == nil {
			v = &guard.Variants{}
		}
		verdict := guard.Judge(guards, v.Current, v.Candidate)
		if verdict.Breach != "" {
			return fmt.Sprintf("guard breached on %s v%d: %s", c.Slug, c.ToVersionNumber, verdict.Breach), true, nil
		}
		judged = judged && verdict.Judged
	}
	return "", judged, nil
}

// rollsOut reports whether a release's change from version from (nil: none live) to
// version to moves its prompt. One whose version was live already has no candidate, so no
// call is ever its release's: its guards would never be judged, and are not.
func rollsOut[V comparable](from *V, to V) bool { return from == nil || *from != to }

type reconsiderWorker struct {
	river.WorkerDefaults[reconsiderArgs]
	s *Server
}

func (w *reconsiderWorker) Timeout(*river.Job[reconsiderArgs]) time.Duration {
	return releaseJobTimeout
}

// Work applies the pending releases whose approvals and checks hold, a batch at a time: each
// run takes those it looked at least recently.
func (w *reconsiderWorker) Work(ctx context.Context, _ *river.Job[reconsiderArgs]) error {
	ids, err := w.s.q.ReleasePendingTake(ctx, w.s.db, pendingBatch)
	if err != nil {
		return fmt.Errorf("pending releases: %w", err)
	}
	w.s.reconsider(ctx, ids)
	return nil
}
