package gateway

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/promptops/promptops/internal/auth"
)

// Checker validates requests of chosen operations exactly as the pipeline does (body size
// and media type, text, parameters and body against the spec), for a process that answers
// them without the rest of the pipeline: the edge replica, which must refuse what the
// server refuses, with the same errors.
type Checker struct {
	g      *Gateway
	routes map[string]*route
}

// NewChecker returns a Checker of the spec's operations operationIDs, with bodies of at
// most bodyLimit bytes. Requests it checks must have been routed by a standard mux on the
// operation's pattern (the spec's path), so that their path values are set.
func NewChecker(spec *openapi3.T, bodyLimit int64, operationIDs ...string) (*Checker, error) {
	c := &Checker{g: &Gateway{bodyLimit: bodyLimit}, routes: map[string]*route{}}
	for _, rt := range routesOf(spec, nil) {
		c.routes[rt.spec.Operation.OperationID] = rt
	}
	for _, id := range operationIDs {
		if c.routes[id] == nil {
			return nil, fmt.Errorf("the spec has no operation %s", id)
		}
	}
	return c, nil
}

// Check validates r as a request of operationID, reading its body when the operation has
// one; body is what it read (nil otherwise), and r.Body can be read again. query is r's
// query as the check parsed it (nil when r has none), for the caller to read and give
// KeyActs rather than parse it again.
func (c *Checker) Check(w http.ResponseWriter, r *http.Request, operationID string) (body []byte, query url.Values, apiErr *Error) {
	rt := c.routes[operationID]
	var value any
	if rt.policy.body {
		if body, value, apiErr = c.g.readJSON(w, r); apiErr != nil {
			return nil, nil, apiErr
		}
	}
	query = queryOf(r)
	return body, query, check(r, query, rt, body, value)
}

// KeyActs refuses what an API key of environment may not send in a request of operationID
// (whose query, as Check parsed it, is query), as the pipeline refuses it: another
// environment than its own, named in the query.
func (c *Checker) KeyActs(r *http.Request, query url.Values, operationID, environment string) *Error {
	return keyActs(r, query, &c.routes[operationID].policy, &auth.Key{Environment: environment})
}

// RequestIDOf is the id a request is known by: its X-Request-Id when that is sane, else a
// new one, as the pipeline gives every request.
func RequestIDOf(incoming string) string { return requestID(incoming) }
