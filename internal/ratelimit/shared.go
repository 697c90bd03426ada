package ratelimit

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/dbsqlc"
)

const (
	// leaseShare is the share of a limit one lease takes (limit / leaseShare tokens, at least
	// 1): with 3 instances at most 6 % of a limit sits in leases, and at the default key
	// limit (600 a minute) one request in 12 asks the database.
	leaseShare = 50
	// leaseTimeout bounds a lease's round trip, so that a database that hangs costs a
	// request no more than this before the in-process bucket decides.
	leaseTimeout = time.Second
	// offlineFor is how long the in-process buckets decide alone once the database failed,
	// so that an outage costs one failed round trip per instance and limit this often, not
	// one per request.
	offlineFor = 5 * time.Second
)

// Caller is who a shared limit counts: a key's id, a client address's prefix. Its String
// names it in the database.
type Caller interface {
	comparable
	String() string
}

// Buckets is where the Shared limiters of an instance keep their buckets: the database
// every instance shares. A nil *Buckets keeps them in process.
type Buckets struct {
	db     *pgxpool.Pool
	q      *dbsqlc.Queries
	logger *slog.Logger
}

// NewBuckets keeps shared buckets in pool's database (rate_limit_buckets).
func NewBuckets(pool *pgxpool.Pool, logger *slog.Logger) *Buckets {
	return &Buckets{db: pool, q: dbsqlc.New(), logger: logger}
}

// Shared allows Limit requests per Window to each caller across every instance on one
// database, refilled smoothly, as Limiter does in one process. The truth is one bucket row
// per limit and caller; an instance takes a lease of a few tokens at a time from it in one
// statement and serves requests from the lease, so that most requests cost no round trip.
// A caller the last answer found empty is refused from that answer until it has refilled.
// While the database cannot answer, the in-process Limiter decides, as it did before
// limits were shared.
type Shared[K Caller] struct {
	buckets   *Buckets
	name      string
	window    time.Duration
	perSecond float64
	leaseSize int
	// local decides while the database cannot, and computes every Decision's figures.
	local *Limiter[K]

	mu        sync.RWMutex
	leases    map[K]*lease
	lastSweep time.Time

	// offlineUntil is when (Unix nanoseconds) to ask the database again after it failed;
	// zero while it answers.
	offlineUntil atomic.Int64
}

// lease is what an instance knows of one caller's shared bucket: the tokens it has taken
// and not used yet, and when the bucket was full again at the database's last answer.
type lease struct {
	mu       sync.Mutex
	tokens   int
	leasedAt time.Time
	fullAt   time.Time
}

// NewShared returns a limit named name (the bucket rows' name) allowing limit requests per
// window to each caller, kept in buckets (in process when nil). limit must be ≥ 1.
func NewShared[K Caller](buckets *Buckets, name string, limit int, window time.Duration) *Shared[K] {
	return &Shared[K]{
		buckets: buckets, name: name, window: window,
		perSecond: float64(limit) / window.Seconds(),
		leaseSize: max(1, limit/leaseShare),
		local:     New[K](limit, window),
		leases:    make(map[K]*lease),
	}
}

// Allow takes one request from caller's bucket at time now: from this instance's lease,
// else from a new lease, unless the last answer says the bucket is still empty.
func (s *Shared[K]) Allow(ctx context.Context, caller K, now time.Time) Decision {
	if s.buckets == nil {
		return s.local.Allow(caller, now)
	}
	l := s.leaseOf(caller, now)
	l.mu.Lock()
	defer l.mu.Unlock()
	if !s.held(l, now) {
		if s.sharedTokens(l, now) < 1 {
			return s.decision(false, l, now)
		}
		if s.offline(now) {
			return s.local.Allow(caller, now)
		}
		if err := s.lease(ctx, caller, l, now); err != nil {
			s.goOffline(ctx, err, now)
			return s.local.Allow(caller, now)
		}
		s.goOnline(ctx)
		if l.tokens == 0 {
			return s.decision(false, l, now)
		}
	}
	l.tokens--
	return s.decision(true, l, now)
}

