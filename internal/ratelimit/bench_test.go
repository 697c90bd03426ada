package ratelimit

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
)

// BenchmarkKeyLimit compares a key's limit on the hot path: the in-process bucket, a
// shared limit served from its lease, and a shared limit at the default 600 a minute sent
// requests at exactly that rate, where one request in 12 takes a lease (its round trips
// per request are reported as trips/op).
func BenchmarkKeyLimit(b *testing.B) {
	ctx := context.Background()
	key := uuid.New()
	start := time.Unix(1_700_000_000, 0)

	b.Run("InProcess", func(b *testing.B) {
		l := New[uuid.UUID](1<<30, time.Minute)
		b.ReportAllocs()
		for b.Loop() {
			l.Allow(key, start)
		}
	})

	b.Run("SharedLeaseHit", func(b *testing.B) {
		pool, _ := countedPool(b)
		s := NewShared[uuid.UUID](NewBuckets(pool, slog.New(slog.DiscardHandler)), "key", 1<<30, time.Minute)
		s.Allow(ctx, key, start) // the one lease, of 2^30/50 tokens
		b.ReportAllocs()
		for b.Loop() {
			s.Allow(ctx, key, start)
		}
	})

	b.Run("SharedDefaultLimit", func(b *testing.B) {
		const limit = 600
		pool, trips := countedPool(b)
		s := NewShared[uuid.UUID](NewBuckets(pool, slog.New(slog.DiscardHandler)), "key", limit, time.Minute)
		now, base := start, trips.n.Load()
		b.ReportAllocs()
		for b.Loop() {
			if !s.Allow(ctx, key, now).Allowed {
				b.Fatal("refused at the limit's own rate")
			}
			now = now.Add(time.Minute / limit)
		}
		b.ReportMetric(float64(trips.n.Load()-base)/float64(b.N), "trips/op")
	})
}
