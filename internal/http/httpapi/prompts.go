package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/store/database"
)

const msgPromptNotFound = "No prompt with this id or slug in the project."

// embeddedVersions is how many versions GetPrompt embeds, the newest: the rest are pages
// of ListVersions, so that a prompt with thousands of versions is not one huge answer.
const embeddedVersions = 20

// ListPrompts lists the project's prompts.
func (s *Server) ListPrompts(ctx context.Context, req api.ListPromptsRequestObject) (api.ListPromptsResponseObject, error) {
	p := req.Params
	pg := newPage(p.Page, p.Limit)
	projectID := gateway.Key(ctx).ProjectID
	env := (*string)(p.Environment)

	total, err := s.q.PromptCount(ctx, s.db, dbsqlc.PromptCountParams{ProjectID: projectID, Q: p.Q, Environment: env, Tag: p.Tag})
	if err != nil {
		return nil, fmt.Errorf("count prompts: %w", err)
	}
	rows, err := s.q.PromptList(ctx, s.db, dbsqlc.PromptListParams{
		ProjectID: projectID, Q: p.Q, Environment: env, Tag: p.Tag,
		Sort:     sortOr(p.Sort, api.ListPromptsParamsSortCreatedAtDesc),
		RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list prompts: %w", err)
	}
	prompts := make([]api.Prompt, len(rows))
	for i, row := range rows {
		prompts[i] = promptFromDB(row)
	}
	return api.ListPrompts200JSONResponse{Data: prompts, Meta: pg.meta(total)}, nil
}

// CreatePrompt creates a prompt with a slug unique in the project and, when the request
// gives a version, its first version, in one transaction: both or neither. With
// validateOnly, it does all of that and rolls it back.
func (s *Server) CreatePrompt(ctx context.Context, req api.CreatePromptRequestObject) (api.CreatePromptResponseObject, error) {
	b := req.Body
	if gateway.UUIDShaped(b.Slug) {
		return api.CreatePrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/slug", Problem: "is shaped like a UUID, which /prompts/{id} would read as an id"})}, nil
	}
	var version *dbsqlc.VersionCreateParams
	if b.Version != nil {
		params, problems, details, err := s.newVersionParams(ctx, b.Version)
		if err != nil {
			return nil, err
		}
		if len(problems) > 0 {
			for i := range problems {
				problems[i].Field = "/version" + problems[i].Field
			}
			return api.CreatePrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, details, problems...)}, nil
		}
		version = &params
	}
	run := write[newPrompt]
	if validateOnly(req.Params.ValidateOnly) {
		run = dryRun[newPrompt]
	}
	created, err := run(ctx, s, func(tx pgx.Tx) (newPrompt, error) { return s.insertPrompt(ctx, tx, b, version) })
	if errors.Is(err, errQuotaExceeded) {
		return api.CreatePrompt409JSONResponse(quotaExceeded(ctx, api.QuotaResourcePrompts, s.quotas.Prompts).Body), nil
	}
	if database.UniqueViolation(err, "prompts_project_slug_key") {
		return api.CreatePrompt409JSONResponse(conflict(ctx, "A prompt with the slug "+b.Slug+" already exists in the project.").Body), nil
	}
	if body, ok := versionConflict(ctx, s.quotas, err); ok {
		return api.CreatePrompt409JSONResponse(body), nil
	}
	if err != nil {
		return nil, fmt.Errorf("insert prompt: %w", err)
	}
	return created.response(validateOnly(req.Params.ValidateOnly))
}

// newPrompt is what CreatePrompt inserted: the prompt, and its first version or nil.
type newPrompt struct {
	prompt  *dbsqlc.Prompt
	version *dbsqlc.PromptVersion
}

