package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/promptops/promptops/internal/auth"
)

// The protocol's timings; a Hub copies them so tests can shorten them.
const (
	authTimeout  = 10 * time.Second
	pingInterval = 30 * time.Second
	writeTimeout = 10 * time.Second
)

// AuthenticateFunc turns the token of an auth message, with the project it names (for a
// personal token), into a usable key, or says why not.
type AuthenticateFunc func(ctx context.Context, token, project string) (*auth.Key, string)

// inbound is a message from a client.
type inbound struct {
	Type    string `json:"type"`
	Token   string `json:"token,omitempty"`
	Project string `json:"project,omitempty"`
	Channel string `json:"channel,omitempty"`
}

// Serve upgrades the request and runs the socket's protocol until it closes.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, authenticate AuthenticateFunc) {
	h.serve(w, r, nil, authenticate)
}

// serve is Serve, for a socket of session (nil when it has none).
func (h *Hub) serve(w http.ResponseWriter, r *http.Request, session *Session, authenticate AuthenticateFunc) {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// Keys, not cookies, authenticate a socket, so any origin may connect.
		InsecureSkipVerify: true,
	})
	if err != nil {
		h.logger.InfoContext(r.Context(), "websocket handshake failed", slog.String("error", err.Error()))
		return
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	var once sync.Once
	drop := func(code websocket.StatusCode, reason string) {
		once.Do(func() {
			_ = conn.Close(code, reason)
			cancel()
		})
	}
	// kill closes without the closing handshake, for a peer that has stopped reading.
	kill := func() {
		once.Do(func() {
			_ = conn.CloseNow()
			cancel()
		})
	}
	defer drop(websocket.StatusNormalClosure, "")

	key, ok := h.authenticate(ctx, conn, authenticate, drop)
	if !ok {
		return
	}
	c := &client{key: key, session: session, conn: conn, send: make(chan []byte, sendBuffer), channels: map[string]bool{}, dropFunc: drop, killFunc: kill,
		bye: make(chan struct{}), done: make(chan struct{})}
	if code, reason, ok := h.add(c); !ok {
		drop(code, reason)
		return
	}
	defer h.remove(c)
	// The key may have been revoked, or the session ended, after it was read and before
	// the socket was added, when closing the key's or the session's sockets could not see
	// this one.
	if code, reason, ok := h.check(ctx, c); !ok {
		drop(code, reason)
		return
	}
	if code, reason, ok := h.checkSession(ctx, c); !ok {
		drop(code, reason)
		return
	}
	// auth_ok only once the socket is counted and checked: a client that has it holds its
	// place, and one refused a place never sees it.
	var environment any = key.Environment
	if key.Person != nil {
		environment = nil // a person follows the whole project
	}
	if err := wsjson.Write(ctx, conn, map[string]any{
		"type": "auth_ok", "projectId": key.ProjectID.String(), "environment": environment, "expiresAt": key.ExpiresAt,
	}); err != nil {
		return
	}
	stop := h.closeAtExpiry(c)
	defer stop()
	go h.write(ctx, c)
	h.read(ctx, c)
}

// authenticate waits for the auth message and checks its key; a missing or bad one closes
// with 1008.
func (h *Hub) authenticate(ctx context.Context, conn *websocket.Conn, authenticate AuthenticateFunc, drop func(websocket.StatusCode, string)) (*auth.Key, bool) {
	authCtx, cancel := context.WithTimeout(ctx, authTimeout)
	defer cancel()
	var msg inbound
	if err := wsjson.Read(authCtx, conn, &msg); err != nil || msg.Type != "auth" {
		drop(websocket.StatusPolicyViolation, `the first message must be {"type":"auth","token":"…"}, with "project" for a personal token`)
		return nil, false
	}
	key, problem := authenticate(ctx, msg.Token, msg.Project)
	if key == nil {
		drop(websocket.StatusPolicyViolation, problem)
		return nil, false
	}
	return key, true
}

// read handles subscribe and unsubscribe messages until the socket closes.
func (h *Hub) read(ctx context.Context, c *client) {
	for {
		var msg inbound
		err := wsjson.Read(ctx, c.conn, &msg)
		if err != nil {
			var closeErr websocket.CloseError
			if !errors.As(err, &closeErr) && ctx.Err() == nil {
				c.dropFunc(websocket.StatusUnsupportedData, "messages must be JSON objects")
			}
			return
		}
		switch {
		case (msg.Type == "subscribe" || msg.Type == "unsubscribe") && validChannel(msg.Channel):
			h.subscribe(c, msg.Channel, msg.Type == "subscribe")
			h.reply(c, map[string]string{"type": msg.Type + "d", "channel": msg.Channel})
		case msg.Type == "subscribe" || msg.Type == "unsubscribe":
			h.reply(c, map[string]string{"type": "error", "message": "unknown channel " + msg.Channel + "; channels are prompts, events and system"})
		default:
			h.reply(c, map[string]string{"type": "error", "message": "unknown message type " + msg.Type + "; send subscribe or unsubscribe"})
		}
	}
}

func (h *Hub) reply(c *client, v any) {
	if b, err := json.Marshal(v); err == nil {
		h.offer(c, b)
	}
}

// write sends queued messages and pings until the socket closes.
func (h *Hub) write(ctx context.Context, c *client) {
	defer close(c.done)
	ticker := time.NewTicker(h.pingInterval)
	defer ticker.Stop()
	send := func(msg []byte) bool {
		wctx, cancel := context.WithTimeout(ctx, writeTimeout)
		defer cancel()
		if err := c.conn.Write(wctx, websocket.MessageText, msg); err != nil {
			c.killFunc()
			return false
		}
		return true
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.bye:
			for len(c.send) > 0 && send(<-c.send) {
			}
			c.dropFunc(websocket.StatusGoingAway, "server shutting down")
			return
		case msg := <-c.send:
			if !send(msg) {
				return
			}
		case <-ticker.C:
			pctx, cancel := context.WithTimeout(ctx, h.pingTimeout)
			err := c.conn.Ping(pctx)
			cancel()
			if err != nil {
				c.killFunc() // the peer is gone or not reading
				return
			}
		}
	}
}

func validChannel(ch string) bool {
	return ch == ChannelPrompts || ch == ChannelEvents || ch == ChannelSystem
}
