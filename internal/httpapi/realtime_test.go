package httpapi_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/apitest"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/webhooks"
)

// eventOf returns the event of a socket message, checking its envelope.
func eventOf(t *testing.T, msg map[string]any, channel string) map[string]any {
	t.Helper()
	require.Equal(t, "event", msg["type"], msg)
	require.Equal(t, channel, msg["channel"])
	return msg["event"].(map[string]any)
}

// readUntil reads socket messages until one on channel is an event of eventType, within
// timeout. Events committed just before the socket subscribed may still arrive first (an
// instance announces what it hears in commit order, a moment later), so tests skip those.
func readUntil(t *testing.T, s *apitest.Socket, channel, eventType string, timeout time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msg := s.Read(time.Until(deadline))
		if e := eventOf(t, msg, msg["channel"].(string)); msg["channel"] == channel && e["type"] == eventType {
			return e
		}
	}
}

// TestTwoInstances makes a change through one instance and sees it reach a socket on the
// other within a second, and a signed webhook delivery from whichever instance sends it.
func TestTwoInstances(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	b := a.NewInstance()
	p := a.NewProject("scaled out")
	prompt := a.NewPrompt(p, "shared")
	v := a.NewVersion(p, prompt.Id, "hello")
	receiver := apitest.NewReceiver(t)
	hook := newWebhook(t, p, receiver.URL, "deployment.promoted")

	socket := b.Subscribe(p.Key, "prompts")
	start := time.Now()
	a.Promote(p, prompt.Id, v.Id, api.EnvironmentProduction)
	var event map[string]any
	for event == nil || event["data"].(map[string]any)["environment"] != "production" {
		event = readUntil(t, socket, "prompts", "deployment.promoted", time.Second-time.Since(start))
	}
	t.Logf("promote on A reached a socket on B in %s", time.Since(start))
	data := event["data"].(map[string]any)
	require.Equal(t, "production", data["environment"])
	require.Equal(t, v.Id.String(), data["activeVersionId"])
	require.Equal(t, p.Key[:12], event["keyPrefix"])

	got := receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) == 1 })
	require.True(t, webhooks.Verify(hook.Secret, got[0].ID, got[0].Timestamp, got[0].Signature, got[0].Body))
	require.Equal(t, event["id"], got[0].ID, "the webhook message is the event")
}

func TestWebSocket(t *testing.T) {
	t.Parallel()
	env := apitest.New(t)

	t.Run("BadKeyClosesWithPolicyViolation", func(t *testing.T) {
		t.Parallel()
		for _, token := range []string{"", "garbage", "po_live_" + strings.Repeat("x", 40)} {
			s := env.Dial()
			s.Send(map[string]string{"type": "auth", "token": token})
			_, err := s.TryRead(5 * time.Second)
			require.Equal(t, websocket.StatusPolicyViolation, websocket.CloseStatus(err), "token %q: %v", token, err)
		}
	})

	t.Run("FailedAuthenticationsThrottled", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.AuthFailureLimit = 1 })
		p := env.NewProject("p")
		s := env.Dial()
		s.Send(map[string]string{"type": "auth", "token": "garbage"})
		_, err := s.TryRead(5 * time.Second)
		require.Equal(t, websocket.StatusPolicyViolation, websocket.CloseStatus(err))

		s = env.Dial()
		s.Send(map[string]string{"type": "auth", "token": p.Key})
		_, err = s.TryRead(5 * time.Second)
		var closeErr websocket.CloseError
		require.True(t, errors.As(err, &closeErr), "%v", err)
		require.Equal(t, websocket.StatusPolicyViolation, closeErr.Code)
		require.Contains(t, closeErr.Reason, "Too many failed authentications")
	})

	t.Run("FirstMessageMustAuthenticate", func(t *testing.T) {
		t.Parallel()
		s := env.Dial()
		s.Send(map[string]string{"type": "subscribe", "channel": "prompts"})
		_, err := s.TryRead(5 * time.Second)
		require.Equal(t, websocket.StatusPolicyViolation, websocket.CloseStatus(err))
	})

	t.Run("UnknownChannelAndMessage", func(t *testing.T) {
		t.Parallel()
		p := env.NewProject("p")
		s := env.Subscribe(p.Key)
		s.Send(map[string]string{"type": "subscribe", "channel": "gossip"})
		require.Equal(t, "error", s.Read(5 * time.Second)["type"])
		s.Send(map[string]string{"type": "dance"})
		require.Equal(t, "error", s.Read(5 * time.Second)["type"])
	})

	t.Run("NotAnUpgrade", func(t *testing.T) {
		t.Parallel()
		resp := env.Do(env.Request(http.MethodGet, "/ws", "", "", ""))
		decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
	})

	t.Run("OnlyTheKeysProject", func(t *testing.T) {
		t.Parallel()
		a := env.NewProject("a")
		b := env.NewProject("b")
		sb := env.Subscribe(b.Key, "prompts", "events")
		env.NewPrompt(a, "secret-of-a")
		env.NewPrompt(b, "of-b")
		// Read until b's prompt has come on both channels (b's own sign-up events may come
		// first on "events"); nothing of a's may come at all.
		seen := map[string]bool{}
		for !seen["prompts"] || !seen["events"] {
			msg := sb.Read(2 * time.Second)
			e := eventOf(t, msg, msg["channel"].(string))
			require.NotContains(t, e["data"], "secret-of-a")
			if e["type"] == "prompt.created" {
				require.Equal(t, "of-b", e["data"].(map[string]any)["slug"], "a socket only hears its own project")
				seen[msg["channel"].(string)] = true
			}
		}
	})

	t.Run("EventsChannelFollowsScopes", func(t *testing.T) {
		t.Parallel()
		p := env.NewProject("p")
		reader := env.NewKey(p, api.CreateApiKeyRequest{Environment: api.EnvironmentProduction, Scopes: &[]api.Scope{api.ScopePromptsRead}})
		sr := env.Subscribe(reader, "events")
		sa := env.Subscribe(p.Key, "events")
		// A marker event: once it arrives, everything from before the subscriptions has.
		env.NewPrompt(p, "marker")
		readUntil(t, sa, "events", "prompt.created", 2*time.Second)
		readUntil(t, sr, "events", "prompt.created", 2*time.Second)

		env.NewKey(p, api.CreateApiKeyRequest{Environment: api.EnvironmentDev})
		env.NewPrompt(p, "visible")
		require.Equal(t, "apikey.created", eventOf(t, sa.Read(2*time.Second), "events")["type"])
		require.Equal(t, "prompt.created", eventOf(t, sa.Read(2*time.Second), "events")["type"])
		e := eventOf(t, sr.Read(2*time.Second), "events")
		require.Equal(t, "prompt.created", e["type"], "a prompts:read key does not see key events")
		require.Equal(t, "visible", e["data"].(map[string]any)["slug"])
	})

	t.Run("SystemNoticeOnShutdown", func(t *testing.T) {
		t.Parallel()
		other := apitest.New(t)
		p := other.NewProject("p")
		s := other.Subscribe(p.Key, "system")
		other.Server.Close()
		msg := s.Read(2 * time.Second)
		require.Equal(t, "system", msg["type"])
		require.Contains(t, msg["message"], "shutting down")
		_, err := s.TryRead(2 * time.Second)
		var closeErr websocket.CloseError
		require.True(t, errors.As(err, &closeErr))
		require.Equal(t, websocket.StatusGoingAway, closeErr.Code)
	})
}
