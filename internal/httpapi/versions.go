package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/events"
	"github.com/promptops/promptops/internal/gateway"
	"github.com/promptops/promptops/internal/template"
)

// The defaults of a new version, as the reference gives them.
const (
	defaultModel       = "gpt-4"
	defaultTemperature = 0.7
)

// maxPlaceholders is how many placeholders a template may hold, every occurrence counted:
// each is filled in with a whole value, so it bounds how far a render multiplies one.
const maxPlaceholders = 1000

// ListVersions lists a prompt's versions, newest first unless asked otherwise.
func (s *Server) ListVersions(ctx context.Context, req api.ListVersionsRequestObject) (api.ListVersionsResponseObject, error) {
	prompt, err := s.q.PromptGet(ctx, s.db, dbsqlc.PromptGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.PromptId})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListVersions404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get prompt: %w", err)
	}
	pg := newPage(req.Params.Page, req.Params.Limit)
	rows, err := s.q.VersionList(ctx, s.db, dbsqlc.VersionListParams{
		PromptID: prompt.ID, Sort: sortOr(req.Params.Sort, api.ListVersionsParamsSortVersionNumberDesc),
		RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	versions := make([]api.Version, len(rows))
	for i, v := range rows {
		versions[i] = versionFromDB(v)
	}
	// version_count is the number of versions: they are numbered 1..n and never deleted alone.
	return api.ListVersions200JSONResponse{Data: versions, Meta: pg.meta(int64(prompt.VersionCount))}, nil
}

// CreateVersion adds the next version of a prompt and deploys it to dev, in one transaction.
func (s *Server) CreateVersion(ctx context.Context, req api.CreateVersionRequestObject) (api.CreateVersionResponseObject, error) {
	key := gateway.Key(ctx)
	b := req.Body
	variables, problems, details := templateVariables(b.SystemPrompt, b.UserTemplate)
	if len(problems) > 0 {
		return api.CreateVersion400JSONResponse{BadRequestJSONResponse: invalid(ctx, details, problems...)}, nil
	}
	params := dbsqlc.VersionCreateParams{
		SystemPrompt: b.SystemPrompt, UserTemplate: b.UserTemplate,
		Model: defaultModel, Temperature: defaultTemperature, Metadata: json.RawMessage(`{}`),
		Message: b.Message, Variables: variables, CreatedBy: &key.ID,
	}
	if b.Model != nil {
		params.Model = *b.Model
	}
	if b.Temperature != nil {
		params.Temperature = *b.Temperature
	}
	if b.MaxTokens != nil {
		params.MaxTokens = ptrTo(int32(*b.MaxTokens))
	}
	if b.Metadata != nil {
		raw, err := json.Marshal(*b.Metadata)
		if err != nil {
			return nil, fmt.Errorf("encode metadata: %w", err)
		}
		params.Metadata = raw
	}

	created, err := write(ctx, s, func(tx pgx.Tx) (*dbsqlc.PromptVersion, error) {
		prompt, err := s.q.PromptNextVersion(ctx, tx, dbsqlc.PromptNextVersionParams{ProjectID: key.ProjectID, ID: req.PromptId})
		if err != nil {
			return nil, err
		}
		// The prompt's row lock, held from here, makes concurrent creates take turns.
		if int(prompt.VersionCount) > s.quotas.Versions {
			return nil, errQuotaExceeded
		}
		params.PromptID, params.VersionNumber = prompt.ID, prompt.VersionCount
		created, err := s.q.VersionCreate(ctx, tx, params)
		if err != nil {
			return nil, fmt.Errorf("insert version: %w", err)
		}
		if err := s.record(ctx, tx, events.VersionCreated, versionFromDB(created)); err != nil {
			return nil, err
		}
		_, err = s.deploy(ctx, tx, prompt, string(api.EnvironmentDev), created)
		return created, err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.CreateVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if errors.Is(err, errQuotaExceeded) {
		return api.CreateVersion409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceVersions, s.quotas.Versions)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("create version of %s: %w", req.PromptId, err)
	}
	return api.CreateVersion201JSONResponse{Body: api.VersionResponse{Data: versionFromDB(created)}}, nil
}

// GetVersion returns one version of a prompt of the project.
func (s *Server) GetVersion(ctx context.Context, req api.GetVersionRequestObject) (api.GetVersionResponseObject, error) {
	v, err := s.q.VersionGet(ctx, s.db, dbsqlc.VersionGetParams{
		ProjectID: gateway.Key(ctx).ProjectID, PromptID: req.PromptId, ID: req.VersionId,
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, "No such version of a prompt in the project.")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get version: %w", err)
	}
	return api.GetVersion200JSONResponse{Data: versionFromDB(v)}, nil
}

// templateVariables parses both templates of a version and lists their variables once each
// (system prompt first), or the problems that make them unusable with the details of the
// 400 that reports them.
func templateVariables(systemPrompt, userTemplate string) ([]string, []api.FieldProblem, api.ErrorDetails) {
	names := []string{} // never nil: the column is NOT NULL and the API shows []
	var problems []api.FieldProblem
	var details api.ErrorDetails
	seen := map[string]bool{}
	for _, f := range []struct{ field, src string }{{"/systemPrompt", systemPrompt}, {"/userTemplate", userTemplate}} {
		t, err := template.Parse(f.src)
		if err != nil {
			problems = append(problems, api.FieldProblem{Field: f.field, Problem: err.Error()})
			continue
		}
		if n := t.Placeholders(); n > maxPlaceholders {
			problems = append(problems, api.FieldProblem{Field: f.field, Problem: fmt.Sprintf(
				"holds %d placeholders; a template may hold at most %d", n, maxPlaceholders)})
			details.Limit = ptrTo(maxPlaceholders)
			continue
		}
		for _, name := range t.Variables() {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names, problems, details
}

func versionFromDB(v *dbsqlc.PromptVersion) api.Version {
	return api.Version{
		Id:            v.ID,
		PromptId:      v.PromptID,
		VersionNumber: int(v.VersionNumber),
		SystemPrompt:  v.SystemPrompt,
		UserTemplate:  v.UserTemplate,
		Model:         v.Model,
		Temperature:   v.Temperature,
		MaxTokens:     nullableInt(v.MaxTokens),
		Metadata:      v.Metadata,
		Message:       nullableOf(v.Message),
		Variables:     v.Variables,
		CreatedAt:     v.CreatedAt,
	}
}
