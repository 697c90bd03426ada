package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
)

// releaseRequest is a release to create, checked for its shape.
type releaseRequest struct {
	env         string
	changes     []changeRef
	strategy    api.ReleaseStrategy
	scheduledAt *time.Time
	message     *string
}

// changeRef is one change of a release's request: a prompt by id or slug, a version by id
// or number.
type changeRef struct {
	prompt  api.PromptIdOrSlug
	version versionRef
}

// The refusals of a release operation, each mapped to its status by refusalOf.
type (
	// errReleaseInvalid is a 400: the request names something that cannot be.
	errReleaseInvalid struct{ problems []api.FieldProblem }
	// errReleaseNotFound is a 404 naming what was not found.
	errReleaseNotFound struct{ message string }
	// errReleaseForbidden is a 403 with its body.
	errReleaseForbidden struct{ body api.Error }
)

func (e errReleaseInvalid) Error() string   { return gateway.ProblemsMessage(e.problems) }
func (e errReleaseNotFound) Error() string  { return e.message }
func (e errReleaseForbidden) Error() string { return e.body.Error.Message }

// CreateRelease creates a release, and applies it at once when nothing holds it.
func (s *Server) CreateRelease(ctx context.Context, req api.CreateReleaseRequestObject) (api.CreateReleaseResponseObject, error) {
	rr, problems := releaseRequestOf(req.Body, s.nowFunc())
	if len(problems) > 0 {
		return api.CreateRelease400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, problems...)}, nil
	}
	if forbidden, ok := outsideEnvironment(ctx, gateway.Key(ctx), rr.env); ok {
		return api.CreateRelease403JSONResponse{ForbiddenJSONResponse: forbidden}, nil
	}
	view, err := write(ctx, s, func(tx pgx.Tx) (api.Release, error) { return s.createRelease(ctx, tx, rr) })
	if status, body, ok := refusalOf(ctx, err); ok {
		switch status {
		case http.StatusBadRequest:
			return api.CreateRelease400JSONResponse{BadRequestJSONResponse: api.BadRequestJSONResponse{Body: body}}, nil
		case http.StatusNotFound:
			return api.CreateRelease404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, nil
		}
		return api.CreateRelease409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("create release in %s: %w", rr.env, err)
	}
	if view.Status == api.ReleaseStatusCompleted {
		return api.CreateRelease201JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
	}
	return api.CreateRelease202JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
}

// releaseRequestOf reads a release's request, or the problems of its shape.
func releaseRequestOf(b *api.CreateReleaseRequest, now time.Time) (releaseRequest, []api.FieldProblem) {
	rr := releaseRequest{env: string(b.Environment), strategy: strategyOrImmediate(b.Strategy), scheduledAt: b.ScheduledAt, message: b.Message}
	problems := strategyProblems(rr.strategy)
	if n := len(b.Changes); n < 1 || n > maxReleaseChanges {
		problems = append(problems, api.FieldProblem{Field: "/changes", Problem: fmt.Sprintf("has %d changes; a release has 1 to %d", n, maxReleaseChanges)})
	}
	if problem := scheduleProblem(b.ScheduledAt, now); problem != "" {
		problems = append(problems, api.FieldProblem{Field: "/scheduledAt", Problem: problem})
	}
	for i, c := range b.Changes {
		ref, ok := changeVersion(c.Version)
		if !ok {
			problems = append(problems, api.FieldProblem{Field: "/changes/" + strconv.Itoa(i) + "/version", Problem: "is neither a version number nor a version id"})
		}
		rr.changes = append(rr.changes, changeRef{prompt: c.Prompt, version: ref})
	}
	return rr, problems
}

// changeVersion reads a change's version: a number, or a number or id in a string.
func changeVersion(v api.ReleaseChangeRequest_Version) (versionRef, bool) {
	if n, err := v.AsReleaseChangeRequestVersion0(); err == nil {
		return versionRef{number: new(int32(n))}, n >= 1
	}
	s, err := v.AsVersionIdOrNumber()
	if err != nil {
		return versionRef{}, false
	}
	ref := versionRefOf(s)
	return ref, ref.id != nil || ref.number != nil
}

