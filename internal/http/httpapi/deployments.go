package httpapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
)

const (
	actionPromote  = "promote"
	actionRollback = "rollback"
	// actionRollout records a release's candidate starting to serve its share of subjects.
	actionRollout = "rollout"
	// actionUndeploy records a prompt leaving an environment.
	actionUndeploy = "undeploy"
)

// deploymentEventTypes are the events of the history's actions. A rollout has none: its
// release's event tells readers to read the release's prompts again.
var deploymentEventTypes = map[string]string{
	actionPromote: events.DeploymentPromoted, actionRollback: events.DeploymentRolledBack, actionUndeploy: events.DeploymentUndeployed,
}

// errNothingToRollBack is returned inside RollbackPrompt's transaction when the
// environment has no earlier version to return to.
var errNothingToRollBack = errors.New("nothing to roll back to")

// errNothingLive is returned inside UndeployPrompt's transaction when the environment has
// no version of the prompt live.
var errNothingLive = errors.New("nothing live")

// errIncluded is returned inside UndeployPrompt's transaction when prompts live in the
// environment include the prompt as a partial: removing it would break them.
type errIncluded struct{ slugs []string }

func (e errIncluded) Error() string { return "included by " + strings.Join(e.slugs, ", ") }

// errVersionNotFound is returned inside PromotePrompt's transaction when the version is
// not one of the prompt's.
var errVersionNotFound = errors.New("version not found")

// PromotePrompt makes a version of the prompt live in an environment.
func (s *Server) PromotePrompt(ctx context.Context, req api.PromotePromptRequestObject) (api.PromotePromptResponseObject, error) {
	key := gateway.Key(ctx)
	env := string(req.Body.Environment)
	ref, problem := promotedVersion(req.Body)
	if problem != nil {
		return api.PromotePrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	if forbidden, ok := outsideEnvironment(ctx, key, env); ok {
		return api.PromotePrompt403JSONResponse{ForbiddenJSONResponse: forbidden}, nil
	}
	if pending, answered, err := s.promoteProtected(ctx, req.PromptId, env, ref); answered || err != nil {
		return pending, err
	}
	d, err := write(ctx, s, func(tx pgx.Tx) (api.Deployment, error) {
		prompt, err := s.lockPrompt(ctx, tx, req.PromptId)
		if err != nil {
			return api.Deployment{}, err
		}
		if err := s.refuseRollingOut(ctx, tx, prompt, env); err != nil {
			return api.Deployment{}, err
		}
		version, err := s.version(ctx, tx, prompt.ID, ref)
		if errors.Is(err, pgx.ErrNoRows) {
			return api.Deployment{}, errVersionNotFound
		}
		if err != nil {
			return api.Deployment{}, err
		}
		deployed, err := s.deploy(ctx, tx, prompt, env, version, nil)
		if err != nil {
			return api.Deployment{}, err
		}
		return deploymentFromDB(deployed, version.VersionNumber), nil
	})
	if refused, ok := composeRefused(err); ok {
		return api.PromotePrompt409JSONResponse{ConflictJSONResponse: composeConflict(ctx, "The version cannot be live in "+env, refused)}, nil
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.PromotePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	case errors.Is(err, errVersionNotFound):
		return api.PromotePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, "The prompt has no version with this id or number.")}, nil
	case errors.As(err, new(errInclusion)):
		return api.PromotePrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, "The version cannot be live in "+env+": "+err.Error()+".")}, nil
	case errors.As(err, new(errRollingOut)):
		return api.PromotePrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, err.Error())}, nil
	case err != nil:
		return nil, fmt.Errorf("promote %s to %s: %w", req.PromptId, env, err)
	}
	return api.PromotePrompt200JSONResponse{Body: api.DeploymentResponse{Data: d}}, nil
}

// promotedVersion is the version a promote's body names: by versionId or by versionNumber,
// exactly one of them, else the problem to answer with a 400.
func promotedVersion(b *api.PromoteRequest) (versionRef, *api.FieldProblem) {
	switch {
	case b.VersionId != nil && b.VersionNumber != nil:
		return versionRef{}, &api.FieldProblem{Field: "/versionNumber", Problem: "is given with versionId: name the version by one or the other"}
	case b.VersionNumber != nil:
		return versionRef{number: new(int32(*b.VersionNumber))}, nil
	case b.VersionId == nil:
		return versionRef{}, &api.FieldProblem{Field: "/versionId", Problem: "is required (or give versionNumber instead)"}
	}
	return versionRef{id: b.VersionId}, nil
}

