package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// storedSecrets reads a webhook's secret columns as the database holds them.
func storedSecrets(t *testing.T, env *apitest.Env, id uuid.UUID) (secret string, previous *string) {
	t.Helper()
	err := env.Pool.QueryRow(context.Background(), "SELECT secret, previous_secret FROM webhooks WHERE id = $1", id).Scan(&secret, &previous)
	require.NoError(t, err)
	return secret, previous
}

// TestWebhookSecretsAtRest: the database holds secrets sealed, never as the API showed them;
// plain ones from before are sealed at start-up, once; a key that did not seal them stops
// start-up.
func TestWebhookSecretsAtRest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env      *apitest.Env
		p        *apitest.Project
		receiver *apitest.Receiver
		hook     api.CreatedWebhook
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		return &testBundle{env: env, p: p, receiver: receiver, hook: newWebhook(t, p, receiver.URL, "prompt.created")}
	}

	t.Run("Sealed", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		stored, _ := storedSecrets(t, b.env, b.hook.Id)
		require.True(t, strings.HasPrefix(stored, "v1:"), stored)
		require.NotContains(t, stored, strings.TrimPrefix(b.hook.Secret, "whsec_"))
		opened, err := apitest.SecretKey().Open(stored)
		require.NoError(t, err)
		require.Equal(t, b.hook.Secret, opened)
	})

	t.Run("PlainSecretsSealedAtStartUp", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		// A webhook saved before secrets were sealed.
		plain := webhooks.NewSecret()
		_, err := b.env.Pool.Exec(ctx, "UPDATE webhooks SET secret = $1 WHERE id = $2", plain, b.hook.Id)
		require.NoError(t, err)

		n, err := b.env.Hooks.SealStoredSecrets(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		stored, _ := storedSecrets(t, b.env, b.hook.Id)
		require.True(t, strings.HasPrefix(stored, "v1:"), stored)
		n, err = b.env.Hooks.SealStoredSecrets(ctx)
		require.NoError(t, err)
		require.Zero(t, n, "sealing twice seals nothing more")
		again, _ := storedSecrets(t, b.env, b.hook.Id)
		require.Equal(t, stored, again)

		// Deliveries are still signed with the same secret.
		ping, err := b.p.Client.TestWebhookWithResponse(ctx, b.hook.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, ping.StatusCode())
		d := b.receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 1 })[0]
		require.True(t, webhooks.Verify(plain, d.ID, d.Timestamp, d.Signature, d.Body))
	})

	t.Run("OtherKeyRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		otherKey, err := secrets.ParseKey(secrets.GenerateKey())
		require.NoError(t, err)
		cfg := apitest.WebhookConfig(t)
		cfg.Secrets = otherKey
		other, err := webhooks.New(b.env.Pool, cfg)
		require.NoError(t, err)
		_, err = other.SealStoredSecrets(ctx)
		require.ErrorContains(t, err, "sealed with another key")
	})
}

// TestRotateWebhookSecret: the new secret is shown once; deliveries carry both signatures
// for the overlap, then only the new one; the change is an event without the secret.
func TestRotateWebhookSecret(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env      *apitest.Env
		p        *apitest.Project
		receiver *apitest.Receiver
		hook     api.CreatedWebhook
	}
	setup := func(t *testing.T, opts ...apitest.OptionFunc) *testBundle {
		t.Helper()
		env := apitest.Instance(t, opts...)
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		hook := newWebhook(t, p, receiver.URL, "*")
		receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 1 }) // its own creation
		return &testBundle{env: env, p: p, receiver: receiver, hook: hook}
	}
	rotate := func(t *testing.T, b *testBundle) api.RotatedWebhook {
		t.Helper()
		resp, err := b.p.Client.RotateWebhookSecretWithResponse(ctx, b.hook.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "no-store", resp.HTTPResponse.Header.Get("Cache-Control"))
		return resp.JSON200.Data
	}

	t.Run("BothSignDuringOverlap", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := time.Now()
		rotated := rotate(t, b)
		require.True(t, strings.HasPrefix(rotated.Secret, "whsec_"))
		require.NotEqual(t, b.hook.Secret, rotated.Secret)
		require.WithinDuration(t, before.Add(time.Hour), rotated.PreviousSecretExpiresAt, 5*time.Second, "the tests' overlap is an hour")
		stored, previous := storedSecrets(t, b.env, b.hook.Id)
		require.NotContains(t, stored, strings.TrimPrefix(rotated.Secret, "whsec_"))
		require.NotNil(t, previous)

		got, err := b.p.Client.GetWebhookWithResponse(ctx, b.hook.Id)
		require.NoError(t, err)
		require.NotContains(t, string(got.Body), rotated.Secret)

		// The webhook hears of the rotation itself, signed with both secrets.
		d := b.receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 2 })[1]
		require.Equal(t, "webhook.secret_rotated", d.Type)
		require.NotContains(t, string(d.Body), "whsec_")
		sigs := strings.Fields(d.Signature)
		require.Len(t, sigs, 2, d.Signature)
		require.True(t, webhooks.Verify(rotated.Secret, d.ID, d.Timestamp, sigs[0], d.Body), "the first signature is the new secret's")
		require.True(t, webhooks.Verify(b.hook.Secret, d.ID, d.Timestamp, sigs[1], d.Body), "the second is the previous secret's")

		evts, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventType("webhook.secret_rotated"))})
		require.NoError(t, err)
		require.Len(t, evts.JSON200.Data, 1)
		require.NotContains(t, string(evts.Body), "whsec_")
		require.NotContains(t, string(evts.JSON200.Data[0].Data), "ecret")
	})

	t.Run("OnlyTheNewOneAfterOverlap", func(t *testing.T) {
		t.Parallel()
		b := setup(t, apitest.WithWebhooks(t, func(c *webhooks.Config) { c.SecretOverlap = 0 }))
		rotated := rotate(t, b)
		d := b.receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 2 })[1]
		require.Len(t, strings.Fields(d.Signature), 1, d.Signature)
		require.True(t, webhooks.Verify(rotated.Secret, d.ID, d.Timestamp, d.Signature, d.Body))
		require.False(t, webhooks.Verify(b.hook.Secret, d.ID, d.Timestamp, d.Signature, d.Body), "the old secret signs no more")
	})

	t.Run("RotatedAgainKeepsTheTwoNewest", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := rotate(t, b)
		second := rotate(t, b)
		d := b.receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 3 })[2]
		sigs := strings.Fields(d.Signature)
		require.Len(t, sigs, 2, d.Signature)
		require.True(t, webhooks.Verify(second.Secret, d.ID, d.Timestamp, sigs[0], d.Body))
		require.True(t, webhooks.Verify(first.Secret, d.ID, d.Timestamp, sigs[1], d.Body))
		require.False(t, webhooks.Verify(b.hook.Secret, d.ID, d.Timestamp, d.Signature, d.Body), "the first secret is gone")
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		other := b.env.NewProject("other")
		before := b.env.RowsOf(b.p)
		for _, id := range []uuid.UUID{uuid.New(), b.hook.Id} {
			resp, err := other.Client.RotateWebhookSecretWithResponse(ctx, id, nil)
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, resp.StatusCode(), "another project's webhook is not found either")
			require.NotContains(t, string(resp.Body), "whsec_")
		}
		require.Equal(t, before, b.env.RowsOf(b.p))
		stored, previous := storedSecrets(t, b.env, b.hook.Id)
		opened, err := apitest.SecretKey().Open(stored)
		require.NoError(t, err)
		require.Equal(t, b.hook.Secret, opened)
		require.Nil(t, previous)
	})
}
