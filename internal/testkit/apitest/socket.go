package apitest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/require"
)

// Socket is a test client of GET /ws.
type Socket struct {
	t    testing.TB
	Conn *websocket.Conn
}

// Dial opens a socket to the test server, without authenticating.
func (e *Env) Dial() *Socket {
	e.t.Helper()
	s, _, err := e.TryDial()
	require.NoError(e.t, err)
	return s
}

// TryDial opens a socket to the test server, or returns the error and the HTTP response
// that refused the upgrade.
func (e *Env) TryDial() (*Socket, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.URL, "http")+"/ws",
		&websocket.DialOptions{HTTPHeader: http.Header{testHeader: {e.testID}}})
	if err != nil {
		return nil, resp, err
	}
	e.t.Cleanup(func() { _ = conn.CloseNow() })
	return &Socket{t: e.t, Conn: conn}, resp, nil
}

// Subscribe authenticates with key and subscribes to channels, checking the replies.
func (e *Env) Subscribe(key string, channels ...string) *Socket {
	e.t.Helper()
	s := e.Dial()
	s.Send(map[string]string{"type": "auth", "token": key})
	require.Equal(e.t, "auth_ok", s.Read(5 * time.Second)["type"])
	for _, ch := range channels {
		s.Send(map[string]string{"type": "subscribe", "channel": ch})
		reply := s.Read(5 * time.Second)
		require.Equal(e.t, "subscribed", reply["type"], reply)
	}
	return s
}

// Send writes a JSON message.
func (s *Socket) Send(v any) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(s.t, wsjson.Write(ctx, s.Conn, v))
}

// Read reads one JSON message within timeout.
func (s *Socket) Read(timeout time.Duration) map[string]any {
	s.t.Helper()
	msg, err := s.TryRead(timeout)
	require.NoError(s.t, err)
	return msg
}

// TryRead reads one JSON message within timeout, or returns the error (a close, a timeout).
func (s *Socket) TryRead(timeout time.Duration) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, b, err := s.Conn.Read(ctx)
	if err != nil {
		return nil, err
	}
	var msg map[string]any
	return msg, json.Unmarshal(b, &msg)
}
