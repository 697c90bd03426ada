package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/prompt/template"
)

// msgVersionNotFound answers a path naming no version of a prompt of the project.
const msgVersionNotFound = "No such version of a prompt in the project."

// maxPlaceholders is how many placeholders and partial tags a template may hold, every
// occurrence counted, with its partials expanded where they resolve (at deployment): a
// render writes each placeholder's whole value, so this bounds what a small request can
// multiply.
const maxPlaceholders = 1000

// ListVersions lists a prompt's versions, newest first unless asked otherwise.
func (s *Server) ListVersions(ctx context.Context, req api.ListVersionsRequestObject) (api.ListVersionsResponseObject, error) {
	prompt, err := s.prompt(ctx, req.PromptId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListVersions404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	pg := newPage(req.Params.Page, req.Params.Limit)
	rows, err := s.q.VersionList(ctx, s.db, dbsqlc.VersionListParams{
		PromptID: prompt.ID, Sort: sortOr(req.Params.Sort, api.ListVersionsParamsSortVersionNumberDesc),
		RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	versions, err := versionsFromDB(rows)
	if err != nil {
		return nil, err
	}
	// version_count is the number of versions: they are numbered 1..n and never deleted alone.
	return api.ListVersions200JSONResponse{Data: versions, Meta: pg.meta(int64(prompt.VersionCount))}, nil
}

// CreateVersion adds the next version of a prompt and deploys it to dev, in one transaction;
// with validateOnly, it does all of that and rolls it back.
func (s *Server) CreateVersion(ctx context.Context, req api.CreateVersionRequestObject) (api.CreateVersionResponseObject, error) {
	params, problems, details, err := s.newVersionParams(ctx, req.Body)
	if err != nil {
		return nil, err
	}
	if req.Params.DiffAgainst != nil && !validateOnly(req.Params.ValidateOnly) {
		problems = append(problems, api.FieldProblem{Field: "diffAgainst", Problem: "is only read with validateOnly=true"})
	}
	if len(problems) > 0 {
		return api.CreateVersion400JSONResponse{BadRequestJSONResponse: invalid(ctx, details, problems...)}, nil
	}
	insert := func(tx pgx.Tx) (*dbsqlc.PromptVersion, error) {
		id, err := s.promptID(ctx, tx, req.PromptId)
		if err != nil {
			return nil, err
		}
		_, created, err := s.insertVersion(ctx, tx, id, params, req.Body.BaseVersion)
		return created, err
	}
	run := write[*dbsqlc.PromptVersion]
	if validateOnly(req.Params.ValidateOnly) {
		run = dryRun[*dbsqlc.PromptVersion]
	}
	created, err := run(ctx, s, insert)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.CreateVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if body, ok := versionConflict(ctx, s.quotas, err); ok {
		return api.CreateVersion409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{Body: body}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("create version of %s: %w", req.PromptId, err)
	}
	shown, err := versionFromDB(created)
	if err != nil {
		return nil, err
	}
	out := api.CreatedVersionResponse{Data: shown, Warnings: rendering.SuspectWarnings(shown.Messages)}
	if validateOnly(req.Params.ValidateOnly) {
		return s.proposedVersion(ctx, created, req.Params.DiffAgainst, out)
	}
	return api.CreateVersion201JSONResponse{Body: out}, nil
}

// proposedVersion is the answer of a validate-only create: out, the version as it would be,
// without an id (it was rolled back), and compared with the version diffAgainst names when
// it is given.
func (s *Server) proposedVersion(ctx context.Context, proposed *dbsqlc.PromptVersion, diffAgainst *api.VersionIdOrNumber, out api.CreatedVersionResponse) (api.CreateVersionResponseObject, error) {
	out.Data.Id = uuid.Nil
	if diffAgainst == nil {
		return api.CreateVersion200JSONResponse(out), nil
	}
	against, err := s.version(ctx, s.db, proposed.PromptID, versionRefOf(*diffAgainst))
	if errors.Is(err, pgx.ErrNoRows) {
		return api.CreateVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, "The version to compare with is not a version of this prompt.")}, nil
	}
	if err != nil {
		return nil, err
	}
	// The diff names the proposed version as the answer does: it has no id.
	proposed.ID = uuid.Nil
	diff, err := compareVersions(proposed, against)
	if err != nil {
		return nil, err
	}
	out.Diff = &diff
	return api.CreateVersion200JSONResponse(out), nil
}

// errVersionQuota is returned inside a version's transaction when the prompt holds its
// quota of versions.
var errVersionQuota = errors.New("version quota exceeded")

// errStaleBase refuses a version made from another version than the prompt's newest
// (CreateVersionRequest.baseVersion): someone made a version since.
type errStaleBase struct{ base, latest int }

func (e errStaleBase) Error() string {
	return fmt.Sprintf("the change was made from version %d, but the prompt's newest version is %d", e.base, e.latest)
}

// insertVersion adds the next version of the prompt promptID of the calling key's project
// in tx and deploys it to dev, returning the prompt (its count of versions updated) and the
// version: pgx.ErrNoRows when there is no such prompt, errStaleBase when base is given and
// is not the newest version's number, errVersionQuota past the quota, and the refusals of
// deploy.
func (s *Server) insertVersion(ctx context.Context, tx pgx.Tx, promptID uuid.UUID, params dbsqlc.VersionCreateParams, base *int) (*dbsqlc.Prompt, *dbsqlc.PromptVersion, error) {
	prompt, err := s.q.PromptNextVersion(ctx, tx, dbsqlc.PromptNextVersionParams{ProjectID: gateway.Key(ctx).ProjectID, ID: promptID})
	if err != nil {
		return nil, nil, err
	}
	// The prompt's row lock, held from here, makes concurrent creates take turns, so the
	// newest version cannot change between this check and the commit.
	if latest := int(prompt.VersionCount) - 1; base != nil && *base != latest {
		return nil, nil, errStaleBase{base: *base, latest: latest}
	}
	if int(prompt.VersionCount) > s.quotas.Versions {
		return nil, nil, errVersionQuota
	}
	params.PromptID, params.VersionNumber = prompt.ID, prompt.VersionCount
	created, err := s.q.VersionCreate(ctx, tx, params)
	if err != nil {
		return nil, nil, fmt.Errorf("insert version: %w", err)
	}
	shown, err := versionFromDB(created)
	if err != nil {
		return nil, nil, err
	}
	if err := s.record(ctx, tx, events.VersionCreated, shown); err != nil {
		return nil, nil, err
	}
	_, err = s.deploy(ctx, tx, prompt, auth.EnvDev, created, nil)
	return prompt, created, err
}

// versionConflict is the body of the 409 of a version insertVersion refused (ok false for
// any other error): past the quota, a stale base, or partials that cannot go live in dev.
func versionConflict(ctx context.Context, quotas Quotas, err error) (body api.Error, ok bool) {
	var stale errStaleBase
	switch {
	case err == nil:
		return body, false
	case errors.Is(err, errVersionQuota):
		return quotaExceeded(ctx, api.QuotaResourceVersions, quotas.Versions).Body, true
	case errors.As(err, &stale):
		return errorBody(ctx, api.ErrorCodeVERSIONCONFLICT, "The version cannot be created: "+stale.Error()+
			". Start again from the newest version, or leave out baseVersion to create it anyway.",
			&api.ErrorDetails{BaseVersion: &stale.base, LatestVersion: &stale.latest}), true
	case errors.As(err, new(errInclusion)):
		return conflict(ctx, "The version cannot be created: "+err.Error()+".").Body, true
	}
	if refused, ok := composeRefused(err); ok {
		return composeConflict(ctx, "The version cannot be created (it goes live in dev)", refused).Body, true
	}
	return body, false
}

// GetVersion returns one version of a prompt of the project, by its id or its number.
func (s *Server) GetVersion(ctx context.Context, req api.GetVersionRequestObject) (api.GetVersionResponseObject, error) {
	v, err := s.pathVersion(ctx, req.PromptId, req.VersionId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgVersionNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	shown, err := versionFromDB(v)
	if err != nil {
		return nil, err
	}
	return api.GetVersion200JSONResponse{Data: shown}, nil
}

// newVersionParams checks a new version's content and turns it into the columns of its
// row, made by the calling key, or lists the problems that make it unusable. The text is
// contenthash.Normalized first, as the content hash of a request assumes.
func (s *Server) newVersionParams(ctx context.Context, b *api.CreateVersionRequest) (dbsqlc.VersionCreateParams, []api.FieldProblem, api.ErrorDetails, error) {
	key := gateway.Key(ctx)
	normalized := contenthash.Normalized(*b)
	b = &normalized
	p := dbsqlc.VersionCreateParams{Message: b.Message, Partials: []string{}, CreatedBy: key.APIKeyID()}
	var details api.ErrorDetails
	templates, problems := versionTemplates(b)
	if problems != nil {
		return p, problems, details, nil
	}
	if b.Messages != nil {
		p.SystemPrompt, p.UserTemplate = referenceViews(*b.Messages)
	} else {
		p.SystemPrompt, p.UserTemplate = *b.SystemPrompt, *b.UserTemplate
	}
	p.Variables, problems, details = templateVariables(templates)
	partials, partialProblems, err := s.checkPartials(ctx, key.ProjectID, templates)
	if err != nil {
		return p, nil, details, err
	}
	p.Partials = partials
	problems = append(append(problems, partialProblems...), checkCallContent(b)...)
	if len(problems) > 0 {
		return p, problems, details, nil
	}
	c, err := contenthash.OfRequest(b)
	if err != nil {
		return p, nil, details, fmt.Errorf("encode metadata: %w", err)
	}
	p.Model, p.Temperature, p.MaxTokens, p.Metadata = c.Model, c.Temperature, c.MaxTokens, c.Metadata
	if p.Content, err = storedContent(c, b.Messages != nil); err != nil {
		return p, nil, details, fmt.Errorf("encode content: %w", err)
	}
	return p, nil, details, nil
}

// fieldTemplate is a template of a new version and where it is in the request body
// (parsed by templateVariables).
type fieldTemplate struct {
	field, src string
	parsed     *template.Template
}

// versionTemplates lists a new version's templates: either its system prompt and user
// template, or each message's content, never both.
func versionTemplates(b *api.CreateVersionRequest) ([]fieldTemplate, []api.FieldProblem) {
	if b.Messages != nil {
		if b.SystemPrompt != nil || b.UserTemplate != nil {
			return nil, []api.FieldProblem{{Field: "/messages", Problem: "is given with systemPrompt or userTemplate: give one shape or the other"}}
		}
		out := make([]fieldTemplate, len(*b.Messages))
		for i, m := range *b.Messages {
			out[i] = fieldTemplate{field: "/messages/" + strconv.Itoa(i) + "/content", src: m.Content}
		}
		return out, nil
	}
	var problems []api.FieldProblem
	for _, f := range []struct {
		field string
		value *string
	}{{"/systemPrompt", b.SystemPrompt}, {"/userTemplate", b.UserTemplate}} {
		if f.value == nil {
			problems = append(problems, api.FieldProblem{Field: f.field, Problem: "is required (or give messages instead of systemPrompt and userTemplate)"})
		}
	}
	if problems != nil {
		return nil, problems
	}
	return []fieldTemplate{{field: "/systemPrompt", src: *b.SystemPrompt}, {field: "/userTemplate", src: *b.UserTemplate}}, nil
}

// templateVariables parses a version's templates and lists their variables once each (in
// order of the templates), or the problems that make them unusable with the details of the
// 400 that reports them.
func templateVariables(templates []fieldTemplate) ([]string, []api.FieldProblem, api.ErrorDetails) {
	names := []string{} // never nil: the column is NOT NULL and the API shows []
	var problems []api.FieldProblem
	var details api.ErrorDetails
	seen := map[string]bool{}
	for i, f := range templates {
		t, err := template.Parse(f.src)
		if err != nil {
			problems = append(problems, api.FieldProblem{Field: f.field, Problem: err.Error()})
			continue
		}
		if n := t.Expanded(func(template.Partial) int { return 0 }); n > maxPlaceholders {
			problems = append(problems, api.FieldProblem{Field: f.field, Problem: fmt.Sprintf(
				"holds %d placeholders and partial tags; a template may hold at most %d", n, maxPlaceholders)})
			details.Limit = new(maxPlaceholders)
			continue
		}
		templates[i].parsed = t
		for _, name := range t.Variables() {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names, problems, details
}

// checkPartials checks that every partial a new version's templates include names a
// prompt of the project (and, pinned, a version of it), and lists the references to store.
func (s *Server) checkPartials(ctx context.Context, projectID uuid.UUID, templates []fieldTemplate) ([]string, []api.FieldProblem, error) {
	refs := []string{}
	var problems []api.FieldProblem
	for _, f := range templates {
		if f.parsed == nil {
			continue
		}
		for _, ref := range f.parsed.Partials() {
			var err error
			if ref.Version > 0 {
				_, err = s.q.ResolveAnyVersion(ctx, s.db, dbsqlc.ResolveAnyVersionParams{ProjectID: projectID, Slug: ref.Slug, VersionNumber: int32(ref.Version)})
			} else {
				_, err = s.q.PromptIDBySlug(ctx, s.db, dbsqlc.PromptIDBySlugParams{ProjectID: projectID, Slug: ref.Slug})
			}
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				problems = append(problems, api.FieldProblem{Field: f.field, Problem: fmt.Sprintf(
					"line %d, column %d: {{> %s}} names no prompt or version of the project", ref.Line, ref.Column, ref)})
			case err != nil:
				return nil, nil, err
			}
			if !slices.Contains(refs, ref.String()) {
				refs = append(refs, ref.String())
			}
		}
	}
	return refs, problems, nil
}

// versionFromDB is the API's view of a version.
func versionFromDB(v *dbsqlc.PromptVersion) (api.Version, error) {
	c, err := contentOf(v)
	if err != nil {
		return api.Version{}, err
	}
	hash, err := contentHash(v, c)
	if err != nil {
		return api.Version{}, err
	}
	return api.Version{
		Id:              v.ID,
		PromptId:        v.PromptID,
		VersionNumber:   int(v.VersionNumber),
		SystemPrompt:    v.SystemPrompt,
		UserTemplate:    v.UserTemplate,
		Model:           v.Model,
		Temperature:     v.Temperature,
		MaxTokens:       nullableInt(v.MaxTokens),
		Metadata:        v.Metadata,
		Message:         nullableOf(v.Message),
		Variables:       v.Variables,
		CreatedAt:       v.CreatedAt,
		Messages:        c.Messages,
		Tools:           c.Tools,
		ToolChoice:      toolChoiceOf(c.ToolChoice),
		ResponseFormat:  nullableOf(c.ResponseFormat),
		ModelParameters: *c.ModelParameters,
		Provider:        nullableOf(c.Provider),
		VariablesSchema: nullableRaw(c.VariablesSchema),
		ContentHash:     hash,
	}, nil
}

// versionsFromDB is the API's view of a list of versions.
func versionsFromDB(rows []*dbsqlc.PromptVersion) ([]api.Version, error) {
	out := make([]api.Version, len(rows))
	for i, v := range rows {
		var err error
		if out[i], err = versionFromDB(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// toolChoiceOf is a stored tool choice as the API shows it: absent when none.
func toolChoiceOf(raw json.RawMessage) *api.ToolChoice {
	if len(raw) == 0 {
		return nil
	}
	tc := api.ToolChoice(raw)
	return &tc
}
