package httpapi

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
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

// writeAside runs a change that cannot alter what resolve answers (a key, a webhook, a
// connection, a member, an environment's protection) as write does, but keeps this
// instance's cached resolves: managing a project must not turn its reads into database
// reads, nor into failures while the database is down. (A new version can: it goes live in
// dev.)
func writeAside[T any](ctx context.Context, s *Server, fn func(tx pgx.Tx) (T, error)) (T, error) {
	return database.WithTxV(ctx, s.db, fn)
}

// errDryRun ends the transaction of a dry run, which rolls it back.
var errDryRun = errors.New("dry run: rolled back")

// dryRun runs a change as write does, and rolls it back instead of committing it: a
// validate-only request makes every check of the change, those inside its transaction too
// (the prompt's lock, quotas, composition in dev), and keeps nothing, neither rows nor
// events nor their notifications and deliveries, which go out only at commit.
func dryRun[T any](ctx context.Context, s *Server, fn func(tx pgx.Tx) (T, error)) (T, error) {
	var out T
	_, err := database.WithTxV(ctx, s.db, func(tx pgx.Tx) (struct{}, error) {
		v, err := fn(tx)
		if err != nil {
			return struct{}{}, err
		}
		out = v
		return struct{}{}, errDryRun
	})
	if errors.Is(err, errDryRun) {
		return out, nil
	}
	var zero T
	return zero, err
}

// validateOnly says whether a create's validateOnly parameter asks for a dry run.
func validateOnly(p *api.ValidateOnly) bool { return p != nil && *p }

// record writes an event of the calling key's project in tx: the change and its event
// commit together.
func (s *Server) record(ctx context.Context, tx pgx.Tx, eventType string, data any) error {
	return s.recordIn(ctx, tx, gateway.Key(ctx).ProjectID, eventType, data)
}

// recordIn writes an event the caller made in a project in tx: record's, or, for a change
// of a request that names no project (accepting an invitation), the project changed.
func (s *Server) recordIn(ctx context.Context, tx pgx.Tx, projectID uuid.UUID, eventType string, data any) error {
	_, err := s.events.Record(ctx, tx, events.Event{ProjectID: projectID, Type: eventType, Key: gateway.Key(ctx), Data: data, Origin: origin(ctx)})
	return err
}

// origin is the request of ctx, as its events record it (the zero Origin for a call that
// no request made).
func origin(ctx context.Context) events.Origin {
	return events.Origin{ClientAddress: gateway.ClientAddr(ctx), UserAgent: gateway.UserAgent(ctx)}
}
