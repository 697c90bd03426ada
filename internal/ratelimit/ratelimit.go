// Package ratelimit keeps one token bucket per caller (an API key, or a client address) and
// reports each decision with the figures the X-RateLimit-* headers need.
//
// A Limiter keeps its buckets in this process: with several instances each enforces the
// limit on the requests it serves. A Shared limiter keeps them in PostgreSQL, so that a
// limit holds across every instance on one database (shared.go). Idle buckets are dropped,
// so memory and rows follow the number of active callers.
package ratelimit

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Decision is the outcome of one request against a caller's bucket.
type Decision struct {
	Allowed bool
	// Limit is the number of requests allowed per window.
	Limit int
	// Remaining is how many more requests would be allowed right now.
	Remaining int
	// Reset is when the bucket will be full again.
	Reset time.Time
	// RetryAfter is how long to wait before the next request is allowed (zero when allowed).
	RetryAfter time.Duration
}

// Limiter allows Limit requests per Window to each caller (identified by a K: a key's id,
// a client address), refilled smoothly.
type Limiter[K comparable] struct {
	limit  int
	window time.Duration
	every  rate.Limit

	mu        sync.RWMutex
	buckets   map[K]*rate.Limiter
	lastSweep time.Time
}

// New returns a Limiter allowing limit requests per window to each caller. limit must be ≥ 1.
func New[K comparable](limit int, window time.Duration) *Limiter[K] {
	return &Limiter[K]{
		limit:   limit,
		window:  window,
		every:   rate.Every(window / time.Duration(limit)),
		buckets: make(map[K]*rate.Limiter),
	}
}

// Allow takes one request from caller's bucket at time now.
func (l *Limiter[K]) Allow(caller K, now time.Time) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()

	l.sweep(now)
	b, ok := l.buckets[caller]
	if !ok {
		b = rate.NewLimiter(l.every, l.limit)
		l.buckets[caller] = b
	}

	return l.decision(b.AllowN(now, 1), b.TokensAt(now), now)
}

// Peek reports whether Allow would allow caller a request at time now, without taking one:
// for limits on what only some requests cost (a failed authentication), checked before
// knowing whether a request will. It does not allocate.
func (l *Limiter[K]) Peek(caller K, now time.Time) Decision {
	l.mu.RLock()
	b, ok := l.buckets[caller]
	l.mu.RUnlock()
	if !ok {
		return l.decision(true, float64(l.limit), now)
	}
	tokens := b.TokensAt(now)
	return l.decision(tokens >= 1, tokens, now)
}

// Refund gives back one request Allow took from caller at time now: for limits on what only
// some requests cost (a failed sign-in), taken before knowing whether a request will, so
// that concurrent requests cannot all pass before any is counted. The bucket never holds
// more than the limit.
func (l *Limiter[K]) Refund(caller K, now time.Time) {
	l.mu.RLock()
	b, ok := l.buckets[caller]
	l.mu.RUnlock()
	if ok {
		// rate.Limiter has no refund: taking -1 adds one, which it caps at its burst
		// whenever it next counts its tokens.
		b.AllowN(now, -1)
	}
}

// decision reports an outcome with the bucket's tokens after it.
func (l *Limiter[K]) decision(allowed bool, tokens float64, now time.Time) Decision {
	d := Decision{Limit: l.limit, Allowed: allowed}
	d.Remaining = max(0, int(math.Floor(tokens)))
	d.Reset = now.Add(l.refill(float64(l.limit) - tokens))
	if !d.Allowed {
		d.RetryAfter = l.refill(1 - tokens)
	}
	return d
}

// refill is how long the bucket takes to gain n tokens.
func (l *Limiter[K]) refill(n float64) time.Duration {
	if n <= 0 {
		return 0
	}
	return time.Duration(n / float64(l.every) * float64(time.Second))
}

// sweep drops buckets that are full again, at most once a window: a full bucket is the
// same as a new one, so forgetting it changes no decision.
func (l *Limiter[K]) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < l.window {
		return
	}
	l.lastSweep = now
	for caller, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.limit) {
			delete(l.buckets, caller)
		}
	}
}

// Len is the number of callers currently tracked.
func (l *Limiter[K]) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.buckets)
}

// ResetSeconds is Reset in Unix seconds, rounded up, as the X-RateLimit-Reset header
// gives it: the bucket is full at that second.
func (d Decision) ResetSeconds() int64 {
	return int64(math.Ceil(float64(d.Reset.UnixNano()) / 1e9))
}

// RetryAfterSeconds is RetryAfter in whole seconds, rounded up and at least 1, as the
// Retry-After header gives it.
func (d Decision) RetryAfterSeconds() int {
	return max(1, int(math.Ceil(d.RetryAfter.Seconds())))
}
