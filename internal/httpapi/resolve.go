package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/gateway"
	"github.com/promptops/promptops/internal/template"
)

// LiveVersion is what a slug resolves to in an environment, prepared once for the hot
// path (versions are immutable): the resolve response encoded with its headers, and the
// templates parsed and the render response framed for render.
type LiveVersion struct {
	version *dbsqlc.PromptVersion
	content versionContent
	body    []byte
	etag    string
	// etagHeader and lengthHeader are the response's header values, shared by every
	// response and never modified.
	etagHeader, lengthHeader []string
	// templates are the messages' contents, parsed, in order.
	templates []*template.Template
	// partials are what the templates include, resolved in the environment.
	partials partialSet
	// composed is the resolve response with the partials expanded (compose=true).
	composed []byte
	// variablesSchema is the compiled variables schema (nil when the version has none).
	variablesSchema *jsonschema.Schema
	// rendered is the render response with its contents and warnings left out.
	rendered renderFrame
}

// ResolvePrompt returns the version of a slug that is live in the key's environment.
func (s *Server) ResolvePrompt(ctx context.Context, req api.ResolvePromptRequestObject) (api.ResolvePromptResponseObject, error) {
	key := gateway.Key(ctx)
	live, err := s.live(ctx, key, req.Slug, req.Params.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, notResolvedMessage(key, req.Slug, req.Params.Version))}, nil
	}
	if missing, ok := partialMissing(err); ok {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, req.Slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if err != nil {
		return nil, err
	}
	s.countResolve(key, live)
	if req.Params.IfNoneMatch != nil && etagMatches(*req.Params.IfNoneMatch, live.etag) {
		return api.ResolvePrompt304Response{Headers: api.ResolvePrompt304ResponseHeaders{ETag: &live.etag}}, nil
	}
	if req.Params.Compose != nil && *req.Params.Compose {
		return composedResponse{live}, nil
	}
	return resolvedResponse{live}, nil
}

// RenderPrompt resolves a slug like ResolvePrompt and fills its templates in, as chat
// messages or as a provider's request body.
func (s *Server) RenderPrompt(ctx context.Context, req api.RenderPromptRequestObject) (api.RenderPromptResponseObject, error) {
	key := gateway.Key(ctx)
	live, err := s.live(ctx, key, req.Slug, req.Body.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, notResolvedMessage(key, req.Slug, req.Body.Version))}, nil
	}
	if missing, ok := partialMissing(err); ok {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, req.Slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if err != nil {
		return nil, err
	}
	s.countResolve(key, live)
	values := map[string]any{}
	if req.Body.Variables != nil {
		values = *req.Body.Variables
	}
	if problems := live.checkVariables(values); len(problems) > 0 {
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, problems...)}, nil
	}
	contents, missing, err := live.render(values, s.renderLimit)
	switch {
	case errors.Is(err, template.ErrTooLarge):
		limit := s.renderLimit
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{Limit: &limit}, api.FieldProblem{
			Field: "/variables", Problem: "would render the prompt into more than the render limit of " + strconv.Itoa(limit) + " bytes",
		})}, nil
	case err != nil:
		return nil, err
	}
	if len(missing) > 0 {
		problems := make([]api.FieldProblem, len(missing))
		for i, name := range missing {
			problems[i] = api.FieldProblem{Field: "/variables/" + name, Problem: "is required by the template"}
		}
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{MissingVariables: &missing}, problems...)}, nil
	}
	warnings := live.unused(values)
	format := api.RenderRequestFormatMessages
	if req.Body.Format != nil {
		format = *req.Body.Format
	}
	if format == api.RenderRequestFormatMessages {
		return renderedResponse{frame: &live.rendered, contents: contents, warnings: warnings}, nil
	}
	return s.providerResponse(ctx, live, key.Environment, req.Slug, string(format), contents, warnings)
}

// countResolve counts a call that found the version a key runs, whatever the answer
// says next (304, or a render's 400 for its variables): the application runs it.
func (s *Server) countResolve(key *auth.Key, live *LiveVersion) {
	s.usage.Resolve(key.ProjectID, key.ID, live.version.PromptID, live.version.VersionNumber, s.nowFunc())
}