// insertPrompt inserts the prompt b asks for in tx, within the project's quota (else
// errQuotaExceeded), and when version is not nil, its first version (insertVersion).
func (s *Server) insertPrompt(ctx context.Context, tx pgx.Tx, b *api.CreatePromptRequest, version *dbsqlc.VersionCreateParams) (newPrompt, error) {
	if err := s.withinQuota(ctx, tx, s.quotas.Prompts, s.promptCount); err != nil {
		return newPrompt{}, err
	}
	tags := []string{}
	if b.Tags != nil {
		tags = *b.Tags
	}
	row, err := s.q.PromptCreate(ctx, tx, dbsqlc.PromptCreateParams{
		ProjectID: gateway.Key(ctx).ProjectID, Slug: b.Slug, Name: b.Name, Description: b.Description, Tags: tags,
	})
	if err != nil {
		return newPrompt{}, err
	}
	if err := s.record(ctx, tx, events.PromptCreated, promptFromDB(row)); err != nil {
		return newPrompt{}, err
	}
	if version == nil {
		return newPrompt{prompt: row}, nil
	}
	prompt, v, err := s.insertVersion(ctx, tx, row.ID, *version, b.Version.BaseVersion)
	return newPrompt{prompt: prompt, version: v}, err
}

// response is CreatePrompt's answer: the 201 of what was created, or with validateOnly the
// 200 of what would have been, its ids nil (it was rolled back).
func (n newPrompt) response(rolledBack bool) (api.CreatePromptResponseObject, error) {
	out := api.CreatedPromptResponse{Data: promptFromDB(n.prompt)}
	if n.version != nil {
		v, err := versionFromDB(n.version)
		if err != nil {
			return nil, err
		}
		out.Version, out.Warnings = &v, new(rendering.SuspectWarnings(v.Messages))
	}
	if !rolledBack {
		return api.CreatePrompt201JSONResponse{Body: out}, nil
	}
	out.Data.Id = uuid.Nil
	if out.Version != nil {
		out.Version.Id, out.Version.PromptId = uuid.Nil, uuid.Nil
	}
	return api.CreatePrompt200JSONResponse(out), nil
}

// GetPrompt returns a prompt with its newest versions and its deployments.
func (s *Server) GetPrompt(ctx context.Context, req api.GetPromptRequestObject) (api.GetPromptResponseObject, error) {
	row, err := s.prompt(ctx, req.Id)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	versions, err := s.q.VersionListNewest(ctx, s.db, dbsqlc.VersionListNewestParams{PromptID: row.ID, RowLimit: embeddedVersions})
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	deployments, err := s.q.DeploymentListByPrompt(ctx, s.db, row.ID)
	if err != nil {
		return nil, fmt.Errorf("list deployments: %w", err)
	}
	p := promptFromDB(row)
	detail := api.PromptDetail{
		Id: p.Id, Slug: p.Slug, Name: p.Name, Description: p.Description, VersionCount: p.VersionCount,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		Tags:        p.Tags,
		Deployments: make([]api.Deployment, len(deployments)),
	}
	if detail.Versions, err = versionsFromDB(versions); err != nil {
		return nil, err
	}
	for i, d := range deployments {
		detail.Deployments[i] = api.Deployment{
			Environment: api.Environment(d.Environment), ActiveVersionId: d.VersionID,
			VersionNumber: int(d.VersionNumber), PromotedAt: d.PromotedAt,
		}
	}
	return api.GetPrompt200JSONResponse{Data: detail}, nil
}

// UpdatePrompt renames or describes a prompt; the slug never changes.
func (s *Server) UpdatePrompt(ctx context.Context, req api.UpdatePromptRequestObject) (api.UpdatePromptResponseObject, error) {
	id, err := s.promptID(ctx, s.db, req.Id)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.UpdatePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	params := dbsqlc.PromptUpdateParams{ProjectID: gateway.Key(ctx).ProjectID, ID: id, Name: req.Body.Name}
	if req.Body.Tags != nil {
		params.Tags = *req.Body.Tags
	}
	if d := req.Body.Description; d.IsSpecified() {
		params.DescriptionSet = true
		if !d.IsNull() {
			params.Description = new(d.MustGet())
		}
	}
	row, err := write(ctx, s, func(tx pgx.Tx) (*dbsqlc.Prompt, error) {
		row, err := s.q.PromptUpdate(ctx, tx, params)
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.PromptUpdated, promptFromDB(row))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.UpdatePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("update prompt: %w", err)
	}
	return api.UpdatePrompt200JSONResponse{Data: promptFromDB(row)}, nil
}

