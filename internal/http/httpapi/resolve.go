package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/rendering"
)

// ResolvePrompt returns the version of a slug that is live in the key's environment.
func (s *Server) ResolvePrompt(ctx context.Context, req api.ResolvePromptRequestObject) (api.ResolvePromptResponseObject, error) {
	key := gateway.Key(ctx)
	live, err := s.live(ctx, key, req.Slug, req.Params.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, rendering.NotDeployedMessage(req.Slug, key.Environment, req.Params.Version))}, nil
	}
	if missing, ok := partialMissing(err); ok {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, req.Slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if refused, ok := composeRefused(err); ok {
		return api.ResolvePrompt409JSONResponse{ConflictJSONResponse: composeConflict(ctx, req.Slug+" cannot be served in "+key.Environment, refused)}, nil
	}
	if err != nil {
		return nil, err
	}
	s.countResolve(key, live)
	return live.Resolved(req.Params.IfNoneMatch, req.Params.Compose != nil && *req.Params.Compose), nil
}

// RenderPrompt resolves a slug like ResolvePrompt and fills its templates in, as chat
// messages or as a provider's request body.
func (s *Server) RenderPrompt(ctx context.Context, req api.RenderPromptRequestObject) (api.RenderPromptResponseObject, error) {
	key := gateway.Key(ctx)
	live, err := s.live(ctx, key, req.Slug, req.Body.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, rendering.NotDeployedMessage(req.Slug, key.Environment, req.Body.Version))}, nil
	}
	if missing, ok := partialMissing(err); ok {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, req.Slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if refused, ok := composeRefused(err); ok {
		return api.RenderPrompt409JSONResponse{ConflictJSONResponse: composeConflict(ctx, req.Slug+" cannot be served in "+key.Environment, refused)}, nil
	}
	if err != nil {
		return nil, err
	}
	s.countResolve(key, live)
	out, err := live.Render(*req.Body, s.renderLimit)
	if err != nil {
		return nil, err
	}
	if len(out.Problems) > 0 {
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, out.Details, out.Problems...)}, nil
	}
	return out.Response, nil
}

// countResolve counts a call that found the version a key runs, whatever the answer
// says next (304, or a render's 400 for its variables): the application runs it. A
// person's calls are not an application's, and usage counts API keys only.
func (s *Server) countResolve(key *auth.Key, live *rendering.Live) {
	if id := key.APIKeyID(); id != nil {
		s.usage.Resolve(key.ProjectID, *id, live.PromptID, int32(live.VersionNumber()), s.nowFunc())
	}
}

// live finds the version of slug a key may use, prepared: the live one in its environment,
// from the cache when it can, or version number pinned if it has ever been live there.
func (s *Server) live(ctx context.Context, key *auth.Key, slug string, pinned *int) (*rendering.Live, error) {
	cached := pinned == nil && s.resolves != nil
	var stamp cache.Stamp
	if cached {
		if live, ok := s.resolves.Get(key.ProjectID, key.Environment, slug); ok {
			s.resolveCount.Hit.Inc()
			return live, nil
		}
		s.resolveCount.Miss.Inc()
		stamp = s.resolves.Begin(key.ProjectID)
	}
	v, err := s.resolveVersion(ctx, key, slug, pinned)
	if err != nil {
		return nil, err
	}
	live, err := s.prepare(ctx, key, slug, v)
	if err != nil {
		return nil, err
	}
	if cached {
		s.resolves.Put(key.ProjectID, key.Environment, slug, stamp, live)
	}
	return live, nil
}

// resolveVersion reads the version of slug a key may use from the database.
func (s *Server) resolveVersion(ctx context.Context, key *auth.Key, slug string, pinned *int) (*dbsqlc.PromptVersion, error) {
	if pinned != nil {
		row, err := s.q.ResolvePinned(ctx, s.db, dbsqlc.ResolvePinnedParams{
			ProjectID: key.ProjectID, Slug: slug, Environment: key.Environment, VersionNumber: int32(*pinned),
		})
		if err != nil {
			return nil, fmt.Errorf("resolve %s version %d in %s: %w", slug, *pinned, key.Environment, err)
		}
		return &row.PromptVersion, nil
	}
	row, err := s.q.ResolveActive(ctx, s.db, dbsqlc.ResolveActiveParams{ProjectID: key.ProjectID, Slug: slug, Environment: key.Environment})
	if err != nil {
		return nil, fmt.Errorf("resolve %s in %s: %w", slug, key.Environment, err)
	}
	return &row.PromptVersion, nil
}

// prepare encodes a version's resolve responses (as written, and composed), parses its
// templates and resolves its partials in the key's environment; a version that would
// compose past the render limit is refused (a *rendering.ComposeError) unbuilt.
func (s *Server) prepare(ctx context.Context, key *auth.Key, slug string, v *dbsqlc.PromptVersion) (*rendering.Live, error) {
	live, err := parseVersion(slug, key.Environment, v)
	if err != nil {
		return nil, err
	}
	partials, err := s.resolvePartials(ctx, s.db, key.ProjectID, key.Environment, slug, live.Includes(), false)
	if err != nil {
		return nil, err
	}
	return live, live.Finish(partials, s.renderLimit)
}

// resolvedData is the resolve response's data of a version, its templates as written and
// its partials left for rendering.Live.Finish.
func resolvedData(slug, env string, v *dbsqlc.PromptVersion, c versionContent) (api.ResolvedPrompt, error) {
	hash, err := contentHash(v, c)
	if err != nil {
		return api.ResolvedPrompt{}, err
	}
	return api.ResolvedPrompt{
		Slug: slug, VersionNumber: int(v.VersionNumber), VersionId: v.ID, Environment: api.Environment(env),
		SystemPrompt: v.SystemPrompt, UserTemplate: v.UserTemplate, Variables: v.Variables,
		Model: v.Model, Temperature: v.Temperature, MaxTokens: nullableInt(v.MaxTokens), Metadata: v.Metadata,
		Messages: c.Messages, Tools: c.Tools, ToolChoice: toolChoiceOf(c.ToolChoice), ResponseFormat: nullableOf(c.ResponseFormat),
		ModelParameters: *c.ModelParameters, Provider: nullableOf(c.Provider), VariablesSchema: nullableRaw(c.VariablesSchema),
		ContentHash: hash,
	}, nil
}
