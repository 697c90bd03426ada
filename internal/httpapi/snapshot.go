package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/gateway"
	"github.com/promptops/promptops/internal/rendering"
	"github.com/promptops/promptops/internal/template"
)

// GetSnapshot returns every prompt live in the key's environment (or those of the slugs
// asked for), prepared as resolve prepares them, with a cursor naming what it holds.
func (s *Server) GetSnapshot(ctx context.Context, req api.GetSnapshotRequestObject) (api.GetSnapshotResponseObject, error) {
	key := gateway.Key(ctx)
	var slugs []string
	if req.Params.Slug != nil {
		slugs = *req.Params.Slug
	}
	var lives []*rendering.Live
	// One transaction that sees one state of the project: the live versions and the
	// partials they include agree.
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		lives, err = s.snapshot(ctx, tx, key, slugs)
		return err
	})
	if err != nil {
		return nil, err
	}
	cursor := rendering.Cursor(lives)
	if req.Params.IfNoneMatch != nil && rendering.ETagMatches(*req.Params.IfNoneMatch, cursor) {
		return api.GetSnapshot304Response{Headers: api.GetSnapshot304ResponseHeaders{ETag: &cursor}}, nil
	}
	prompts := make([]api.SnapshotPrompt, len(lives))
	for i, live := range lives {
		prompts[i] = snapshotPrompt(live)
	}
	return api.GetSnapshot200JSONResponse{Headers: api.GetSnapshot200ResponseHeaders{ETag: &cursor}, Body: api.SnapshotResponse{Data: api.Snapshot{
		Environment: api.Environment(key.Environment), Cursor: cursor, Prompts: prompts,
	}}}, nil
}

// snapshot prepares the live prompts of key's environment in tx, by slug. Unpinned
// partials are live prompts of the environment, mostly among those just read; the rest
// are read once each.
func (s *Server) snapshot(ctx context.Context, tx pgx.Tx, key *auth.Key, slugs []string) ([]*rendering.Live, error) {
	rows, err := s.q.ResolveLive(ctx, tx, dbsqlc.ResolveLiveParams{ProjectID: key.ProjectID, Environment: key.Environment, Slugs: slugs})
	if err != nil {
		return nil, fmt.Errorf("live prompts in %s: %w", key.Environment, err)
	}
	found := map[string]*dbsqlc.PromptVersion{}
	for _, row := range rows {
		found[row.Slug] = &row.PromptVersion
	}
	versionFunc := func(ref template.Partial) (*dbsqlc.PromptVersion, error) {
		if v, ok := found[ref.String()]; ok {
			return v, nil
		}
		if ref.Version == 0 && slugs == nil {
			return nil, errPartialUnavailable{ref: ref, env: key.Environment} // not live, or it would be in rows
		}
		v, err := s.partialVersion(ctx, tx, key.ProjectID, key.Environment, ref)
		if err == nil {
			found[ref.String()] = v
		}
		return v, err
	}
	lives := make([]*rendering.Live, 0, len(rows))
	for _, row := range rows {
		live, err := s.snapshotLive(key.Environment, row.Slug, &row.PromptVersion, versionFunc)
		_, missing := partialMissing(err)
		if _, refused := composeRefused(err); missing || refused || errors.As(err, new(errInclusion)) {
			s.logger.InfoContext(ctx, "snapshot leaves out a prompt that does not resolve", slog.String("slug", row.Slug), slog.String("error", err.Error()))
			continue
		}
		if err != nil {
			return nil, err
		}
		lives = append(lives, live)
	}
	return lives, nil
}

// snapshotLive prepares one live version as prepare does, its partials found by versionFunc.
func (s *Server) snapshotLive(env, slug string, v *dbsqlc.PromptVersion, versionFunc partialVersionFunc) (*rendering.Live, error) {
	c, err := contentOf(v)
	if err != nil {
		return nil, err
	}
	data, err := resolvedData(slug, env, v, c)
	if err != nil {
		return nil, err
	}
	live, err := rendering.Parse(data)
	if err != nil {
		return nil, err
	}
	partials, err := walkPartials(slug, live.Includes(), false, versionFunc)
	if err != nil {
		return nil, err
	}
	return live, live.Finish(partials, s.renderLimit)
}

// snapshotPrompt is a prepared version as a snapshot shows it.
func snapshotPrompt(live *rendering.Live) api.SnapshotPrompt {
	included := live.Partials().Each()
	partials := make([]api.SnapshotPartial, len(included))
	for i, p := range included {
		partials[i] = api.SnapshotPartial{Ref: p.Ref, Slug: p.Slug, VersionNumber: p.VersionNumber, VersionId: p.VersionID, Template: p.Text}
	}
	return api.SnapshotPrompt{Prompt: live.Data(), Partials: partials}
}
