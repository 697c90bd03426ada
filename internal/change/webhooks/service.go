package webhooks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/store/jobs"
)

// queue is the River queue of webhook deliveries.
const queue = "webhooks"

// Config configures delivery.
type Config struct {
	// RetryBase is the delay before the first retry; each later one doubles it (±25 % jitter).
	RetryBase time.Duration
	// MaxAttempts is how many times a delivery is tried before it is marked failed.
	MaxAttempts int
	// AllowPrivate opens the private blocks of the address policy (loopback, RFC 1918,
	// unique-local and link-local) to webhooks; the other special-purpose blocks stay closed.
	AllowPrivate bool
	// Timeout bounds one attempt: the receiver must answer within it.
	Timeout time.Duration
	// RescueAfter is how long after an attempt began a delivery still marked in flight is
	// taken as lost with its instance (a crash) and retried. It must be longer than an
	// attempt can run (Timeout plus recordTime); zero is Timeout plus 20s.
	RescueAfter time.Duration
	// SweepEvery is how often the leader fails the deliveries left pending by a job that
	// ended without recording their outcome (zero: a minute).
	SweepEvery time.Duration
	// Workers is how many deliveries one instance sends at once.
	Workers int
	// Secrets seals signing secrets for storage and opens them to sign; every instance on a
	// database needs the same key.
	Secrets *secrets.Key
	// SecretOverlap is how long a rotated-out secret keeps signing deliveries beside the
	// new one.
	SecretOverlap time.Duration
	Logger        *slog.Logger
	// Tracer makes a client span of each delivery attempt (nil: tracing is off).
	Tracer trace.Tracer
	// FailedFunc counts a failed attempt by its reason, one of metrics' Webhook reasons
	// (nil: not counted).
	FailedFunc func(reason string)
}

// Service queues deliveries and works them, on the instance's jobs client (see Jobs).
type Service struct {
	cfg    Config
	jobs   *jobs.Client
	db     *pgxpool.Pool
	q      *dbsqlc.Queries
	http   *http.Client
	logger *slog.Logger
}

// New builds the delivery service on pool; a zero Timeout, Workers, RetryBase or
// MaxAttempts takes config's default. It queues and works deliveries once the jobs client
// is built with its Jobs.
func New(pool *pgxpool.Pool, cfg Config) (*Service, error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = config.DefaultWebhookTimeout
	}
	if cfg.RescueAfter == 0 {
		cfg.RescueAfter = cfg.Timeout + 20*time.Second
	}
	if cfg.RescueAfter <= cfg.Timeout+recordTime {
		return nil, fmt.Errorf("webhook rescue delay %s must be longer than an attempt can run: the timeout %s plus %s to record it",
			cfg.RescueAfter, cfg.Timeout, recordTime)
	}
	if cfg.Workers == 0 {
		cfg.Workers = config.DefaultWebhookWorkers
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = config.DefaultWebhookRetryBase
	}
	if cfg.SweepEvery == 0 {
		cfg.SweepEvery = time.Minute
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = config.DefaultWebhookMaxAttempts
	}
	if cfg.FailedFunc == nil {
		cfg.FailedFunc = func(string) {}
	}
	s := &Service{
		cfg: cfg, db: pool, q: dbsqlc.New(), logger: cfg.Logger,
		http: &http.Client{
			Timeout:   cfg.Timeout,
			Transport: &http.Transport{DialContext: dialer(cfg.AllowPrivate).DialContext, MaxIdleConnsPerHost: 4},
			// A redirect could lead anywhere, private addresses included: 3xx is an answer.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	return s, nil
}

// Pending counts the deliveries not settled, across every instance: queued (never tried)
// and retrying, up to 10,000 of each.
func (s *Service) Pending(ctx context.Context) (queued, retrying int64, err error) {
	row, err := s.q.DeliveryPendingCount(ctx, s.db)
	if err != nil {
		return 0, 0, fmt.Errorf("count pending deliveries: %w", err)
	}
	return row.Queued, row.Retrying, nil
}

// Jobs is what deliveries run on the jobs client: the worker (whose Timeout bounds an
// attempt) and its queue of Workers, the sweep of orphaned deliveries every SweepEvery,
// and the client to queue deliveries through.
func (s *Service) Jobs() jobs.Set {
	return jobs.Set{
		Name: "webhooks",
		AddWorkersFunc: func(w *river.Workers) error {
			return errors.Join(river.AddWorkerSafely(w, &worker{svc: s}), river.AddWorkerSafely(w, &sweepWorker{svc: s}))
		},
		Queues: map[string]river.QueueConfig{queue: {MaxWorkers: s.cfg.Workers}, sweepQueue: {MaxWorkers: 1}},
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(s.cfg.SweepEvery),
			func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: sweepArgs{}.Kind(), RunOnStart: true})},
		// A delivery interrupted by a crash is retried once its attempt has surely ended.
		RescueStuckJobsAfter: s.cfg.RescueAfter,
		UseClientFunc:        func(c *jobs.Client) { s.jobs = c },
	}
}