// createRelease inserts a release in tx with its changes and event, then moves it on as
// far as its environment's protection and its schedule let it.
func (s *Server) createRelease(ctx context.Context, tx pgx.Tx, rr releaseRequest) (api.Release, error) {
	key := gateway.Key(ctx)
	prot, err := s.q.ReleaseEnvironmentProtection(ctx, tx, dbsqlc.ReleaseEnvironmentProtectionParams{ProjectID: key.ProjectID, Name: rr.env})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.Release{}, errReleaseInvalid{[]api.FieldProblem{{Field: "/environment", Problem: fmt.Sprintf("the project has no environment %q", rr.env)}}}
	}
	if err != nil {
		return api.Release{}, fmt.Errorf("protection of %s: %w", rr.env, err)
	}
	versions, err := s.releaseVersions(ctx, tx, rr)
	if err != nil {
		return api.Release{}, err
	}
	if err := s.checkReleasable(ctx, tx, rr.env, prot.RequiredPredecessor, versions); err != nil {
		return api.Release{}, err
	}
	row, err := s.insertRelease(ctx, tx, rr, versions)
	if err != nil {
		return api.Release{}, err
	}
	r, err := s.loadRelease(ctx, tx, row)
	if err != nil {
		return api.Release{}, err
	}
	if err := s.recordRelease(ctx, tx, r, events.ReleaseCreated); err != nil {
		return api.Release{}, err
	}
	if rr.scheduledAt != nil {
		if err := s.enqueueApply(ctx, tx, r); err != nil {
			return api.Release{}, err
		}
	}
	waiting, err := s.waitingFor(ctx, tx, r)
	if err != nil {
		return api.Release{}, err
	}
	if len(waiting) == 0 {
		if err := s.proceed(ctx, tx, r); err != nil {
			return api.Release{}, err
		}
	}
	return s.releaseView(ctx, tx, r.row)
}

// releaseVersions finds the version of each change (404 naming what is unknown; 400 for a
// prompt named twice).
func (s *Server) releaseVersions(ctx context.Context, tx pgx.Tx, rr releaseRequest) ([]*dbsqlc.PromptVersion, error) {
	out := make([]*dbsqlc.PromptVersion, len(rr.changes))
	for i, c := range rr.changes {
		id, err := s.promptID(ctx, tx, c.prompt)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, errReleaseNotFound{fmt.Sprintf("No prompt %s in the project (changes[%d]).", c.prompt, i)}
		}
		if err != nil {
			return nil, err
		}
		v, err := s.version(ctx, tx, id, c.version)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, errReleaseNotFound{fmt.Sprintf("Prompt %s has no version %s (changes[%d]).", c.prompt, c.version, i)}
		}
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out[:i], func(o *dbsqlc.PromptVersion) bool { return o.PromptID == v.PromptID }) {
			return nil, errReleaseInvalid{[]api.FieldProblem{{Field: "/changes/" + strconv.Itoa(i) + "/prompt", Problem: "names a prompt another change names; a release moves each prompt once"}}}
		}
		out[i] = v
	}
	return out, nil
}

