package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// newWebhook registers a receiver for p's events.
func newWebhook(t *testing.T, p *apitest.Project, url string, events ...string) api.CreatedWebhook {
	t.Helper()
	resp, err := p.Client.CreateWebhookWithResponse(context.Background(), nil, api.CreateWebhookRequest{Url: url, Events: events})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data
}

func deliveries(t *testing.T, p *apitest.Project, webhookID uuid.UUID) []api.WebhookDelivery {
	t.Helper()
	resp, err := p.Client.ListWebhookDeliveriesWithResponse(context.Background(), webhookID, &api.ListWebhookDeliveriesParams{Limit: new(100)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	return resp.JSON200.Data
}

func TestWebhookCRUD(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")

	// A global address: saving resolves the host, and tests reach no DNS.
	created := newWebhook(t, p, "https://93.184.215.14/hook", "version.created")
	require.True(t, strings.HasPrefix(created.Secret, "whsec_"))
	require.True(t, created.Enabled)

	got, err := p.Client.GetWebhookWithResponse(ctx, created.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	require.NotContains(t, string(got.Body), created.Secret)

	list, err := p.Client.ListWebhooksWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Len(t, list.JSON200.Data, 1)
	require.NotContains(t, string(list.Body), created.Secret)

	updated, err := p.Client.UpdateWebhookWithResponse(ctx, created.Id, api.UpdateWebhookRequest{
		Enabled: new(false), Events: &[]string{"*"}, Description: nullable.NewNullableWithValue("all of it"),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, updated.StatusCode())
	require.False(t, updated.JSON200.Data.Enabled)
	require.Equal(t, []string{"*"}, updated.JSON200.Data.Events)

	deleted, err := p.Client.DeleteWebhookWithResponse(ctx, created.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, deleted.StatusCode())
	gone, err := p.Client.GetWebhookWithResponse(ctx, created.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, gone.StatusCode())

	// The audit log has each change, newest first.
	evts, err := p.Client.ListEventsWithResponse(ctx, nil)
	require.NoError(t, err)
	var types []api.EventType
	for _, e := range evts.JSON200.Data[:3] {
		types = append(types, e.Type)
		require.Equal(t, p.Key[:12], e.KeyPrefix.MustGet(), "the project's key made these changes")
	}
	require.Equal(t, []api.EventType{"webhook.deleted", "webhook.updated", "webhook.created"}, types)
}

func TestWebhookBadInput(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		return &testBundle{env: env, p: env.NewProject("p")}
	}

	for name, body := range map[string]string{
		"NotHTTP":      `{"url":"ftp://example.com/x","events":["*"]}`,
		"Relative":     `{"url":"/hook","events":["*"]}`,
		"UnknownEvent": `{"url":"https://example.com/x","events":["prompt.exploded"]}`,
		"NoEvents":     `{"url":"https://example.com/x","events":[]}`,
		"WithPassword": `{"url":"https://user:pw@example.com/x","events":["*"]}`,
		"MissingURL":   `{"events":["*"]}`,
		// The tests allow private addresses; every other special-purpose block stays refused.
		"Documentation": `{"url":"http://192.0.2.1/x","events":["*"]}`,
		"Multicast":     `{"url":"http://[ff02::1]/x","events":["*"]}`,
		"SharedSpace":   `{"url":"http://100.64.0.1/x","events":["*"]}`,
		"ThisNetwork":   `{"url":"http://0.0.0.0:8080/x","events":["*"]}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			before := b.env.RowsOf(b.p)
			resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/webhooks", b.p.Key, "application/json", body))
			decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, before, b.env.RowsOf(b.p))
		})
	}
}

// TestWebhookDelivery follows events to a receiver: signed per Standard Webhooks, in event
// order, retried until it answers 2xx, with every attempt recorded.
func TestWebhookDelivery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("SignedAndOrdered", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		hook := newWebhook(t, p, receiver.URL, "*")

		prompt := env.NewPrompt(p, "signed")
		env.NewVersion(p, prompt.Id, "hi")
		got := receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) >= 4 })
		// A webhook for every event hears of its own creation first.
		require.Equal(t, []string{"webhook.created", "prompt.created", "version.created", "deployment.promoted"},
			[]string{got[0].Type, got[1].Type, got[2].Type, got[3].Type})
		for _, d := range got {
			require.True(t, webhooks.Verify(hook.Secret, d.ID, d.Timestamp, d.Signature, d.Body), "signature of %s", d.Type)
			require.False(t, webhooks.Verify(hook.Secret, d.ID, d.Timestamp, d.Signature, append(d.Body, ' ')), "a changed body must not verify")
			var msg struct {
				ID        string          `json:"id"`
				Type      string          `json:"type"`
				CreatedAt time.Time       `json:"createdAt"`
				Data      json.RawMessage `json:"data"`
			}
			require.NoError(t, json.Unmarshal(d.Body, &msg))
			require.Equal(t, d.ID, msg.ID)
			require.False(t, msg.CreatedAt.IsZero())
		}
	})

	t.Run("RetriedUntilSuccess", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		receiver.Answer(func(n int) int {
			if n < 3 {
				return http.StatusInternalServerError
			}
			return http.StatusOK
		})
		hook := newWebhook(t, p, receiver.URL, "prompt.created")
		env.NewPrompt(p, "flaky")

		got := receiver.WaitFor(t, 30*time.Second, func(ds []apitest.Delivery) bool { return len(apitest.Succeeded(ds)) == 1 })
		require.Len(t, got, 4)
		for _, d := range got {
			require.Equal(t, got[0].ID, d.ID, "retries carry the same webhook-id")
		}
		var ds []api.WebhookDelivery
		require.Eventually(t, func() bool {
			ds = deliveries(t, p, hook.Id)
			return len(ds) == 1 && ds[0].Status == api.WebhookDeliveryStatusSucceeded
		}, 5*time.Second, 20*time.Millisecond)
		d := ds[0]
		require.Equal(t, 4, d.Attempts)
		require.Len(t, d.AttemptLog, 4)
		successes := 0
		for i, a := range d.AttemptLog {
			require.Equal(t, i+1, a.Attempt)
			if a.StatusCode.MustGet() == http.StatusOK {
				successes++
				require.True(t, a.Error.IsNull())
			} else {
				require.Equal(t, http.StatusInternalServerError, a.StatusCode.MustGet())
				require.Contains(t, a.Error.MustGet(), "500")
			}
		}
		require.Equal(t, 1, successes)
		require.True(t, d.NextRetryAt.IsNull(), "a delivered message has no next retry")
	})

	t.Run("LaterEventsWaitForEarlierOnes", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		receiver.Answer(func(n int) int {
			if n == 0 {
				return http.StatusServiceUnavailable
			}
			return http.StatusOK
		})
		newWebhook(t, p, receiver.URL, "prompt.created")
		env.NewPrompt(p, "first")
		env.NewPrompt(p, "second")
		got := receiver.WaitFor(t, 20*time.Second, func(ds []apitest.Delivery) bool { return len(apitest.Succeeded(ds)) == 2 })
		ok := apitest.Succeeded(got)
		require.Contains(t, string(ok[0].Body), `"slug":"first"`)
		require.Contains(t, string(ok[1].Body), `"slug":"second"`)
		require.Contains(t, string(got[0].Body), `"slug":"first"`, "the first attempt was the first event")
	})

	t.Run("PingAndRedeliver", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		hook := newWebhook(t, p, receiver.URL, "*")

		receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 1 }) // its own creation
		ping, err := p.Client.TestWebhookWithResponse(ctx, hook.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, ping.StatusCode())
		require.Equal(t, "ping", ping.JSON202.Data.EventType)
		got := receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 2 })[1:]
		require.Equal(t, "ping", got[0].Type)
		require.Equal(t, ping.JSON202.Data.MessageId.String(), got[0].ID)

		again, err := p.Client.RedeliverWebhookDeliveryWithResponse(ctx, hook.Id, ping.JSON202.Data.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, again.StatusCode())
		require.NotEqual(t, ping.JSON202.Data.Id, again.JSON202.Data.Id)
		got = receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 3 })[1:]
		require.Equal(t, got[0].ID, got[1].ID, "a redelivery is the same message")
		require.Equal(t, got[0].Body, got[1].Body)
	})

	t.Run("DisabledWebhookGetsNothing", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		off := apitest.NewReceiver(t)
		on := apitest.NewReceiver(t)
		// Not "*": it would hear of its own creation, which may be sent before it is disabled.
		hook := newWebhook(t, p, off.URL, "prompt.created")
		_, err := p.Client.UpdateWebhookWithResponse(ctx, hook.Id, api.UpdateWebhookRequest{Enabled: new(false)})
		require.NoError(t, err)
		newWebhook(t, p, on.URL, "prompt.created")
		env.NewPrompt(p, "quiet")
		on.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 1 })
		// Its own webhook.created was queued while it was enabled, and may have arrived
		// before it was disabled; nothing that happened after may arrive.
		for _, d := range off.Deliveries() {
			require.Equal(t, "webhook.created", d.Type)
		}
	})

	t.Run("OtherProjectsEventsNeverArrive", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		a := env.NewProject("a")
		b := env.NewProject("b")
		ra := apitest.NewReceiver(t)
		rb := apitest.NewReceiver(t)
		newWebhook(t, a, ra.URL, "*")
		newWebhook(t, b, rb.URL, "*")
		env.NewPrompt(a, "only-a")
		ra.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 2 })
		env.NewPrompt(b, "only-b")
		got := rb.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 2 })
		require.Contains(t, string(got[1].Body), "only-b")
		// A barrier instead of a pause: a's webhook delivers in order, so once a later event
		// of a has arrived, a stray delivery of b's event would have arrived before it.
		env.NewPrompt(a, "after-b")
		got = ra.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) >= 3 })
		require.Len(t, got, 3)
		require.Contains(t, string(got[2].Body), "after-b")
		for _, d := range ra.Deliveries() {
			require.NotContains(t, string(d.Body), "only-b")
		}
	})
}

func TestListEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "audited")
	v := env.NewVersion(p, prompt.Id, "hi")
	env.Promote(p, prompt.Id, v.Id, "production")
	rb, err := p.Client.RollbackPromptWithResponse(ctx, prompt.Id.String(), nil, api.RollbackRequest{Environment: "dev"})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, rb.StatusCode(), "a refused change records nothing")

	all, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Limit: new(100)})
	require.NoError(t, err)
	var types []api.EventType
	for _, e := range all.JSON200.Data {
		types = append(types, e.Type)
	}
	require.Equal(t, []api.EventType{
		"deployment.promoted", "deployment.promoted", "version.created", "prompt.created", "apikey.created", "project.created",
	}, types)
	require.True(t, all.JSON200.Data[len(types)-1].KeyId.IsNull(), "sign-up has no acting key")

	typ := api.EventType("deployment.promoted")
	promoted, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &typ})
	require.NoError(t, err)
	require.Len(t, promoted.JSON200.Data, 2)
	var data struct {
		Slug          string `json:"slug"`
		Environment   string `json:"environment"`
		VersionNumber int    `json:"versionNumber"`
	}
	require.NoError(t, json.Unmarshal(promoted.JSON200.Data[0].Data, &data))
	require.Equal(t, "audited", data.Slug)
	require.Equal(t, "production", data.Environment)

	future := time.Now().Add(time.Hour)
	none, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Since: &future})
	require.NoError(t, err)
	require.Empty(t, none.JSON200.Data)

	// Another project's log is its own.
	other, err := env.NewProject("other").Client.ListEventsWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Len(t, other.JSON200.Data, 2)
}