// live finds the version of slug a key may use, prepared: the live one in its environment,
// from the cache when it can, or version number pinned if it has ever been live there.
func (s *Server) live(ctx context.Context, key *auth.Key, slug string, pinned *int) (*LiveVersion, error) {
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
// templates and resolves its partials in the key's environment.
func (s *Server) prepare(ctx context.Context, key *auth.Key, slug string, v *dbsqlc.PromptVersion) (*LiveVersion, error) {
	c, err := contentOf(v)
	if err != nil {
		return nil, err
	}
	live := &LiveVersion{version: v, content: c}
	if err := live.parse(); err != nil {
		return nil, err
	}
	if live.partials, err = s.resolvePartials(ctx, s.db, key.ProjectID, key.Environment, slug, includes(live.templates), false); err != nil {
		return nil, err
	}
	live.etag = etag(v, key.Environment, live.partials.etagSuffix())
	data, err := resolvedData(slug, key.Environment, v, c, live.partials)
	if err != nil {
		return nil, err
	}
	if live.body, err = encodeResolved(data); err != nil {
		return nil, err
	}
	if live.composed, err = encodeResolved(live.partials.composeResolved(data)); err != nil {
		return nil, err
	}
	live.etagHeader, live.lengthHeader = []string{live.etag}, []string{strconv.Itoa(len(live.body))}
	if live.rendered, err = newRenderFrame(slug, key.Environment, v, c); err != nil {
		return nil, err
	}
	return live, nil
}

// resolvedData is the resolve response's data of a version, its templates as written.
func resolvedData(slug, env string, v *dbsqlc.PromptVersion, c versionContent, partials partialSet) (api.ResolvedPrompt, error) {
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
		ContentHash: hash, Partials: partials.refs,
	}, nil
}

// encodeResolved encodes a resolve response, ready to send.
func encodeResolved(data api.ResolvedPrompt) ([]byte, error) {
	body, err := json.Marshal(api.ResolvedPromptResponse{Data: data})
	if err != nil {
		return nil, fmt.Errorf("encode resolve of %s: %w", data.Slug, err)
	}
	return append(body, '\n'), nil
}

// resolvedResponse sends a prepared resolve response as it is; composedResponse the one
// with its partials expanded. Each is one pointer, so returning it allocates nothing.
type (
	resolvedResponse struct{ live *LiveVersion }
	composedResponse struct{ live *LiveVersion }
)

func (resp resolvedResponse) VisitResolvePromptResponse(w http.ResponseWriter) error {
	return writeResolved(w, resp.live, resp.live.body, resp.live.lengthHeader)
}

func (resp composedResponse) VisitResolvePromptResponse(w http.ResponseWriter) error {
	return writeResolved(w, resp.live, resp.live.composed, []string{strconv.Itoa(len(resp.live.composed))})
}

func writeResolved(w http.ResponseWriter, live *LiveVersion, body []byte, length []string) error {
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = length
	h["Etag"] = live.etagHeader
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

// contentTypeJSON is shared, not allocated per response.
var contentTypeJSON = []string{"application/json"}

func notResolvedMessage(key *auth.Key, slug string, pinned *int) string {
	if pinned != nil {
		return fmt.Sprintf("No version %d of a prompt %q has been live in %s.", *pinned, slug, key.Environment)
	}
	return fmt.Sprintf("No prompt %q is deployed to %s.", slug, key.Environment)
}

// etag identifies a resolve response: versions are immutable and the environment is the
// key's, so the pair names the body exactly, with a suffix naming the partials' versions
// when it includes any.
func etag(v *dbsqlc.PromptVersion, env, partials string) string {
	return `"` + v.ID.String() + "-" + env + partials + `"`
}

// etagMatches applies If-None-Match: a list of tags, weak or strong, or "*".
func etagMatches(header, tag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == tag || candidate == "*" {
			return true
		}
	}
	return false
}
