package rendering

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Cursor names a set of prepared prompts: which slugs it holds and what each resolves to
// (its ETag). The edge replica computes it over what it holds as the server does over a
// snapshot, so that the two are equal exactly when they hold the same; it is quoted, as
// an ETag.
func Cursor(lives []*Live) string {
	sorted := slices.SortedFunc(slices.Values(lives), func(a, b *Live) int { return strings.Compare(a.data.Slug, b.data.Slug) })
	h := sha256.New()
	for _, live := range sorted {
		h.Write([]byte(live.data.Slug))
		h.Write([]byte{0})
		h.Write([]byte(live.etag))
		h.Write([]byte{0})
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}
