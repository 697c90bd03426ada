package gateway

import (
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/metrics"
)

// route is one operation of the spec with what the pipeline needs of it.
type route struct {
	// pattern is the operation as a standard mux pattern ("GET /api/v1/prompts/{slug}/resolve"):
	// the spec's `{name}` segments are the mux's syntax too.
	pattern string
	// spec is the operation as kin-openapi's validator wants it.
	spec   *routers.Route
	policy policy
	// metrics are the operation's request series.
	metrics *metrics.Route
}

// routesOf lists the spec's operations, in a stable order.
func routesOf(spec *openapi3.T, m *metrics.Metrics) []*route {
	var out []*route
	for p, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			rt := &route{
				pattern: method + " " + p,
				spec:    &routers.Route{Spec: spec, Path: p, PathItem: item, Method: method, Operation: op},
				policy:  policyOf(spec, item, op),
			}
			if m != nil { // a Checker counts nothing
				rt.metrics = m.Route(p, method)
			}
			out = append(out, rt)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pattern < out[j].pattern })
	return out
}

// handlersFrom finds, for every route, the handler the generated code registered on mux
// for it, by asking mux about a sample request. A route it cannot find there (none, unless
// the generated code and the spec part ways) is served by mux itself.
func handlersFrom(mux *http.ServeMux, routes []*route) map[string]http.Handler {
	handlers := make(map[string]http.Handler, len(routes))
	for _, rt := range routes {
		sample := &http.Request{Method: rt.spec.Method, Host: "localhost",
			URL: &url.URL{Path: samplePath.ReplaceAllString(rt.spec.Path, "x")}}
		if h, found := mux.Handler(sample); found == rt.pattern {
			handlers[rt.pattern] = h
		} else {
			handlers[rt.pattern] = mux
		}
	}
	return handlers
}

// samplePath matches the `{name}` segments of a spec path.
var samplePath = regexp.MustCompile(`\{[^}/]+\}`)

// unrouted answers a request no operation matched: 405 with Allow when its path has other
// methods, else 404, both as the error envelope.
func (g *Gateway) unrouted(w http.ResponseWriter, r *http.Request) {
	if allow := g.allowedMethods(r); len(allow) > 0 {
		methods := strings.Join(allow, ", ")
		WriteError(w, r, &Error{Status: http.StatusMethodNotAllowed, Code: api.ErrorCodeMETHODNOTALLOWED,
			Message: r.Method + " is not allowed on " + r.URL.Path + "; allowed: " + methods + ".",
			Header:  http.Header{"Allow": {methods}}})
		return
	}
	WriteError(w, r, &Error{Status: http.StatusNotFound, Code: api.ErrorCodeRESOURCENOTFOUND,
		Message: "No route " + r.Method + " " + r.URL.Path + "; see /api/v1/openapi.json."})
}

// allowedMethods lists the methods the request's path has. A path that is not clean has
// none: the mux would redirect it, and an API path answers only in the envelope.
func (g *Gateway) allowedMethods(r *http.Request) []string {
	if path.Clean(r.URL.Path) != r.URL.Path {
		return nil
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := g.allowed.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}
