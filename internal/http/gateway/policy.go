package gateway

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
)

// policy is what the spec says about an operation that the pipeline enforces.
type policy struct {
	// authenticated: the operation needs an API key (its security is not empty).
	authenticated bool
	// optionalAuth: the operation may be called without a key too (one of its security
	// requirements is empty); only a personal token is then looked at, and any other
	// Authorization is ignored, as before people had tokens.
	optionalAuth bool
	// scope is the scope the key must carry (`x-scope`), or "" for any key.
	scope string
	// body: the operation takes a JSON request body, of bodySchema.
	body       bool
	bodySchema *openapi3.Schema
	// bodyCheck checks a body's value against bodySchema (see bodyCheckOf).
	bodyCheck valueCheck
	// integerNames are the body's members that may hold an integer (see checkIntegers).
	integerNames map[string]bool
	// fields: the operation accepts a `fields` query parameter.
	fields bool
	// idempotent: the operation takes an Idempotency-Key header and changes something, so
	// that its answers are kept for replays. An operation that changes nothing
	// (`x-read-only`, render) takes the header and keeps nothing: doing it again is as good
	// as a replay, and a kept answer per request was storage any read key could fill.
	idempotent bool
	// dryRunParam is the query parameter (`x-dry-run`) that, true, makes a request of an
	// idempotent operation change nothing (validateOnly): such a request is done anew
	// each time, as a read-only one, its Idempotency-Key ignored. "" when there is none.
	dryRunParam string
	// pathParams are the schemas of the operation's path parameters, by name.
	pathParams []pathParam
	// fastPath: a request whose query and checkHeaders pass their quick checks
	// (queryPasses, headersPass) is fully checked by checking its path parameters, its
	// query, those headers and its body, because the operation has no required header
	// parameter to check.
	fastPath bool
	// queryParams are the operation's query parameters, every one: a request that sends
	// another, sends one more than once or with a value its quick check refuses, or lacks
	// a required one, takes the full validation.
	queryParams []queryParam
	// checkHeaders are the optional header parameters whose values need a check (such as
	// Idempotency-Key's length): a request that sends one more than once, or a value its
	// quick check refuses, takes the full validation.
	checkHeaders []headerParam
	// singles are the parameters that take one value (single.go).
	singles []singleParam

	// What a person (a personal token) needs, and what an API key may not do (people.go).
	// noProject: the operation concerns the caller, not a project (`x-project: none`).
	noProject bool
	// personOnly: only a person may call it (`x-caller: person`).
	personOnly bool
	// role is the least role the operation needs beyond its scope's (`x-role`, such as
	// owner to delete the project), "" when its scope says all.
	role string
	// projectInPath: the path names the project ({projectId}).
	projectInPath bool
	// envParam is the query parameter that names a person's environment
	// (`x-person-environment`), "" when the operation acts in none; envOwn: an API key may
	// send only its own environment in it (`own`), rather than any (`any`, a filter).
	envParam string
	envOwn   bool
	// envFields are where the request names environments of its project (environments.go).
	envFields environmentFields
}

// projectParam is the path parameter that names a project.
const projectParam = "projectId"

// headerParam is an optional header parameter with a schema to check, by its canonical
// name.
type headerParam struct {
	name      string
	quickFunc func(string) bool // as pathParam's
}

type pathParam struct {
	name   string
	schema *openapi3.Schema
	// quickFunc checks a value without kin-openapi when the schema is simple enough (nil when
	// it is not); kin-openapi still describes a value quickFunc refuses.
	quickFunc func(string) bool
}

// policyOf reads an operation's policy from the spec (its parameters are the path's and
// its own).
func policyOf(spec *openapi3.T, item *openapi3.PathItem, op *openapi3.Operation) policy {
	p := policy{body: op.RequestBody != nil}
	if p.body {
		if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			p.bodySchema = mt.Schema.Value
			p.bodyCheck = bodyCheckOf(p.bodySchema)
			p.integerNames = integerNames(p.bodySchema)
		}
	}
	security := spec.Security
	if op.Security != nil {
		security = *op.Security
	}
	p.authenticated = len(security) > 0
	for _, requirement := range security {
		p.optionalAuth = p.optionalAuth || len(requirement) == 0
	}
	if scope, ok := op.Extensions["x-scope"].(string); ok {
		p.scope = scope
	}
	p.fastPath = true
	params := append(slices.Clone(item.Parameters), op.Parameters...)
	p.envFields = environmentFieldsOf(params, p.bodySchema)
	p.singles = singlesOf(params)
	for _, param := range params {
		v := param.Value
		switch {
		case v.In == "query" && v.Name == "fields":
			p.fields = true
		case v.In == openapi3.ParameterInPath:
			p.pathParams = append(p.pathParams, pathParam{name: v.Name, schema: v.Schema.Value, quickFunc: quickCheck(v.Schema.Value)})
		case v.In == openapi3.ParameterInHeader && v.Required:
			p.fastPath = false
		case v.In == openapi3.ParameterInHeader && !unconstrainedString(v.Schema):
			p.checkHeaders = append(p.checkHeaders, headerParam{name: http.CanonicalHeaderKey(v.Name), quickFunc: quickCheck(v.Schema.Value)})
		}
		if v.In == openapi3.ParameterInQuery {
			p.queryParams = append(p.queryParams, queryParamOf(v))
		}
		if v.In == openapi3.ParameterInHeader && v.Name == idempotencyHeader {
			p.idempotent = op.Extensions["x-read-only"] != true
		}
		if v.In == openapi3.ParameterInQuery && v.Extensions["x-dry-run"] == true {
			p.dryRunParam = v.Name
		}
		if mode, ok := v.Extensions["x-person-environment"].(string); ok && v.In == openapi3.ParameterInQuery {
			p.envParam, p.envOwn = v.Name, mode == "own"
		}
		if v.In == openapi3.ParameterInPath && v.Name == projectParam {
			p.projectInPath = true
		}
	}
	p.noProject = op.Extensions["x-project"] == "none"
	p.personOnly = op.Extensions["x-caller"] == "person"
	p.role, _ = op.Extensions["x-role"].(string)
	return p
}

