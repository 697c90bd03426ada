package ratelimit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLimiter(t *testing.T) {
	t.Parallel()

	t.Run("AllowsUpToLimitThenRefuses", func(t *testing.T) {
		t.Parallel()
		l := New[string](3, time.Minute)
		now := time.Unix(1_700_000_000, 0)

		for want := 2; want >= 0; want-- {
			d := l.Allow("k", now)
			require.True(t, d.Allowed)
			require.Equal(t, 3, d.Limit)
			require.Equal(t, want, d.Remaining)
		}
		d := l.Allow("k", now)
		require.False(t, d.Allowed)
		require.Equal(t, 0, d.Remaining)
		require.Equal(t, 20*time.Second, d.RetryAfter)
		require.Equal(t, now.Add(time.Minute), d.Reset)
	})

	t.Run("RefillsOverTime", func(t *testing.T) {
		t.Parallel()
		l := New[string](2, time.Minute)
		now := time.Unix(1_700_000_000, 0)
		require.True(t, l.Allow("k", now).Allowed)
		require.True(t, l.Allow("k", now).Allowed)
		require.False(t, l.Allow("k", now).Allowed)
		require.True(t, l.Allow("k", now.Add(30*time.Second)).Allowed)
	})

	t.Run("CallersAreIndependent", func(t *testing.T) {
		t.Parallel()
		l := New[string](1, time.Minute)
		now := time.Unix(1_700_000_000, 0)
		require.True(t, l.Allow("a", now).Allowed)
		require.False(t, l.Allow("a", now).Allowed)
		require.True(t, l.Allow("b", now).Allowed)
	})

	t.Run("PeekTakesNothing", func(t *testing.T) {
		t.Parallel()
		l := New[string](2, time.Minute)
		now := time.Unix(1_700_000_000, 0)
		for range 5 {
			d := l.Peek("k", now)
			require.True(t, d.Allowed)
			require.Equal(t, 2, d.Remaining)
		}
		require.Zero(t, l.Len(), "peeking makes no bucket")
		l.Allow("k", now)
		l.Allow("k", now)
		d := l.Peek("k", now)
		require.False(t, d.Allowed, "the bucket is empty")
		require.Equal(t, 30*time.Second, d.RetryAfter)
		require.True(t, l.Peek("k", now.Add(30*time.Second)).Allowed)
	})

	t.Run("RefundGivesBack", func(t *testing.T) {
		t.Parallel()
		l := New[string](2, time.Minute)
		now := time.Unix(1_700_000_000, 0)
		l.Refund("k", now)
		require.Zero(t, l.Len(), "nothing was taken, nothing is given back")
		require.True(t, l.Allow("k", now).Allowed)
		require.True(t, l.Allow("k", now).Allowed)
		l.Refund("k", now)
		require.Equal(t, 1, l.Peek("k", now).Remaining)
		l.Refund("k", now)
		l.Refund("k", now)
		require.Equal(t, 2, l.Peek("k", now).Remaining, "no more than the limit")
		require.True(t, l.Allow("k", now).Allowed)
		require.True(t, l.Allow("k", now).Allowed)
		require.False(t, l.Allow("k", now).Allowed)
	})

	t.Run("ForgetsIdleCallers", func(t *testing.T) {
		t.Parallel()
		l := New[string](5, time.Minute)
		now := time.Unix(1_700_000_000, 0)
		l.Allow("a", now)
		l.Allow("b", now)
		require.Equal(t, 2, l.Len())
		l.Allow("c", now.Add(2*time.Minute))
		require.Equal(t, 1, l.Len())
	})
}

// TestPeekAllocatesNothing: Peek runs on every authenticated request.
func TestPeekAllocatesNothing(t *testing.T) {
	l := New[string](2, time.Minute)
	now := time.Unix(1_700_000_000, 0)
	l.Allow("k", now)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		l.Peek("k", now)
		l.Peek("none", now)
	}))
}
