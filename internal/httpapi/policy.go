package httpapi

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/promptops/promptops/internal/metrics"
)

// policy is what the spec says about an operation that the middleware enforces.
type policy struct {
	// authenticated: the operation needs an API key (its security is not empty).
	authenticated bool
	// scope is the scope the key must carry (`x-scope`), or "" for any key.
	scope string
	// body: the operation takes a JSON request body.
	body bool
	// fields: the operation accepts a `fields` query parameter.
	fields bool
	// metrics are the operation's request series.
	metrics *metrics.Route
}

// policies reads every operation's policy from the spec once, so no request re-reads it.
func policies(spec *openapi3.T, m *metrics.Metrics) map[*openapi3.Operation]policy {
	out := make(map[*openapi3.Operation]policy)
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			p := policy{body: op.RequestBody != nil, metrics: m.Route(path, method)}
			security := spec.Security
			if op.Security != nil {
				security = *op.Security
			}
			p.authenticated = len(security) > 0
			if scope, ok := op.Extensions["x-scope"].(string); ok {
				p.scope = scope
			}
			for _, param := range op.Parameters {
				if param.Value != nil && param.Value.In == "query" && param.Value.Name == "fields" {
					p.fields = true
				}
			}
			out[op] = p
		}
	}
	return out
}