// checkReleasable refuses (409) a release of a prompt another release is rolling out in
// env, or of a version never live in the environment's required predecessor.
func (s *Server) checkReleasable(ctx context.Context, tx pgx.Tx, env string, predecessor *string, versions []*dbsqlc.PromptVersion) error {
	ids := make([]uuid.UUID, len(versions))
	for i, v := range versions {
		ids[i] = v.PromptID
	}
	rolling, err := s.q.ReleaseRollingOut(ctx, tx, dbsqlc.ReleaseRollingOutParams{Environment: env, PromptIds: ids})
	if err != nil {
		return fmt.Errorf("releases rolling out in %s: %w", env, err)
	}
	if len(rolling) > 0 {
		return errRollingOut{release: rolling[0].ReleaseID, slug: slugOfPrompt(ctx, s, tx, rolling[0].PromptID), env: env}
	}
	if predecessor == nil {
		return nil
	}
	for _, v := range versions {
		live, err := s.q.ReleaseVersionWasLive(ctx, tx, dbsqlc.ReleaseVersionWasLiveParams{PromptID: v.PromptID, Environment: *predecessor, VersionID: v.ID})
		if err != nil {
			return fmt.Errorf("was %s live in %s: %w", v.ID, *predecessor, err)
		}
		if !live {
			return errReleaseConflict{fmt.Sprintf("%s v%d has never been live in %s, which %s requires first.", slugOfPrompt(ctx, s, tx, v.PromptID), v.VersionNumber, *predecessor, env)}
		}
	}
	return nil
}

// slugOfPrompt is a prompt's slug for a message (its id when it cannot be read).
func slugOfPrompt(ctx context.Context, s *Server, tx pgx.Tx, id uuid.UUID) string {
	p, err := s.q.PromptGet(ctx, tx, dbsqlc.PromptGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: id})
	if err != nil {
		return id.String()
	}
	return p.Slug
}

// insertRelease writes a new release, pending, and its changes.
func (s *Server) insertRelease(ctx context.Context, tx pgx.Tx, rr releaseRequest, versions []*dbsqlc.PromptVersion) (*dbsqlc.Release, error) {
	key := gateway.Key(ctx)
	stamp, err := events.StampOf(key, origin(ctx))
	if err != nil {
		return nil, err
	}
	strategy, err := json.Marshal(rr.strategy)
	if err != nil {
		return nil, fmt.Errorf("encode strategy: %w", err)
	}
	salt := make([]byte, 16)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	params := dbsqlc.ReleaseInsertParams{
		ProjectID: key.ProjectID, Environment: rr.env, Status: statusPending, Strategy: strategy, Salt: hex.EncodeToString(salt),
		ScheduledAt: rr.scheduledAt, Message: rr.message, Actor: stamp.Actor,
	}
	if key.Person != nil {
		params.AuthorUserID = &key.Person.UserID
	}
	row, err := s.q.ReleaseInsert(ctx, tx, params)
	if err != nil {
		return nil, fmt.Errorf("insert release: %w", err)
	}
	for _, v := range versions {
		err := s.q.ReleaseChangeInsert(ctx, tx, dbsqlc.ReleaseChangeInsertParams{ReleaseID: row.ID, PromptID: v.PromptID, ToVersionID: v.ID})
		if err != nil {
			return nil, fmt.Errorf("insert release change: %w", err)
		}
	}
	return row, nil
}

// promoteProtected answers a promote into a protected environment: a pending release of
// the one prompt, 202 (answered false when env is not protected, and the promote goes on).
func (s *Server) promoteProtected(ctx context.Context, prompt api.PromptIdOrSlug, env string, ref versionRef) (api.PromotePromptResponseObject, bool, error) {
	prot, err := s.q.ReleaseEnvironmentProtection(ctx, s.db, dbsqlc.ReleaseEnvironmentProtectionParams{ProjectID: gateway.Key(ctx).ProjectID, Name: env})
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && prot.RequiredApprovals == 0 && len(prot.RequiredChecks) == 0) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, fmt.Errorf("protection of %s: %w", env, err)
	}
	rr := releaseRequest{env: env, changes: []changeRef{{prompt: prompt, version: ref}}, strategy: strategyOrImmediate(nil)}
	view, err := write(ctx, s, func(tx pgx.Tx) (api.Release, error) { return s.createRelease(ctx, tx, rr) })
	if status, body, ok := refusalOf(ctx, err); ok {
		switch status {
		case http.StatusBadRequest:
			return api.PromotePrompt400JSONResponse{BadRequestJSONResponse: api.BadRequestJSONResponse{Body: body}}, true, nil
		case http.StatusNotFound:
			return api.PromotePrompt404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, true, nil
		}
		return api.PromotePrompt409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, true, nil
	}
	if err != nil {
		return nil, true, fmt.Errorf("promote into protected %s: %w", env, err)
	}
	return api.PromotePrompt202JSONResponse{Body: api.ReleaseResponse{Data: view}}, true, nil
}

