package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
)

// Calls made in process, by code that serves people rather than API clients (the web
// console), reach the same handlers without an HTTP request of the API. What follows lets
// such code apply the pipeline's own rules to those calls, read from the same spec, so
// that no rule is written twice.

// Observe gives a handler outside the spec's operations what every request of the API
// gets: a request id, the access-log line and metrics, a 500 for a panic. Its requests
// are logged and counted under name (such as "/console/"), not as unmatched ones.
func (g *Gateway) Observe(name string, h http.Handler) http.Handler {
	rt := &route{pattern: name, metrics: g.metrics.Route(name, "")}
	return g.observe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info(r.Context()).route = rt
		h.ServeHTTP(w, r)
	}))
}

// WithKey returns a context whose Key is key, as the pipeline's authentication leaves it
// for a handler. In a request the gateway observes, the key is that request's (its access
// log line names it); elsewhere a fresh request info carries it.
func WithKey(ctx context.Context, key *auth.Key) context.Context {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		ri.key = key
		return ctx
	}
	return context.WithValue(ctx, infoKey{}, &requestInfo{key: key})
}

// Reauthenticate checks again a key authenticated before, by the hash it is stored under:
// the usable key, or the 401 that says why it is no longer usable (revoked, expired,
// deleted). It reads the key cache, which revocations invalidate on every instance.
func (g *Gateway) Reauthenticate(ctx context.Context, hash [sha256.Size]byte) (*auth.Key, *Error, error) {
	now := g.nowFunc()
	key, err := g.keyByHash(ctx, hash, now)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, unauthorized("The API key is not known."), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if problem := key.Problem(now); problem != "" {
		return nil, unauthorized(problem), nil
	}
	return key, nil, nil
}

// Scope is the scope the spec requires of operationID's key (its x-scope), "" for any key;
// ok is false when the spec has no such operation.
func (g *Gateway) Scope(operationID string) (scope string, ok bool) {
	rt, ok := g.byOperation[operationID]
	if !ok {
		return "", false
	}
	return rt.policy.scope, true
}

// Allows reports whether key may call operationID at all (its scope), for hiding what a
// key cannot do; Admit still decides each call.
func (g *Gateway) Allows(operationID string, key *auth.Key) bool {
	scope, ok := g.Scope(operationID)
	return ok && (scope == "" || key.Has(scope))
}

// Admit applies to an in-process call of operationID, by key with body (nil when the
// operation takes none), what the pipeline applies to a request of it: the key's rate
// limit (the same limiter as the API's), the operation's scope, and its body's size, text
// and schema. It returns the error the API would answer with, or nil to go on.
func (g *Gateway) Admit(ctx context.Context, operationID string, key *auth.Key, body any) (*Error, error) {
	rt, ok := g.byOperation[operationID]
	if !ok {
		return nil, fmt.Errorf("admit: the spec has no operation %s", operationID)
	}
	if d := g.keyLimit.Allow(key.ID, g.nowFunc()); !d.Allowed {
		return TooManyRequests(d), nil
	}
	if rt.policy.scope != "" && !key.Has(rt.policy.scope) {
		scope := api.Scope(rt.policy.scope)
		return &Error{Status: http.StatusForbidden, Code: api.ErrorCodeFORBIDDEN,
			Message: "This operation needs the " + rt.policy.scope + " scope, which the API key does not have.",
			Details: &api.ErrorDetails{RequiredScope: &scope}}, nil
	}
	if !rt.policy.body || body == nil {
		return nil, nil
	}
	return g.checkBody(ctx, rt, body)
}

// checkBody checks a body as validate checks a request's.
func (g *Gateway) checkBody(ctx context.Context, rt *route, body any) (*Error, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode %s body: %w", rt.pattern, err)
	}
	if int64(len(raw)) > g.bodyLimit {
		return g.tooLarge(), nil
	}
	if apiErr := checkBodyText(raw); apiErr != nil {
		return apiErr, nil
	}
	if bodyValid(raw, rt.policy.bodySchema, rt.policy.bodyVisit) {
		return nil, nil
	}
	r, err := http.NewRequestWithContext(ctx, rt.spec.Method, rt.spec.Path, bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("build %s request: %w", rt.pattern, err)
	}
	r.Header.Set("Content-Type", "application/json")
	input := &openapi3filter.RequestValidationInput{Request: r, Route: rt.spec, Options: validationOptions}
	if err := openapi3filter.ValidateRequestBody(ctx, input, rt.spec.Operation.RequestBody.Value); err != nil {
		return validationError(err), nil
	}
	return nil, nil
}
