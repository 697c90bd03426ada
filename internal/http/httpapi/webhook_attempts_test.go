package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestWebhookMaxAttempts: a delivery is tried MaxAttempts times, a setting of each
// delivery job (the jobs client it shares has River's own default for other jobs), then
// marked failed.
func TestWebhookMaxAttempts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, apitest.WithWebhooks(t, func(c *webhooks.Config) { c.MaxAttempts = 1 }))
	p := env.NewProject("attempts")
	receiver := apitest.NewReceiver(t)
	receiver.Answer(func(int) int { return http.StatusInternalServerError })
	hook := newWebhook(t, p, receiver.URL, "*")

	ping, err := p.Client.TestWebhookWithResponse(ctx, hook.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, ping.StatusCode())
	receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) >= 1 })

	var ping1 api.WebhookDelivery
	require.Eventually(t, func() bool {
		for _, d := range deliveries(t, p, hook.Id) {
			if d.EventType == "ping" && d.Status != api.WebhookDeliveryStatusPending {
				ping1 = d
				return true
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond, "the ping's delivery never settled")
	require.Equal(t, api.WebhookDeliveryStatusFailed, ping1.Status)
	require.Equal(t, 1, ping1.Attempts)
	var maxAttempts int
	require.NoError(t, env.Pool.QueryRow(ctx, `SELECT max_attempts FROM river_job WHERE kind = 'webhook_delivery'
		AND args->>'delivery_id' = $1`, ping1.Id.String()).Scan(&maxAttempts))
	require.Equal(t, 1, maxAttempts)
}
