package realtime

import (
	"context"
	"log/slog"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/promptops/promptops/internal/auth"
)

// The close reasons of a socket whose key stopped being usable (with 1008).
const (
	ReasonRevoked = "API key revoked"
	ReasonExpired = "API key expired"
	// ReasonProjectDeleted closes the sockets of a deleted project.
	ReasonProjectDeleted = "project deleted"
)

// Revoke closes every socket of a revoked key here with 1008. The sockets leave the hub at
// once, so no event published after Revoke returns reaches them; the closing handshakes
// run on their own.
func (h *Hub) Revoke(keyID uuid.UUID) {
	h.closeWhere(func(c *client) bool { return c.key.ID == keyID }, ReasonRevoked)
}

// EndProject closes every socket of a deleted project here with 1008, as Revoke does.
func (h *Hub) EndProject(project uuid.UUID) {
	h.closeWhere(func(c *client) bool { return c.key.ProjectID == project }, ReasonProjectDeleted)
}

// closeWhere closes with 1008 and reason every socket here that match picks.
func (h *Hub) closeWhere(match func(*client) bool, reason string) {
	h.mu.Lock()
	var closing []*client
	for c := range h.clients {
		if match(c) {
			closing = append(closing, c)
		}
	}
	h.mu.Unlock()
	for _, c := range closing {
		h.close(c, websocket.StatusPolicyViolation, reason)
	}
}

// Recheck checks every socket's key, and console session, again and closes those that are
// no longer usable: for when revocations and sign-outs may have been missed (the event
// listener lost its connection).
func (h *Hub) Recheck(ctx context.Context) {
	h.mu.Lock()
	all := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		all = append(all, c)
	}
	h.mu.Unlock()
	for _, c := range all {
		if !h.usable(ctx, c) {
			continue
		}
		if code, reason, ok := h.checkSession(ctx, c); !ok {
			h.close(c, code, reason)
		}
	}
}

// usable reports whether c may still be sent events (check), and closes it if not.
func (h *Hub) usable(ctx context.Context, c *client) bool {
	code, reason, ok := h.check(ctx, c)
	if !ok {
		h.close(c, code, reason)
	}
	return ok
}

// check reads c's key as it is now and says whether the socket may still be sent events,
// or how to close it: 1008 when the key is revoked or expired, 1013 (reconnect later) when
// the key could not be read.
func (h *Hub) check(ctx context.Context, c *client) (websocket.StatusCode, string, bool) {
	k, err := h.keyFunc(ctx, c.key.Hash)
	if err != nil {
		if ctx.Err() == nil {
			h.logger.WarnContext(ctx, "websocket key check failed", slog.String("key_prefix", c.key.Prefix), slog.String("error", err.Error()))
		}
		return websocket.StatusTryAgainLater, "the API key could not be checked; reconnect", false
	}
	if reason := closeReason(k, h.nowFunc()); reason != "" {
		return websocket.StatusPolicyViolation, reason, false
	}
	return 0, "", true
}

// closeAtExpiry closes c when its key expires, or its console session; stop cancels that.
func (h *Hub) closeAtExpiry(c *client) (stop func()) {
	var timers []*time.Timer
	closeAt := func(at time.Time, reason string) {
		timers = append(timers, time.AfterFunc(at.Sub(h.nowFunc()), func() {
			h.close(c, websocket.StatusPolicyViolation, reason)
		}))
	}
	if c.key.ExpiresAt != nil {
		closeAt(*c.key.ExpiresAt, ReasonExpired)
	}
	if c.session != nil {
		closeAt(c.session.EndsAt, ReasonSessionExpired)
	}
	return func() {
		for _, t := range timers {
			t.Stop()
		}
	}
}

// close takes c out of the hub, so that nothing more is offered to it, and closes its
// socket without waiting for the closing handshake.
func (h *Hub) close(c *client, code websocket.StatusCode, reason string) {
	if h.remove(c) {
		go c.dropFunc(code, reason)
	}
}

// closeReason says why a key read now can no longer be used by a socket, or "".
func closeReason(k *auth.Key, now time.Time) string {
	switch k.UsabilityAt(now) {
	case auth.Revoked:
		return ReasonRevoked
	case auth.Expired:
		return ReasonExpired
	}
	return ""
}
