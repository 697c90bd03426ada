// Package auth knows what an API key looks like, how it is stored and what its scopes allow.
// Keys are `po_live_` followed by random base62 characters; the server keeps only a SHA-256
// hash of a key and its first PrefixLen characters for display.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
)

const (
	// KeyPrefix starts every API key.
	KeyPrefix = "po_live_"
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
func NewKey() (key, prefix string, hash []byte) {
	key = KeyPrefix + randomBase62(randomLen)
	h := Hash(key)
	return key, key[:PrefixLen], h[:]
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
func WellFormed(key string) bool {
	rest, ok := strings.CutPrefix(key, KeyPrefix)
	if !ok || len(rest) < minRandomLen || len(rest) > maxRandomLen {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(base62, rest[i]) < 0 {
			return false
		}
	}
	return true
}
