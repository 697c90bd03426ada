package gateway

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strings"

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
	return &requestInfo{Context: ctx, key: key}
}

// Reauthenticate checks again a key authenticated before, by the hash it is stored under:
// the usable key, or the 401 that says why it is no longer usable (revoked, expired,
// deleted). It reads the key cache, which revocations invalidate on every instance.
func (g *Gateway) Reauthenticate(ctx context.Context, hash [sha256.Size]byte) (*auth.Key, *Error, error) {
	return g.usable(ctx, hash, g.now(ctx))
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

// Allows reports whether key may call operationID at all (its scope; an API key no
// operation only people may call; a person none above their role), for hiding what a
// key cannot do; Admit still decides each call.
func (g *Gateway) Allows(operationID string, key *auth.Key) bool {
	rt, ok := g.byOperation[operationID]
	return ok && callerRefused(&rt.policy, key) == nil && (rt.policy.scope == "" || key.Has(rt.policy.scope))
}

// Admit applies to an in-process call by key of the API request r, built as a client
// would send it (by the generated client's api.NewXxxRequest), what the pipeline applies
// to that request: the key's rate limit (the same limiter as the API's), the operation's
// scope, then validate's checks of its parameters and body (size, media type, text, one
// JSON value, the spec's schemas) and that the environments it names are the project's. It returns the error the API would answer with, or nil
// to go on; r must be a request of one of the spec's operations. The caller's kind and a
// person's role are checked as the pipeline checks them (callerRefused).
func (g *Gateway) Admit(ctx context.Context, key *auth.Key, r *http.Request) (*Error, error) {
	rt := g.routeOf(r)
	if rt == nil {
		return nil, fmt.Errorf("admit: the spec has no operation %s %s", r.Method, r.URL.Path)
	}
	if d := g.keyLimit.Allow(ctx, key.ID, g.now(ctx)); !d.Allowed {
		return TooManyRequests(d), nil
	}
	if refused := callerRefused(&rt.policy, key); refused != nil {
		return refused, nil
	}
	if rt.policy.scope != "" && !key.Has(rt.policy.scope) {
		return scopeRefusal(rt.policy.scope, key), nil
	}
	r = r.WithContext(ctx)
	setPathValues(r, rt)
	var body []byte
	var value any
	if rt.policy.body {
		var apiErr *Error
		if body, value, apiErr = g.readJSON(nil, r); apiErr != nil {
			return apiErr, nil
		}
	}
	query := queryOf(r)
	if apiErr := check(r, query, rt, body, value); apiErr != nil {
		return apiErr, nil
	}
	return g.checkEnvironments(r, query, &rt.policy, key.ProjectID)
}

// routeOf is the operation of r, or nil.
func (g *Gateway) routeOf(r *http.Request) *route {
	_, pattern := g.allowed.Handler(r)
	return g.byPattern[pattern]
}

// setPathValues gives r the path values the mux gives a request it routes to rt: each
// `{name}` segment of the operation's path names the unescaped segment at its place in r's.
func setPathValues(r *http.Request, rt *route) {
	segments := strings.Split(r.URL.EscapedPath(), "/")
	for i, s := range strings.Split(rt.spec.Path, "/") {
		name, ok := strings.CutPrefix(s, "{")
		if !ok || i >= len(segments) {
			continue
		}
		value, err := url.PathUnescape(segments[i])
		if err != nil {
			value = segments[i] // the mux matched it, so this does not happen
		}
		r.SetPathValue(strings.TrimSuffix(name, "}"), value)
	}
}

// scopeRefusal is the 403 of a caller without scope: for a person, the role it needs.
func scopeRefusal(scope string, key *auth.Key) *Error {
	if key.Person != nil {
		return RoleForbidden(auth.ScopeRole(scope), key.Person.Role)
	}
	need := api.Scope(scope)
	return &Error{Status: http.StatusForbidden, Code: api.ErrorCodeFORBIDDEN,
		Message: "This operation needs the " + scope + " scope, which the API key does not have.",
		Details: &api.ErrorDetails{RequiredScope: &need}}
}
