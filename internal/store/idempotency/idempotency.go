// Package idempotency keeps the answers of requests sent with an Idempotency-Key, in
// PostgreSQL, so that a retry of a request, on any instance, replays its answer instead of
// doing the work again (Stripe's semantics). The gateway uses it for the operations whose
// spec takes the header and that change something.
//
// Keys belong to the API key that sent them (as Stripe keeps them): the same
// Idempotency-Key from another API key is another key, which neither replays nor conflicts
// with the first. A request claims its key before the work starts (an INSERT that the
// unique API key+key lets only one request win), then stores its answer or, when it has
// none worth keeping, releases the key. A request that finds the key claimed by the same
// request still in progress waits for it, polling, for a bounded time. The database keeps
// no key and no readable answer, only what is derived from the key (see secrets).
//
// The answers a project keeps are bounded in bytes (Options.QuotaBytes), counted in
// storage_usage as they are stored. Past the bound a request is still done once, its key
// claimed, but its answer is not kept: a retry gets a NotKeptError rather than the request
// done again, and no write is refused for it.
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/store/database"
)

const (
	// Retention is how long an answer is kept and replayed.
	Retention = 24 * time.Hour
	// DefaultWait is how long a request waits for its key's first request to finish.
	DefaultWait = 10 * time.Second
	// DefaultPurgeEvery is how often expired keys are deleted.
	DefaultPurgeEvery = 10 * time.Minute
	// abandonAfter is when a claim that was never answered is taken to belong to a request
	// that died with its instance, and the key may be claimed again. It is far longer than
	// any request runs (the server's write timeout is a minute).
	abandonAfter = 5 * time.Minute
	// pollMax bounds the interval at which a waiting request looks at its key again.
	pollMax = 250 * time.Millisecond
	// rowBytes is what a kept answer is counted as beyond its body and headers: its row
	// (key and request hashes, times, ids) and its index entries.
	rowBytes = 256
	// storageKind is the kind of storage_usage rows of kept answers.
	storageKind = "idempotency"
	// shards is how many storage_usage rows of a project and hour kept answers are spread
	// over, so that concurrent answers do not queue on one row.
	shards = 16
)

var (
	// ErrMismatch is returned by Begin when the key was used, within its retention, for
	// another request.
	ErrMismatch = errors.New("idempotency key used for another request")
	// ErrInProgress is returned by Begin when the key's first request was still not done
	// after waiting for it.
	ErrInProgress = errors.New("idempotency key's first request still in progress")
)

// NotKeptError is returned by Begin when the key's first request was this same request
// and is done, but its answer was not kept: its project's answers were at their quota.
type NotKeptError struct {
	// Status is the status the first request was answered with.
	Status int
	// QuotaBytes is the quota of the project's kept answers.
	QuotaBytes int64
}

func (e *NotKeptError) Error() string {
	return fmt.Sprintf("idempotency key's request was done (%d) but its answer not kept: quota of %d bytes", e.Status, e.QuotaBytes)
}

// Options configure a Store.
type Options struct {
	// Wait bounds how long Begin waits for a key's first request (DefaultWait when 0).
	Wait   time.Duration
	Logger *slog.Logger
	// NowFunc returns the current time, which the stored times are in; tests replace it
	// (time.Now when nil). Waiting is in real time.
	NowFunc func() time.Time
	// QuotaBytes bounds the bytes of the answers one project keeps (config.DefaultQuotaIdempotencyBytes
	// when 0).
	QuotaBytes int64
}

// Store keeps idempotency keys and their answers, per API key.
type Store struct {
	db         *pgxpool.Pool
	q          *dbsqlc.Queries
	wait       time.Duration
	quotaBytes int64
	logger     *slog.Logger
	nowFunc    func() time.Time
}