// refusalOf is the status and body a release operation answers err with; ok is false for
// no error and for an unexpected one (a 500).
func refusalOf(ctx context.Context, err error) (int, api.Error, bool) {
	var (
		bad       errReleaseInvalid
		missing   errReleaseNotFound
		forbidden errReleaseForbidden
		change    errCannotComplete
	)
	what := "A version cannot be live"
	if errors.As(err, &change) {
		what, err = change.what(), change.err
	}
	if refused, ok := composeRefused(err); ok {
		return http.StatusConflict, composeConflict(ctx, what, refused).Body, true
	}
	switch {
	case err == nil:
		return 0, api.Error{}, false
	case errors.As(err, &bad):
		return http.StatusBadRequest, invalid(ctx, api.ErrorDetails{}, bad.problems...).Body, true
	case errors.As(err, &missing):
		return http.StatusNotFound, notFound(ctx, missing.message).Body, true
	case errors.Is(err, pgx.ErrNoRows):
		return http.StatusNotFound, notFound(ctx, "No release with this id in the project.").Body, true
	case errors.As(err, &forbidden):
		return http.StatusForbidden, forbidden.body, true
	case errors.As(err, new(errRollingOut)), errors.As(err, new(errReleaseConflict)):
		return http.StatusConflict, conflict(ctx, err.Error()).Body, true
	case errors.As(err, new(errInclusion)):
		return http.StatusConflict, conflict(ctx, what+": "+err.Error()+".").Body, true
	}
	return 0, api.Error{}, false
}

// ListReleases lists the project's releases, newest first.
func (s *Server) ListReleases(ctx context.Context, req api.ListReleasesRequestObject) (api.ListReleasesResponseObject, error) {
	key := gateway.Key(ctx)
	p := req.Params
	pg := newPage(p.Page, p.Limit)
	var promptID *uuid.UUID
	if p.Prompt != nil {
		id, err := s.promptID(ctx, s.db, *p.Prompt)
		if errors.Is(err, pgx.ErrNoRows) {
			return api.ListReleases404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
		}
		if err != nil {
			return nil, err
		}
		promptID = &id
	}
	env, status := (*string)(p.Environment), (*string)(p.Status)
	total, err := s.q.ReleaseCount(ctx, s.db, dbsqlc.ReleaseCountParams{ProjectID: key.ProjectID, Environment: env, Status: status, PromptID: promptID})
	if err != nil {
		return nil, fmt.Errorf("count releases: %w", err)
	}
	rows, err := s.q.ReleaseList(ctx, s.db, dbsqlc.ReleaseListParams{
		ProjectID: key.ProjectID, Environment: env, Status: status, PromptID: promptID, RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list releases: %w", err)
	}
	views, err := s.releaseViews(ctx, s.db, rows)
	if err != nil {
		return nil, err
	}
	return api.ListReleases200JSONResponse{Data: views, Meta: pg.meta(total)}, nil
}

// GetRelease shows a release.
func (s *Server) GetRelease(ctx context.Context, req api.GetReleaseRequestObject) (api.GetReleaseResponseObject, error) {
	view, err := s.releaseOf(ctx, gateway.Key(ctx).ProjectID, req.ReleaseId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetRelease404JSONResponse{NotFoundJSONResponse: notFound(ctx, "No release with this id in the project.")}, nil
	}
	if err != nil {
		return nil, err
	}
	return api.GetRelease200JSONResponse{Data: view}, nil
}
