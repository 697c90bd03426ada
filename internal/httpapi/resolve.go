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

// ResolvePrompt returns the version of a slug that is live in the key's environment. The
// live answer is served from the cache when it can be: encoded once, sent many times.
func (s *Server) ResolvePrompt(ctx context.Context, req api.ResolvePromptRequestObject) (api.ResolvePromptResponseObject, error) {
	key := gateway.Key(ctx)
	live := req.Params.Version == nil && s.resolves != nil
	var resolved *cache.Resolved
	if live {
		resolved, _ = s.resolves.Get(key.ProjectID, key.Environment, req.Slug)
		if resolved != nil {
			s.resolveCount.Hit.Inc()
		} else {
			s.resolveCount.Miss.Inc()
		}
	}
	if resolved == nil {
		var stamp cache.Stamp
		if live {
			stamp = s.resolves.Begin(key.ProjectID)
		}
		v, err := s.resolveVersion(ctx, key, req.Slug, req.Params.Version)
		if errors.Is(err, pgx.ErrNoRows) {
			return api.ResolvePrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, notResolvedMessage(key, req.Slug, req.Params.Version))}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("resolve %s in %s: %w", req.Slug, key.Environment, err)
		}
		if resolved, err = encodeResolved(req.Slug, key.Environment, v); err != nil {
			return nil, err
		}
		if live {
			s.resolves.Put(key.ProjectID, key.Environment, req.Slug, stamp, resolved)
		}
	}
	if req.Params.IfNoneMatch != nil && etagMatches(*req.Params.IfNoneMatch, resolved.ETag) {
		return api.ResolvePrompt304Response{Headers: api.ResolvePrompt304ResponseHeaders{ETag: &resolved.ETag}}, nil
	}
	return resolvedResponse{resolved}, nil
}

// encodeResolved builds the resolve response of a version, ready to send.
func encodeResolved(slug, env string, v *dbsqlc.PromptVersion) (*cache.Resolved, error) {
	body, err := json.Marshal(api.ResolvedPromptResponse{Data: api.ResolvedPrompt{
		Slug: slug, VersionNumber: int(v.VersionNumber), VersionId: v.ID, Environment: api.Environment(env),
		SystemPrompt: v.SystemPrompt, UserTemplate: v.UserTemplate, Variables: v.Variables,
		Model: v.Model, Temperature: v.Temperature, MaxTokens: nullableInt(v.MaxTokens), Metadata: v.Metadata,
	}})
	if err != nil {
		return nil, fmt.Errorf("encode resolve of %s: %w", slug, err)
	}
	return &cache.Resolved{Body: append(body, '\n'), ETag: etag(v, env)}, nil
}

// resolvedResponse sends an encoded resolve response as it is.
type resolvedResponse struct{ r *cache.Resolved }

func (resp resolvedResponse) VisitResolvePromptResponse(w http.ResponseWriter) error {
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(resp.r.Body))}
	h["Etag"] = []string{resp.r.ETag}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(resp.r.Body)
	return err
}

// contentTypeJSON is shared, not allocated per response.
var contentTypeJSON = []string{"application/json"}

// RenderPrompt resolves a slug like ResolvePrompt and fills its templates in.
func (s *Server) RenderPrompt(ctx context.Context, req api.RenderPromptRequestObject) (api.RenderPromptResponseObject, error) {
	key := gateway.Key(ctx)
	v, err := s.resolveVersion(ctx, key, req.Slug, req.Body.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RenderPrompt404JSONResponse{NotFoundJSONResponse: notFound(ctx, notResolvedMessage(key, req.Slug, req.Body.Version))}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("resolve %s in %s: %w", req.Slug, key.Environment, err)
	}
	values := map[string]string{}
	if req.Body.Variables != nil {
		for name, value := range *req.Body.Variables {
			values[name] = variableText(value)
		}
	}
	system, user, missing, err := render(v, values)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		problems := make([]api.FieldProblem, len(missing))
		for i, name := range missing {
			problems[i] = api.FieldProblem{Field: "/variables/" + name, Problem: "is required by the template"}
		}
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{MissingVariables: &missing}, problems...)}, nil
	}
	return api.RenderPrompt200JSONResponse{Data: api.RenderedPrompt{
		Slug: req.Slug, VersionId: v.ID, VersionNumber: int(v.VersionNumber), Environment: api.Environment(key.Environment),
		Messages: []api.ChatMessage{
			{Role: api.ChatMessageRoleSystem, Content: system},
			{Role: api.ChatMessageRoleUser, Content: user},
		},
		Model: v.Model, Temperature: v.Temperature, MaxTokens: nullableInt(v.MaxTokens), Metadata: v.Metadata,
	}}, nil
}

// resolveVersion finds the version of slug a key may use: the live one in its environment,
// or version number pinned if it has ever been live there.
func (s *Server) resolveVersion(ctx context.Context, key *auth.Key, slug string, pinned *int) (*dbsqlc.PromptVersion, error) {
	if pinned != nil {
		row, err := s.q.ResolvePinned(ctx, s.db, dbsqlc.ResolvePinnedParams{
			ProjectID: key.ProjectID, Slug: slug, Environment: key.Environment, VersionNumber: int32(*pinned),
		})
		if err != nil {
			return nil, err
		}
		return &row.PromptVersion, nil
	}
	row, err := s.q.ResolveActive(ctx, s.db, dbsqlc.ResolveActiveParams{ProjectID: key.ProjectID, Slug: slug, Environment: key.Environment})
	if err != nil {
		return nil, err
	}
	return &row.PromptVersion, nil
}

func notResolvedMessage(key *auth.Key, slug string, pinned *int) string {
	if pinned != nil {
		return fmt.Sprintf("No version %d of a prompt %q has been live in %s.", *pinned, slug, key.Environment)
	}
	return fmt.Sprintf("No prompt %q is deployed to %s.", slug, key.Environment)
}

// render fills both templates of v, returning every variable name missing from either.
func render(v *dbsqlc.PromptVersion, values map[string]string) (system, user string, missing []string, err error) {
	out := make([]string, 2)
	for i, src := range []string{v.SystemPrompt, v.UserTemplate} {
		t, err := template.Parse(src)
		if err != nil {
			// Templates are checked when the version is created, so this is a bug.
			return "", "", nil, fmt.Errorf("stored template of version %s: %w", v.ID, err)
		}
		var miss []string
		out[i], miss = t.Render(values)
		for _, name := range miss {
			if !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
		}
	}
	return out[0], out[1], missing, nil
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
