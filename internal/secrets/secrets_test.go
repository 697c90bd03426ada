package secrets

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func newKey(t *testing.T) *Key {
	t.Helper()
	k, err := ParseKey(GenerateKey())
	require.NoError(t, err)
	return k
}

func TestSeal(t *testing.T) {
	t.Parallel()

	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		k := newKey(t)
		for _, plain := range []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "", "ünïcödé", strings.Repeat("x", 10_000)} {
			sealed := k.Seal(plain)
			require.True(t, strings.HasPrefix(sealed, "v1:"), sealed)
			if plain != "" {
				require.NotContains(t, sealed, plain)
			}
			got, err := k.Open(sealed)
			require.NoError(t, err)
			require.Equal(t, plain, got)
		}
	})

	t.Run("FreshNonceEachTime", func(t *testing.T) {
		t.Parallel()
		k := newKey(t)
		require.NotEqual(t, k.Seal("same"), k.Seal("same"), "equal secrets must not look equal at rest")
	})

	t.Run("WrongKeyFails", func(t *testing.T) {
		t.Parallel()
		sealed := newKey(t).Seal("whsec_abc")
		_, err := newKey(t).Open(sealed)
		require.ErrorIs(t, err, ErrOpen)
	})

	t.Run("TamperedFails", func(t *testing.T) {
		t.Parallel()
		k := newKey(t)
		sealed := k.Seal("whsec_abc")
		raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
		require.NoError(t, err)
		for i := range raw { // every byte: nonce, ciphertext and tag
			altered := append([]byte(nil), raw...)
			altered[i] ^= 0x01
			_, err := k.Open("v1:" + base64.StdEncoding.EncodeToString(altered))
			require.ErrorIs(t, err, ErrOpen, "byte %d flipped", i)
		}
		for _, bad := range []string{
			"whsec_abc", // a plain value
			"v2:" + strings.TrimPrefix(sealed, "v1:"), // another version's prefix
			"v1:!!!", // not base64
			"v1:" + base64.StdEncoding.EncodeToString(raw[:11]), // shorter than a nonce
			sealed[:len(sealed)-4] + "AAA=",                     // truncated tag
		} {
			_, err := k.Open(bad)
			require.ErrorIs(t, err, ErrOpen, bad)
		}
	})
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	_, err := ParseKey(GenerateKey() + "\n")
	require.NoError(t, err, "a trailing newline (from a file or `openssl rand`) is fine")
	_, err = ParseKey("not base64!")
	require.ErrorContains(t, err, "not base64")
	_, err = ParseKey(base64.StdEncoding.EncodeToString(make([]byte, 16)))
	require.ErrorContains(t, err, "is 16 bytes, it must be 32")
	require.ErrorContains(t, err, "openssl rand -base64 32")
}

func TestLoadOrCreateFile(t *testing.T) {
	t.Parallel()

	t.Run("CreatedThenReused", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "secret.key")
		k1, created, err := LoadOrCreateFile(path)
		require.NoError(t, err)
		require.True(t, created)
		info, err := os.Stat(path)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

		k2, created, err := LoadOrCreateFile(path)
		require.NoError(t, err)
		require.False(t, created)
		got, err := k2.Open(k1.Seal("kept"))
		require.NoError(t, err, "the second load is the same key")
		require.Equal(t, "kept", got)
		entries, err := os.ReadDir(filepath.Dir(path))
		require.NoError(t, err)
		require.Len(t, entries, 1, "no temporary file is left behind")
	})

	t.Run("ReadableByOthersRefused", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "secret.key")
		require.NoError(t, os.WriteFile(path, []byte(GenerateKey()), 0o644))
		require.NoError(t, os.Chmod(path, 0o644)) // whatever the umask
		_, _, err := LoadOrCreateFile(path)
		require.ErrorContains(t, err, "chmod 600 "+path)
	})

	t.Run("BadContent", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "secret.key")
		require.NoError(t, os.WriteFile(path, []byte("short"), 0o600))
		_, _, err := LoadOrCreateFile(path)
		require.ErrorContains(t, err, path)
	})

	t.Run("NoDirectory", func(t *testing.T) {
		t.Parallel()
		_, _, err := LoadOrCreateFile(filepath.Join(t.TempDir(), "missing", "secret.key"))
		require.Error(t, err)
	})
}
