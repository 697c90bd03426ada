package httpapi

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/database"
)

// write runs a change of the calling key's project in a transaction and returns what fn
// returned once it has committed, after dropping this instance's cached resolves of the
// project, so the caller's next read sees its write. (Other instances hear of it through
// the event's notification.)
func write[T any](ctx context.Context, s *Server, fn func(tx pgx.Tx) (T, error)) (T, error) {
	v, err := database.WithTxV(ctx, s.db, fn)
	if err == nil && s.resolves != nil {
		s.resolves.Invalidate(gateway.Key(ctx).ProjectID)
	}
	return v, err
}

// record writes an event of the calling key's project in tx: the change and its event
// commit together.
func (s *Server) record(ctx context.Context, tx pgx.Tx, eventType string, data any) error {
	key := gateway.Key(ctx)
	_, err := s.events.Record(ctx, tx, events.Event{ProjectID: key.ProjectID, Type: eventType, Key: key, Data: data, Origin: origin(ctx)})
	return err
}

// origin is the request of ctx, as its events record it (the zero Origin for a call that
// no request made).
func origin(ctx context.Context) events.Origin {
	return events.Origin{ClientAddress: gateway.ClientAddr(ctx), UserAgent: gateway.UserAgent(ctx)}
}
