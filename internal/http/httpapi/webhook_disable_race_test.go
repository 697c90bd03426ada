package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestWebhookDisableDuringAttempt: a delivery being sent while its webhook is turned off
// stays dropped. The receiver holds the first request until the webhook is off, then
// answers 500; the attempt is recorded without making the delivery pending again, so
// turning the webhook on before its retry would have come does not send it.
func TestWebhookDisableDuringAttempt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, apitest.WithWebhooks(t, func(c *webhooks.Config) { c.RetryBase = 2 * time.Second }))
	p := env.NewProject("disable-race")

	arrived, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var bodies []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(body))
		first := len(bodies) == 1
		mu.Unlock()
		if first {
			close(arrived)
			<-release
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(receiver.Close)
	received := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), bodies...)
	}

	hook := newWebhook(t, p, receiver.URL+"/hook", "prompt.created")
	env.NewPrompt(p, "before-off")
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the first delivery never arrived")
	}
	off, err := p.Client.UpdateWebhookWithResponse(ctx, hook.Id, api.UpdateWebhookRequest{Enabled: new(false)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, off.StatusCode())
	close(release)

	var dropped api.WebhookDelivery
	require.Eventually(t, func() bool {
		dropped = deliveries(t, p, hook.Id)[0]
		return dropped.Attempts == 1
	}, 10*time.Second, 20*time.Millisecond, "the attempt in flight is recorded")
	require.Equal(t, api.WebhookDeliveryStatusFailed, dropped.Status, "the attempt did not make the dropped delivery pending again")
	require.True(t, dropped.NextRetryAt.IsNull(), "a dropped delivery has no next retry")
	require.Equal(t, webhooks.DisabledReason, dropped.LastError.MustGet())
	require.Equal(t, 500, dropped.LastStatusCode.MustGet())
	require.Len(t, dropped.AttemptLog, 1, "the attempt is in the log all the same")

	on, err := p.Client.UpdateWebhookWithResponse(ctx, hook.Id, api.UpdateWebhookRequest{Enabled: new(true)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, on.StatusCode())
	// A barrier: the next event goes out once no earlier delivery is pending, so a revived
	// one would be sent again before it.
	env.NewPrompt(p, "after-on")
	require.Eventually(t, func() bool {
		got := received()
		return strings.Contains(got[len(got)-1], "after-on")
	}, 15*time.Second, 20*time.Millisecond)
	var slugs []string
	for _, body := range received() {
		slugs = append(slugs, map[bool]string{true: "before-off", false: "after-on"}[strings.Contains(body, "before-off")])
	}
	require.Equal(t, []string{"before-off", "after-on"}, slugs, "only the new event went out after the attempt in flight")
}
