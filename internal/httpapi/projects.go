package httpapi

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/events"
)

// CreateProject creates a project with its first key: environment dev, every scope.
func (s *Server) CreateProject(ctx context.Context, req api.CreateProjectRequestObject) (api.CreateProjectResponseObject, error) {
	if s.signup == nil {
		return api.CreateProject403JSONResponse{SignupClosedJSONResponse: api.SignupClosedJSONResponse(errorBody(ctx,
			api.ErrorCodeFORBIDDEN, "Project sign-up is closed on this server; ask its operator for a project.", nil))}, nil
	}
	if d := s.signup.Allow(infoFrom(ctx).clientAddr, s.now()); !d.Allowed {
		secs := retryAfterSeconds(d)
		return api.CreateProject429JSONResponse{TooManyRequestsJSONResponse: api.TooManyRequestsJSONResponse{
			Body: errorBody(ctx, api.ErrorCodeRATELIMITEXCEEDED,
				"Too many projects created from this address; retry after "+strconv.Itoa(secs)+" seconds.", nil),
			Headers: api.TooManyRequestsResponseHeaders{RetryAfter: &secs},
		}}, nil
	}
	created, err := CreateProjectWithKey(ctx, s.db, s.events, req.Body.Name, req.Body.Description)
	if err != nil {
		return nil, err
	}
	return api.CreateProject201JSONResponse{Data: api.CreatedProject{
		Project: projectFromDB(created.Project),
		ApiKey:  created.Key,
	}}, nil
}

// NewProject is a project as created, with the one time its first key is known in full.
type NewProject struct {
	Project *dbsqlc.Project
	Key     string
}

// CreateProjectWithKey inserts a project and its first key (dev, every scope) in one
// transaction, with their events. The command line uses it too, for operators who close
// sign-up.
func CreateProjectWithKey(ctx context.Context, db *pgxpool.Pool, recorder *events.Recorder, name string, description *string) (*NewProject, error) {
	q := dbsqlc.New()
	var out NewProject
	err := withTx(ctx, db, func(tx pgx.Tx) error {
		p, err := q.ProjectCreate(ctx, tx, dbsqlc.ProjectCreateParams{Name: name, Description: description})
		if err != nil {
			return fmt.Errorf("insert project: %w", err)
		}
		key, prefix, hash := auth.NewKey()
		k, err := q.ApiKeyCreate(ctx, tx, dbsqlc.ApiKeyCreateParams{
			ProjectID: p.ID, KeyHash: hash, KeyPrefix: prefix,
			Environment: string(api.EnvironmentDev), Scopes: auth.AllScopes,
		})
		if err != nil {
			return fmt.Errorf("insert first key: %w", err)
		}
		for _, e := range []events.Event{
			{ProjectID: p.ID, Type: events.ProjectCreated, Data: projectFromDB(p)},
			{ProjectID: p.ID, Type: events.APIKeyCreated, Data: apiKeyFromDB(k)},
		} {
			if _, err := recorder.Record(ctx, tx, e); err != nil {
				return err
			}
		}
		out = NewProject{Project: p, Key: key}
		return nil
	})
	return &out, err
}

// GetCurrentProject returns the project of the calling key.
func (s *Server) GetCurrentProject(ctx context.Context, _ api.GetCurrentProjectRequestObject) (api.GetCurrentProjectResponseObject, error) {
	p, err := s.q.ProjectGet(ctx, s.db, keyFrom(ctx).ProjectID)
	if err != nil {
		return nil, fmt.Errorf("get project: %w", err)
	}
	return api.GetCurrentProject200JSONResponse{Data: projectFromDB(p)}, nil
}

// UpdateCurrentProject changes the name or description of the calling key's project.
func (s *Server) UpdateCurrentProject(ctx context.Context, req api.UpdateCurrentProjectRequestObject) (api.UpdateCurrentProjectResponseObject, error) {
	params := dbsqlc.ProjectUpdateParams{ID: keyFrom(ctx).ProjectID, Name: req.Body.Name}
	if req.Body.Description.IsSpecified() {
		params.DescriptionSet = true
		if !req.Body.Description.IsNull() {
			params.Description = ptrTo(req.Body.Description.MustGet())
		}
	}
	var p *dbsqlc.Project
	err := s.write(ctx, func(tx pgx.Tx) error {
		var err error
		if p, err = s.q.ProjectUpdate(ctx, tx, params); err != nil {
			return fmt.Errorf("update project: %w", err)
		}
		return s.record(ctx, tx, events.ProjectUpdated, projectFromDB(p))
	})
	if err != nil {
		return nil, err
	}
	return api.UpdateCurrentProject200JSONResponse{Data: projectFromDB(p)}, nil
}

func projectFromDB(p *dbsqlc.Project) api.Project {
	return api.Project{
		Id:          p.ID,
		Name:        p.Name,
		Description: nullableOf(p.Description),
		CreatedAt:   p.CreatedAt,
		UpdatedAt:   p.UpdatedAt,
	}
}
