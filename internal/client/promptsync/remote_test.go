package promptsync

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIdempotencyKey: the key of a write is stable for one API key, so that a run that died
// half-way replays what it did, and differs for another API key, so that no other key of
// the project can compute it from what it can read (the prompt's id, its deployment, the
// body) and claim it first.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	parts := []string{"rollback", "0b6c4a2e-6f0e-4d8e-9a41-6d2c9f1e3b57", "none", `{"environment":"production"}`}
	admin := New(nil, "po_live_"+strings.Repeat("a", 32))
	reader := New(nil, "po_live_"+strings.Repeat("b", 32))

	key := *admin.idempotencyKey(parts...)
	require.Equal(t, key, *admin.idempotencyKey(parts...))
	require.True(t, strings.HasPrefix(key, "promptops-cli-"))
	require.NotEqual(t, key, *reader.idempotencyKey(parts...))
	require.NotEqual(t, key, *admin.idempotencyKey("rollback", parts[1], "none", `{"environment":"staging"}`))

	// Not the key an older CLI sent, which anyone could compute from the parts.
	unkeyed := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	require.NotEqual(t, "promptops-cli-"+hex.EncodeToString(unkeyed[:16]), key)
}
