package cache

import (
	"crypto/sha256"
	"sync/atomic"
	"time"

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
//
// Hashes that no key has are remembered apart, for UnknownFor, so that a client repeating
// an unknown key costs no read, and a flood of guesses cannot push real keys out.
type Keys struct {
	gen     atomic.Uint64
	entries *lru.Cache[[sha256.Size]byte, keyEntry]
	// unknown maps a hash no key had to when that stops being trusted.
	unknown *lru.Cache[[sha256.Size]byte, time.Time]
}

// UnknownFor is how long a hash found to belong to no key is answered from memory. Such
// entries need no invalidation: keys are never deleted, and a key created meanwhile has a
// new random hash (about 238 bits), not one a client presented before it existed. The
// bound is only a safety margin.
const UnknownFor = 5 * time.Second

// NewKeys returns a cache of at most size keys, and of at most size unknown hashes.
func NewKeys(size int) *Keys {
	entries, _ := lru.New[[sha256.Size]byte, keyEntry](max(size, 1)) // errors only on size < 1
	unknown, _ := lru.New[[sha256.Size]byte, time.Time](max(size, 1))
	return &Keys{entries: entries, unknown: unknown}
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

// Unknown reports whether hash was found to belong to no key less than UnknownFor before
// now.
func (c *Keys) Unknown(hash [sha256.Size]byte, now time.Time) bool {
	until, ok := c.unknown.Get(hash)
	return ok && now.Before(until)
}

// PutUnknown remembers that, at now, no key has hash.
func (c *Keys) PutUnknown(hash [sha256.Size]byte, now time.Time) {
	c.unknown.Add(hash, now.Add(UnknownFor))
}
