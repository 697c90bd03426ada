package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
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
	a := apitest.Shared(t)
	b := a.NewInstance()
	p := a.NewProject("scaled out")
	prompt := a.NewPrompt(p, "shared")
	v := a.NewVersion(p, prompt.Id, "hello")
	receiver := apitest.NewReceiver(t)
	hook := newWebhook(t, p, receiver.URL, "deployment.promoted")

	socket := b.Subscribe(p.Key, "prompts")
	start := time.Now()
	a.Promote(p, prompt.Id, v.Id, "production")
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
	env := apitest.Shared(t)

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
		reader := env.NewKey(p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		sr := env.Subscribe(reader, "events")
		sa := env.Subscribe(p.Key, "events")
		// A marker event: once it arrives, everything from before the subscriptions has.
		env.NewPrompt(p, "marker")
		readUntil(t, sa, "events", "prompt.created", 2*time.Second)
		readUntil(t, sr, "events", "prompt.created", 2*time.Second)

		env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"})
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

// closeOf reads until the socket closes, within timeout, and returns how; every message
// read on the way goes to seen.
func closeOf(t *testing.T, s *apitest.Socket, timeout time.Duration, seen func(msg map[string]any)) websocket.CloseError {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msg, err := s.TryRead(time.Until(deadline))
		if err != nil {
			var closeErr websocket.CloseError
			require.True(t, errors.As(err, &closeErr), "the socket did not close in %s: %v", timeout, err)
			return closeErr
		}
		seen(msg)
	}
}

// noEventAfter fails on any event of type eventType or about slug: what a socket must not
// see once its key is revoked.
func noEventAfter(t *testing.T, eventType, slug string) func(map[string]any) {
	return func(msg map[string]any) {
		if msg["type"] != "event" {
			return
		}
		e := msg["event"].(map[string]any)
		require.NotEqual(t, eventType, e["type"], "the key's own revocation reached its socket")
		require.NotContains(t, e["data"], slug, "an event committed after the revocation reached the socket")
	}
}

// createdKey creates a key in p's project and returns its id and full value.
func createdKey(t *testing.T, p *apitest.Project, body api.CreateApiKeyRequest) (uuid.UUID, string) {
	t.Helper()
	resp, err := p.Client.CreateApiKeyWithResponse(context.Background(), nil, body)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data.Id, resp.JSON201.Data.FullKey
}

