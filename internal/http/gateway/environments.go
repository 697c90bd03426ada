package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
)

// Any query parameter or body member whose schema is the spec's Environment names an
// environment of the request's project: the spec can say a name's shape, not which names
// a project has, so the pipeline checks that here, once the project is known, for every
// operation at once. (The {name} of an environment's own path is its handler's: a 404.)

// environmentRef is the spec's schema of an environment's name.
const environmentRef = "#/components/schemas/Environment"

// environmentFields are where an operation's request names environments: query
// parameters by name, body members by their path of member names.
type environmentFields struct {
	query []string
	body  [][]string
}

func (f environmentFields) any() bool { return len(f.query)+len(f.body) > 0 }

// environmentFieldsOf finds the environments an operation's parameters and body name.
func environmentFieldsOf(params openapi3.Parameters, body *openapi3.Schema) environmentFields {
	var f environmentFields
	for _, param := range params {
		if v := param.Value; v.In == openapi3.ParameterInQuery && namesEnvironment(v.Schema) {
			f.query = append(f.query, v.Name)
		}
	}
	f.body = environmentMembers(body, nil, map[*openapi3.Schema]bool{})
	return f
}

// environmentMembers lists the paths of the members of schema, and of the objects within
// it, that name an environment (arrays are not followed: no body names one in an array).
func environmentMembers(schema *openapi3.Schema, at []string, seen map[*openapi3.Schema]bool) [][]string {
	if schema == nil || seen[schema] {
		return nil
	}
	seen[schema] = true
	var out [][]string
	for name, prop := range schema.Properties {
		path := append(slices.Clone(at), name)
		if namesEnvironment(prop) {
			out = append(out, path)
			continue
		}
		if prop != nil {
			out = append(out, environmentMembers(prop.Value, path, seen)...)
		}
	}
	return out
}

// namesEnvironment reports whether a schema is Environment, or an inline wrapper of it
// (allOf with Environment alone, to make it nullable). A named schema of its own that
// wraps it (NewEnvironmentName) is another thing: a name the project has not yet.
func namesEnvironment(ref *openapi3.SchemaRef) bool {
	if ref == nil {
		return false
	}
	if ref.Ref == environmentRef {
		return true
	}
	return ref.Ref == "" && ref.Value != nil && len(ref.Value.AllOf) == 1 && ref.Value.AllOf[0].Ref == environmentRef
}

// checkEnvironments refuses r (400 naming the field) when it names an environment that
// projectID does not have, in query (r's query parsed, nil when it has none) or its body.
// r's body, if read, is put back for the handler. err is set only when reading the body or
// the database failed.
func (g *Gateway) checkEnvironments(r *http.Request, query url.Values, p *policy, projectID uuid.UUID) (*Error, error) {
	if !p.envFields.any() {
		return nil, nil
	}
	for _, name := range p.envFields.query {
		if apiErr, err := g.environmentExists(r.Context(), projectID, name, query.Get(name)); apiErr != nil || err != nil {
			return apiErr, err
		}
	}
	if len(p.envFields.body) == 0 || r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, nil // validation has accepted it; nothing names an environment then
	}
	for _, path := range p.envFields.body {
		value, _ := member(doc, path).(string)
		if apiErr, err := g.environmentExists(r.Context(), projectID, "/"+strings.Join(path, "/"), value); apiErr != nil || err != nil {
			return apiErr, err
		}
	}
	return nil, nil
}

// environmentExists refuses name, sent in field, when projectID has no environment of
// that name; "" (not sent) and the reference environments, which every project has, need
// no look-up.
func (g *Gateway) environmentExists(ctx context.Context, projectID uuid.UUID, field, name string) (*Error, error) {
	if name == "" || slices.Contains(auth.ReferenceEnvironments, name) {
		return nil, nil
	}
	ok, err := g.q.EnvironmentExists(ctx, g.db, dbsqlc.EnvironmentExistsParams{ProjectID: projectID, Name: name})
	if err != nil {
		return nil, fmt.Errorf("environment %s of project %s: %w", name, projectID, err)
	}
	if !ok {
		return fieldError(field, fmt.Sprintf("no environment %q in this project", name)), nil
	}
	return nil, nil
}

// member is the value at path in a decoded JSON document, nil when there is none.
func member(doc any, path []string) any {
	for _, name := range path {
		obj, ok := doc.(map[string]any)
		if !ok {
			return nil
		}
		doc = obj[name]
	}
	return doc
}
