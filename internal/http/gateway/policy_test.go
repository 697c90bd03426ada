package gateway

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

// TestIdempotentPolicy checks that every POST of a project takes an Idempotency-Key (a new
// POST that forgot the parameter would not be safe to retry), nothing else does (sign-up,
// sign-in, a personal token: no project to keep keys in), and the answers of all but
// render, which changes nothing, are kept.
func TestIdempotentPolicy(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	for _, rt := range routesOf(spec, metrics.New()) {
		takes := rt.spec.Method == http.MethodPost && rt.policy.authenticated && !rt.policy.noProject
		require.Equal(t, takes && rt.spec.Operation.OperationID != "RenderPrompt", rt.policy.idempotent, rt.pattern)
		if takes {
			require.True(t, slices.ContainsFunc(rt.policy.checkHeaders, func(h headerParam) bool { return h.name == "Idempotency-Key" }), rt.pattern)
		}
	}
}

// TestNewRefusesAnonymousIdempotency checks that an operation without an API key cannot
// take the header: its keys would have no project to be kept in.
func TestNewRefusesAnonymousIdempotency(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	signup := spec.Paths.Value("/api/v1/projects").Post
	signup.Parameters = append(signup.Parameters, spec.Paths.Value("/api/v1/prompts").Post.Parameters...)
	_, err = New(spec, Options{RateLimit: 1, BodyLimit: 1, AuthFailureLimit: 1, Metrics: metrics.New()})
	require.ErrorContains(t, err, "POST /api/v1/projects takes Idempotency-Key")
}

// TestDeclaresAccess: a body is visited "as a request" by kin-openapi only when its schema
// has a readOnly or writeOnly property somewhere, which none of the spec's request bodies has
// today: all of them are compiled.
func TestDeclaresAccess(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
			require.False(t, declaresAccess(schema, map[*openapi3.Schema]bool{}), "%s %s", method, path)
		}
	}
	nested := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
		"items": {Value: &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: &openapi3.SchemaRef{Value: &openapi3.Schema{
			OneOf: openapi3.SchemaRefs{{Value: &openapi3.Schema{Properties: openapi3.Schemas{"id": {Value: &openapi3.Schema{ReadOnly: true}}}}}},
		}}}},
	}}
	require.True(t, declaresAccess(nested, map[*openapi3.Schema]bool{}))
}

// TestQuickCheckRemembers: a path parameter's check answers a value the same the second
// time, from what it remembers, and remembers at most maxMatchedValues values.
func TestQuickCheckRemembers(t *testing.T) {
	t.Parallel()
	maxLen := uint64(64)
	ok := quickCheck(&openapi3.Schema{Type: &openapi3.Types{"string"}, Pattern: `^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$`, MaxLength: &maxLen})
	for range 2 {
		for v, want := range map[string]bool{"hot": true, "a.b-c_d": true, "a-": false, "-a": false, "Hot": false, "": false,
			strings.Repeat("a", 64): true, strings.Repeat("a", 65): false} {
			require.Equal(t, want, ok(v), "%q", v)
		}
	}

	var m matchedValues
	for i := range maxMatchedValues + 100 {
		m.add(strconv.Itoa(i))
	}
	require.Len(t, *m.values.Load(), maxMatchedValues)
	require.True(t, m.has("0"))
	require.False(t, m.has(strconv.Itoa(maxMatchedValues)), "a value past the bound is matched again each time")
}

// TestQuickChecksCoverSpec: every path parameter of the spec, and every header of strings,
// has a quick check, so none is left to kin-openapi's slower validation of parameters (a
// header of integers is, for the snapshot's count of stale answers).
func TestQuickChecksCoverSpec(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	for _, rt := range routesOf(spec, metrics.New()) {
		for _, p := range rt.policy.pathParams {
			require.NotNil(t, p.quickFunc, "%s: path parameter %s", rt.pattern, p.name)
		}
		for _, ref := range rt.spec.Operation.Parameters {
			if p := ref.Value; p.In == openapi3.ParameterInHeader && p.Schema.Value.Type.Is(openapi3.TypeString) {
				require.NotNil(t, quickCheck(p.Schema.Value), "%s: header %s", rt.pattern, p.Name)
			}
		}
	}
}