// RollbackPrompt returns an environment to the version live before its current one.
func (s *Server) RollbackPrompt(ctx context.Context, req api.RollbackPromptRequestObject) (api.RollbackPromptResponseObject, error) {
	key := gateway.Key(ctx)
	env := string(req.Body.Environment)
	if forbidden, ok := outsideEnvironment(ctx, key, env); ok {
		return api.RollbackPrompt403JSONResponse{ForbiddenJSONResponse: forbidden}, nil
	}
	d, err := write(ctx, s, func(tx pgx.Tx) (api.Deployment, error) {
		prompt, err := s.lockPrompt(ctx, tx, req.PromptId)
		if err != nil {
			return api.Deployment{}, err
		}
		if err := s.refuseRollingOut(ctx, tx, prompt, env); err != nil {
			return api.Deployment{}, err
		}
		return s.rollback(ctx, tx, prompt, env, nil)
	})
	if refused, ok := composeRefused(err); ok {
		return api.RollbackPrompt409JSONResponse{ConflictJSONResponse: composeConflict(ctx, "The version before cannot be live in "+env+" again", refused)}, nil
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.RollbackPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	case errors.As(err, new(errInclusion)):
		return api.RollbackPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, "The version before cannot be live in "+env+" again: "+err.Error()+".")}, nil
	case errors.As(err, new(errRollingOut)):
		return api.RollbackPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, err.Error())}, nil
	case errors.Is(err, errNothingToRollBack):
		return api.RollbackPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx,
			"There is no earlier version of this prompt to roll "+env+" back to.")}, nil
	case err != nil:
		return nil, fmt.Errorf("roll back %s in %s: %w", req.PromptId, env, err)
	}
	return api.RollbackPrompt200JSONResponse{Body: api.DeploymentResponse{Data: d}}, nil
}

// outsideEnvironment is the 403 of a key changing the deployment of env when it may not
// (auth.Key.MayDeploy; a project's first key is a dev admin key, and promotes everywhere),
// or of a person whose role may not.
func outsideEnvironment(ctx context.Context, key *auth.Key, env string) (api.ForbiddenJSONResponse, bool) {
	if key.MayDeploy(env) {
		return api.ForbiddenJSONResponse{}, false
	}
	if key.Person != nil {
		refused := gateway.RoleForbidden(auth.DeployRole(env), key.Person.Role)
		return api.ForbiddenJSONResponse{Body: errorBody(ctx, refused.Code, "Changing deployments in "+env+": "+refused.Message, refused.Details)}, true
	}
	own := api.Environment(key.Environment)
	return api.ForbiddenJSONResponse{Body: errorBody(ctx, api.ErrorCodeFORBIDDEN,
		"This key may change deployments in "+key.Environment+" only, not in "+env+"; that needs a key of "+env+" or an admin key.",
		&api.ErrorDetails{Environment: &own})}, true
}

// UndeployPrompt removes a prompt from an environment: its resolve there is a 404 until a
// promote makes a version live again.
func (s *Server) UndeployPrompt(ctx context.Context, req api.UndeployPromptRequestObject) (api.UndeployPromptResponseObject, error) {
	env := req.Body.Environment
	if forbidden, ok := outsideEnvironment(ctx, gateway.Key(ctx), env); ok {
		return api.UndeployPrompt403JSONResponse{ForbiddenJSONResponse: forbidden}, nil
	}
	removed, err := write(ctx, s, func(tx pgx.Tx) (api.UndeployResponse, error) {
		prompt, err := s.lockPrompt(ctx, tx, req.PromptId)
		if err != nil {
			return api.UndeployResponse{}, err
		}
		return s.undeploy(ctx, tx, prompt, env, nil)
	})
	var included errIncluded
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.UndeployPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	case errors.Is(err, errNothingLive):
		return api.UndeployPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, "No version of this prompt is live in "+env+".")}, nil
	case errors.As(err, new(errRollingOut)):
		return api.UndeployPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx, err.Error())}, nil
	case errors.As(err, &included):
		return api.UndeployPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx,
			"Prompts live in "+env+" include this one as a partial: "+strings.Join(included.slugs, ", ")+"; change or undeploy them first.")}, nil
	case err != nil:
		return nil, fmt.Errorf("undeploy %s from %s: %w", req.PromptId, env, err)
	}
	return api.UndeployPrompt200JSONResponse{Body: removed}, nil
}

