package rendering

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"slices"
	"strings"
)

// Cursor names a set of prepared prompts: which slugs it holds and what each resolves to
// (its ETag). The edge replica computes it over what it holds as the server does over a
// snapshot, so that the two are equal exactly when they hold the same; it is quoted, as
// an ETag.
func Cursor(lives []*Live) string {
	sorted := slices.SortedFunc(slices.Values(lives), func(a, b *Live) int { return strings.Compare(a.data.Slug, b.data.Slug) })
	c := NewCursorHash()
	for _, live := range sorted {
		c.Add(live)
	}
	return c.Sum()
}

// CursorHash computes a Cursor from prompts added one by one in the byte order of their
// slugs, so that a snapshot's cursor needs none of them kept.
type CursorHash struct{ h hash.Hash }

// NewCursorHash returns the CursorHash of no prompt yet.
func NewCursorHash() *CursorHash { return &CursorHash{h: sha256.New()} }

// Add counts live in; it must come after every prompt of a smaller slug.
func (c *CursorHash) Add(live *Live) {
	c.h.Write([]byte(live.data.Slug))
	c.h.Write([]byte{0})
	c.h.Write([]byte(live.etag))
	c.h.Write([]byte{0})
}

// Sum is the Cursor of the prompts added.
func (c *CursorHash) Sum() string {
	return `"` + hex.EncodeToString(c.h.Sum(nil)[:16]) + `"`
}
