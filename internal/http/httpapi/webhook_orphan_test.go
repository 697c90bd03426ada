package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestWebhookOrphanedDelivery: a delivery whose job River has finished with, or which is
// gone, without the delivery's outcome recorded does not stay pending, which would hold
// back every later delivery to its webhook for ever: it is failed, lastError saying why,
// and the next event goes out, the orphan not sent again.
func TestWebhookOrphanedDelivery(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env      *apitest.Env
		p        *apitest.Project
		receiver *apitest.Receiver
		hook     api.CreatedWebhook
	}
	setup := func(t *testing.T, change func(*webhooks.Config)) *testBundle {
		t.Helper()
		env := apitest.New(t, apitest.WithWebhooks(t, func(c *webhooks.Config) {
			c.SweepEvery = 200 * time.Millisecond
			change(c)
		}))
		p := env.NewProject("orphan")
		receiver := apitest.NewReceiver(t)
		return &testBundle{env: env, p: p, receiver: receiver, hook: newWebhook(t, p, receiver.URL, "prompt.created")}
	}
	// nextGoesOut checks that the orphan is failed with lastError, and that a later
	// event's delivery is the only one sent after it.
	nextGoesOut := func(t *testing.T, b *testBundle, orphanID uuid.UUID, lastError string) {
		t.Helper()
		sentBefore := len(b.receiver.Deliveries())
		b.env.NewPrompt(b.p, "after")
		got := b.receiver.WaitFor(t, 15*time.Second, func(ds []apitest.Delivery) bool {
			return len(ds) > sentBefore && strings.Contains(string(ds[len(ds)-1].Body), `"after"`)
		})
		require.Len(t, got, sentBefore+1, "only the later event went out")
		for _, d := range deliveries(t, b.p, b.hook.Id) {
			if d.Id == orphanID {
				require.Equal(t, api.WebhookDeliveryStatusFailed, d.Status)
				require.True(t, d.NextRetryAt.IsNull())
				require.Equal(t, lastError, d.LastError.MustGet())
			}
		}
	}
	jobState := func(t *testing.T, env *apitest.Env, deliveryID uuid.UUID) string {
		t.Helper()
		var state string
		err := env.Pool.QueryRow(context.Background(), `SELECT state FROM river_job WHERE kind = 'webhook_delivery'
			AND args->>'delivery_id' = $1`, deliveryID.String()).Scan(&state)
		if err == pgx.ErrNoRows {
			return "gone"
		}
		require.NoError(t, err)
		return state
	}

	t.Run("DiscardedWhileRecording", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		// One attempt, whose outcome cannot be recorded within the job's timeout (the
		// receiver's 1s plus 5s): River discards the job with the delivery unsettled.
		b := setup(t, func(c *webhooks.Config) { c.MaxAttempts, c.Timeout = 1, time.Second })
		locked := make(chan pgx.Tx, 1)
		b.receiver.Answer(func(n int) int {
			if n > 0 {
				return http.StatusOK
			}
			// The delivery's row is locked until the test says so: recording waits.
			tx, err := b.env.Pool.Begin(ctx)
			if err == nil {
				_, err = tx.Exec(ctx, `SELECT 1 FROM webhook_deliveries WHERE event_type = 'prompt.created' FOR UPDATE`)
			}
			if err != nil {
				t.Errorf("lock the delivery: %v", err)
			}
			locked <- tx
			return http.StatusOK
		})
		b.env.NewPrompt(b.p, "before")
		lock := <-locked
		orphan := deliveries(t, b.p, b.hook.Id)[0]
		require.Eventually(t, func() bool { return jobState(t, b.env, orphan.Id) == "discarded" },
			20*time.Second, 50*time.Millisecond, "River gives the job up")
		require.NoError(t, lock.Rollback(ctx))

		nextGoesOut(t, b, orphan.Id, "delivery job discarded without recording an outcome: record attempt: timeout: context deadline exceeded")
	})

	t.Run("JobGone", func(t *testing.T) {
		t.Parallel()
		// A failed attempt whose retry is an hour away, and then its job is deleted.
		b := setup(t, func(c *webhooks.Config) { c.RetryBase = time.Hour })
		b.receiver.Answer(func(n int) int { return http.StatusInternalServerError })
		b.env.NewPrompt(b.p, "before")
		var orphan api.WebhookDelivery
		require.Eventually(t, func() bool {
			orphan = deliveries(t, b.p, b.hook.Id)[0]
			return orphan.Attempts == 1 && jobState(t, b.env, orphan.Id) == "retryable"
		}, 10*time.Second, 20*time.Millisecond)
		_, err := b.env.Pool.Exec(context.Background(), `DELETE FROM river_job WHERE args->>'delivery_id' = $1`, orphan.Id.String())
		require.NoError(t, err)
		b.receiver.Answer(func(int) int { return http.StatusOK })

		nextGoesOut(t, b, orphan.Id, "delivery job gone without recording an outcome")
	})
}