// undeploy removes prompt from env, ending every standing promotion there so that a
// rollback has nothing to return to, by release when one does; the caller holds the
// prompt's lock.
func (s *Server) undeploy(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, release *uuid.UUID) (api.UndeployResponse, error) {
	current, err := s.q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: prompt.ID, Environment: env})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.UndeployResponse{}, errNothingLive
	case err != nil:
		return api.UndeployResponse{}, fmt.Errorf("current deployment: %w", err)
	case current.ReleaseID != nil: // the release decides what is live until it ends
		return api.UndeployResponse{}, errRollingOut{release: *current.ReleaseID, slug: prompt.Slug, env: env}
	}
	v, err := s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: prompt.ID, ID: current.VersionID})
	if err != nil {
		return api.UndeployResponse{}, fmt.Errorf("live version: %w", err)
	}
	live, err := s.includers(ctx, tx, prompt.ProjectID, env, prompt.Slug, v.VersionNumber, false)
	if err != nil {
		return api.UndeployResponse{}, err
	}
	if len(live) > 0 {
		return api.UndeployResponse{}, errIncluded{slugs: slugsOf(live)}
	}
	d, err := s.q.DeploymentDelete(ctx, tx, dbsqlc.DeploymentDeleteParams{PromptID: prompt.ID, Environment: env})
	if err != nil {
		return api.UndeployResponse{}, fmt.Errorf("delete deployment: %w", err)
	}
	if err := s.q.DeploymentHistoryRevertAll(ctx, tx, dbsqlc.DeploymentHistoryRevertAllParams{PromptID: prompt.ID, Environment: env}); err != nil {
		return api.UndeployResponse{}, fmt.Errorf("end promotions: %w", err)
	}
	change := deploymentChange{action: actionUndeploy, prompt: prompt, d: d, number: v.VersionNumber, previous: &d.VersionID, release: release}
	if err := s.recordDeployment(ctx, tx, change); err != nil {
		return api.UndeployResponse{}, err
	}
	var out api.UndeployResponse
	out.Data.Environment, out.Data.VersionId, out.Data.VersionNumber = env, v.ID, int(v.VersionNumber)
	return out, nil
}