// DeletePrompt deletes a prompt; its versions, deployments and history go with it.
func (s *Server) DeletePrompt(ctx context.Context, req api.DeletePromptRequestObject) (api.DeletePromptResponseObject, error) {
	id, err := s.promptID(ctx, s.db, req.Id)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.DeletePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	_, err = write(ctx, s, func(tx pgx.Tx) (*dbsqlc.Prompt, error) {
		prompt, err := s.q.PromptLock(ctx, tx, dbsqlc.PromptLockParams{ProjectID: gateway.Key(ctx).ProjectID, ID: id})
		if err != nil {
			return nil, err
		}
		if err := s.refuseInRelease(ctx, tx, prompt); err != nil {
			return nil, err
		}
		if err := s.refuseLiveOutsideRole(ctx, tx, prompt); err != nil {
			return nil, err
		}
		row, err := s.q.PromptDelete(ctx, tx, dbsqlc.PromptDeleteParams{ProjectID: prompt.ProjectID, ID: id})
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.PromptDeleted, promptFromDB(row))
	})
	var inRelease errReleaseConflict
	var outsideRole errLiveOutsideRole
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.DeletePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	case errors.As(err, &inRelease):
		return api.DeletePrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, inRelease.Error())}, nil
	case errors.As(err, &outsideRole):
		return api.DeletePrompt403JSONResponse{ForbiddenJSONResponse: outsideRole.forbidden}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("delete prompt: %w", err)
	}
	return api.DeletePrompt204Response{}, nil
}

// refuseInRelease is an errReleaseConflict when a release not yet ended moves prompt:
// deleting it would take a change from the release, whose other prompts would then move
// without it. The caller holds the prompt's lock, as a release that starts takes it.
func (s *Server) refuseInRelease(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt) error {
	open, err := s.q.ReleaseOpenWithPrompt(ctx, tx, prompt.ID)
	if err != nil {
		return fmt.Errorf("releases moving %s: %w", prompt.Slug, err)
	}
	if len(open) == 0 {
		return nil
	}
	r := open[0]
	return errReleaseConflict{fmt.Sprintf("Release %s (%s in %s) moves %s: cancel it, complete it or roll it back first.",
		r.ID, r.Status, r.Environment, prompt.Slug)}
}

// errLiveOutsideRole is returned when a caller deletes a prompt live in an environment
// whose deployments it may not change; forbidden is the 403 naming it.
type errLiveOutsideRole struct{ forbidden api.ForbiddenJSONResponse }

func (e errLiveOutsideRole) Error() string {
	return "prompt live outside the caller's environment or role"
}

// refuseLiveOutsideRole is an errLiveOutsideRole when prompt is live in an environment
// whose deployments the caller may not change (a person by role, a key by its environment
// unless it has admin, as for promote and undeploy): deleting the prompt takes it out of
// there too. dev is not asked: whoever may delete a prompt may create its versions, each
// of which goes live in dev.
func (s *Server) refuseLiveOutsideRole(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt) error {
	key := gateway.Key(ctx)
	live, err := s.q.DeploymentListByPrompt(ctx, tx, prompt.ID)
	if err != nil {
		return fmt.Errorf("deployments of %s: %w", prompt.Slug, err)
	}
	for _, d := range live {
		if d.Environment == auth.EnvDev {
			continue
		}
		if forbidden, ok := outsideEnvironment(ctx, key, d.Environment); ok {
			return errLiveOutsideRole{forbidden}
		}
	}
	return nil
}

func promptFromDB(p *dbsqlc.Prompt) api.Prompt {
	return api.Prompt{
		Id:           p.ID,
		Slug:         p.Slug,
		Name:         p.Name,
		Description:  nullableOf(p.Description),
		VersionCount: int(p.VersionCount),
		Tags:         p.Tags,
		CreatedAt:    p.CreatedAt,
		UpdatedAt:    p.UpdatedAt,
	}
}
