package console

import (
	"context"
	"net/http"

	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/realtime"
	"github.com/promptops/promptops/internal/http/gateway"
)

// socket serves /console/ws: the API's WebSocket feed (internal/change/realtime, the same hub and
// protocol as /ws) for a signed-in page, authenticated by the session rather than by a
// key in the first message, so that the page never holds the key. The token of the
// protocol's auth message is ignored. The cookie is SameSite=Strict, and the upgrade must
// come from this origin besides, since a browser lets any page open a socket anywhere.
// The socket lasts no longer than its session: it is closed with 1008 at sign-out (on
// any instance) and when the session expires.
func (c *Console) socket(w http.ResponseWriter, r *http.Request, s *session) {
	if origin := r.Header.Get("Origin"); origin != "" && !c.sameOrigin(r, origin) {
		c.forged(w, r)
		return
	}
	release, ok := c.o.Hub.Admit(gateway.ClientAddr(r.Context()))
	if !ok {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "Too many sockets from this address.", http.StatusTooManyRequests)
		return
	}
	defer release()
	bound := realtime.Session{ID: sessionRef(s.idHash), EndsAt: s.expiresAt, LiveFunc: func(ctx context.Context) (bool, error) {
		return c.live(ctx, s.idHash)
	}}
	c.o.Hub.ServeSession(w, r, bound, func(ctx context.Context, _, _ string) (*auth.Key, string) {
		again := &session{row: s.row}
		refused, err := c.authenticate(ctx, again)
		switch {
		case err != nil:
			return nil, "the session could not be checked; try again"
		case refused != nil:
			return nil, refused.Message
		case again.key == nil:
			return nil, "you are no longer a member of this project"
		}
		return again.key, ""
	})
}

// sameOrigin reports whether origin is the request's own (scheme and host); behind a
// proxy that terminates TLS (Options.SecureCookies), the page's scheme is https.
func (c *Console) sameOrigin(r *http.Request, origin string) bool {
	scheme := "http"
	if c.secure(r) {
		scheme = "https"
	}
	return origin == scheme+"://"+r.Host
}
