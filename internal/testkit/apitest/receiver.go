package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Delivery is one request a Receiver got.
type Delivery struct {
	ID, Timestamp, Signature string
	Body                     []byte
	Type                     string
	// Traceparent is the delivery's W3C trace context ("" when tracing is off).
	Traceparent string
	// Status is what the receiver answered.
	Status int
}

// Receiver is a webhook endpoint for tests: it records every delivery and answers with
// the status its Answer function picks (200 by default).
type Receiver struct {
	URL string

	mu         sync.Mutex
	deliveries []Delivery
	answer     func(n int) int
}

// NewReceiver starts a receiver for the test.
func NewReceiver(t testing.TB) *Receiver {
	r := &Receiver{answer: func(int) int { return http.StatusOK }}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var msg struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(body, &msg)
		r.mu.Lock()
		status := r.answer(len(r.deliveries))
		r.deliveries = append(r.deliveries, Delivery{
			ID: req.Header.Get("webhook-id"), Timestamp: req.Header.Get("webhook-timestamp"),
			Signature: req.Header.Get("webhook-signature"), Body: body, Type: msg.Type, Status: status,
			Traceparent: req.Header.Get("traceparent"),
		})
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/hook"
	return r
}

// Answer sets how the receiver answers its n-th request (from 0).
func (r *Receiver) Answer(f func(n int) int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answer = f
}

// Deliveries returns what the receiver got so far.
func (r *Receiver) Deliveries() []Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Delivery(nil), r.deliveries...)
}

// WaitFor waits until cond holds for the deliveries received, failing the test after timeout.
func (r *Receiver) WaitFor(t testing.TB, timeout time.Duration, cond func([]Delivery) bool) []Delivery {
	t.Helper()
	var got []Delivery
	require.Eventually(t, func() bool {
		got = r.Deliveries()
		return cond(got)
	}, timeout, 20*time.Millisecond, "deliveries so far: %d", len(r.Deliveries()))
	return got
}

// Succeeded lists the deliveries answered 2xx, in the order they arrived.
func Succeeded(ds []Delivery) []Delivery {
	var out []Delivery
	for _, d := range ds {
		if d.Status >= 200 && d.Status < 300 {
			out = append(out, d)
		}
	}
	return out
}
