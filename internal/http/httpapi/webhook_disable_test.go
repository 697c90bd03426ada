package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestWebhookDisableDropsPending: turning a webhook off drops its pending deliveries, as
// the spec says: one waiting for a retry is failed at once, and turning the webhook on
// again before that retry does not send it.
func TestWebhookDisableDropsPending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// A retry seconds away, so the webhook is off and on again well before it.
	env := apitest.New(t, apitest.WithWebhooks(t, func(c *webhooks.Config) { c.RetryBase = 4 * time.Second }))
	p := env.NewProject("disable")
	receiver := apitest.NewReceiver(t)
	receiver.Answer(func(n int) int {
		if n == 0 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	hook := newWebhook(t, p, receiver.URL, "prompt.created")
	env.NewPrompt(p, "before-off")
	receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 1 })
	require.Eventually(t, func() bool {
		ds := deliveries(t, p, hook.Id)
		return len(ds) == 1 && ds[0].Attempts == 1
	}, 5*time.Second, 20*time.Millisecond, "the failed attempt is recorded")

	off, err := p.Client.UpdateWebhookWithResponse(ctx, hook.Id, api.UpdateWebhookRequest{Enabled: new(false)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, off.StatusCode())
	dropped := deliveries(t, p, hook.Id)[0]
	require.Equal(t, api.WebhookDeliveryStatusFailed, dropped.Status, "a disabled webhook's pending delivery is dropped")
	require.True(t, dropped.NextRetryAt.IsNull(), "a dropped delivery has no next retry")
	require.Equal(t, "webhook disabled", dropped.LastError.MustGet())

	on, err := p.Client.UpdateWebhookWithResponse(ctx, hook.Id, api.UpdateWebhookRequest{Enabled: new(true)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, on.StatusCode())
	// A barrier: the next event goes out once no earlier delivery is pending, so a
	// resurrected one would arrive before it.
	env.NewPrompt(p, "after-on")
	got := receiver.WaitFor(t, 15*time.Second, func(ds []apitest.Delivery) bool {
		return len(ds) > 0 && strings.Contains(string(ds[len(ds)-1].Body), "after-on")
	})
	var slugs []string
	for _, d := range got {
		slugs = append(slugs, map[bool]string{true: "before-off", false: "after-on"}[strings.Contains(string(d.Body), "before-off")])
	}
	require.Equal(t, []string{"before-off", "after-on"}, slugs, "only the new event went out: the dropped delivery stays dropped")
}