// dryRun reports whether r asks for a dry run of its operation. Validation has checked
// the parameter is a boolean; strconv.ParseBool reads it as the generated binding does.
func (p *policy) dryRun(r *http.Request) bool {
	if p.dryRunParam == "" {
		return false
	}
	on, err := strconv.ParseBool(r.URL.Query().Get(p.dryRunParam))
	return err == nil && on
}

// unconstrainedString reports whether every string satisfies the schema, so that a header
// of that schema needs no check.
func unconstrainedString(ref *openapi3.SchemaRef) bool {
	if ref == nil || ref.Value == nil {
		return true
	}
	s := ref.Value
	return s.Type.Is(openapi3.TypeString) && s.Pattern == "" && s.Format == "" && len(s.Enum) == 0 &&
		s.MinLength == 0 && s.MaxLength == nil && s.Not == nil && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0
}

// quickCheck is a check of a parameter's value against a plain string schema, as request
// bodies' strings are checked (compileString), remembering the values it passed when it
// matches a pattern or a format; nil for any other schema, which kin-openapi checks.
func quickCheck(s *openapi3.Schema) func(string) bool {
	check := compileString(s)
	if check == nil || s.Pattern == "" && s.Format == "" {
		return check
	}
	var matched matchedValues
	return func(v string) bool {
		if matched.has(v) {
			return true
		}
		ok := check(v)
		if ok {
			matched.add(v)
		}
		return ok
	}
}

// maxMatchedValues bounds the values a parameter's check remembers.
const maxMatchedValues = 4096

// matchedValues remembers the values a parameter's check passed, up to maxMatchedValues
// of them, so that the values clients send again and again (slugs, ids) are not matched
// against a regular expression each time: the regexp package backtracks through a slug's
// pattern in about as long as the rest of a cached resolve takes. The values are a plain
// map, replaced whole by each value added: reading one is a map lookup, without a lock or
// sync.Map's walk through its trie (which cost 3 % of a resolve's CPU), and the copies
// are bounded (the 4,096 values cost about 8 million map inserts, once).
type matchedValues struct {
	values atomic.Pointer[map[string]struct{}]
	mu     sync.Mutex // held to add
}

func (m *matchedValues) has(v string) bool {
	values := m.values.Load()
	if values == nil {
		return false
	}
	_, ok := (*values)[v]
	return ok
}

func (m *matchedValues) add(v string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var old map[string]struct{}
	if p := m.values.Load(); p != nil {
		old = *p
	}
	if _, ok := old[v]; ok || len(old) >= maxMatchedValues {
		return
	}
	values := make(map[string]struct{}, len(old)+1)
	maps.Copy(values, old)
	values[strings.Clone(v)] = struct{}{}
	m.values.Store(&values)
}

// bodyCheckOf is how a body's value is checked against schema as kin-openapi's request
// validation checks it. Visiting "as a request" only matters to schemas that declare
// readOnly or writeOnly properties, which are visited so by kin-openapi; the others (all the
// spec's, today) are compiled (compileSchema). Only a yes is trusted: a no goes through
// kin-openapi's ValidateRequestBody for the errors to report.
func bodyCheckOf(schema *openapi3.Schema) valueCheck {
	if declaresAccess(schema, map[*openapi3.Schema]bool{}) {
		return func(v any) bool { return schema.VisitJSON(v, openapi3.VisitAsRequest()) == nil }
	}
	return compileSchema(schema)
}

// declaresAccess reports whether schema, or any schema within it, has a readOnly or
// writeOnly property.
func declaresAccess(s *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if s == nil || seen[s] {
		return false
	}
	seen[s] = true
	if s.ReadOnly || s.WriteOnly {
		return true
	}
	for _, ref := range subschemas(s) {
		if ref != nil && declaresAccess(ref.Value, seen) {
			return true
		}
	}
	return false
}
