package assign

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDistribution: of 20,000 subjects, a 10 % release puts between 9 % and 11 % on the
// candidate.
func TestDistribution(t *testing.T) {
	t.Parallel()
	const subjects = 20_000
	for _, salt := range []string{"a1b2c3", "release-2", "0f0f0f0f"} {
		on := 0
		for i := range subjects {
			if Variant(salt, fmt.Sprintf("user-%d", i), 10) == Candidate {
				on++
			}
		}
		require.InDelta(t, 0.10, float64(on)/subjects, 0.01, "salt %s", salt)
	}
}

// TestWidening: a subject on the candidate at one share is on it at every larger share.
func TestWidening(t *testing.T) {
	t.Parallel()
	shares := []float64{1, 5, 12.5, 25, 50, 99.99, 100}
	for i := range 5_000 {
		subject := fmt.Sprintf("session-%d", i)
		was := false
		for _, p := range shares {
			now := Variant("salt", subject, p) == Candidate
			require.False(t, was && !now, "%s left the candidate at %v %%", subject, p)
			was = now
		}
		require.True(t, was, "%s is not on the candidate at 100 %%", subject)
	}
}

func TestEdges(t *testing.T) {
	t.Parallel()
	require.Equal(t, Current, Variant("salt", "", 100), "no subject: the current version")
	require.Equal(t, Current, Variant("salt", "anyone", 0))
	require.Equal(t, 1250, Threshold(12.5))
	require.Equal(t, 1, Threshold(0.01))
	require.Equal(t, Buckets, Threshold(100))
	// Pinned, and the same as Python's int.from_bytes(sha256(b"salt:user-1").digest()[:4], "big") % 10000:
	// the rule's answers must never change under a running release.
	require.Equal(t, 2743, Bucket("salt", "user-1"))
}
