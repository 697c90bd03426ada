package httpapi

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// routeTable finds the spec operation of a request with the standard library's mux (the
// spec's `{name}` segments are its syntax too), which is several times cheaper per request
// than kin-openapi's regular-expression router.
type routeTable struct {
	mux    *http.ServeMux
	routes map[string]*routers.Route // by mux pattern
}

func newRouteTable(spec *openapi3.T) *routeTable {
	t := &routeTable{mux: http.NewServeMux(), routes: map[string]*routers.Route{}}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			pattern := method + " " + path
			t.mux.Handle(pattern, http.NotFoundHandler()) // only the pattern is used
			t.routes[pattern] = &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return t
}

// find returns the request's route, its mux pattern and its path parameters, or a nil
// route when no operation matches (allowed then says whether the path has other methods).
func (t *routeTable) find(r *http.Request) (*routers.Route, string, map[string]string) {
	_, pattern := t.mux.Handler(r)
	if pattern == "" {
		return nil, "", nil
	}
	route := t.routes[pattern]
	return route, pattern, pathParams(route.Path, r.URL.Path)
}

// handlersFrom finds, for every route, the handler the generated code registered on mux
// for it. A route it cannot find there (none, unless the generated code and the spec part
// ways) is served by mux itself.
func (t *routeTable) handlersFrom(mux *http.ServeMux) map[string]http.Handler {
	handlers := make(map[string]http.Handler, len(t.routes))
	for pattern, route := range t.routes {
		sample := &http.Request{Method: route.Method, Host: "localhost",
			URL: &url.URL{Path: samplePath.ReplaceAllString(route.Path, "x")}}
		if h, found := mux.Handler(sample); found == pattern {
			handlers[pattern] = h
		} else {
			handlers[pattern] = mux
		}
	}
	return handlers
}

// samplePath matches the `{name}` segments of a spec path.
var samplePath = regexp.MustCompile(`\{[^}/]+\}`)

// allowed lists the methods the request's path has.
func (t *routeTable) allowed(r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := t.mux.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}

// pathParams pairs the `{name}` segments of a spec path with the request path's segments
// (the mux matched them already, so the two have the same number of segments).
func pathParams(specPath, path string) map[string]string {
	if !strings.Contains(specPath, "{") {
		return nil
	}
	params := make(map[string]string, 2)
	for specPath != "" && path != "" {
		var seg, actual string
		seg, specPath, _ = strings.Cut(specPath, "/")
		actual, path, _ = strings.Cut(path, "/")
		if len(seg) > 2 && seg[0] == '{' {
			params[seg[1:len(seg)-1]] = actual
		}
	}
	return params
}
