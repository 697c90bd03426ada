// Package secrets seals the secrets PromptOps must be able to read back before it stores
// them: webhook signing secrets sign every delivery, so unlike API keys they cannot be
// kept as hashes. A value is sealed with AES-256-GCM under the operator's 32-byte key and a
// random nonce of its own, so a copy of the database (a dump, a backup, a replica) reveals
// no secret without the key, and a changed value fails to open rather than opening wrong.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// version starts every sealed value and names its format: "v1:" then the standard base64
// of the 12-byte nonce followed by the ciphertext and GCM's 16-byte tag. A later format gets
// its own prefix, so values of both kinds can be told apart while they coexist.
const version = "v1:"

// ErrOpen is returned by Open for a value this key did not seal: sealed under another
// key, altered since, or not a sealed value at all.
var ErrOpen = errors.New("cannot open sealed value: wrong key, or altered")

// Key seals and opens values. It is safe for concurrent use.
type Key struct {
	aead cipher.AEAD
}

// GenerateKey returns a new random key in base64, the form ParseKey reads (the same as
// `openssl rand -base64 32` prints).
func GenerateKey() string {
	b := make([]byte, KeySize)
	_, _ = rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.StdEncoding.EncodeToString(b)
}

// ParseKey reads a key written in standard base64; surrounding white space is ignored.
func ParseKey(encoded string) (*Key, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		return nil, errors.New("secret key is not base64 (make one with `openssl rand -base64 32`)")
	}
	if len(raw) != KeySize {
		return nil, fmt.Errorf("secret key is %d bytes, it must be %d (make one with `openssl rand -base64 32`)", len(raw), KeySize)
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Key{aead: aead}, nil
}

// Seal encrypts plaintext under a fresh random nonce. The version is authenticated with
// it, so a value cannot be passed off as another format.
func (k *Key) Seal(plaintext string) string {
	nonce := make([]byte, k.aead.NonceSize())
	_, _ = rand.Read(nonce)
	sealed := k.aead.Seal(nonce, nonce, []byte(plaintext), []byte(version))
	return version + base64.StdEncoding.EncodeToString(sealed)
}

// Open decrypts a value Seal returned, or fails with ErrOpen.
func (k *Key) Open(sealed string) (string, error) {
	encoded, ok := strings.CutPrefix(sealed, version)
	if !ok {
		return "", ErrOpen
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(raw) < k.aead.NonceSize() {
		return "", ErrOpen
	}
	nonce, ciphertext := raw[:k.aead.NonceSize()], raw[k.aead.NonceSize():]
	plaintext, err := k.aead.Open(nil, nonce, ciphertext, []byte(version))
	if err != nil {
		return "", ErrOpen
	}
	return string(plaintext), nil
}
