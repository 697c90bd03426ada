package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"go.opentelemetry.io/otel/propagation"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/tracing"
)

// Delivery states.
const (
	statusPending   = "pending"
	statusSucceeded = "succeeded"
	statusFailed    = "failed"
)

// DisabledReason is the last error of a delivery dropped because its webhook is disabled.
const DisabledReason = "webhook disabled"

// deliveryArgs is the job of sending one delivery.
type deliveryArgs struct {
	DeliveryID uuid.UUID `json:"delivery_id"`
}

func (deliveryArgs) Kind() string { return "webhook_delivery" }

func (deliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: queue} }

type worker struct {
	river.WorkerDefaults[deliveryArgs]
	svc *Service
}

// recordTime is what an attempt may take past its HTTP timeout, to record the outcome.
const recordTime = 5 * time.Second

// Timeout leaves the attempt its HTTP timeout plus time to record the outcome.
func (w *worker) Timeout(*river.Job[deliveryArgs]) time.Duration {
	return w.svc.cfg.Timeout + recordTime
}

// NextRetry is exponential from RetryBase with jitter, and the same value the worker
// records as the delivery's next retry.
func (w *worker) NextRetry(job *river.Job[deliveryArgs]) time.Time {
	return time.Now().Add(w.svc.retryDelay(job.ID, job.Attempt))
}

// retryDelay is RetryBase·2^(attempt-1), ±25 % jitter derived from the job and attempt so
// that NextRetry and the recorded time agree.
func (s *Service) retryDelay(jobID int64, attempt int) time.Duration {
	h := fnv.New32a()
	_, _ = fmt.Fprintf(h, "%d/%d", jobID, attempt)
	jitter := 0.75 + float64(h.Sum32()%1000)/2000 // 0.75 to 1.25
	d := float64(s.cfg.RetryBase) * float64(uint64(1)<<min(attempt-1, 20)) * jitter
	return time.Duration(min(d, float64(24*time.Hour)))
}

func (w *worker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	s := w.svc
	row, err := s.q.DeliveryForWork(ctx, s.db, job.Args.DeliveryID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // the webhook was deleted, and its deliveries with it
	}
	if err != nil {
		return fmt.Errorf("load delivery: %w", err)
	}
	d := row.WebhookDelivery
	if d.Status != statusPending {
		return nil // already settled by an earlier run of this job
	}
	if !row.Enabled {
		s.cfg.FailedFunc(metrics.WebhookDisabled)
		_, err := s.q.DeliveryRecordAttempt(ctx, s.db, dbsqlc.DeliveryRecordAttemptParams{
			ID: d.ID, Attempts: d.Attempts, Status: statusFailed, LastError: new(DisabledReason),
		})
		return river.JobCancel(errors.Join(errors.New(DisabledReason), err))
	}
	older, err := s.q.DeliveryOlderPending(ctx, s.db, dbsqlc.DeliveryOlderPendingParams{WebhookID: d.WebhookID, CreatedAt: d.CreatedAt, ID: d.ID})
	if err != nil {
		return fmt.Errorf("order check: %w", err)
	}
	if older {
		// Deliveries to a webhook go out in the order of their events: wait for the earlier
		// one. Only for one committed already: an event of an overlapping transaction that
		// commits later may go out after a later one (as the README says).
		return river.JobSnooze(min(time.Second, s.cfg.RetryBase))
	}
	return s.attempt(ctx, job, &d, row.Url, s.signingSecrets(row))
}

// signingSecrets are the sealed secrets a delivery is signed with: the webhook's secret
// and, until its overlap ends, the one it was rotated from.
func (s *Service) signingSecrets(row *dbsqlc.DeliveryForWorkRow) []string {
	if row.PreviousSecret != nil && row.PreviousSecretExpiresAt != nil && time.Now().Before(*row.PreviousSecretExpiresAt) {
		return []string{row.Secret, *row.PreviousSecret}
	}
	return []string{row.Secret}
}

