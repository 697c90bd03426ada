package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/events"
	"github.com/promptops/promptops/internal/notify"
)

// ConnectWebSocket serves GET /ws: the realtime event feed (see the spec for its protocol).
// It is not part of the generated strict interface because the upgrade needs the connection.
func (s *Server) ConnectWebSocket(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		writeError(w, r, &apiError{status: http.StatusBadRequest, code: api.ErrorCodeVALIDATIONERROR,
			message: "GET /ws needs a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)."})
		return
	}
	s.hub.Serve(w, r, func(ctx context.Context, token string) (*auth.Key, string) {
		key, apiErr, err := s.lookupKey(ctx, "Bearer "+token)
		switch {
		case err != nil:
			return nil, "the key could not be checked; try again"
		case apiErr != nil:
			return nil, apiErr.message
		}
		return key, ""
	})
}

// Listen hears every committed event, from any instance, and passes it to this instance's
// sockets. It returns once listening; done closes when ctx ends and listening stops.
func (s *Server) Listen(ctx context.Context) (done <-chan struct{}, err error) {
	subscribe := func(ctx context.Context, conn *pgx.Conn) error { return s.q.ListenEvents(ctx, conn) }
	return notify.Listen(ctx, s.db, subscribe, notify.Handlers{
		Notification: func(ctx context.Context, payload string) {
			a, err := events.ParseAnnouncement(payload)
			if err != nil {
				s.logger.WarnContext(ctx, "unreadable event announcement", slog.String("error", err.Error()))
				return
			}
			s.invalidate(a)
			if !s.hub.Watching(a.ProjectID) {
				return // no socket here wants it: skip reading it
			}
			e, err := s.q.EventGet(ctx, s.db, a.ID)
			if err != nil && ctx.Err() == nil {
				s.logger.WarnContext(ctx, "load notified event", slog.String("event_id", payload), slog.String("error", err.Error()))
			}
			if err != nil {
				return
			}
			s.hub.Publish(e.ProjectID, eventFromDB(e))
		},
		Reconnected: func(context.Context) {
			// Announcements may have been missed: nothing cached can be trusted.
			if s.resolves != nil {
				s.resolves.Flush()
				s.keys.Invalidate()
			}
			s.hub.System("event feed interrupted: events of the last moments may be missing; GET /api/v1/events has them all")
		},
	}, s.logger)
}

// invalidate drops what this instance cached that an announced change made stale.
func (s *Server) invalidate(a events.Announcement) {
	if s.resolves == nil {
		return
	}
	if events.AboutPrompts(a.Type) {
		s.resolves.Invalidate(a.ProjectID)
	}
	if a.Type == events.APIKeyRevoked {
		s.keys.Invalidate()
	}
}

// MetricsHandler serves the server's metrics in Prometheus's format (for the debug address).
func (s *Server) MetricsHandler() http.Handler { return s.metrics.Handler() }

// Close says goodbye to this instance's sockets.
func (s *Server) Close() { s.hub.Close() }