// EnqueueTx queues deliveries in tx: they exist, and are sent, only if tx commits.
//
// It also keeps projects fair to each other. River works a queue in order of priority,
// then scheduled time: first in, first out. So a project that queues hundreds of
// deliveries at once (many webhooks, a burst of changes, a slow receiver) would hold every
// other project's deliveries back until its own had gone. Instead each delivery's
// priority comes from its project's backlog when it is queued (see priority): a project's
// first pending delivery goes at the top priority, later ones lower, so another project's
// next delivery overtakes a backlog however long it is, and deliveries of equal backlog
// take turns in arrival order. Nothing is delayed while workers are idle, since priority
// only orders what is ready; and deliveries to one webhook still go out in the order of
// their events (the worker holds a later one back while an earlier one is pending).
func (s *Service) EnqueueTx(ctx context.Context, tx pgx.Tx, deliveryIDs ...uuid.UUID) error {
	if s.jobs == nil {
		return errors.New("webhook deliveries: no jobs client (build one with jobs.New and the service's Jobs)")
	}
	backlogs, err := s.q.DeliveryBacklog(ctx, tx, deliveryIDs)
	if err != nil {
		return fmt.Errorf("project backlogs: %w", err)
	}
	params := make([]river.InsertManyParams, len(backlogs))
	for i, b := range backlogs {
		params[i] = river.InsertManyParams{Args: deliveryArgs{DeliveryID: b.ID}, InsertOpts: &river.InsertOpts{
			Priority: priority(b.Ahead), MaxAttempts: s.cfg.MaxAttempts,
		}}
	}
	return s.jobs.InsertManyTx(ctx, tx, params)
}

// priority is the River priority (1 first, 4 last) of a delivery queued behind ahead
// pending deliveries of its own project: 1 with none ahead, 2 with up to 9, 3 with up to
// 99, 4 beyond (one level per tenfold backlog). So a project's first delivery waits only
// for those being sent and for other projects' first ones, never for anyone's backlog.
func priority(ahead int64) int {
	switch {
	case ahead == 0:
		return 1
	case ahead < 10:
		return 2
	case ahead < 100:
		return 3
	default:
		return 4
	}
}

// Seal seals a signing secret for storage.
func (s *Service) Seal(secret string) string { return s.cfg.Secrets.Seal(secret) }

// SecretOverlap is how long a rotated-out secret keeps signing deliveries.
func (s *Service) SecretOverlap() time.Duration { return s.cfg.SecretOverlap }

// SealStoredSecrets seals the secrets stored in plain text (before secrets were sealed),
// returning how many it sealed; run again, it finds none. It first checks that the key
// opens the secrets already sealed, so that a changed key stops the server at start-up
// rather than failing every delivery.
func (s *Service) SealStoredSecrets(ctx context.Context) (int, error) {
	if err := s.checkKey(ctx); err != nil {
		return 0, err
	}
	plain, err := s.q.WebhookListPlainSecrets(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("find plain secrets: %w", err)
	}
	sealed := 0
	for _, w := range plain {
		// Only if still plain: another instance starting too may have sealed it.
		n, err := s.q.WebhookSealSecret(ctx, s.db, dbsqlc.WebhookSealSecretParams{ID: w.ID, Plain: w.Secret, Sealed: s.Seal(w.Secret)})
		if err != nil {
			return sealed, fmt.Errorf("seal secret of webhook %s: %w", w.ID, err)
		}
		sealed += int(n)
	}
	return sealed, nil
}

// checkKey opens one of the sealed secrets, if there is any: a key that cannot open it is
// not the one they were sealed with.
func (s *Service) checkKey(ctx context.Context) error {
	sample, err := s.q.WebhookSampleSealedSecret(ctx, s.db)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read a sealed secret: %w", err)
	}
	if _, err := s.cfg.Secrets.Open(sample); err != nil {
		return errors.New("the secret key does not open the webhook secrets stored in the database: " +
			"they were sealed with another key (PROMPTOPS_SECRET_KEY, or secret.key in the data directory)")
	}
	return nil
}

// CheckURL applies the operator's address policy to a webhook URL.
func (s *Service) CheckURL(ctx context.Context, raw string) error {
	return CheckURL(ctx, raw, s.cfg.AllowPrivate)
}

// Open opens a value Seal sealed (a provider connection's API key, sealed the same way).
func (s *Service) Open(sealed string) (string, error) { return s.cfg.Secrets.Open(sealed) }

// OutboundClient is an HTTP client bounded by timeout that reaches only the addresses the
// policy allows, checked at connect time, and follows no redirect: what the playground
// calls providers with, under the rules of webhooks.
func (s *Service) OutboundClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DialContext: dialer(s.cfg.AllowPrivate).DialContext, MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
