package cache

import (
	"crypto/sha256"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/promptops/promptops/internal/auth"
)

type keyEntry struct {
	gen uint64
	key *auth.Key
}

// Keys caches authenticated keys by hash. Only keys that exist are cached; the caller
// still checks expiry on each use, since time alone ends a key.
//
// A key's project is known only after it is read, so one generation covers all keys: a
// revocation anywhere makes every cached key a miss. Revocations are rare, and a miss costs
// one indexed read.
type Keys struct {
	gen     atomic.Uint64
	entries *lru.Cache[[sha256.Size]byte, keyEntry]
}

// NewKeys returns a cache of at most size keys.
func NewKeys(size int) *Keys {
	entries, _ := lru.New[[sha256.Size]byte, keyEntry](max(size, 1)) // errors only on size < 1
	return &Keys{entries: entries}
}

// Get returns the key stored under hash, if it is current.
func (c *Keys) Get(hash [sha256.Size]byte) (*auth.Key, bool) {
	e, ok := c.entries.Get(hash)
	if !ok || e.gen != c.gen.Load() {
		return nil, false
	}
	return e.key, true
}

// Begin stamps a key read about to start; pass the stamp to Put.
func (c *Keys) Begin() uint64 { return c.gen.Load() }

// Put stores a key read under stamp, unless keys changed since.
func (c *Keys) Put(hash [sha256.Size]byte, stamp uint64, k *auth.Key) {
	if c.gen.Load() == stamp {
		c.entries.Add(hash, keyEntry{gen: stamp, key: k})
	}
}

// Invalidate makes every cached key a miss.
func (c *Keys) Invalidate() { c.gen.Add(1) }
