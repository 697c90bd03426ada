package httpapi

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/ratelimit"
)

// CreateProject creates a project with its first key: environment dev, every scope. A
// person who asks becomes its owner; an instance owner may create one whatever the
// sign-up's setting and limit.
func (s *Server) CreateProject(ctx context.Context, req api.CreateProjectRequestObject) (api.CreateProjectResponseObject, error) {
	caller := gateway.Key(ctx) // nil, or a person: the gateway ignores API keys here
	if caller == nil || !caller.Person.InstanceOwner {
		if refused := s.signupRefusal(ctx); refused != nil {
			return refused, nil
		}
	}
	created, err := projects.CreateBy(ctx, s.db, s.events, origin(ctx), caller, req.Body.Name, req.Body.Description)
	if err != nil {
		return nil, err
	}
	return api.CreateProject201JSONResponse{Body: api.CreatedProjectResponse{Data: api.CreatedProject{
		Project: projects.APIProject(created.Project),
		ApiKey:  created.Key,
	}}, Headers: api.CreateProject201ResponseHeaders{CacheControl: noStore}}, nil
}

// signupRefusal is the answer to a project sign-up that is closed, or over the client
// address's limit; nil when it may go on.
func (s *Server) signupRefusal(ctx context.Context) api.CreateProjectResponseObject {
	if s.signup == nil {
		return api.CreateProject403JSONResponse{SignupClosedJSONResponse: api.SignupClosedJSONResponse(errorBody(ctx,
			api.ErrorCodeFORBIDDEN, "Project sign-up is closed on this server; ask its operator for a project.", nil))}
	}
	if d := s.signup.Allow(ratelimit.AddrPrefix(gateway.ClientAddr(ctx)), s.nowFunc()); !d.Allowed {
		return api.CreateProject429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many projects created from this address", d)}
	}
	return nil
}

// GetCurrentProject returns the project of the calling key.
func (s *Server) GetCurrentProject(ctx context.Context, _ api.GetCurrentProjectRequestObject) (api.GetCurrentProjectResponseObject, error) {
	p, err := s.q.ProjectGet(ctx, s.db, gateway.Key(ctx).ProjectID)
	if err != nil {
		return nil, fmt.Errorf("get project: %w", err)
	}
	return api.GetCurrentProject200JSONResponse{Data: projects.APIProject(p)}, nil
}

// UpdateCurrentProject changes the name or description of the calling key's project.
func (s *Server) UpdateCurrentProject(ctx context.Context, req api.UpdateCurrentProjectRequestObject) (api.UpdateCurrentProjectResponseObject, error) {
	params := dbsqlc.ProjectUpdateParams{ID: gateway.Key(ctx).ProjectID, Name: req.Body.Name}
	if req.Body.Description.IsSpecified() {
		params.DescriptionSet = true
		if !req.Body.Description.IsNull() {
			params.Description = new(req.Body.Description.MustGet())
		}
	}
	p, err := write(ctx, s, func(tx pgx.Tx) (*dbsqlc.Project, error) {
		p, err := s.q.ProjectUpdate(ctx, tx, params)
		if err != nil {
			return nil, fmt.Errorf("update project: %w", err)
		}
		return p, s.record(ctx, tx, events.ProjectUpdated, projects.APIProject(p))
	})
	if err != nil {
		return nil, err
	}
	return api.UpdateCurrentProject200JSONResponse{Data: projects.APIProject(p)}, nil
}
