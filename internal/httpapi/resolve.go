package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/gateway"
	"github.com/promptops/promptops/internal/template"
)

// LiveVersion is what a slug resolves to in an environment, prepared once for the hot
// path (versions are immutable): the resolve response encoded with its headers, and the
// templates parsed for render.
type LiveVersion struct {
	version *dbsqlc.PromptVersion
	body    []byte
	etag    string
	// etagHeader and lengthHeader are the response's header values, shared by every
	// response and never modified.
	etagHeader, lengthHeader []string
	system, user             *template.Template
	// rendered is the render response with its two contents left out.
	rendered renderFrame
}

// ResolvePrompt returns the version of a slug that is live in the key's environment.
func (s *Server) ResolvePrompt(ctx context.Context, req api.ResolvePromptRequestObject) (api.ResolvePromptResponseObject, error) {
	key := gateway.Key(ctx)
	live, err := s.live(ctx, key, req.Slug, req.Params.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, notResolvedMessage(key, req.Slug, req.Params.Version))}, nil
	}
	if err != nil {
		return nil, err
	}
	if req.Params.IfNoneMatch != nil && etagMatches(*req.Params.IfNoneMatch, live.etag) {
		return api.ResolvePrompt304Response{Headers: api.ResolvePrompt304ResponseHeaders{ETag: &live.etag}}, nil
	}
	return resolvedResponse{live}, nil
}

// RenderPrompt resolves a slug like ResolvePrompt and fills its templates in.
func (s *Server) RenderPrompt(ctx context.Context, req api.RenderPromptRequestObject) (api.RenderPromptResponseObject, error) {
	key := gateway.Key(ctx)
	live, err := s.live(ctx, key, req.Slug, req.Body.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, notResolvedMessage(key, req.Slug, req.Body.Version))}, nil
	}
	if err != nil {
		return nil, err
	}
	var values map[string]string
	if req.Body.Variables != nil {
		values = make(map[string]string, len(*req.Body.Variables))
		for name, value := range *req.Body.Variables {
			values[name] = variableText(value)
		}
	}
	system, user, missing, err := live.render(values, s.renderLimit)
	switch {
	case errors.Is(err, template.ErrTooLong):
		limit := s.renderLimit
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{Limit: &limit}, api.FieldProblem{
			Field: "/variables", Problem: "would render the prompt into more than the render limit of " + strconv.Itoa(limit) + " bytes",
		})}, nil
	case err != nil:
		return nil, fmt.Errorf("render %s: %w", req.Slug, err)
	}
	if len(missing) > 0 {
		problems := make([]api.FieldProblem, len(missing))
		for i, name := range missing {
			problems[i] = api.FieldProblem{Field: "/variables/" + name, Problem: "is required by the template"}
		}
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{MissingVariables: &missing}, problems...)}, nil
	}
	return renderedResponse{frame: &live.rendered, system: system, user: user}, nil
}

// render fills both templates in from values, into at most limit bytes together, and lists
// the variables either one lacks; past the limit it returns template.ErrTooLong.
func (live *LiveVersion) render(values map[string]string, limit int) (system, user string, missing []string, err error) {
	system, missing, err = live.system.Render(values, limit)
	if err != nil {
		return "", "", nil, err
	}
	user, missingUser, err := live.user.Render(values, limit-len(system))
	if err != nil {
		return "", "", nil, err
	}
	for _, name := range missingUser {
		if !slices.Contains(missing, name) {
			missing = append(missing, name)
		}
	}
	return system, user, missing, nil
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
	live, err := prepare(slug, key.Environment, v)
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

// prepare encodes a version's resolve response and parses its templates.
func prepare(slug, env string, v *dbsqlc.PromptVersion) (*LiveVersion, error) {
	body, err := json.Marshal(api.ResolvedPromptResponse{Data: api.ResolvedPrompt{
		Slug: slug, VersionNumber: int(v.VersionNumber), VersionId: v.ID, Environment: api.Environment(env),
		SystemPrompt: v.SystemPrompt, UserTemplate: v.UserTemplate, Variables: v.Variables,
		Model: v.Model, Temperature: v.Temperature, MaxTokens: nullableInt(v.MaxTokens), Metadata: v.Metadata,
	}})
	if err != nil {
		return nil, fmt.Errorf("encode resolve of %s: %w", slug, err)
	}
	live := &LiveVersion{version: v, body: append(body, '\n'), etag: etag(v, env)}
	live.etagHeader, live.lengthHeader = []string{live.etag}, []string{strconv.Itoa(len(live.body))}
	if live.rendered, err = newRenderFrame(slug, env, v); err != nil {
		return nil, err
	}
	// Templates are checked when the version is created, so a failure here is a bug.
	if live.system, err = template.Parse(v.SystemPrompt); err != nil {
		return nil, fmt.Errorf("stored system prompt of version %s: %w", v.ID, err)
	}
	if live.user, err = template.Parse(v.UserTemplate); err != nil {
		return nil, fmt.Errorf("stored user template of version %s: %w", v.ID, err)
	}
	return live, nil
}

// resolvedResponse sends a prepared resolve response as it is.
type resolvedResponse struct{ live *LiveVersion }

func (resp resolvedResponse) VisitResolvePromptResponse(w http.ResponseWriter) error {
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = resp.live.lengthHeader
	h["Etag"] = resp.live.etagHeader
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(resp.live.body)
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

// variableText writes a render variable as text; validation lets only strings, numbers
// and booleans through.
func variableText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

// etag identifies a resolve response: versions are immutable and the environment is the
// key's, so the pair names the body exactly.
func etag(v *dbsqlc.PromptVersion, env string) string {
	return `"` + v.ID.String() + "-" + env + `"`
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
