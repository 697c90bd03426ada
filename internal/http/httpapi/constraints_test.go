package httpapi_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/openapi"
)

// TestContractConstraints proves that the gateway's validation fast paths give up nothing:
// for every operation, every constraint the spec puts on a path, query or header parameter,
// and the type of every top-level body property, a request that breaks it alone is a 400
// naming the offending field. The invalid values are derived from the spec and confirmed
// invalid by kin-openapi itself, so a new constraint is covered without touching this test.
func TestContractConstraints(t *testing.T) {
	apitest.SkipIfShort(t, "a request breaking each constraint of the spec")
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("constraints")
	tested := 0
	for _, o := range operations(t) {
		for _, c := range brokenInputs(t, o) {
			tested++
			t.Run(o.id+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				resp := env.Do(c.request(env, o, p.Key))
				e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
				require.Contains(t, strings.Join(fieldNames(e), " "), c.field, e.Message)
			})
		}
	}
	require.Greater(t, tested, 40, "the spec constrains more inputs than this test found")
}

// brokenInput is a request to an operation that is valid but for one input.
type brokenInput struct {
	name, field string
	path        map[string]string // path parameters that replace the valid defaults
	query       string
	header      [2]string
	body        string
}

func (c brokenInput) request(env *apitest.Env, o operation, key string) *http.Request {
	target := o.url(uuid.NewString(), "a-slug")
	for name, value := range c.path {
		target = strings.Replace(o.path, "{"+name+"}", url.PathEscape(value), 1)
		target = operation{path: target}.url(uuid.NewString(), "a-slug")
	}
	if c.query != "" {
		target += "?" + c.query
	}
	body := c.body
	if body == "" {
		body = o.body()
	}
	req := env.Request(o.method, target, key, jsonType(o), body)
	if c.header[0] != "" {
		req.Header.Set(c.header[0], c.header[1])
	}
	return req
}

// brokenInputs lists, for each constrained input of o, a request that breaks it.
func brokenInputs(t *testing.T, o operation) []brokenInput {
	var out []brokenInput
	for _, ref := range o.parameters() {
		param := ref.Value
		for _, value := range invalidValues(param.Schema.Value) {
			if param.In == openapi3.ParameterInPath && (value == "" || strings.Contains(value, "/")) {
				continue // the route would not match at all: a 404, tested elsewhere
			}
			c := brokenInput{name: param.In + ":" + param.Name + "=" + value, field: param.Name}
			switch param.In {
			case openapi3.ParameterInPath:
				c.path = map[string]string{param.Name: value}
			case openapi3.ParameterInQuery:
				c.query = url.QueryEscape(param.Name) + "=" + url.QueryEscape(value)
			case openapi3.ParameterInHeader:
				c.header = [2]string{param.Name, value}
			}
			out = append(out, c)
		}
	}
	if o.op.RequestBody != nil {
		schema := o.op.RequestBody.Value.Content.Get("application/json").Schema.Value
		out = append(out, brokenInput{name: "body:unknown", field: "/notAField", body: `{"notAField": 1}`})
		for name, prop := range schema.Properties {
			if wrong, ok := wrongType(prop.Value); ok {
				out = append(out, brokenInput{name: "body:" + name, field: "/" + name, body: `{"` + name + `": ` + wrong + `}`})
			}
		}
	}
	return out
}

// parameters are the operation's and its path's.
func (o operation) parameters() openapi3.Parameters {
	spec, _ := openapi.Shared()
	return append(append(openapi3.Parameters{}, spec.Paths.Find(o.path).Parameters...), o.op.Parameters...)
}

// invalidValues are values, as they travel in a URL or header, that break one constraint
// of s each (kin-openapi confirms each is refused).
func invalidValues(s *openapi3.Schema) []string {
	var candidates []string
	switch {
	case s.Type.Is(openapi3.TypeInteger) || s.Type.Is(openapi3.TypeNumber):
		candidates = append(candidates, "x")
		if s.Min != nil {
			candidates = append(candidates, strconv.FormatFloat(*s.Min-1, 'f', -1, 64))
		}
		if s.Max != nil {
			candidates = append(candidates, strconv.FormatFloat(*s.Max+1, 'f', -1, 64))
		}
	case s.Type.Is(openapi3.TypeBoolean):
		candidates = append(candidates, "maybe")
	case s.Type.Is(openapi3.TypeArray):
		candidates = append(candidates, "notAField")
	case s.Type.Is(openapi3.TypeString):
		if s.MaxLength != nil {
			candidates = append(candidates, strings.Repeat("a", int(*s.MaxLength)+1))
		}
		if s.Pattern != "" || s.Format != "" || len(s.Enum) > 0 {
			candidates = append(candidates, "Not Valid!", "not:valid")
		}
	}
	var out []string
	for _, c := range candidates {
		if s.VisitJSON(typed(s, c)) != nil {
			out = append(out, c)
		}
	}
	return out
}

// typed is value as kin-openapi decodes a parameter of schema s.
func typed(s *openapi3.Schema, value string) any {
	switch {
	case s.Type.Is(openapi3.TypeInteger) || s.Type.Is(openapi3.TypeNumber):
		if f, err := strconv.ParseFloat(value, 64); err == nil {
			return f
		}
	case s.Type.Is(openapi3.TypeBoolean):
		if b, err := strconv.ParseBool(value); err == nil {
			return b
		}
	case s.Type.Is(openapi3.TypeArray):
		return []any{value}
	}
	return value
}

// wrongType is a JSON value of a type s does not allow.
func wrongType(s *openapi3.Schema) (string, bool) {
	switch {
	case s.Type == nil:
		return "", false
	case s.Type.Is(openapi3.TypeString):
		return "12", true
	default:
		return `"x"`, true
	}
}
