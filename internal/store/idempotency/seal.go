package idempotency

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"

	"github.com/google/uuid"
)

// secrets is what the store keeps in place of an Idempotency-Key: the hash it is found by,
// and the cipher that seals its answer's body. Both are derived from the key (HKDF, salted
// with the API key's id), so the database alone neither reveals a key nor opens an answer:
// the answer to creating an API key holds the key in full, which is otherwise never stored.
type secrets struct {
	keyHash []byte
	aead    cipher.AEAD
}

func derive(apiKeyID uuid.UUID, key string) (*secrets, error) {
	k, err := hkdf.Key(sha256.New, []byte(key), apiKeyID[:], "promptops idempotency key", 64)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k[32:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &secrets{keyHash: k[:32], aead: aead}, nil
}

// seal encrypts body, the random nonce first.
func (s *secrets) seal(body []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(body)+s.aead.Overhead())
	_, _ = rand.Read(nonce) // crypto/rand never fails
	return s.aead.Seal(nonce, nonce, body, nil)
}

func (s *secrets) open(sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed answer too short")
	}
	return s.aead.Open(nil, sealed[:n], sealed[n:], nil)
}
