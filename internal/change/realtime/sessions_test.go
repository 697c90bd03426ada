package realtime

import (
	"context"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/auth"
)

// TestSessionSockets checks that a console session's sockets end with it: EndSession
// closes them (and no other), and Recheck closes those whose session is found gone.
func TestSessionSockets(t *testing.T) {
	t.Parallel()

	type closed struct {
		code   websocket.StatusCode
		reason string
	}
	type testBundle struct {
		h   *Hub
		key *auth.Key
	}
	setup := func() *testBundle {
		key := &auth.Key{ID: uuid.New(), ProjectID: uuid.New(), Scopes: auth.AllScopes}
		return &testBundle{h: newTestHub(key), key: key}
	}
	// join adds a socket of session (nil: an API socket) to the hub; its close arrives on
	// the channel.
	join := func(t *testing.T, bundle *testBundle, session *Session) <-chan closed {
		out := make(chan closed, 1)
		c := &client{key: bundle.key, session: session, send: make(chan []byte, sendBuffer), channels: map[string]bool{},
			dropFunc: func(code websocket.StatusCode, reason string) { out <- closed{code, reason} }}
		_, _, ok := bundle.h.add(c)
		require.True(t, ok)
		return out
	}
	live := func(ok bool) func(context.Context) (bool, error) {
		return func(context.Context) (bool, error) { return ok, nil }
	}
	waitClosed := func(t *testing.T, ch <-chan closed) closed {
		t.Helper()
		select {
		case c := <-ch:
			return c
		case <-time.After(10 * time.Second):
			t.Fatal("the socket was not closed")
		}
		return closed{}
	}

	t.Run("EndSession", func(t *testing.T) {
		t.Parallel()
		bundle := setup()
		ended := &Session{ID: uuid.New(), EndsAt: time.Now().Add(time.Hour), LiveFunc: live(true)}
		other := &Session{ID: uuid.New(), EndsAt: time.Now().Add(time.Hour), LiveFunc: live(true)}
		endedSocket, otherSocket, apiSocket := join(t, bundle, ended), join(t, bundle, other), join(t, bundle, nil)
		bundle.h.EndSession(ended.ID)
		require.Equal(t, closed{websocket.StatusPolicyViolation, ReasonSessionEnded}, waitClosed(t, endedSocket))
		require.Empty(t, otherSocket)
		require.Empty(t, apiSocket)
	})

	t.Run("RecheckFindsItGone", func(t *testing.T) {
		t.Parallel()
		bundle := setup()
		gone := join(t, bundle, &Session{ID: uuid.New(), EndsAt: time.Now().Add(time.Hour), LiveFunc: live(false)})
		kept := join(t, bundle, &Session{ID: uuid.New(), EndsAt: time.Now().Add(time.Hour), LiveFunc: live(true)})
		bundle.h.Recheck(context.Background())
		require.Equal(t, closed{websocket.StatusPolicyViolation, ReasonSessionEnded}, waitClosed(t, gone))
		require.Empty(t, kept)
	})
}
