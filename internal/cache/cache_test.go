package cache

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/auth"
)

// entry stands for what the API caches.
type entry struct{ body string }

func TestResolves(t *testing.T) {
	t.Parallel()
	c := NewResolves[*entry](2)
	p, q := uuid.New(), uuid.New()
	r := &entry{body: "v1"}

	s := c.Begin(p)
	c.Put(p, "dev", "a", s, 0, r)
	got, ok := c.Get(p, "dev", "a")
	require.True(t, ok)
	require.Same(t, r, got)
	_, ok = c.Get(p, "production", "a")
	require.False(t, ok)

	t.Run("InvalidateIsPerProject", func(t *testing.T) {
		c.Put(q, "dev", "a", c.Begin(q), 0, r)
		c.Invalidate(p)
		_, ok := c.Get(p, "dev", "a")
		require.False(t, ok)
		_, ok = c.Get(q, "dev", "a")
		require.True(t, ok)
	})

	t.Run("ARaceLosesToTheChange", func(t *testing.T) {
		stale := c.Begin(p) // a read begins…
		c.Invalidate(p)     // …a write commits…
		c.Put(p, "dev", "a", stale, 0, &entry{body: "old"})
		_, ok := c.Get(p, "dev", "a")
		require.False(t, ok, "what the read saw must not be stored")
	})

	t.Run("Flush", func(t *testing.T) {
		c.Put(q, "dev", "b", c.Begin(q), 0, r)
		c.Flush()
		_, ok := c.Get(q, "dev", "b")
		require.False(t, ok)
	})

	t.Run("Bounded", func(t *testing.T) {
		for _, slug := range []string{"x", "y", "z"} {
			c.Put(q, "dev", slug, c.Begin(q), 0, r)
		}
		require.Equal(t, 2, c.Len())
		_, ok := c.Get(q, "dev", "x")
		require.False(t, ok, "the least recently used entry went first")
	})
}

// TestRevisions: a read of a newer revision of a project makes its older entries misses
// before it is stored, and a read of an older revision than one stored is not stored.
func TestRevisions(t *testing.T) {
	t.Parallel()
	c := NewResolves[*entry](10)
	p := uuid.New()
	c.Put(p, "production", "a", c.Begin(p), 1, &entry{body: "a before"})
	c.Put(p, "production", "b", c.Begin(p), 2, &entry{body: "b after"})
	_, ok := c.Get(p, "production", "a")
	require.False(t, ok, "a's entry is older than b's: a miss reads it again")
	got, ok := c.Get(p, "production", "b")
	require.True(t, ok)
	require.Equal(t, "b after", got.body)

	c.Put(p, "production", "a", c.Begin(p), 1, &entry{body: "a before"})
	_, ok = c.Get(p, "production", "a")
	require.False(t, ok, "a read older than what is stored is not stored")
	c.Put(p, "production", "a", c.Begin(p), 2, &entry{body: "a after"})
	_, ok = c.Get(p, "production", "b")
	require.True(t, ok, "reads of the same revision keep each other")

	t.Run("ARaceStillLoses", func(t *testing.T) {
		stale := c.Begin(p)
		c.Invalidate(p)
		c.Put(p, "production", "c", stale, 3, &entry{body: "c"})
		_, ok := c.Get(p, "production", "c")
		require.False(t, ok)
		_, ok = c.Get(p, "production", "b")
		require.False(t, ok)
	})
}

func TestKeys(t *testing.T) {
	t.Parallel()
	c := NewKeys(10)
	k := &auth.Key{ID: uuid.New(), ProjectID: uuid.New()}
	h := sha256.Sum256([]byte("key"))

	c.Put(h, c.Begin(), k)
	got, ok := c.Get(h)
	require.True(t, ok)
	require.Same(t, k, got)

	stale := c.Begin()
	c.Invalidate()
	_, ok = c.Get(h)
	require.False(t, ok)
	c.Put(h, stale, k)
	_, ok = c.Get(h)
	require.False(t, ok, "a read that raced with a revocation is not stored")
}

func TestUnknownKeys(t *testing.T) {
	t.Parallel()
	c := NewKeys(2)
	now := time.Unix(1_700_000_000, 0)
	h := sha256.Sum256([]byte("guess"))
	require.False(t, c.Unknown(h, now))
	c.PutUnknown(h, now)
	require.True(t, c.Unknown(h, now.Add(UnknownFor-time.Millisecond)))
	require.False(t, c.Unknown(h, now.Add(UnknownFor)), "forgotten after UnknownFor")

	// Guesses do not push real keys out.
	k := &auth.Key{ID: uuid.New()}
	real := sha256.Sum256([]byte("real"))
	c.Put(real, c.Begin(), k)
	for i := range 5 {
		c.PutUnknown(sha256.Sum256([]byte{byte(i)}), now)
	}
	_, ok := c.Get(real)
	require.True(t, ok)
}
