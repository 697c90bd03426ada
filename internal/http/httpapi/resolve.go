package httpapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/release/assign"
)

// ResolvePrompt returns the version of a slug that is live in the key's environment.
func (s *Server) ResolvePrompt(ctx context.Context, req api.ResolvePromptRequestObject) (api.ResolvePromptResponseObject, error) {
	gateway.ObserveDuration(ctx, s.serve.ResolveSeries())
	key := gateway.Key(ctx)
	subject, problem := rendering.Subject(req.Params.Subject, req.Params.PromptOpsSubject)
	if problem != nil {
		return api.ResolvePrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	live, err := s.live(ctx, key, req.Slug, req.Params.Version, subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, rendering.NotDeployedMessage(req.Slug, key.Environment, req.Params.Version))}, nil
	}
	if missing, ok := partialMissing(err); ok {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, req.Slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if refused, ok := composeRefused(err); ok {
		return api.ResolvePrompt409JSONResponse{ConflictJSONResponse: composeConflict(ctx, rendering.NotServed(req.Slug, key.Environment), refused)}, nil
	}
	if err != nil {
		return nil, err
	}
	s.countResolve(ctx, key, live)
	live.Trace(ctx, key.ProjectID)
	return live.Resolved(req.Params.IfNoneMatch, req.Params.Compose != nil && *req.Params.Compose), nil
}

