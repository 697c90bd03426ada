package rendering

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"slices"
	"strconv"
	"strings"
)

// Cursor names a set of prepared prompts: which slugs it holds and what each resolves to
// (its ETag, and in a rolling release its candidate's, its share and its salt). The edge
// replica computes it over what it holds as the server does over a snapshot, so that the
// two are equal exactly when they hold the same; it is quoted, as an ETag.
func Cursor(deployed []*Deployed) string {
	sorted := slices.SortedFunc(slices.Values(deployed), func(a, b *Deployed) int {
		return strings.Compare(a.Current.data.Slug, b.Current.data.Slug)
	})
	c := NewCursorHash()
	for _, d := range sorted {
		c.Add(d)
	}
	return c.Sum()
}

// CursorHash computes a Cursor from prompts added one by one in the byte order of their
// slugs, so that a snapshot's cursor needs none of them kept.
type CursorHash struct{ h hash.Hash }

// NewCursorHash returns the CursorHash of no prompt yet.
func NewCursorHash() *CursorHash { return &CursorHash{h: sha256.New()} }

// Add counts d in; it must come after every prompt of a smaller slug. A release's start,
// step, end or rollback changes what it adds.
func (c *CursorHash) Add(d *Deployed) {
	c.write(d.Current.data.Slug, d.Current.etag)
	if r := d.Release; r != nil {
		c.write(r.Candidate.etag, strconv.FormatFloat(r.Percent, 'f', 2, 64), r.Salt)
	}
}

func (c *CursorHash) write(fields ...string) {
	for _, f := range fields {
		c.h.Write([]byte(f))
		c.h.Write([]byte{0})
	}
}

// Sum is the Cursor of the prompts added.
func (c *CursorHash) Sum() string {
	return `"` + hex.EncodeToString(c.h.Sum(nil)[:16]) + `"`
}
