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
)

const (
	actionPromote  = "promote"
	actionRollback = "rollback"
)

// errNothingToRollBack is returned inside RollbackPrompt's transaction when the
// environment has no earlier version to return to.
var errNothingToRollBack = errors.New("nothing to roll back to")

// errVersionNotFound is returned inside PromotePrompt's transaction when the version is
// not one of the prompt's.
var errVersionNotFound = errors.New("version not found")

// PromotePrompt makes a version of the prompt live in an environment.
func (s *Server) PromotePrompt(ctx context.Context, req api.PromotePromptRequestObject) (api.PromotePromptResponseObject, error) {
	key := auth.FromContext(ctx)
	env := string(req.Body.Environment)
	var d *dbsqlc.Deployment
	var version *dbsqlc.PromptVersion
	err := withTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.q.PromptLock(ctx, tx, dbsqlc.PromptLockParams{ProjectID: key.ProjectID, ID: req.PromptId}); err != nil {
			return err
		}
		var err error
		version, err = s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: key.ProjectID, PromptID: req.PromptId, ID: req.Body.VersionId})
		if errors.Is(err, pgx.ErrNoRows) {
			return errVersionNotFound
		}
		if err != nil {
			return err
		}
		d, err = s.deploy(ctx, tx, req.PromptId, env, version.ID, key)
		return err
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.PromotePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	case errors.Is(err, errVersionNotFound):
		return api.PromotePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, "The prompt has no version with this id.")}, nil
	case err != nil:
		return nil, fmt.Errorf("promote %s to %s: %w", req.PromptId, env, err)
	}
	return api.PromotePrompt200JSONResponse{Data: deploymentFromDB(d, version.VersionNumber)}, nil
}

// RollbackPrompt returns an environment to the version live before its current one.
func (s *Server) RollbackPrompt(ctx context.Context, req api.RollbackPromptRequestObject) (api.RollbackPromptResponseObject, error) {
	key := auth.FromContext(ctx)
	env := string(req.Body.Environment)
	var d *dbsqlc.Deployment
	var number int32
	err := withTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.q.PromptLock(ctx, tx, dbsqlc.PromptLockParams{ProjectID: key.ProjectID, ID: req.PromptId}); err != nil {
			return err
		}
		var err error
		d, number, err = s.rollback(ctx, tx, req.PromptId, env, key)
		return err
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.RollbackPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	case errors.Is(err, errNothingToRollBack):
		return api.RollbackPrompt409JSONResponse{ConflictJSONResponse: conflict(ctx,
			"There is no earlier version of this prompt to roll "+env+" back to.")}, nil
	case err != nil:
		return nil, fmt.Errorf("roll back %s in %s: %w", req.PromptId, env, err)
	}
	return api.RollbackPrompt200JSONResponse{Data: deploymentFromDB(d, number)}, nil
}

// ListDeployments lists a prompt's promotions and rollbacks, newest first.
func (s *Server) ListDeployments(ctx context.Context, req api.ListDeploymentsRequestObject) (api.ListDeploymentsResponseObject, error) {
	prompt, err := s.q.PromptGet(ctx, s.db, dbsqlc.PromptGetParams{ProjectID: auth.FromContext(ctx).ProjectID, ID: req.PromptId})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListDeployments404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get prompt: %w", err)
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
			VersionId: h.VersionID, VersionNumber: int(h.VersionNumber), PreviousVersionId: nullableOf(h.PreviousVersionID),
			KeyId: nullableOf(h.KeyID), KeyPrefix: nullableOf(h.KeyPrefix), CreatedAt: h.CreatedAt,
		}
	}
	return api.ListDeployments200JSONResponse{Data: entries, Meta: pg.meta(total)}, nil
}

// deploy makes versionID live in env and records the promotion; the caller holds the
// prompt's lock. Promoting the live version again changes nothing.
func (s *Server) deploy(ctx context.Context, tx pgx.Tx, promptID uuid.UUID, env string, versionID uuid.UUID, key *auth.Key) (*dbsqlc.Deployment, error) {
	current, err := s.q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: promptID, Environment: env})
	var previous *uuid.UUID
	switch {
	case err == nil && current.VersionID == versionID:
		return current, nil
	case err == nil:
		previous = &current.VersionID
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, fmt.Errorf("current deployment: %w", err)
	}
	d, err := s.q.DeploymentUpsert(ctx, tx, dbsqlc.DeploymentUpsertParams{PromptID: promptID, Environment: env, VersionID: versionID})
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	_, err = s.q.DeploymentHistoryAdd(ctx, tx, dbsqlc.DeploymentHistoryAddParams{
		PromptID: promptID, Environment: env, Action: actionPromote, VersionID: versionID,
		PreviousVersionID: previous, KeyID: &key.ID, KeyPrefix: &key.Prefix,
	})
	if err != nil {
		return nil, fmt.Errorf("record promotion: %w", err)
	}
	return d, nil
}

// rollback undoes env's newest standing promotion, making the one before it live again;
// the caller holds the prompt's lock.
func (s *Server) rollback(ctx context.Context, tx pgx.Tx, promptID uuid.UUID, env string, key *auth.Key) (*dbsqlc.Deployment, int32, error) {
	top, err := s.q.DeploymentStackTop(ctx, tx, dbsqlc.DeploymentStackTopParams{PromptID: promptID, Environment: env})
	if err != nil {
		return nil, 0, fmt.Errorf("deployment stack: %w", err)
	}
	if len(top) < 2 {
		return nil, 0, errNothingToRollBack
	}
	live, back := top[0], top[1]
	if err := s.q.DeploymentHistoryRevert(ctx, tx, live.ID); err != nil {
		return nil, 0, fmt.Errorf("revert promotion: %w", err)
	}
	d, err := s.q.DeploymentUpsert(ctx, tx, dbsqlc.DeploymentUpsertParams{PromptID: promptID, Environment: env, VersionID: back.VersionID})
	if err != nil {
		return nil, 0, fmt.Errorf("redeploy: %w", err)
	}
	_, err = s.q.DeploymentHistoryAdd(ctx, tx, dbsqlc.DeploymentHistoryAddParams{
		PromptID: promptID, Environment: env, Action: actionRollback, VersionID: back.VersionID,
		PreviousVersionID: &live.VersionID, KeyID: &key.ID, KeyPrefix: &key.Prefix,
	})
	if err != nil {
		return nil, 0, fmt.Errorf("record rollback: %w", err)
	}
	v, err := s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: key.ProjectID, PromptID: promptID, ID: back.VersionID})
	if err != nil {
		return nil, 0, fmt.Errorf("version rolled back to: %w", err)
	}
	return d, v.VersionNumber, nil
}

func deploymentFromDB(d *dbsqlc.Deployment, versionNumber int32) api.Deployment {
	return api.Deployment{
		Environment:     api.Environment(d.Environment),
		ActiveVersionId: d.VersionID,
		VersionNumber:   int(versionNumber),
		PromotedAt:      d.PromotedAt,
	}
}