// ListIncluders lists, for each environment where the prompt is live (only the one asked,
// when one is), the prompts whose live version there includes it: what a promote or a
// rollback of it changes there.
func (s *Server) ListIncluders(ctx context.Context, req api.ListIncludersRequestObject) (api.ListIncludersResponseObject, error) {
	prompt, err := s.prompt(ctx, req.PromptId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListIncluders404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	deployments, err := s.q.DeploymentListByPrompt(ctx, s.db, prompt.ID) // in the answer's order of environments
	if err != nil {
		return nil, fmt.Errorf("deployments of %s: %w", prompt.Slug, err)
	}
	out := []api.Includer{}
	for _, d := range deployments {
		if req.Params.Environment != nil && d.Environment != string(*req.Params.Environment) {
			continue
		}
		live, err := s.includers(ctx, s.db, prompt.ProjectID, d.Environment, prompt.Slug, d.VersionNumber, false)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(live, func(a, b includer) int { return strings.Compare(a.slug, b.slug) })
		for _, in := range live {
			out = append(out, api.Includer{Environment: api.Environment(d.Environment), PromptId: in.id, Slug: in.slug, VersionNumber: int(in.number)})
		}
	}
	return api.ListIncluders200JSONResponse{Data: out}, nil
}

// ListDeployments lists a prompt's promotions, rollbacks and undeploys, newest first.
func (s *Server) ListDeployments(ctx context.Context, req api.ListDeploymentsRequestObject) (api.ListDeploymentsResponseObject, error) {
	prompt, err := s.prompt(ctx, req.PromptId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListDeployments404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	p := req.Params
	pg := newPage(p.Page, p.Limit)
	env := (*string)(p.Environment)
	total, err := s.q.DeploymentHistoryCount(ctx, s.db, dbsqlc.DeploymentHistoryCountParams{PromptID: prompt.ID, Environment: env})
	if err != nil {
		return nil, fmt.Errorf("count history: %w", err)
	}
	rows, err := s.q.DeploymentHistoryList(ctx, s.db, dbsqlc.DeploymentHistoryListParams{
		PromptID: prompt.ID, Environment: env, RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list history: %w", err)
	}
	entries := make([]api.DeploymentHistoryEntry, len(rows))
	for i, h := range rows {
		entries[i] = api.DeploymentHistoryEntry{
			Id: h.ID, Environment: api.Environment(h.Environment), Action: api.DeploymentHistoryEntryAction(h.Action),
			VersionId: h.VersionID, VersionNumber: int(h.VersionNumber), PreviousVersionId: nullableOf(h.PreviousVersionID), ReleaseId: nullableOf(h.ReleaseID),
			KeyId: nullableOf(h.KeyID), KeyPrefix: nullableOf(h.KeyPrefix), Actor: actorFromDB(h.Actor),
			ClientAddress: addressFromDB(h.ClientAddress), UserAgent: nullableOf(h.UserAgent), CreatedAt: h.CreatedAt,
		}
	}
	return api.ListDeployments200JSONResponse{Data: entries, Meta: pg.meta(total)}, nil
}

// deploy makes a version live in env, records the promotion and its event (of release,
// when one makes it), and refuses it when it cannot be live there (checkLive); the caller
// holds the prompt's lock. Promoting the live version again changes nothing.
func (s *Server) deploy(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, version *dbsqlc.PromptVersion, release *uuid.UUID) (*dbsqlc.Deployment, error) {
	d, moved, err := s.deployUnchecked(ctx, tx, prompt, env, version, release)
	if err != nil || !moved {
		return d, err
	}
	return d, s.checkLive(ctx, tx, prompt, env, version)
}

// deployUnchecked is deploy without checkLive, for versions made live together and
// checked once all of them are; moved is false when the version was live already.
func (s *Server) deployUnchecked(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, version *dbsqlc.PromptVersion, release *uuid.UUID) (d *dbsqlc.Deployment, moved bool, err error) {
	current, err := s.q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: prompt.ID, Environment: env})
	var previous *uuid.UUID
	switch {
	case err == nil && current.VersionID == version.ID:
		return current, false, nil
	case err == nil:
		previous = &current.VersionID
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, false, fmt.Errorf("current deployment: %w", err)
	}
	d, err = s.q.DeploymentUpsert(ctx, tx, dbsqlc.DeploymentUpsertParams{PromptID: prompt.ID, Environment: env, VersionID: version.ID})
	if err != nil {
		return nil, false, fmt.Errorf("deploy: %w", err)
	}
	if err := s.recordDeployment(ctx, tx, deploymentChange{action: actionPromote, prompt: prompt, d: d, number: version.VersionNumber, previous: previous, release: release}); err != nil {
		return nil, false, err
	}
	return d, true, nil
}

// checkLive refuses version of prompt live in env, made so in tx and not committed: its
// partials must resolve there (checkInclusion), and no prompt live there may compose past
// the bounds with it (checkComposition). It runs once the deployment is in the history,
// since a pinned partial resolves only where its version has been live, and under env's
// lock until tx ends: the checks read other prompts' deployments, which a change of
// another prompt could otherwise commit meanwhile, each passing without the other.
func (s *Server) checkLive(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, version *dbsqlc.PromptVersion) error {
	err := s.q.EnvironmentLockDeployments(ctx, tx, dbsqlc.EnvironmentLockDeploymentsParams{ProjectID: prompt.ProjectID, Name: env})
	if err != nil {
		return fmt.Errorf("lock %s: %w", env, err)
	}
	if err := s.checkInclusion(ctx, tx, prompt, env, version); err != nil {
		return err
	}
	return s.checkComposition(ctx, tx, prompt, env, version.VersionNumber)
}

// rollback undoes env's newest standing promotion, making the one before it live again
// (for release, when one rolls back), and refuses it when that version cannot be live
// there again (checkLive); the caller holds the prompt's lock.
func (s *Server) rollback(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, release *uuid.UUID) (api.Deployment, error) {
	d, v, err := s.rollbackUnchecked(ctx, tx, prompt, env, release)
	if err != nil {
		return api.Deployment{}, err
	}
	if err := s.checkLive(ctx, tx, prompt, env, v); err != nil {
		return api.Deployment{}, err
	}
	return deploymentFromDB(d, v.VersionNumber), nil
}

// rollbackUnchecked is rollback without checkLive, for changes undone together and
// checked once all of them are; v is the version live again.
func (s *Server) rollbackUnchecked(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, release *uuid.UUID) (d *dbsqlc.Deployment, v *dbsqlc.PromptVersion, err error) {
	top, err := s.q.DeploymentStackTop(ctx, tx, dbsqlc.DeploymentStackTopParams{PromptID: prompt.ID, Environment: env})
	if err != nil {
		return nil, nil, fmt.Errorf("deployment stack: %w", err)
	}
	if len(top) < 2 {
		return nil, nil, errNothingToRollBack
	}
	live, back := top[0], top[1]
	if err := s.q.DeploymentHistoryRevert(ctx, tx, live.ID); err != nil {
		return nil, nil, fmt.Errorf("revert promotion: %w", err)
	}
	d, err = s.q.DeploymentUpsert(ctx, tx, dbsqlc.DeploymentUpsertParams{PromptID: prompt.ID, Environment: env, VersionID: back.VersionID})
	if err != nil {
		return nil, nil, fmt.Errorf("redeploy: %w", err)
	}
	v, err = s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: prompt.ID, ID: back.VersionID})
	if err != nil {
		return nil, nil, fmt.Errorf("version rolled back to: %w", err)
	}
	if err := s.recordDeployment(ctx, tx, deploymentChange{action: actionRollback, prompt: prompt, d: d, number: v.VersionNumber, previous: &live.VersionID, release: release}); err != nil {
		return nil, nil, err
	}
	return d, v, nil
}