// New returns the store on pool.
func New(pool *pgxpool.Pool, opts Options) *Store {
	s := &Store{db: pool, q: dbsqlc.New(), wait: opts.Wait, quotaBytes: opts.QuotaBytes, logger: opts.Logger, nowFunc: opts.NowFunc}
	if s.wait == 0 {
		s.wait = DefaultWait
	}
	if s.quotaBytes == 0 {
		s.quotaBytes = config.DefaultQuotaIdempotencyBytes
	}
	if s.nowFunc == nil {
		s.nowFunc = time.Now
	}
	return s
}

// Response is an answer as it is stored and replayed.
type Response struct {
	Status int
	// Header holds only the headers worth replaying.
	Header http.Header
	Body   []byte
}

// Owner is the caller whose Idempotency-Keys a request uses, and its project: APIKeyID is
// the API key's id, or the personal token's when a person calls.
type Owner struct {
	ProjectID, APIKeyID uuid.UUID
}

// Fingerprint identifies a request for its key: the SHA-256 of its method, its path with
// query, and its body. Neither the method nor the request URI can hold a space or a line
// break, so the encoding is unambiguous.
func Fingerprint(method, requestURI string, body []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(method + " " + requestURI + "\n"))
	h.Write(body)
	return [sha256.Size]byte(h.Sum(nil))
}

// Begin claims owner's key for the request with fingerprint. It returns a Reservation
// when the request is the key's first (do the work, then Complete or Release it), or the
// stored answer when the key's first request was this same request and is done. Otherwise
// it returns ErrMismatch, ErrInProgress, a *NotKeptError, or the error of the database.
func (s *Store) Begin(ctx context.Context, owner Owner, key string, fingerprint [sha256.Size]byte) (*Reservation, *Response, error) {
	derived, err := derive(owner.APIKeyID, key)
	if err != nil {
		return nil, nil, err
	}
	deadline := time.Now().Add(s.wait)
	poll := 10 * time.Millisecond
	for {
		now := s.nowFunc()
		id, err := s.q.IdempotencyKeyReserve(ctx, s.db, dbsqlc.IdempotencyKeyReserveParams{
			ProjectID: owner.ProjectID, ApiKeyID: owner.APIKeyID, KeyHash: derived.keyHash, RequestHash: fingerprint[:],
			Now: now, ExpiresAt: now.Add(Retention), AbandonedBefore: now.Add(-abandonAfter),
		})
		if err == nil {
			return &Reservation{s: s, id: id, projectID: owner.ProjectID, secrets: derived}, nil, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return nil, nil, fmt.Errorf("reserve idempotency key: %w", err)
		}
		row, err := s.q.IdempotencyKeyGet(ctx, s.db, dbsqlc.IdempotencyKeyGetParams{ApiKeyID: owner.APIKeyID, KeyHash: derived.keyHash})
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			continue // released since: claim it again
		case err != nil:
			return nil, nil, fmt.Errorf("read idempotency key: %w", err)
		case !bytes.Equal(row.RequestHash, fingerprint[:]):
			return nil, nil, ErrMismatch
		case row.CompletedAt != nil && !row.AnswerKept:
			return nil, nil, &NotKeptError{Status: int(*row.ResponseStatus), QuotaBytes: s.quotaBytes}
		case row.CompletedAt != nil:
			resp, err := responseFromRow(row, derived)
			return nil, resp, err
		case !time.Now().Add(poll).Before(deadline):
			return nil, nil, ErrInProgress
		}
		if err := sleep(ctx, poll); err != nil {
			return nil, nil, err
		}
		poll = min(2*poll, pollMax)
	}
}

