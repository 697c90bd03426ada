package auth

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestNewKey(t *testing.T) {
	t.Parallel()

	key, prefix, hash := NewKey()
	require.True(t, WellFormed(key), key)
	require.Len(t, key, len(KeyPrefix)+randomLen)
	require.Equal(t, key[:PrefixLen], prefix)
	h := Hash(key)
	require.Equal(t, h[:], hash)

	other, _, _ := NewKey()
	require.NotEqual(t, key, other)
}

func TestWellFormed(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		key  string
		want bool
	}{
		"Valid":        {"po_live_" + "abcdefghijABCDEFGHIJ0123456789xy", true},
		"TooShort":     {"po_live_abc", false},
		"WrongPrefix":  {"sk_live_abcdefghijABCDEFGHIJ0123456789xy", false},
		"NonBase62":    {"po_live_abcdefghijABCDEFGHIJ0123456789x-", false},
		"Empty":        {"", false},
		"AbsurdlyLong": {"po_live_" + string(make([]byte, 200)), false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, WellFormed(tc.key))
		})
	}
}

func TestKeyProblem(t *testing.T) {
	t.Parallel()

	now := time.Now()
	past, future := now.Add(-time.Minute), now.Add(time.Minute)
	require.Empty(t, (&Key{}).Problem(now))
	require.Empty(t, (&Key{ExpiresAt: &future}).Problem(now))
	require.Contains(t, (&Key{ExpiresAt: &past}).Problem(now), "expired")
	require.Contains(t, (&Key{RevokedAt: &past}).Problem(now), "revoked")
}

func TestCovers(t *testing.T) {
	t.Parallel()

	k := &Key{Scopes: []string{ScopePromptsRead, ScopeAdmin}}
	_, ok := k.Covers([]string{ScopeAdmin})
	require.True(t, ok)
	missing, ok := k.Covers([]string{ScopePromptsRead, ScopePromptsWrite})
	require.False(t, ok)
	require.Equal(t, ScopePromptsWrite, missing)
}

func TestNewToken(t *testing.T) {
	t.Parallel()

	token, prefix, hash := NewToken()
	require.True(t, WellFormedToken(token), token)
	require.False(t, WellFormed(token), "a personal token is no API key")
	require.Equal(t, token[:PrefixLen], prefix)
	h := Hash(token)
	require.Equal(t, h[:], hash)

	invitation, invitationHash := NewInvitation()
	require.True(t, WellFormedInvitation(invitation), invitation)
	require.False(t, WellFormedToken(invitation))
	h = Hash(invitation)
	require.Equal(t, h[:], invitationHash)
}
