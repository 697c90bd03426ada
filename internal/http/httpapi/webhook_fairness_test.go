package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestWebhookFairness: one project's backlog, to a slow receiver, does not hold back
// another project's delivery queued after it. Project A has many webhooks, so one change
// queues a delivery to each, all independent of each other; two workers send them at
// 300 ms apiece. B's single delivery must arrive long before A's backlog drains, where
// first in, first out would make it wait for all of it.
func TestWebhookFairness(t *testing.T) {
	t.Parallel()
	const backlog = 20
	env := apitest.New(t, apitest.WithWebhooks(t, func(c *webhooks.Config) { c.Workers = 2 }))

	var arrivedA atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		arrivedA.Add(1)
		time.Sleep(300 * time.Millisecond)
	}))
	t.Cleanup(slow.Close)
	seenByB := make(chan int32, 1)
	fast := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		select {
		case seenByB <- arrivedA.Load():
		default:
		}
	}))
	t.Cleanup(fast.Close)

	a := env.NewProject("a")
	b := env.NewProject("b")
	for range backlog {
		newWebhook(t, a, slow.URL+"/hook", "prompt.created")
	}
	newWebhook(t, b, fast.URL+"/hook", "prompt.created")
	env.NewPrompt(a, "burst") // a delivery to each of A's webhooks
	env.NewPrompt(b, "single")

	select {
	case seen := <-seenByB:
		t.Logf("B's delivery arrived after %d of A's %d", seen, backlog)
		require.Less(t, seen, int32(backlog/2), "B's delivery waited for A's backlog")
	case <-time.After(30 * time.Second):
		t.Fatalf("B's delivery never arrived (A's: %d)", arrivedA.Load())
	}
}