func responseFromRow(row *dbsqlc.IdempotencyKey, derived *secrets) (*Response, error) {
	body, err := derived.open(row.ResponseBody)
	if err != nil {
		return nil, fmt.Errorf("open stored answer of idempotency key: %w", err)
	}
	resp := &Response{Status: int(*row.ResponseStatus), Body: body}
	if err := json.Unmarshal(row.ResponseHeaders, &resp.Header); err != nil {
		return nil, fmt.Errorf("stored headers of idempotency key: %w", err)
	}
	return resp, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Reservation is a request's claim on its key, held while the request is done.
type Reservation struct {
	s         *Store
	id        uuid.UUID
	projectID uuid.UUID
	secrets   *secrets
}

// Complete stores resp as the key's answer, to be replayed until the key expires, and
// counts it in its project's storage; when the project's answers would pass their quota,
// it marks the request done without its answer instead. kept says which.
func (r *Reservation) Complete(ctx context.Context, resp Response) (kept bool, err error) {
	header, err := json.Marshal(resp.Header)
	if err != nil {
		return false, err
	}
	sealed := r.secrets.seal(resp.Body)
	size := int64(rowBytes + len(header) + len(sealed))
	now := r.s.nowFunc()
	return database.WithTxV(ctx, r.s.db, func(tx pgx.Tx) (bool, error) {
		used, err := r.s.q.StorageUsageOf(ctx, tx, dbsqlc.StorageUsageOfParams{ProjectID: r.projectID, Kind: storageKind})
		if err != nil {
			return false, fmt.Errorf("read stored answers' bytes: %w", err)
		}
		params := dbsqlc.IdempotencyKeyCompleteParams{ID: r.id, ResponseStatus: int32(resp.Status), ResponseHeaders: header,
			ResponseBody: sealed, AnswerKept: used+size <= r.s.quotaBytes, Now: now}
		if !params.AnswerKept {
			params.ResponseHeaders, params.ResponseBody = []byte("{}"), []byte{}
		}
		n, err := r.s.q.IdempotencyKeyComplete(ctx, tx, params)
		if err != nil {
			return false, fmt.Errorf("store idempotent answer: %w", err)
		}
		if n == 0 {
			return false, errors.New("store idempotent answer: the claim on the key was lost (abandoned, and claimed again)")
		}
		if !params.AnswerKept {
			return false, nil
		}
		err = r.s.q.StorageUsageAdd(ctx, tx, dbsqlc.StorageUsageAddParams{ProjectID: r.projectID, Kind: storageKind,
			Period: now.UTC().Truncate(time.Hour), Shard: int16(rand.IntN(shards)), Bytes: size})
		if err != nil {
			return false, fmt.Errorf("count stored answer: %w", err)
		}
		return true, nil
	})
}

// Release gives the key up without an answer, so that it can be used again.
func (r *Reservation) Release(ctx context.Context) error {
	if _, err := r.s.q.IdempotencyKeyRelease(ctx, r.s.db, r.id); err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}

// Purge deletes the expired keys and returns how many there were, and forgets the bytes
// of the hours whose answers have all expired: an answer counted in hour h was claimed
// before h+1h, so it expired before h+1h+Retention.
func (s *Store) Purge(ctx context.Context) (int64, error) {
	now := s.nowFunc()
	n, err := s.q.IdempotencyKeyPurge(ctx, s.db, now)
	if err != nil {
		return 0, fmt.Errorf("purge idempotency keys: %w", err)
	}
	_, err = s.q.StorageUsagePurge(ctx, s.db, dbsqlc.StorageUsagePurgeParams{Kind: storageKind, Before: now.Add(-Retention - time.Hour)})
	if err != nil {
		return n, fmt.Errorf("purge idempotency storage counts: %w", err)
	}
	return n, nil
}

// PurgeEvery purges expired keys now and then every interval, until ctx ends. Every
// instance purges: the deletes are cheap, and two instances deleting one row is harmless.
func (s *Store) PurgeEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.Purge(ctx); err != nil && ctx.Err() == nil {
			s.logger.WarnContext(ctx, "purge idempotency keys", slog.String("error", err.Error()))
		} else if n > 0 {
			s.logger.DebugContext(ctx, "purged idempotency keys", slog.Int64("count", n))
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}
