package realtime

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
)

// The close reasons of a socket whose console session ended (with 1008).
const (
	ReasonSessionEnded   = "console session ended"
	ReasonSessionExpired = "console session expired"
)

// Session is the console session a socket is opened under (ServeSession): the socket is
// closed when the session ends, at sign-out on any instance (EndSession), at its expiry,
// or when it is found gone on joining or on Recheck.
type Session struct {
	// ID names the session to EndSession.
	ID uuid.UUID
	// EndsAt is when the session expires.
	EndsAt time.Time
	// LiveFunc reports whether the session still exists; it is asked when the socket joins
	// the hub, and by Recheck, for when sign-outs may have been missed.
	LiveFunc func(ctx context.Context) (bool, error)
}

// ServeSession serves a socket as Serve does, for as long as the console session s lasts.
func (h *Hub) ServeSession(w http.ResponseWriter, r *http.Request, s Session, authenticate AuthenticateFunc) {
	h.serve(w, r, &s, authenticate)
}

// EndSession closes every socket of the console session id here with 1008. Like Revoke,
// the sockets leave the hub at once.
func (h *Hub) EndSession(id uuid.UUID) {
	h.mu.Lock()
	var ended []*client
	for c := range h.clients {
		if c.session != nil && c.session.ID == id {
			ended = append(ended, c)
		}
	}
	h.mu.Unlock()
	for _, c := range ended {
		h.close(c, websocket.StatusPolicyViolation, ReasonSessionEnded)
	}
}

// checkSession says whether c's console session, if it has one, still exists, or how to
// close c: 1008 when it has ended, 1013 (reconnect later) when that could not be read.
func (h *Hub) checkSession(ctx context.Context, c *client) (websocket.StatusCode, string, bool) {
	if c.session == nil {
		return 0, "", true
	}
	live, err := c.session.LiveFunc(ctx)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			h.logger.WarnContext(ctx, "websocket session check failed", slog.String("key_prefix", c.key.Prefix), slog.String("error", err.Error()))
		}
		return websocket.StatusTryAgainLater, "the console session could not be checked; reconnect", false
	case !live:
		return websocket.StatusPolicyViolation, ReasonSessionEnded, false
	}
	return 0, "", true
}
