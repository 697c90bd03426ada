package ratelimit

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// roundTrips counts the statements a pool sends: the database round trips of the limiters
// on it.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// countedPool is a pool on a fresh migrated database whose round trips are counted.
func countedPool(t testing.TB) (*pgxpool.Pool, *roundTrips) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dbtest.URL(t))
	require.NoError(t, err)
	trips := &roundTrips{}
	cfg.ConnConfig.Tracer = trips
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool, trips
}

// instances are n instances' limits on one database, as n servers have them.
func instances(pool *pgxpool.Pool, logger *slog.Logger, n, limit int, window time.Duration) []*Shared[uuid.UUID] {
	out := make([]*Shared[uuid.UUID], n)
	for i := range out {
		out[i] = NewShared[uuid.UUID](NewBuckets(pool, logger), "key", limit, window)
	}
	return out
}

func TestShared(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Unix(1_700_000_000, 0)
	discard := slog.New(slog.DiscardHandler)

	// Three instances sent requests in turn admit the limit's worth, not three times it,
	// and each answer's figures are true to within what the two other instances hold in
	// leases or took since this one last asked.
	t.Run("LimitHoldsAcrossInstances", func(t *testing.T) {
		t.Parallel()
		pool, _ := countedPool(t)
		const limit = 120
		limits := instances(pool, discard, 3, limit, time.Minute)
		caller := uuid.New()
		allowed := 0
		for i, refusedInARow := 0, 0; refusedInARow < len(limits); i++ {
			d := limits[i%len(limits)].Allow(ctx, caller, start)
			if !d.Allowed {
				refusedInARow++
				require.Zero(t, d.Remaining)
				require.Equal(t, 500*time.Millisecond, d.RetryAfter, "one token's refill")
				continue
			}
			refusedInARow = 0
			allowed++
			left := limit - allowed
			require.InDelta(t, left, d.Remaining, float64(2*limits[0].leaseSize))
			require.Equal(t, start.Add(time.Duration(limit-d.Remaining)*500*time.Millisecond), d.Reset)
		}
		require.Equal(t, limit, allowed, "a full bucket's burst, through three instances")

		// Half a window later, half the limit has refilled: that much again.
		later := start.Add(30 * time.Second)
		for i, refused := 0, 0; refused < len(limits); i++ {
			if limits[i%len(limits)].Allow(ctx, caller, later).Allowed {
				allowed++
			} else {
				refused++
			}
		}
		require.Equal(t, limit+limit/2, allowed)
	})

	t.Run("ConcurrentRequestsNeverExceed", func(t *testing.T) {
		t.Parallel()
		pool, _ := countedPool(t)
		const limit = 200
		limits := instances(pool, discard, 3, limit, time.Minute)
		caller := uuid.New()
		var allowed atomic.Int64
		var wg sync.WaitGroup
		for w := range 12 {
			wg.Go(func() {
				for range 40 {
					if limits[w%len(limits)].Allow(ctx, caller, start).Allowed {
						allowed.Add(1)
					}
				}
			})
		}
		wg.Wait()
		require.EqualValues(t, limit, allowed.Load(), "480 requests for 200 tokens")
	})

	// A lease outlives the refill it was taken from: seconds after a caller's first
	// request its bucket is full again by the last answer while the lease still holds 11
	// tokens. Remaining says at most the limit (it said 610 of 600).
	t.Run("RemainingNeverPastTheLimit", func(t *testing.T) {
		t.Parallel()
		pool, _ := countedPool(t)
		const limit = 600
		s := NewShared[uuid.UUID](NewBuckets(pool, discard), "key", limit, time.Minute)
		caller := uuid.New()
		require.Equal(t, limit-1, s.Allow(ctx, caller, start).Remaining)
		later := start.Add(5 * time.Second)
		d := s.Allow(ctx, caller, later)
		require.True(t, d.Allowed)
		require.Equal(t, limit, d.Remaining)
		require.Equal(t, later, d.Reset, "full now")
	})

	// Most requests are served from the lease; a refused caller costs no round trip until
	// its bucket has refilled.
	t.Run("RoundTrips", func(t *testing.T) {
		t.Parallel()
		pool, trips := countedPool(t)
		s := NewShared[uuid.UUID](NewBuckets(pool, discard), "key", 600, time.Minute)
		caller := uuid.New()
		base := trips.n.Load()
		for range 120 {
			require.True(t, s.Allow(ctx, caller, start).Allowed)
		}
		require.EqualValues(t, 10, trips.n.Load()-base, "leases of 12")

		for range 480 {
			require.True(t, s.Allow(ctx, caller, start).Allowed)
		}
		base = trips.n.Load()
		for range 50 {
			d := s.Allow(ctx, caller, start)
			require.False(t, d.Allowed)
			require.Equal(t, 100*time.Millisecond, d.RetryAfter)
		}
		require.False(t, s.Peek(caller, start).Allowed)
		require.Equal(t, base, trips.n.Load(), "the last lease emptied the bucket, and said so")

		require.True(t, s.Allow(ctx, caller, start.Add(100*time.Millisecond)).Allowed, "one token refilled")
		require.Equal(t, base+1, trips.n.Load())
	})

	t.Run("OldLeasesAreDropped", func(t *testing.T) {
		t.Parallel()
		pool, trips := countedPool(t)
		s := NewShared[uuid.UUID](NewBuckets(pool, discard), "key", 600, time.Minute)
		caller := uuid.New()
		require.True(t, s.Allow(ctx, caller, start).Allowed)
		base := trips.n.Load()
		d := s.Allow(ctx, caller, start.Add(time.Minute))
		require.True(t, d.Allowed)
		require.Equal(t, base+1, trips.n.Load(), "the 11 tokens left of the first lease are not used")
		require.Equal(t, 600-12+11, d.Remaining, "a fresh lease of a full bucket")
	})

	t.Run("PeekTakesNothing", func(t *testing.T) {
		t.Parallel()
		pool, trips := countedPool(t)
		s := NewShared[uuid.UUID](NewBuckets(pool, discard), "auth_failure", 2, time.Minute)
		caller := uuid.New()
		base := trips.n.Load()
		for range 5 {
			d := s.Peek(caller, start)
			require.True(t, d.Allowed)
			require.Equal(t, 2, d.Remaining)
		}
		require.Equal(t, base, trips.n.Load(), "peeking asks nothing")
		s.Allow(ctx, caller, start)
		require.True(t, s.Peek(caller, start).Allowed, "the last answer had a token left")
		s.Allow(ctx, caller, start)
		require.Equal(t, base+2, trips.n.Load(), "leases of 1")
		d := s.Peek(caller, start)
		require.False(t, d.Allowed, "the bucket is empty")
		require.Equal(t, 30*time.Second, d.RetryAfter)
		require.True(t, s.Peek(caller, start.Add(30*time.Second)).Allowed)
	})

	// A token given back serves this instance's next request; the shared bucket still
	// counts it taken, so that no instance's answer that it is empty is wrong.
	t.Run("RefundGoesBackToTheLease", func(t *testing.T) {
		t.Parallel()
		pool, trips := countedPool(t)
		limits := instances(pool, discard, 2, 2, time.Minute)
		caller := uuid.New()
		require.True(t, limits[0].Allow(ctx, caller, start).Allowed)
		limits[0].Refund(caller, start)
		base := trips.n.Load()
		require.True(t, limits[0].Allow(ctx, caller, start).Allowed)
		require.Equal(t, base, trips.n.Load(), "served from the lease")

		limits[0].Refund(caller, start)
		require.True(t, limits[1].Allow(ctx, caller, start).Allowed, "the bucket's second token")
		require.False(t, limits[1].Allow(ctx, caller, start).Allowed, "the first is held by the other instance")
		require.True(t, limits[0].Allow(ctx, caller, start).Allowed)
		require.False(t, limits[0].Allow(ctx, caller, start).Allowed)

		// Tokens taken through two leases (two tries at once) both come back.
		other := uuid.New()
		require.True(t, limits[0].Allow(ctx, other, start).Allowed)
		require.True(t, limits[0].Allow(ctx, other, start).Allowed)
		limits[0].Refund(other, start)
		limits[0].Refund(other, start)
		base = trips.n.Load()
		require.True(t, limits[0].Allow(ctx, other, start).Allowed)
		require.True(t, limits[0].Allow(ctx, other, start).Allowed)
		require.Equal(t, base, trips.n.Load(), "both from the lease")
		require.False(t, limits[0].Allow(ctx, other, start).Allowed)

		stranger := uuid.New()
		limits[0].Refund(stranger, start)
		require.NotContains(t, limits[0].leases, stranger, "nothing was taken, nothing is given back")
	})

	t.Run("RefundInProcess", func(t *testing.T) {
		t.Parallel()
		s := NewShared[uuid.UUID](nil, "signin_account", 1, time.Minute)
		caller := uuid.New()
		require.True(t, s.Allow(ctx, caller, start).Allowed)
		s.Refund(caller, start)
		require.True(t, s.Allow(ctx, caller, start).Allowed)
		require.False(t, s.Allow(ctx, caller, start).Allowed)
	})

	// Callers are counted per limit: a key's id under "key" is not the same bucket as under
	// "run".
	t.Run("LimitsAreIndependent", func(t *testing.T) {
		t.Parallel()
		pool, _ := countedPool(t)
		key := NewShared[uuid.UUID](NewBuckets(pool, discard), "key", 1, time.Minute)
		run := NewShared[uuid.UUID](NewBuckets(pool, discard), "run", 1, time.Minute)
		a, b := uuid.New(), uuid.New()
		require.True(t, key.Allow(ctx, a, start).Allowed)
		require.False(t, key.Allow(ctx, a, start).Allowed)
		require.True(t, run.Allow(ctx, a, start).Allowed)
		require.True(t, key.Allow(ctx, b, start).Allowed)
	})

	// Rows and leases follow the callers of the last window.
	t.Run("ForgetsIdleCallers", func(t *testing.T) {
		t.Parallel()
		pool, _ := countedPool(t)
		buckets := NewBuckets(pool, discard)
		s := NewShared[uuid.UUID](buckets, "key", 5, time.Minute)
		s.Allow(ctx, uuid.New(), start)
		s.Allow(ctx, uuid.New(), start)
		require.Len(t, s.leases, 2)
		require.Equal(t, 2, bucketRows(t, pool))

		n, err := buckets.Purge(ctx, start.Add(11*time.Second))
		require.NoError(t, err)
		require.Zero(t, n, "a bucket that took one of 5 tokens a minute is full 12 s later")
		n, err = buckets.Purge(ctx, start.Add(12*time.Second))
		require.NoError(t, err)
		require.EqualValues(t, 2, n)
		require.Zero(t, bucketRows(t, pool))

		s.Allow(ctx, uuid.New(), start.Add(2*time.Minute))
		require.Len(t, s.leases, 1)
	})

	// Without its database an instance limits alone, as before limits were shared, and
	// says so once.
	t.Run("DatabaseDownFallsBackInProcess", func(t *testing.T) {
		t.Parallel()
		pool, _ := countedPool(t)
		var log bytes.Buffer
		s := NewShared[uuid.UUID](NewBuckets(pool, slog.New(slog.NewTextHandler(&log, nil))), "key", 3, time.Minute)
		caller := uuid.New()
		require.True(t, s.Allow(ctx, caller, start).Allowed)
		pool.Close()

		// The in-process bucket knows nothing of the shared one: it starts full.
		now := start
		for want := 2; want >= 0; want-- {
			d := s.Allow(ctx, caller, now)
			require.True(t, d.Allowed)
			require.Equal(t, want, d.Remaining)
			now = now.Add(time.Millisecond)
		}
		require.False(t, s.Allow(ctx, caller, now).Allowed)
		require.False(t, s.Peek(caller, now).Allowed)
		s.Refund(caller, now)
		require.True(t, s.Allow(ctx, caller, now).Allowed, "given back to the in-process bucket")

		now = now.Add(offlineFor + time.Second) // asks the database again, in vain
		require.True(t, s.Allow(ctx, uuid.New(), now).Allowed)
		require.Equal(t, 1, strings.Count(log.String(), "does not answer"), log.String())
	})
}

// bucketRows counts the stored buckets.
func bucketRows(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT count(*) FROM rate_limit_buckets").Scan(&n))
	return n
}
