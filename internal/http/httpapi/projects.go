package httpapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/store/database"
	"github.com/promptops/promptops/internal/store/purge"
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
	if problem := projectSlugProblem(req.Body.Slug); problem != nil {
		return api.CreateProject400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	created, err := projects.CreateBy(ctx, s.db, s.events, origin(ctx), caller, s.joinWithinQuota, req.Body.Name, req.Body.Description, req.Body.Slug)
	if errors.Is(err, projects.ErrSlugTaken) {
		return api.CreateProject409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{Body: projectSlugTaken(ctx, *req.Body.Slug).Body}}, nil
	}
	if errors.Is(err, errQuotaExceeded) {
		return api.CreateProject409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceMemberships, s.quotas.Memberships)}, nil
	}
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
	if d := s.signup.Allow(ctx, ratelimit.AddrPrefix(gateway.ClientAddr(ctx)), s.nowFunc()); !d.Allowed {
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

// UpdateCurrentProject changes the name, slug or description of the calling key's project.
func (s *Server) UpdateCurrentProject(ctx context.Context, req api.UpdateCurrentProjectRequestObject) (api.UpdateCurrentProjectResponseObject, error) {
	if problem := projectSlugProblem(req.Body.Slug); problem != nil {
		return api.UpdateCurrentProject400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	params := dbsqlc.ProjectUpdateParams{ID: gateway.Key(ctx).ProjectID, Name: req.Body.Name, Slug: req.Body.Slug}
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
	if database.UniqueViolation(err, projects.SlugConstraint) {
		return api.UpdateCurrentProject409JSONResponse{ConflictJSONResponse: projectSlugTaken(ctx, *req.Body.Slug)}, nil
	}
	if err != nil {
		return nil, err
	}
	return api.UpdateCurrentProject200JSONResponse{Data: projects.APIProject(p)}, nil
}

// projectSlugProblem says why a project slug asked for cannot be one, or nil when it can
// (or none was asked for): the spec checks its format, not that it must not read as an id.
func projectSlugProblem(slug *string) *api.FieldProblem {
	if slug == nil || !gateway.UUIDShaped(*slug) {
		return nil
	}
	return &api.FieldProblem{Field: "/slug", Problem: "is shaped like a UUID, which the " + gateway.ProjectHeader + " header would read as an id"}
}

// projectSlugTaken is the 409 of a slug another project has.
func projectSlugTaken(ctx context.Context, slug string) api.ConflictJSONResponse {
	return conflict(ctx, "A project with the slug "+slug+" already exists on this server.")
}

// DeleteProject deletes the project for its owner (the gateway admits only an owner:
// x-role, x-caller): one short transaction marks it, which every request reads from then
// on, and queues the job that removes its rows in batches (purge). Every instance hears
// of it at the commit (events.ProjectDeleted), forgets its keys and closes its sockets;
// this one does at once, so that the project's keys fail here on the next request.
func (s *Server) DeleteProject(ctx context.Context, _ api.DeleteProjectRequestObject) (api.DeleteProjectResponseObject, error) {
	projectID := gateway.Key(ctx).ProjectID
	err := database.WithTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.q.ProjectMarkDeleted(ctx, tx, projectID); err != nil {
			return fmt.Errorf("mark project deleted: %w", err)
		}
		if err := s.enqueue(ctx, tx, purge.Args{ProjectID: projectID}, time.Time{}); err != nil {
			return err
		}
		return events.Announce(ctx, tx, events.Announcement{ID: projectID, ProjectID: projectID, Type: events.ProjectDeleted})
	})
	if err != nil {
		return nil, fmt.Errorf("delete project %s: %w", projectID, err)
	}
	if s.keys != nil {
		s.keys.Invalidate()
	}
	if s.resolves != nil {
		s.resolves.Invalidate(projectID)
	}
	return api.DeleteProject204Response{}, nil
}