// TestSocketsLiveNoLongerThanTheirKey: revocation and expiry close a key's sockets.
func TestSocketsLiveNoLongerThanTheirKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// The key's sockets listen on a channel the revocation's event is not on: nothing is
	// delivered to them, and they are closed all the same.
	t.Run("RevokedOnEveryInstance", func(t *testing.T) {
		t.Parallel()
		a := apitest.Shared(t)
		b := a.NewInstance()
		p := a.NewProject("p")
		id, key := createdKey(t, p, api.CreateApiKeyRequest{Environment: "dev"})
		onA := a.Subscribe(key, "prompts")
		onB := b.Subscribe(key, "prompts")
		bystander := b.Subscribe(p.Key, "events")

		start := time.Now()
		revoked, err := p.Client.RevokeApiKeyWithResponse(ctx, id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoked.StatusCode())
		for name, s := range map[string]*apitest.Socket{"A": onA, "B": onB} {
			closed := closeOf(t, s, 2*time.Second-time.Since(start), func(map[string]any) {})
			require.Equal(t, websocket.StatusPolicyViolation, closed.Code, name)
			require.Equal(t, "API key revoked", closed.Reason, name)
			t.Logf("the socket on %s closed %s after the revocation was asked", name, time.Since(start))
		}
		// Another key's socket stays, and hears of it.
		readUntil(t, bystander, "events", "apikey.revoked", 2*time.Second)
	})

	t.Run("NoEventAfterRevocation", func(t *testing.T) {
		t.Parallel()
		a := apitest.Shared(t)
		b := a.NewInstance()
		p := a.NewProject("p")
		id, key := createdKey(t, p, api.CreateApiKeyRequest{Environment: "dev"})
		sockets := map[string]*apitest.Socket{"A": a.Subscribe(key, "events", "prompts"), "B": b.Subscribe(key, "events", "prompts")}
		revoked, err := p.Client.RevokeApiKeyWithResponse(ctx, id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoked.StatusCode())
		a.NewPrompt(p, "after-revocation")
		for name, s := range sockets {
			closed := closeOf(t, s, 2*time.Second, noEventAfter(t, "apikey.revoked", "after-revocation"))
			require.Equal(t, "API key revoked", closed.Reason, name)
		}
	})

	t.Run("Expired", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		expiresAt := time.Now().Add(2 * time.Second)
		_, key := createdKey(t, p, api.CreateApiKeyRequest{Environment: "dev", ExpiresAt: &expiresAt})
		s := env.Subscribe(key, "prompts")
		closed := closeOf(t, s, 5*time.Second, func(map[string]any) {})
		require.False(t, time.Now().Before(expiresAt), "closed before the key expired")
		require.Equal(t, websocket.StatusPolicyViolation, closed.Code)
		require.Equal(t, "API key expired", closed.Reason)
	})

	// A revocation no announcement told of (a missed one) is still seen before the next
	// delivery: with the key cache off the check reads the database.
	t.Run("CheckedBeforeEachDelivery", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.CacheDisabled = true })
		p := env.NewProject("p")
		id, key := createdKey(t, p, api.CreateApiKeyRequest{Environment: "dev"})
		s := env.Subscribe(key, "prompts")
		env.NewPrompt(p, "before")
		readUntil(t, s, "prompts", "prompt.created", 2*time.Second)

		_, err := dbsqlc.New().ApiKeyRevoke(ctx, env.Pool, dbsqlc.ApiKeyRevokeParams{ProjectID: uuid.MustParse(p.ID), ID: id})
		require.NoError(t, err)
		env.NewPrompt(p, "after-revocation")
		closed := closeOf(t, s, 2*time.Second, noEventAfter(t, "apikey.revoked", "after-revocation"))
		require.Equal(t, websocket.StatusPolicyViolation, closed.Code)
		require.Equal(t, "API key revoked", closed.Reason)
	})

	// When the listener loses its connection, revocations may have been missed: every
	// socket's key is checked again.
	t.Run("RecheckedWhenTheListenerReconnects", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t) // it cuts the listeners of every instance on its database
		p := env.NewProject("p")
		id, key := createdKey(t, p, api.CreateApiKeyRequest{Environment: "dev"})
		s := env.Subscribe(key, "prompts")
		q := dbsqlc.New()
		_, err := q.ApiKeyRevoke(ctx, env.Pool, dbsqlc.ApiKeyRevokeParams{ProjectID: uuid.MustParse(p.ID), ID: id})
		require.NoError(t, err)
		n, err := q.InspectTerminateListeners(ctx, env.Pool, events.Channel)
		require.NoError(t, err)
		require.Positive(t, n)
		closed := closeOf(t, s, 5*time.Second, func(map[string]any) {})
		require.Equal(t, websocket.StatusPolicyViolation, closed.Code)
		require.Equal(t, "API key revoked", closed.Reason)
	})
}

