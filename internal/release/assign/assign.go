// Package assign splits subjects between a release's current and candidate versions. The
// rule is the same at the server, the edge and the TypeScript and Python resolvers (the
// conformance vectors hold its answers), so that an application assigns locally exactly
// as the server would:
//
//	bucket    = uint32(first 4 bytes of SHA-256(salt + ":" + subject), big-endian) mod 10000
//	candidate = bucket < percent × 100
//
// A subject's bucket never changes during a release, so a gradual release that widens
// keeps every subject already on the candidate there. Each release has its own salt, so
// releases split subjects independently of one another.
package assign

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
)

// Buckets is the number of buckets subjects fall into: a share is precise to 0.01 %.
const Buckets = 10_000

// Variants of a release's answer.
const (
	Current   = "current"
	Candidate = "candidate"
)

// Bucket is the bucket of subject in a release of salt, in [0, Buckets).
func Bucket(salt, subject string) int {
	h := sha256.New()
	h.Write([]byte(salt))
	h.Write([]byte{':'})
	h.Write([]byte(subject))
	var sum [sha256.Size]byte
	return int(binary.BigEndian.Uint32(h.Sum(sum[:0])) % Buckets)
}

// Threshold is the number of buckets on the candidate at percent (0–100, at most two
// decimals count).
func Threshold(percent float64) int {
	return int(math.Round(math.Max(0, math.Min(100, percent)) * Buckets / 100))
}

// Variant is the variant a subject gets in a release of salt with percent of subjects on
// the candidate. An empty subject gets the current version.
func Variant(salt, subject string, percent float64) string {
	if subject == "" || Bucket(salt, subject) >= Threshold(percent) {
		return Current
	}
	return Candidate
}
