package httpapi

import (
	"context"
	"fmt"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/gateway"
)

// ListEvents lists the project's audit log, newest first.
func (s *Server) ListEvents(ctx context.Context, req api.ListEventsRequestObject) (api.ListEventsResponseObject, error) {
	p := req.Params
	pg := newPage(p.Page, p.Limit)
	projectID := gateway.Key(ctx).ProjectID
	eventType := (*string)(p.Type)
	total, err := s.q.EventCount(ctx, s.db, dbsqlc.EventCountParams{ProjectID: projectID, Type: eventType, Since: p.Since})
	if err != nil {
		return nil, fmt.Errorf("count events: %w", err)
	}
	rows, err := s.q.EventList(ctx, s.db, dbsqlc.EventListParams{
		ProjectID: projectID, Type: eventType, Since: p.Since, RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	out := make([]api.Event, len(rows))
	for i, e := range rows {
		out[i] = EventFromDB(e)
	}
	return api.ListEvents200JSONResponse{Data: out, Meta: pg.meta(total)}, nil
}

// EventFromDB is the API's view of a stored event (the event feed sends it to sockets).
func EventFromDB(e *dbsqlc.Event) api.Event {
	return api.Event{
		Id: e.ID, Type: api.EventType(e.Type), CreatedAt: e.CreatedAt,
		KeyId: nullableOf(e.KeyID), KeyPrefix: nullableOf(e.KeyPrefix), Actor: actorFromDB(e.Actor),
		ClientAddress: addressFromDB(e.ClientAddress), UserAgent: nullableOf(e.UserAgent), Data: e.Data,
	}
}
