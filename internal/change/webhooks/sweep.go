package webhooks

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// sweepQueue is the River queue of the sweep, apart from the deliveries' so that a busy
// delivery queue does not hold it back.
const sweepQueue = "webhook_sweep"

// sweepArgs is the periodic job that fails orphaned deliveries: pending ones whose job
// River has finished with (discarded after its last attempt, cancelled, completed) or
// which is gone, without their outcome recorded. An attempt that panics, an error loading
// the delivery or recording its outcome, a timeout, a crash during the last attempt: each
// ends the job and leaves the delivery pending, and since deliveries to a webhook go out
// in order, every later one would wait behind it for ever.
type sweepArgs struct{}

func (sweepArgs) Kind() string { return "webhook_delivery_sweep" }

// InsertOpts: one attempt, as the next sweep does what a failed one did not.
func (sweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: sweepQueue, MaxAttempts: 1}
}

type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	svc *Service
}

func (w *sweepWorker) Timeout(*river.Job[sweepArgs]) time.Duration { return time.Minute }

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	return w.svc.failOrphans(ctx)
}

// failOrphansSQL fails, of each webhook, the oldest pending delivery (the one that holds
// the others back) if its job is not live, lastError saying what became of the job and
// the error of its job's last run. An orphan behind another pending delivery is reached
// once the deliveries before it have settled. It reads River's table, which is not in
// sqlc's schema (River migrates it), finding a delivery's job by its args through River's
// GIN index on them: a few milliseconds a lookup with hundreds of thousands of jobs kept,
// which is why it looks up only one delivery per webhook. A delivery and its job are
// inserted in one transaction, so a pending delivery without a live job never gets one.
const failOrphansSQL = `
UPDATE webhook_deliveries d
SET status = 'failed', next_retry_at = NULL, updated_at = now(),
    last_error = 'delivery job ' || coalesce(o.state, 'gone') || ' without recording an outcome' || coalesce(': ' || o.error, '')
FROM (
  SELECT head.id, j.state::text AS state, j.errors[cardinality(j.errors)]->>'error' AS error
  FROM webhooks w
  CROSS JOIN LATERAL (
    SELECT id FROM webhook_deliveries
    WHERE webhook_id = w.id AND status = 'pending'
    ORDER BY created_at, id LIMIT 1
  ) head
  LEFT JOIN river_job j ON j.kind = 'webhook_delivery' AND j.args @> jsonb_build_object('delivery_id', head.id)
  WHERE j.id IS NULL OR j.state IN ('completed', 'cancelled', 'discarded')
) o
WHERE d.id = o.id AND d.status = 'pending'
RETURNING d.id, d.webhook_id, d.last_error`

// sweepRounds bounds the rounds of one sweep: each fails at most one delivery of a
// webhook, and the next sweep goes on where this one stopped.
const sweepRounds = 100

// failOrphans fails the orphaned deliveries (see sweepArgs), logging each: an orphan is
// the trace of a crash or a bug. Round after round, since failing a webhook's oldest
// pending delivery makes the next one its oldest.
func (s *Service) failOrphans(ctx context.Context) error {
	for range sweepRounds {
		rows, err := s.db.Query(ctx, failOrphansSQL)
		if err != nil {
			return fmt.Errorf("fail orphaned deliveries: %w", err)
		}
		orphans, err := pgx.CollectRows(rows, pgx.RowToStructByPos[orphan])
		if err != nil {
			return fmt.Errorf("fail orphaned deliveries: %w", err)
		}
		if len(orphans) == 0 {
			return nil
		}
		for _, o := range orphans {
			s.logger.LogAttrs(ctx, slog.LevelWarn, "webhook delivery failed: its job ended without an outcome",
				slog.String("delivery_id", o.ID.String()), slog.String("webhook_id", o.WebhookID.String()),
				slog.String("last_error", o.LastError))
		}
	}
	return nil
}

// orphan is a delivery failOrphansSQL failed.
type orphan struct {
	ID, WebhookID uuid.UUID
	LastError     string
}