// attempt sends a delivery once and records the outcome; an error makes River retry.
func (s *Service) attempt(ctx context.Context, job *river.Job[deliveryArgs], d *dbsqlc.WebhookDelivery, url string, sealedSecrets []string) error {
	attempts := d.Attempts + 1
	start := time.Now()
	sendCtx, span := s.startAttemptSpan(ctx, d, attempts)
	code, sendErr := s.send(sendCtx, d, url, sealedSecrets)
	elapsed := time.Since(start)
	endAttemptSpan(span, code, sendErr)

	params := dbsqlc.DeliveryRecordAttemptParams{ID: d.ID, Attempts: attempts, Status: statusSucceeded}
	if code != 0 {
		params.LastStatusCode = new(int32(code))
	}
	if sendErr != nil {
		s.cfg.FailedFunc(failureReason(code, sendErr))
		params.LastError = new(sendErr.Error())
		params.Status = statusPending
		if job.Attempt >= job.MaxAttempts {
			params.Status = statusFailed
		} else {
			params.NextRetryAt = new(time.Now().Add(s.retryDelay(job.ID, job.Attempt)))
		}
	}
	var recorded *dbsqlc.WebhookDelivery
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) (err error) {
		// Its status may differ from params': the webhook may have been turned off meanwhile.
		if recorded, err = s.q.DeliveryRecordAttempt(ctx, tx, params); err != nil {
			return err
		}
		return s.q.AttemptCreate(ctx, tx, dbsqlc.AttemptCreateParams{
			DeliveryID: d.ID, Attempt: attempts, StatusCode: params.LastStatusCode,
			DurationMs: int32(elapsed.Milliseconds()), Error: params.LastError,
		})
	})
	if err != nil {
		return fmt.Errorf("record attempt: %w", err)
	}
	s.logger.LogAttrs(ctx, slog.LevelInfo, "webhook delivery",
		slog.String("delivery_id", d.ID.String()), slog.Int("attempt", int(attempts)),
		slog.Int("status", code), slog.String("outcome", recorded.Status))
	return sendErr
}

// errSigning is returned by send when the delivery could not be signed.
var errSigning = errors.New("sign the delivery")

// failureReason is the metrics reason of a failed send that got code (0 for no answer).
func failureReason(code int, err error) string {
	var netErr net.Error
	switch {
	case code != 0:
		return metrics.WebhookStatus
	case errors.Is(err, errSigning):
		return metrics.WebhookSigning
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return metrics.WebhookTimeout
	}
	return metrics.WebhookConnection
}

// send posts the delivery's payload and returns the receiver's status (0 when there was
// none); any answer but 2xx is an error.
func (s *Service) send(ctx context.Context, d *dbsqlc.WebhookDelivery, url string, sealedSecrets []string) (int, error) {
	now := time.Now()
	signature, err := s.sign(sealedSecrets, d.MessageID.String(), now, d.Payload)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errSigning, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(d.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PromptOps-Webhooks/1")
	req.Header.Set("webhook-id", d.MessageID.String())
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", signature)
	// The receiver's trace continues the delivery's (nothing is written when tracing is off).
	tracing.Propagator.Inject(ctx, propagation.HeaderCarrier(req.Header))
	resp, err := s.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("send: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("receiver answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// sign opens each sealed secret and returns the webhook-signature header: one signature
// per secret, space-separated, as Standard Webhooks lets a receiver accept any of them.
func (s *Service) sign(sealedSecrets []string, msgID string, ts time.Time, body []byte) (string, error) {
	signatures := make([]string, len(sealedSecrets))
	for i, sealed := range sealedSecrets {
		secret, err := s.cfg.Secrets.Open(sealed)
		if err != nil {
			return "", fmt.Errorf("webhook secret: %w (is this the key the secrets were sealed with?)", err)
		}
		if signatures[i], err = Sign(secret, msgID, ts, body); err != nil {
			return "", err
		}
	}
	return strings.Join(signatures, " "), nil
}
