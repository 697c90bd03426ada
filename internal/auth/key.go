// Package auth knows what the secrets that authenticate look like, how they are stored and
// what they allow. API keys are `po_live_` followed by random base62 characters, personal
// tokens `po_pat_` and invitation tokens `po_inv_`; the server keeps only a SHA-256 hash of
// each and, for keys and tokens, its first PrefixLen characters for display. People's
// passwords are kept as argon2id hashes (password.go).
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
)

const (
	// KeyPrefix starts every API key.
	KeyPrefix = "po_live_"
	// TokenPrefix starts every personal access token.
	TokenPrefix = "po_pat_"
	// InvitationPrefix starts every invitation token.
	InvitationPrefix = "po_inv_"
	// PrefixLen is how many leading characters of a key are stored and shown.
	PrefixLen = 12
	// randomLen is how many random base62 characters a new key carries (about 238 bits).
	randomLen = 40
	// minRandomLen and maxRandomLen bound the random characters of a well-formed key.
	minRandomLen = 32
	maxRandomLen = 128
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewKey returns a fresh random key with its display prefix and storage hash.
func NewKey() (key, prefix string, hash []byte) { return newSecret(KeyPrefix) }

// NewToken returns a fresh random personal token with its display prefix and storage hash.
func NewToken() (token, prefix string, hash []byte) { return newSecret(TokenPrefix) }

// NewInvitation returns a fresh random invitation token with its storage hash.
func NewInvitation() (token string, hash []byte) {
	token, _, hash = newSecret(InvitationPrefix)
	return token, hash
}

// newSecret returns a fresh random secret starting with kind, its display prefix and its
// storage hash.
func newSecret(kind string) (secret, prefix string, hash []byte) {
	secret = kind + randomBase62(randomLen)
	h := Hash(secret)
	return secret, secret[:PrefixLen], h[:]
}

// randomBase62 draws n characters uniformly from the base62 alphabet.
func randomBase62(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n*2)
	for len(out) < n {
		rand.Read(buf) // never returns an error (crypto/rand since Go 1.24)
		for _, b := range buf {
			// 248 = 4*62: rejecting bytes above it keeps the draw uniform.
			if b < 248 && len(out) < n {
				out = append(out, base62[b%62])
			}
		}
	}
	return string(out)
}

// Hash is the SHA-256 digest under which a key is stored and looked up.
func Hash(key string) [sha256.Size]byte {
	// A well-formed key fits the stack buffer, so hashing one on every request allocates
	// nothing.
	var buf [len(KeyPrefix) + maxRandomLen]byte
	if len(key) <= len(buf) {
		n := copy(buf[:], key)
		return sha256.Sum256(buf[:n])
	}
	return sha256.Sum256([]byte(key))
}

// WellFormed reports whether key has the shape of a PromptOps key, so that garbage is
// refused without a database lookup.
func WellFormed(key string) bool { return wellFormed(key, KeyPrefix) }

// WellFormedToken reports whether token has the shape of a personal token.
func WellFormedToken(token string) bool { return wellFormed(token, TokenPrefix) }

// WellFormedInvitation reports whether token has the shape of an invitation token.
func WellFormedInvitation(token string) bool { return wellFormed(token, InvitationPrefix) }

// wellFormed reports whether secret is kind followed by the random characters of a secret.
func wellFormed(secret, kind string) bool {
	rest, ok := strings.CutPrefix(secret, kind)
	if !ok || len(rest) < minRandomLen || len(rest) > maxRandomLen {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') { // base62
			return false
		}
	}
	return true
}
