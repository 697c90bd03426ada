package realtime

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/auth"
)

// TestPings: a client that reads (and so answers pings) stays connected through many ping
// intervals; one that never reads cannot answer, and is dropped.
func TestPings(t *testing.T) {
	t.Parallel()
	key := &auth.Key{ID: uuid.New(), ProjectID: uuid.New(), Environment: "dev"}
	h := newTestHub(key)
	h.pingInterval, h.pingTimeout = 20*time.Millisecond, 100*time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Serve(w, r, func(context.Context, string, string) (*auth.Key, string) { return key, "" })
	}))
	defer srv.Close()
	dial := func() *websocket.Conn {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
		require.NoError(t, err)
		require.NoError(t, wsjson.Write(ctx, conn, map[string]string{"type": "auth", "token": "x"}))
		var ok map[string]string
		require.NoError(t, wsjson.Read(ctx, conn, &ok))
		require.Equal(t, "auth_ok", ok["type"])
		return conn
	}

	alive := dial()
	defer alive.CloseNow()
	readCtx, stopReading := context.WithCancel(context.Background())
	defer stopReading()
	closed := make(chan error, 1)
	go func() {
		_, _, err := alive.Read(readCtx) // reading is what answers pings
		closed <- err
	}()

	silent := dial()
	defer silent.CloseNow()
	require.Eventually(t, func() bool { return h.clientCount() == 1 }, 5*time.Second, 10*time.Millisecond,
		"the client that never reads should be dropped")
	select {
	case err := <-closed:
		t.Fatalf("the reading client was dropped: %v", err)
	case <-time.After(10 * h.pingInterval):
	}
}

func (h *Hub) clientCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}