// Peek reports whether Allow would allow caller a request at time now, without taking one
// or asking the database: from the lease and the last answer. It does not allocate.
func (s *Shared[K]) Peek(caller K, now time.Time) Decision {
	if s.buckets == nil || s.offline(now) {
		return s.local.Peek(caller, now)
	}
	s.mu.RLock()
	l, ok := s.leases[caller]
	s.mu.RUnlock()
	if !ok {
		return s.local.decision(true, float64(s.local.limit), now)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return s.decision(s.held(l, now) || s.sharedTokens(l, now) >= 1, l, now)
}

// Refund gives back one request Allow took from caller at time now, as Limiter.Refund
// does. It goes back to this instance's lease, not to the shared bucket, which still counts
// it taken: another instance's answer that the bucket is empty stays true (it may refuse
// what the token would have allowed, until the bucket refills, never allow more than the
// limit). A lease forgotten since, or older than the window, has nothing to give back to.
// While the database cannot answer, it goes back to the in-process bucket (a request
// taken as the database failed or came back may be given back to the other: one more).
func (s *Shared[K]) Refund(caller K, now time.Time) {
	if s.buckets == nil || s.offline(now) {
		s.local.Refund(caller, now)
		return
	}
	s.mu.RLock()
	l, ok := s.leases[caller]
	s.mu.RUnlock()
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens++
}

// leaseOf is caller's lease, a new empty one the first time.
func (s *Shared[K]) leaseOf(caller K, now time.Time) *lease {
	s.mu.RLock()
	l, ok := s.leases[caller]
	s.mu.RUnlock()
	if ok {
		return l
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	if l, ok = s.leases[caller]; !ok {
		l = &lease{}
		s.leases[caller] = l
	}
	return l
}

// held reports whether l still has tokens to serve from: a lease older than the window is
// dropped, since the bucket has refilled since and its tokens are no longer the limit's.
func (s *Shared[K]) held(l *lease, now time.Time) bool {
	if l.tokens > 0 && now.Sub(l.leasedAt) >= s.window {
		l.tokens = 0
	}
	return l.tokens > 0
}

// sharedTokens is how many tokens the shared bucket holds at now by its last answer (full
// when there was none): other instances may have taken some since, never given any back.
func (s *Shared[K]) sharedTokens(l *lease, now time.Time) float64 {
	empty := max(0, l.fullAt.Sub(now).Seconds()) * s.perSecond
	return max(0, float64(s.local.limit)-empty)
}

// decision reports an outcome with what the caller has left: this instance's lease and
// the shared bucket by its last answer, at most the limit. A lease outlives the refill it
// was taken from (the bucket is full again while the lease still holds tokens), and a
// caller is never told it has more than a full bucket.
func (s *Shared[K]) decision(allowed bool, l *lease, now time.Time) Decision {
	shared := s.sharedTokens(l, now)
	if !allowed {
		return s.local.decision(false, shared, now)
	}
	return s.local.decision(true, min(float64(s.local.limit), shared+float64(l.tokens)), now)
}

// lease takes up to leaseSize tokens of caller's shared bucket into l, in one statement.
// A cancelled request does not cancel it: the tokens taken would be lost with the answer.
func (s *Shared[K]) lease(ctx context.Context, caller K, l *lease, now time.Time) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), leaseTimeout)
	defer cancel()
	row, err := s.buckets.q.RateLimitLease(ctx, s.buckets.db, dbsqlc.RateLimitLeaseParams{
		Name: s.name, Caller: caller.String(), Now: now, Want: int32(s.leaseSize),
		PerSecond: s.perSecond, Capacity: float64(s.local.limit),
	})
	if err != nil {
		return fmt.Errorf("lease %s tokens for %s: %w", s.name, caller, err)
	}
	l.tokens, l.leasedAt, l.fullAt = int(row.Taken), now, row.FullAt
	return nil
}

// offline reports whether the database failed lately, so that the in-process buckets
// decide without asking it.
func (s *Shared[K]) offline(now time.Time) bool {
	until := s.offlineUntil.Load()
	return until != 0 && now.UnixNano() < until
}

// goOffline lets the in-process buckets decide for a while; it logs the first failure of
// an outage only.
func (s *Shared[K]) goOffline(ctx context.Context, err error, now time.Time) {
	if s.offlineUntil.Swap(now.Add(offlineFor).UnixNano()) == 0 {
		s.buckets.logger.WarnContext(ctx, "rate limit: the database does not answer; this instance limits alone until it does",
			slog.String("limit", s.name), slog.String("error", err.Error()))
	}
}

// goOnline ends an outage once the database answers again.
func (s *Shared[K]) goOnline(ctx context.Context) {
	if s.offlineUntil.Swap(0) != 0 {
		s.buckets.logger.InfoContext(ctx, "rate limit: the database answers again; limits are shared", slog.String("limit", s.name))
	}
}

// sweep forgets, at most once a window, the callers whose lease is spent and whose shared
// bucket was full again by its last answer: forgetting one changes no decision, so the
// leases kept are bounded by the callers of the last window or so. A lease in use (its
// round trip under way) is left for the next sweep.
func (s *Shared[K]) sweep(now time.Time) {
	if now.Sub(s.lastSweep) < s.window {
		return
	}
	s.lastSweep = now
	for caller, l := range s.leases {
		if !l.mu.TryLock() {
			continue
		}
		if !s.held(l, now) && !l.fullAt.After(now) {
			delete(s.leases, caller)
		}
		l.mu.Unlock()
	}
}

// Purge deletes the buckets that are full again, which are the same as none, and returns
// how many.
func (b *Buckets) Purge(ctx context.Context, now time.Time) (int64, error) {
	n, err := b.q.RateLimitBucketPurge(ctx, b.db, now)
	if err != nil {
		return 0, fmt.Errorf("purge rate limit buckets: %w", err)
	}
	return n, nil
}

// PurgeEvery purges full buckets every interval until ctx ends, so that the rows follow
// the callers active within their window. Every instance purges: two deleting one row is
// harmless.
func (b *Buckets) PurgeEvery(ctx context.Context, interval time.Duration, nowFunc func() time.Time) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
		if n, err := b.Purge(ctx, nowFunc()); err != nil && ctx.Err() == nil {
			b.logger.WarnContext(ctx, "purge rate limit buckets", slog.String("error", err.Error()))
		} else if n > 0 {
			b.logger.DebugContext(ctx, "purged rate limit buckets", slog.Int64("count", n))
		}
	}
}
