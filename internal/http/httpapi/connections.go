package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/database"
)

const (
	msgConnectionNotFound = "No connection with this id in the project."
	msgKeyStaysWithHost   = "is required when baseUrl or provider changes: the stored key is only ever sent to the host it was given for"
	// connectionNameKey is the constraint keeping a project's connection names unique.
	connectionNameKey = "connections_project_name_key"
)

// ListConnections lists the project's provider connections, by name.
func (s *Server) ListConnections(ctx context.Context, req api.ListConnectionsRequestObject) (api.ListConnectionsResponseObject, error) {
	pg := newPage(req.Params.Page, req.Params.Limit)
	projectID := gateway.Key(ctx).ProjectID
	total, err := s.q.ConnectionCount(ctx, s.db, projectID)
	if err != nil {
		return nil, fmt.Errorf("count connections: %w", err)
	}
	rows, err := s.q.ConnectionList(ctx, s.db, dbsqlc.ConnectionListParams{ProjectID: projectID, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	out := make([]api.Connection, len(rows))
	for i, c := range rows {
		out[i] = connectionFromDB(c)
	}
	return api.ListConnections200JSONResponse{Data: out, Meta: pg.meta(total)}, nil
}

// CreateConnection stores a provider connection, its API key sealed.
func (s *Server) CreateConnection(ctx context.Context, req api.CreateConnectionRequestObject) (api.CreateConnectionResponseObject, error) {
	b := req.Body
	if bad, ok := s.checkBaseURL(ctx, b.BaseUrl); !ok {
		return api.CreateConnection400JSONResponse{BadRequestJSONResponse: bad}, nil
	}
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Connection, error) {
		if err := s.withinQuota(ctx, tx, s.quotas.Connections, s.q.ConnectionCount); err != nil {
			return nil, err
		}
		row, err := s.q.ConnectionCreate(ctx, tx, dbsqlc.ConnectionCreateParams{
			ProjectID: gateway.Key(ctx).ProjectID, Name: b.Name, Provider: string(b.Provider), BaseUrl: b.BaseUrl,
			ApiKey: s.webhooks.Seal(b.ApiKey), DefaultModel: b.DefaultModel,
		})
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.ConnectionCreated, connectionFromDB(row))
	})
	switch {
	case errors.Is(err, errQuotaExceeded):
		return api.CreateConnection409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceConnections, s.quotas.Connections)}, nil
	case database.UniqueViolation(err, connectionNameKey):
		return api.CreateConnection409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{Body: conflict(ctx, nameTaken(b.Name)).Body}}, nil
	case err != nil:
		return nil, fmt.Errorf("insert connection: %w", err)
	}
	return api.CreateConnection201JSONResponse{Body: api.ConnectionResponse{Data: connectionFromDB(row)}}, nil
}

// GetConnection returns one connection of the project.
func (s *Server) GetConnection(ctx context.Context, req api.GetConnectionRequestObject) (api.GetConnectionResponseObject, error) {
	row, err := s.q.ConnectionGet(ctx, s.db, dbsqlc.ConnectionGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.ConnectionId})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetConnection404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgConnectionNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get connection: %w", err)
	}
	return api.GetConnection200JSONResponse{Data: connectionFromDB(row)}, nil
}

// errKeyStaysWithHost refuses a change of a connection's host that does not bring a key
// for the new host.
var errKeyStaysWithHost = errors.New("a connection's host changes without a new key")

// UpdateConnection changes the fields of a connection the request names. A change of host
// (baseUrl or provider) must bring its own key: the sealed one was given for the old host
// and is never shown again, so that an admin who never saw it cannot send it elsewhere.
func (s *Server) UpdateConnection(ctx context.Context, req api.UpdateConnectionRequestObject) (api.UpdateConnectionResponseObject, error) {
	b := req.Body
	if b.BaseUrl != nil {
		if bad, ok := s.checkBaseURL(ctx, *b.BaseUrl); !ok {
			return api.UpdateConnection400JSONResponse(bad.Body), nil
		}
	}
	params := dbsqlc.ConnectionUpdateParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.ConnectionId, Name: b.Name, BaseUrl: b.BaseUrl}
	if b.Provider != nil {
		params.Provider = new(string(*b.Provider))
	}
	if b.ApiKey != nil {
		params.ApiKey = new(s.webhooks.Seal(*b.ApiKey))
	}
	if b.DefaultModel.IsSpecified() {
		params.DefaultModelSet = true
		if !b.DefaultModel.IsNull() {
			params.DefaultModel = new(b.DefaultModel.MustGet())
		}
	}
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Connection, error) {
		old, err := s.q.ConnectionGetForUpdate(ctx, tx, dbsqlc.ConnectionGetForUpdateParams{ProjectID: params.ProjectID, ID: params.ID})
		if err != nil {
			return nil, err
		}
		if b.ApiKey == nil && changesHost(old, b) {
			return nil, errKeyStaysWithHost
		}
		row, err := s.q.ConnectionUpdate(ctx, tx, params)
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.ConnectionUpdated, connectionFromDB(row))
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.UpdateConnection404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgConnectionNotFound)}, nil
	case errors.Is(err, errKeyStaysWithHost):
		return api.UpdateConnection400JSONResponse(invalid(ctx, api.ErrorDetails{}, api.FieldProblem{Field: "/apiKey", Problem: msgKeyStaysWithHost}).Body), nil
	case database.UniqueViolation(err, connectionNameKey):
		return api.UpdateConnection409JSONResponse{ConflictJSONResponse: conflict(ctx, nameTaken(*b.Name))}, nil
	case err != nil:
		return nil, fmt.Errorf("update connection: %w", err)
	}
	return api.UpdateConnection200JSONResponse{Data: connectionFromDB(row)}, nil
}

// DeleteConnection deletes a connection with its sealed key.
func (s *Server) DeleteConnection(ctx context.Context, req api.DeleteConnectionRequestObject) (api.DeleteConnectionResponseObject, error) {
	_, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Connection, error) {
		row, err := s.q.ConnectionDelete(ctx, tx, dbsqlc.ConnectionDeleteParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.ConnectionId})
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.ConnectionDeleted, connectionFromDB(row))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.DeleteConnection404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgConnectionNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("delete connection: %w", err)
	}
	return api.DeleteConnection204Response{}, nil
}

// changesHost reports whether an update sends c's key somewhere else: to another base URL,
// or as another provider's request (the same as stored is no change).
func changesHost(c *dbsqlc.Connection, b *api.UpdateConnectionRequest) bool {
	return (b.BaseUrl != nil && *b.BaseUrl != c.BaseUrl) || (b.Provider != nil && string(*b.Provider) != c.Provider)
}

// checkBaseURL applies the address policy of webhooks to a connection's base URL,
// answering the 400 that names the problem when it fails.
func (s *Server) checkBaseURL(ctx context.Context, url string) (api.BadRequestJSONResponse, bool) {
	if err := s.webhooks.CheckURL(ctx, url); err != nil {
		return invalid(ctx, api.ErrorDetails{}, api.FieldProblem{Field: "/baseUrl", Problem: err.Error()}), false
	}
	return api.BadRequestJSONResponse{}, true
}

func nameTaken(name string) string {
	return "The project already has a connection named " + name + "."
}

func connectionFromDB(c *dbsqlc.Connection) api.Connection {
	return api.Connection{
		Id: c.ID, Name: c.Name, Provider: api.ConnectionProvider(c.Provider), BaseUrl: c.BaseUrl,
		DefaultModel: nullableOf(c.DefaultModel), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}
