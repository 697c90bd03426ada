package realtime

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
)

// TestSlowClientIsDropped fills one client's buffer: the next event drops it with 1013,
// while a client that keeps up gets every event and Publish never blocks.
func TestSlowClientIsDropped(t *testing.T) {
	t.Parallel()
	project := uuid.New()
	key := &auth.Key{ID: uuid.New(), ProjectID: project, Scopes: []string{auth.ScopePromptsRead}}
	h := newTestHub(key)

	dropped := make(chan websocket.StatusCode, 1)
	slow := &client{key: key, send: make(chan []byte, sendBuffer), channels: map[string]bool{ChannelPrompts: true},
		dropFunc: func(code websocket.StatusCode, _ string) { dropped <- code }}
	fast := &client{key: key, send: make(chan []byte, 2*sendBuffer), channels: map[string]bool{ChannelPrompts: true},
		dropFunc: func(websocket.StatusCode, string) { t.Error("the fast client was dropped") }}
	for _, c := range []*client{slow, fast} {
		_, _, ok := h.add(c)
		require.True(t, ok)
	}

	event := api.Event{Id: uuid.New(), Type: "prompt.created", Data: []byte(`{}`), CreatedAt: time.Now()}
	for range sendBuffer + 1 {
		h.Publish(context.Background(), project, event)
	}
	select {
	case code := <-dropped:
		require.Equal(t, websocket.StatusTryAgainLater, code)
	case <-time.After(time.Second):
		t.Fatal("the slow client was not dropped")
	}
	require.Len(t, fast.send, sendBuffer+1)

	// Another project's events reach neither.
	h.Publish(context.Background(), uuid.New(), event)
	require.Len(t, fast.send, sendBuffer+1)
}

// newTestHub is a hub whose sockets all hold key, as it stays.
func newTestHub(key *auth.Key) *Hub {
	return NewHub(Options{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxPerKey: 10, MaxPerAddr: 10,
		KeyFunc: func(context.Context, *auth.Key) (*auth.Key, error) { return key, nil },
	})
}