// RenderPrompt resolves a slug like ResolvePrompt and fills its templates in, as chat
// messages or as a provider's request body.
func (s *Server) RenderPrompt(ctx context.Context, req api.RenderPromptRequestObject) (api.RenderPromptResponseObject, error) {
	gateway.ObserveDuration(ctx, s.serve.RenderSeries(string(rendering.Format(*req.Body))))
	key := gateway.Key(ctx)
	subject, problem := rendering.Subject(req.Params.Subject, req.Params.PromptOpsSubject)
	if problem != nil {
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	live, err := s.live(ctx, key, req.Slug, req.Body.Version, subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, rendering.NotDeployedMessage(req.Slug, key.Environment, req.Body.Version))}, nil
	}
	if missing, ok := partialMissing(err); ok {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, req.Slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if refused, ok := composeRefused(err); ok {
		return api.RenderPrompt409JSONResponse{ConflictJSONResponse: composeConflict(ctx, rendering.NotServed(req.Slug, key.Environment), refused)}, nil
	}
	if err != nil {
		return nil, err
	}
	s.countResolve(ctx, key, live)
	live.Trace(ctx, key.ProjectID)
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
func (s *Server) countResolve(ctx context.Context, key *auth.Key, live *rendering.Live) {
	if id := key.APIKeyID(); id != nil {
		s.usage.Resolve(key.ProjectID, *id, live.PromptID, int32(live.VersionNumber()), gateway.RequestTime(ctx, s.nowFunc))
	}
}

// live finds the version of slug a key may use for subject, prepared: the live one in
// its environment (a rolling release's candidate when subject falls in its share), from
// the cache when it can, or version number pinned if it has ever been live there, whatever
// releases say.
func (s *Server) live(ctx context.Context, key *auth.Key, slug string, pinned *int, subject string) (*rendering.Live, error) {
	if pinned != nil {
		v, err := s.resolvePinned(ctx, key, slug, *pinned)
		if err != nil {
			return nil, err
		}
		return s.prepare(ctx, key, slug, v, nil)
	}
	d, err := s.deployed(ctx, key, slug)
	if err != nil {
		return nil, err
	}
	return d.For(subject), nil
}

// deployed finds what slug resolves to in a key's environment, with the rolling release
// moving it, from the cache when it can.
func (s *Server) deployed(ctx context.Context, key *auth.Key, slug string) (*rendering.Deployed, error) {
	var stamp cache.Stamp
	if s.resolves != nil {
		if d, ok := s.resolves.Get(key.ProjectID, key.Environment, slug); ok {
			s.resolveCount.Hit.Inc()
			return d, nil
		}
		s.resolveCount.Miss.Inc()
		stamp = s.resolves.Begin(key.ProjectID)
	}
	row, err := s.q.ResolveActive(ctx, s.db, dbsqlc.ResolveActiveParams{ProjectID: key.ProjectID, Slug: slug, Environment: key.Environment})
	if err != nil {
		return nil, fmt.Errorf("resolve %s in %s: %w", slug, key.Environment, err)
	}
	d, err := s.prepareDeployed(ctx, key, slug, &row.PromptVersion, releaseOf(row.ReleaseID, row.CandidateVersionID, row.ReleaseSalt, row.ReleasePercent))
	if err != nil {
		return nil, err
	}
	if s.resolves != nil {
		s.resolves.Put(key.ProjectID, key.Environment, slug, stamp, row.Revision, d)
	}
	return d, nil
}

// resolvePinned reads version number of slug, if it has ever been live in a key's
// environment.
func (s *Server) resolvePinned(ctx context.Context, key *auth.Key, slug string, number int) (*dbsqlc.PromptVersion, error) {
	row, err := s.q.ResolvePinned(ctx, s.db, dbsqlc.ResolvePinnedParams{
		ProjectID: key.ProjectID, Slug: slug, Environment: key.Environment, VersionNumber: int32(number),
	})
	if err != nil {
		return nil, fmt.Errorf("resolve %s version %d in %s: %w", slug, number, key.Environment, err)
	}
	return &row.PromptVersion, nil
}

// liveRelease is the rolling release a deployment row names: nil when none moves it.
type liveRelease struct {
	id, candidate uuid.UUID
	salt          string
	percent       float64
}

// releaseOf reads a deployment's release columns (all null outside a release).
func releaseOf(id, candidate *uuid.UUID, salt *string, percent float64) *liveRelease {
	if id == nil || candidate == nil || salt == nil {
		return nil
	}
	return &liveRelease{id: *id, candidate: *candidate, salt: *salt, percent: percent}
}

// prepareDeployed prepares current, and the candidate of the release moving it (nil for
// none), each marked as its variant of the release.
func (s *Server) prepareDeployed(ctx context.Context, key *auth.Key, slug string, current *dbsqlc.PromptVersion, r *liveRelease) (*rendering.Deployed, error) {
	if r == nil {
		live, err := s.prepare(ctx, key, slug, current, nil)
		return &rendering.Deployed{Current: live}, err
	}
	live, err := s.prepare(ctx, key, slug, current, r.variant(assign.Current))
	if err != nil {
		return nil, err
	}
	versions, err := s.q.VersionsByID(ctx, s.db, []uuid.UUID{r.candidate})
	if err != nil || len(versions) == 0 {
		return nil, fmt.Errorf("candidate %s of release %s: %w", r.candidate, r.id, cmp.Or(err, pgx.ErrNoRows))
	}
	candidate, err := s.prepare(ctx, key, slug, versions[0], r.variant(assign.Candidate))
	if err != nil {
		return nil, err
	}
	return &rendering.Deployed{Current: live, Release: &rendering.Release{ID: r.id, Salt: r.salt, Percent: r.percent, Candidate: candidate}}, nil
}

// variant marks a Live as variant of r.
func (r *liveRelease) variant(variant string) func(*rendering.Live) {
	return func(live *rendering.Live) { live.InRelease(r.id, variant) }
}

// prepare encodes a version's resolve responses (as written, and composed), marked by mark
// (when not nil) as a release's variant, parses its templates and resolves its partials
// in the key's environment; a version that would
// compose past the render limit is refused (a *rendering.ComposeError) unbuilt.
func (s *Server) prepare(ctx context.Context, key *auth.Key, slug string, v *dbsqlc.PromptVersion, mark func(*rendering.Live)) (*rendering.Live, error) {
	live, err := parseVersion(slug, key.Environment, v)
	if err != nil {
		return nil, err
	}
	if mark != nil {
		mark(live)
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
		ContentHash: hash, Release: nullable.NewNullNullable[api.ReleaseAssignment](),
	}, nil
}