// TestSocketLimits: sockets per key and per client address are bounded on each instance.
func TestSocketLimits(t *testing.T) {
	t.Parallel()

	t.Run("PerKey", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.WSMaxPerKey = 2 })
		p := env.NewProject("p")
		first := env.Subscribe(p.Key)
		env.Subscribe(p.Key)
		s := env.Dial()
		s.Send(map[string]string{"type": "auth", "token": p.Key})
		closed := closeOf(t, s, 5*time.Second, func(map[string]any) {})
		require.Equal(t, websocket.StatusPolicyViolation, closed.Code)
		require.Contains(t, closed.Reason, "too many sockets for this API key")

		other := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"})
		env.Subscribe(other) // another key has its own count

		require.NoError(t, first.Conn.Close(websocket.StatusNormalClosure, ""))
		require.Eventually(t, func() bool {
			s := env.Dial()
			s.Send(map[string]string{"type": "auth", "token": p.Key})
			msg, err := s.TryRead(5 * time.Second)
			return err == nil && msg["type"] == "auth_ok"
		}, 5*time.Second, 50*time.Millisecond, "a closed socket gives its place back")
	})

	t.Run("PerAddress", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.WSMaxPerAddr = 2 })
		first := env.Dial() // counted from the upgrade, authenticated or not
		env.Dial()
		_, resp, err := env.TryDial()
		require.Error(t, err)
		require.NotNil(t, resp)
		e := decodeError(t, resp, http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
		require.Contains(t, e.Message, "Too many sockets from this address")
		require.Equal(t, "10", resp.Header.Get("Retry-After"))

		require.NoError(t, first.Conn.Close(websocket.StatusNormalClosure, ""))
		require.Eventually(t, func() bool {
			_, _, err := env.TryDial()
			return err == nil
		}, 5*time.Second, 50*time.Millisecond, "a closed socket gives its place back")
	})
}

