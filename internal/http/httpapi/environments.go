package httpapi

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/database"
)

// msgEnvironmentNotFound answers a path naming an environment the project does not have.
const msgEnvironmentNotFound = "The project has no environment of this name."

// errPredecessorLoop is returned inside UpdateEnvironment's transaction when the new
// predecessor already follows the environment, directly or through others.
var errPredecessorLoop = errors.New("predecessors loop")

// CreateEnvironment adds an environment, unprotected, to the project.
func (s *Server) CreateEnvironment(ctx context.Context, req api.CreateEnvironmentRequestObject) (api.CreateEnvironmentResponseObject, error) {
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Environment, error) {
		if err := s.withinQuota(ctx, tx, s.quotas.Environments, s.q.EnvironmentCount); err != nil {
			return nil, err
		}
		row, err := s.q.EnvironmentCreate(ctx, tx, dbsqlc.EnvironmentCreateParams{ProjectID: gateway.Key(ctx).ProjectID, Name: req.Body.Name})
		if err != nil {
			return nil, fmt.Errorf("insert environment: %w", err)
		}
		return row, s.record(ctx, tx, events.EnvironmentCreated, environmentFromDB(row))
	})
	switch {
	case errors.Is(err, errQuotaExceeded):
		return api.CreateEnvironment409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceEnvironments, s.quotas.Environments)}, nil
	case database.UniqueViolation(err, "environments_pkey"):
		return api.CreateEnvironment409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{
			Body: conflict(ctx, "The project has an environment named "+req.Body.Name+" already.").Body}}, nil
	case err != nil:
		return nil, fmt.Errorf("create environment %s: %w", req.Body.Name, err)
	}
	return api.CreateEnvironment201JSONResponse{Body: api.ProjectEnvironmentResponse{Data: environmentFromDB(row)}}, nil
}

// ListEnvironments lists the project's environments, the reference three first.
func (s *Server) ListEnvironments(ctx context.Context, req api.ListEnvironmentsRequestObject) (api.ListEnvironmentsResponseObject, error) {
	projectID := gateway.Key(ctx).ProjectID
	pg := newPage(req.Params.Page, req.Params.Limit)
	total, err := s.q.EnvironmentCount(ctx, s.db, projectID)
	if err != nil {
		return nil, fmt.Errorf("count environments: %w", err)
	}
	rows, err := s.q.EnvironmentList(ctx, s.db, dbsqlc.EnvironmentListParams{ProjectID: projectID, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list environments: %w", err)
	}
	out := make([]api.ProjectEnvironment, len(rows))
	for i, row := range rows {
		out[i] = environmentFromDB(row)
	}
	return api.ListEnvironments200JSONResponse{Data: out, Meta: pg.meta(total)}, nil
}

// GetEnvironment returns one of the project's environments.
func (s *Server) GetEnvironment(ctx context.Context, req api.GetEnvironmentRequestObject) (api.GetEnvironmentResponseObject, error) {
	row, err := s.q.EnvironmentGet(ctx, s.db, dbsqlc.EnvironmentGetParams{ProjectID: gateway.Key(ctx).ProjectID, Name: req.Name})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetEnvironment404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgEnvironmentNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get environment %s: %w", req.Name, err)
	}
	return api.GetEnvironment200JSONResponse{Data: environmentFromDB(row)}, nil
}

// UpdateEnvironment replaces an environment's protection. The project's lock orders it
// with other updates, so that two concurrent ones cannot close a loop of predecessors
// that neither sees alone.
func (s *Server) UpdateEnvironment(ctx context.Context, req api.UpdateEnvironmentRequestObject) (api.UpdateEnvironmentResponseObject, error) {
	projectID := gateway.Key(ctx).ProjectID
	params := protectionParams(projectID, req.Name, &req.Body.Protection)
	if params.RequiredPredecessor != nil && *params.RequiredPredecessor == req.Name {
		return api.UpdateEnvironment400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/protection/requiredPredecessor", Problem: "is the environment itself: name another of the project's environments"})}, nil
	}
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Environment, error) {
		if err := s.q.ProjectLock(ctx, tx, projectID); err != nil {
			return nil, fmt.Errorf("lock project: %w", err)
		}
		if err := s.checkPredecessor(ctx, tx, params); err != nil {
			return nil, err
		}
		row, err := s.q.EnvironmentUpdateProtection(ctx, tx, params)
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.EnvironmentUpdated, environmentFromDB(row))
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.UpdateEnvironment404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgEnvironmentNotFound)}, nil
	case errors.Is(err, errPredecessorLoop):
		return api.UpdateEnvironment400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/protection/requiredPredecessor", Problem: "would loop: " + *params.RequiredPredecessor + " already comes after " + req.Name})}, nil
	case err != nil:
		return nil, fmt.Errorf("update environment %s: %w", req.Name, err)
	}
	return api.UpdateEnvironment200JSONResponse{Data: environmentFromDB(row)}, nil
}

// checkPredecessor fails with errPredecessorLoop when the environment would come after
// itself through its new predecessor's chain. (The gateway has checked the predecessor is
// one of the project's; an unknown environment being updated leaves an empty chain.)
func (s *Server) checkPredecessor(ctx context.Context, tx pgx.Tx, p dbsqlc.EnvironmentUpdateProtectionParams) error {
	if p.RequiredPredecessor == nil {
		return nil
	}
	chain, err := s.q.EnvironmentPredecessorChain(ctx, tx, dbsqlc.EnvironmentPredecessorChainParams{ProjectID: p.ProjectID, Name: *p.RequiredPredecessor})
	if err != nil {
		return fmt.Errorf("predecessors of %s: %w", *p.RequiredPredecessor, err)
	}
	if slices.Contains(chain, p.Name) {
		return errPredecessorLoop
	}
	return nil
}

// protectionParams are the columns of a protection as the request gives it, every field
// left out unset.
func protectionParams(projectID uuid.UUID, name string, p *api.EnvironmentProtection) dbsqlc.EnvironmentUpdateProtectionParams {
	params := dbsqlc.EnvironmentUpdateProtectionParams{ProjectID: projectID, Name: name, RequiredChecks: []string{}}
	if p.RequiredApprovals != nil {
		params.RequiredApprovals = int32(*p.RequiredApprovals)
	}
	if p.RequiredChecks != nil {
		params.RequiredChecks = *p.RequiredChecks
	}
	params.MinCheckScore, params.RequiredPredecessor = pointerOf(p.MinCheckScore), pointerOf(p.RequiredPredecessor)
	return params
}

func environmentFromDB(e *dbsqlc.Environment) api.ProjectEnvironment {
	protection := api.AppliedProtection{
		RequiredApprovals: int(e.RequiredApprovals), RequiredChecks: e.RequiredChecks,
		MinCheckScore: nullableOf(e.MinCheckScore), RequiredPredecessor: nullableOf(e.RequiredPredecessor),
	}
	return api.ProjectEnvironment{
		Name: e.Name, Reference: slices.Contains(auth.ReferenceEnvironments, e.Name),
		Protected:  e.RequiredApprovals > 0 || len(e.RequiredChecks) > 0 || e.MinCheckScore != nil || e.RequiredPredecessor != nil,
		Protection: protection, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
	}
}