// deploymentChange is a change of a deployment, as the history and the event log record
// it: action made version number of d live (or, for a rollout, its candidate), replacing
// previous, by release when one made it.
type deploymentChange struct {
	action   string
	prompt   *dbsqlc.Prompt
	d        *dbsqlc.Deployment
	number   int32
	previous *uuid.UUID
	release  *uuid.UUID
}

// recordDeployment writes a deployment change to the prompt's history and the event log,
// with the prompt.dependency_changed of the prompts that include it.
func (s *Server) recordDeployment(ctx context.Context, tx pgx.Tx, c deploymentChange) error {
	if err := s.recordChange(ctx, tx, c); err != nil {
		return err
	}
	return s.recordDependents(ctx, tx, c.prompt, c.d.Environment, c.number, c.release)
}

// recordChange writes a deployment change to the prompt's history and the event log only.
func (s *Server) recordChange(ctx context.Context, tx pgx.Tx, c deploymentChange) error {
	if err := s.recordHistory(ctx, tx, c, c.d.VersionID); err != nil {
		return err
	}
	eventType, ok := deploymentEventTypes[c.action]
	if !ok {
		return nil
	}
	return s.recordIn(ctx, tx, c.prompt.ProjectID, eventType, deploymentEvent{
		PromptID: c.prompt.ID, Slug: c.prompt.Slug, Environment: c.d.Environment, ActiveVersionID: c.d.VersionID,
		VersionNumber: c.number, PreviousVersionID: c.previous, PromotedAt: c.d.PromotedAt, ReleaseID: c.release,
	})
}

// recordHistory writes c to the prompt's history as making version live. The caller may be
// a release's job, which no key makes: its rows name no one.
func (s *Server) recordHistory(ctx context.Context, tx pgx.Tx, c deploymentChange, version uuid.UUID) error {
	key := gateway.Key(ctx)
	stamp, err := events.StampOf(key, origin(ctx))
	if err != nil {
		return err
	}
	params := dbsqlc.DeploymentHistoryAddParams{
		PromptID: c.prompt.ID, Environment: c.d.Environment, Action: c.action, VersionID: version, PreviousVersionID: c.previous,
		Actor: stamp.Actor, ClientAddress: stamp.ClientAddress, UserAgent: stamp.UserAgent, ReleaseID: c.release,
	}
	if key != nil {
		if params.KeyID = key.APIKeyID(); params.KeyID != nil {
			params.KeyPrefix = &key.Prefix
		}
	}
	if _, err := s.q.DeploymentHistoryAdd(ctx, tx, params); err != nil {
		return fmt.Errorf("record %s: %w", c.action, err)
	}
	return nil
}

func deploymentFromDB(d *dbsqlc.Deployment, versionNumber int32) api.Deployment {
	return api.Deployment{
		Environment:     api.Environment(d.Environment),
		ActiveVersionId: d.VersionID,
		VersionNumber:   int(versionNumber),
		PromotedAt:      d.PromotedAt,
	}
}

// deploymentEvent is the data of deployment.promoted, deployment.rolled_back and
// deployment.undeployed: the deployment as the API shows it (for an undeploy, the one
// removed), with its prompt, the version it replaced and the release that made it.
type deploymentEvent struct {
	PromptID          uuid.UUID  `json:"promptId"`
	Slug              string     `json:"slug"`
	Environment       string     `json:"environment"`
	ActiveVersionID   uuid.UUID  `json:"activeVersionId"`
	VersionNumber     int32      `json:"versionNumber"`
	PreviousVersionID *uuid.UUID `json:"previousVersionId"`
	PromotedAt        time.Time  `json:"promotedAt"`
	// ReleaseID is the release that made the change, null when none did: readers holding
	// several prompts wait for the release's own event instead.
	ReleaseID *uuid.UUID `json:"releaseId"`
}
