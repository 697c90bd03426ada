package realtime

import (
	"context"
	"log/slog"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/promptops/promptops/internal/auth"
)

// The close reasons of a socket whose key or personal token stopped being usable (with
// 1008).
const (
	ReasonRevoked      = "API key revoked"
	ReasonExpired      = "API key expired"
	ReasonTokenRevoked = "personal token revoked"
	ReasonTokenExpired = "personal token expired"
	// ReasonProjectDeleted closes the sockets of a deleted project.
	ReasonProjectDeleted = "project deleted"
	// ReasonRemoved closes a person's sockets of a project they are no longer a member of.
	ReasonRemoved = "no longer a member of this project"
	// ReasonRoleChanged closes a person's sockets of a project where their role changed:
	// the socket was opened with the rights of the role before.
	ReasonRoleChanged = "role in this project changed; reconnect"
)

// Revoke closes every socket of a revoked key, or personal token, here with 1008. The
// sockets leave the hub at once, so no event published after Revoke returns reaches them;
// the closing handshakes run on their own.
func (h *Hub) Revoke(keyID uuid.UUID) {
	h.closeWhere(func(c *client) string {
		revoked, _ := reasons(c.key)
		return when(c.key.ID == keyID, revoked)
	})
}

// EndProject closes every socket of a deleted project here with 1008, as Revoke does.
func (h *Hub) EndProject(project uuid.UUID) {
	h.closeWhere(func(c *client) string { return when(c.key.ProjectID == project, ReasonProjectDeleted) })
}

// MemberChanged closes with 1008, as Revoke does, every socket here of the person user in
// project that was opened with a role other than role, their role now ("" once they are
// no longer a member).
func (h *Hub) MemberChanged(project, user uuid.UUID, role string) {
	now := &auth.Key{Person: &auth.Person{Role: role}}
	h.closeWhere(func(c *client) string {
		if c.key.ProjectID != project || c.key.Person == nil || c.key.Person.UserID != user {
			return ""
		}
		return memberReason(c.key, now)
	})
}

// when is reason if match, else "".
func when(match bool, reason string) string {
	if match {
		return reason
	}
	return ""
}

// closeWhere closes with 1008 every socket here that reasonOf gives a reason for.
func (h *Hub) closeWhere(reasonOf func(*client) string) {
	h.mu.Lock()
	closing := map[*client]string{}
	for c := range h.clients {
		if reason := reasonOf(c); reason != "" {
			closing[c] = reason
		}
	}
	h.mu.Unlock()
	for c, reason := range closing {
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
// or how to close it: 1008 when the key is revoked or expired, or its person is no longer
// a member of the project or has another role in it; 1013 (reconnect later) when the key
// could not be read.
func (h *Hub) check(ctx context.Context, c *client) (websocket.StatusCode, string, bool) {
	k, err := h.keyFunc(ctx, c.key)
	if err != nil {
		if ctx.Err() == nil {
			h.logger.WarnContext(ctx, "websocket key check failed", slog.String("key_prefix", c.key.Prefix), slog.String("error", err.Error()))
		}
		return websocket.StatusTryAgainLater, "the API key could not be checked; reconnect", false
	}
	if reason := closeReason(k, h.nowFunc()); reason != "" {
		return websocket.StatusPolicyViolation, reason, false
	}
	if reason := memberReason(c.key, k); reason != "" {
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
		_, expired := reasons(c.key)
		closeAt(*c.key.ExpiresAt, expired)
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
	revoked, expired := reasons(k)
	switch k.UsabilityAt(now) {
	case auth.Revoked:
		return revoked
	case auth.Expired:
		return expired
	}
	return ""
}

// reasons are the close reasons of k's sockets: an API key's, or a personal token's.
func reasons(k *auth.Key) (revoked, expired string) {
	if k.Person != nil {
		return ReasonTokenRevoked, ReasonTokenExpired
	}
	return ReasonRevoked, ReasonExpired
}

// memberReason says why a person's socket, opened with the key was, can no longer be used
// now: they are no longer a member of its project, or they have another role there (the
// socket's rights are the old role's). It is "" for an API key's socket.
func memberReason(was, now *auth.Key) string {
	switch {
	case was.Person == nil:
		return ""
	case now.Person == nil || now.Person.Role == "":
		return ReasonRemoved
	case now.Person.Role != was.Person.Role:
		return ReasonRoleChanged
	}
	return ""
}
