// Package webhooks delivers events to webhooks: durable jobs on River (PostgreSQL), signed
// per Standard Webhooks, retried with exponential backoff and jitter, in the order of their
// events (among those committed) per webhook, to URLs that pass the operator's address
// policy.
package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// secretPrefix starts every signing secret (Standard Webhooks' convention).
const secretPrefix = "whsec_"

// NewSecret returns a fresh signing secret: whsec_ and 32 random bytes in base64.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

// Sign returns the webhook-signature header of a message: "v1," and the base64 HMAC-SHA256
// of "id.timestamp.body" keyed with the decoded secret.
func Sign(secret, msgID string, ts time.Time, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil {
		return "", errors.New("webhook secret is not whsec_ and base64")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID + "." + strconv.FormatInt(ts.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Tolerance is how far a delivery's webhook-timestamp may be from the receiver's clock,
// either way, for Verify to accept it (Standard Webhooks' replay protection: a captured
// delivery cannot be replayed later).
const Tolerance = 5 * time.Minute

// Verify checks a webhook-signature header (which may list several signatures) the way a
// receiver does, refusing a timestamp more than Tolerance from now; the tests use it, and
// receivers written in Go may.
func Verify(secret, msgID, timestamp, signature string, body []byte) bool {
	return verifyAt(time.Now(), secret, msgID, timestamp, signature, body)
}

// verifyAt is Verify with the receiver's clock reading now.
func verifyAt(now time.Time, secret, msgID, timestamp, signature string, body []byte) bool {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	sent := time.Unix(ts, 0)
	if sent.Before(now.Add(-Tolerance)) || sent.After(now.Add(Tolerance)) {
		return false
	}
	want, err := Sign(secret, msgID, sent, body)
	if err != nil {
		return false
	}
	for _, s := range strings.Fields(signature) {
		if hmac.Equal([]byte(s), []byte(want)) {
			return true
		}
	}
	return false
}