// TestSocketsOfPeople: a personal token follows the project its auth message names, with
// the person's role there, and its sockets live no longer than the token or the membership.
func TestSocketsOfPeople(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// token makes a personal token of a new member of tm's project with role, by name,
	// expiring at the time expiresAt gives once the member has joined (nil: never), so that
	// a slow join cannot leave it in the past.
	token := func(t *testing.T, tm *team, email string, role api.Role, expiresAt func() *time.Time) (uuid.UUID, string) {
		t.Helper()
		member, _ := tm.join(t, email, role)
		var at *time.Time
		if expiresAt != nil {
			at = expiresAt()
		}
		resp, err := member.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "feed", ExpiresAt: at})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		return resp.JSON201.Data.Id, resp.JSON201.Data.Token
	}
	// refused sends an auth message and returns the close it gets.
	refused := func(t *testing.T, env *apitest.Env, auth map[string]string) websocket.CloseError {
		t.Helper()
		s := env.Dial()
		s.Send(auth)
		return closeOf(t, s, 5*time.Second, func(msg map[string]any) { t.Fatalf("not refused: %v", msg) })
	}

	// follow authenticates s with the personal token tok, following tm's project.
	follow := func(t *testing.T, s *apitest.Socket, tm *team, tok string) *apitest.Socket {
		t.Helper()
		s.Send(map[string]string{"type": "auth", "token": tok, "project": tm.project.String()})
		require.Equal(t, "auth_ok", s.Read(5 * time.Second)["type"])
		return s
	}

	t.Run("FollowsTheProjectItNames", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		_, tok := token(t, tm, "bob@example.com", api.RoleViewer, nil)
		admin := tm.env.Client(tm.key)
		me, err := admin.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, me.StatusCode(), string(me.Body))
		s := tm.env.Dial()
		s.Send(map[string]string{"type": "auth", "token": tok, "project": me.JSON200.Data.Slug})
		ok := s.Read(5 * time.Second)
		require.Equal(t, map[string]any{"type": "auth_ok", "projectId": tm.project.String(), "environment": nil, "expiresAt": nil}, ok)
		s.Send(map[string]string{"type": "subscribe", "channel": "prompts"})
		require.Equal(t, "subscribed", s.Read(5 * time.Second)["type"])
		created, err := admin.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "followed", Name: "Followed"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		e := readUntil(t, s, "prompts", "prompt.created", 2*time.Second)
		require.Equal(t, "followed", e["data"].(map[string]any)["slug"])
	})

	t.Run("Refused", func(t *testing.T) {
		t.Parallel()
		tm, other := newTeam(t), newTeam(t)
		_, tok := token(t, tm, "bob@example.com", api.RoleEditor, nil)
		for name, c := range map[string]struct {
			auth   map[string]string
			reason string
		}{
			"NoProject":    {map[string]string{"type": "auth", "token": tok}, `A personal token needs "project": the id or slug of the project to follow.`},
			"NotAMember":   {map[string]string{"type": "auth", "token": tok, "project": other.project.String()}, "No project with this id or slug, or you are not one of its members."},
			"NoSuchSlug":   {map[string]string{"type": "auth", "token": tok, "project": "no-such-project"}, "No project with this id or slug, or you are not one of its members."},
			"UnknownToken": {map[string]string{"type": "auth", "token": "po_pat_" + strings.Repeat("x", 40), "project": tm.project.String()}, "The personal token is not known."},
		} {
			closed := refused(t, tm.env, c.auth)
			require.Equal(t, websocket.StatusPolicyViolation, closed.Code, name)
			require.Equal(t, c.reason, closed.Reason, name)
		}
	})

	t.Run("RevokedOnAnotherInstance", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		id, tok := token(t, tm, "bob@example.com", api.RoleEditor, nil)
		s := follow(t, tm.env.NewInstance().Dial(), tm, tok)
		revoked, err := tm.env.Client(tok).RevokeTokenWithResponse(ctx, id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoked.StatusCode(), string(revoked.Body))
		closed := closeOf(t, s, 2*time.Second, func(map[string]any) {})
		require.Equal(t, websocket.StatusPolicyViolation, closed.Code)
		require.Equal(t, "personal token revoked", closed.Reason)
	})

	t.Run("ExpiresWithTheToken", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		var expiresAt time.Time
		_, tok := token(t, tm, "bob@example.com", api.RoleEditor, func() *time.Time {
			expiresAt = time.Now().Add(2 * time.Second)
			return &expiresAt
		})
		s := tm.env.Dial()
		s.Send(map[string]string{"type": "auth", "token": tok, "project": tm.project.String()})
		ok := s.Read(5 * time.Second)
		require.Equal(t, "auth_ok", ok["type"])
		require.NotNil(t, ok["expiresAt"])
		closed := closeOf(t, s, 5*time.Second, func(map[string]any) {})
		require.False(t, time.Now().Before(expiresAt), "closed before the token expired")
		require.Equal(t, "personal token expired", closed.Reason)
	})

	t.Run("RemovedFromTheProject", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		_, tok := token(t, tm, "bob@example.com", api.RoleEditor, nil)
		s := follow(t, tm.env.Dial(), tm, tok)
		session, err := tm.env.Client(tok).GetSessionWithResponse(ctx)
		require.NoError(t, err)
		removed, err := tm.owner.RemoveMemberWithResponse(ctx, tm.project, session.JSON200.Data.User.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, removed.StatusCode(), string(removed.Body))
		closed := closeOf(t, s, 2*time.Second, func(map[string]any) {})
		require.Equal(t, "no longer a member of this project", closed.Reason)
	})

	// promptops users disable announces nothing: the check before the next delivery sees
	// the account disabled, and the event is not delivered.
	t.Run("AccountDisabled", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		_, tok := token(t, tm, "bob@example.com", api.RoleEditor, nil)
		s := follow(t, tm.env.Dial(), tm, tok)
		s.Send(map[string]string{"type": "subscribe", "channel": "prompts"})
		require.Equal(t, "subscribed", s.Read(5 * time.Second)["type"])
		_, err := dbsqlc.New().UserSetDisabled(ctx, tm.env.Pool, dbsqlc.UserSetDisabledParams{Email: "bob@example.com", Disabled: true})
		require.NoError(t, err)
		created, err := tm.env.Client(tm.key).CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "unseen", Name: "Unseen"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		closed := closeOf(t, s, 2*time.Second, func(msg map[string]any) { t.Fatalf("delivered to a disabled account: %v", msg) })
		require.Equal(t, "personal token revoked", closed.Reason)
	})
}
