package gateway

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/openapi"
)

// bodySchemas are the spec's request body schemas, by operation.
func bodySchemas(t testing.TB) map[string]*openapi3.Schema {
	t.Helper()
	spec, err := openapi.Load()
	require.NoError(t, err)
	schemas := map[string]*openapi3.Schema{}
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil {
				schemas[op.OperationID] = op.RequestBody.Value.Content.Get("application/json").Schema.Value
			}
		}
	}
	return schemas
}

// TestCompiledSchema: for every request body of the spec, and a few schemas that show what
// the spec does not yet, a compiled schema accepts exactly the values kin-openapi accepts,
// over values made from the schemas themselves (each valid or wrong in one of many ways).
// The render body, the hot one, is compiled through and through, with nothing handed back
// to kin-openapi.
func TestCompiledSchema(t *testing.T) {
	t.Parallel()
	schemas := bodySchemas(t)
	require.True(t, compilesWhole(schemas["RenderPrompt"], map[*openapi3.Schema]bool{}))
	for name, s := range unusualSchemas() {
		schemas[name] = s
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range schemas {
			if !yield(name) {
				return
			}
		}
	})
	rng := rand.New(rand.NewPCG(1, 2))
	for _, name := range names {
		schema, check := schemas[name], compileSchema(schemas[name])
		accepted := 0
		for range 1500 {
			v := (&valueMaker{next: func() byte { return byte(rng.Uint32()) }}).make(schema, 0)
			want := schema.VisitJSON(v) == nil
			require.Equal(t, want, check(v), "%s: %s", name, show(v))
			if want {
				accepted++
			}
		}
		require.Positive(t, accepted, "%s: no value made was valid, so the test says little", name)
	}
}

// FuzzCompiledSchema is TestCompiledSchema with values the fuzzer steers.
func FuzzCompiledSchema(f *testing.F) {
	schemas := bodySchemas(f)
	for name, s := range unusualSchemas() {
		schemas[name] = s
	}
	names := make([]string, 0, len(schemas))
	for name := range schemas {
		names = append(names, name)
	}
	slices.Sort(names)
	checks := make([]valueCheck, len(names))
	for i, name := range names {
		checks[i] = compileSchema(schemas[name])
	}
	f.Add(uint8(0), []byte{2, 3, 4, 5, 6, 7})
	f.Add(uint8(7), []byte{9, 9, 9, 1, 0, 200, 17})
	f.Fuzz(func(t *testing.T, which uint8, choices []byte) {
		i := int(which) % len(names)
		m := &valueMaker{next: func() byte {
			if len(choices) == 0 {
				return 0
			}
			b := choices[0]
			choices = choices[1:]
			return b
		}}
		v := m.make(schemas[names[i]], 0)
		require.Equal(t, schemas[names[i]].VisitJSON(v) == nil, checks[i](v), "%s: %s", names[i], show(v))
	})
}

// unusualSchemas have what no body of the spec has yet: a null an anyOf or oneOf branch
// allows, a oneOf that two branches may match, an enum that allows null, a schema within
// itself, keywords left to kin-openapi.
func unusualSchemas() map[string]*openapi3.Schema {
	str := func(s *openapi3.Schema) *openapi3.SchemaRef { return &openapi3.SchemaRef{Value: s} }
	tree := &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: []string{"name"}, Properties: openapi3.Schemas{
		"name": str(&openapi3.Schema{Type: &openapi3.Types{"string"}, Enum: []any{"a", "hot"}, Nullable: true}),
	}}
	tree.Properties["children"] = str(&openapi3.Schema{Type: &openapi3.Types{"array"}, Items: str(tree)})
	one := 1.0
	return map[string]*openapi3.Schema{
		"anyOfNull": {Type: &openapi3.Types{"integer"}, AnyOf: openapi3.SchemaRefs{
			str(&openapi3.Schema{Type: &openapi3.Types{"string"}, Nullable: true}), str(&openapi3.Schema{Type: &openapi3.Types{"number"}}),
		}},
		"tree": tree,
		"oneOfAllOf": {OneOf: openapi3.SchemaRefs{
			str(&openapi3.Schema{Type: &openapi3.Types{"string"}, MaxLength: &[]uint64{3}[0]}),
			str(&openapi3.Schema{Type: &openapi3.Types{"string"}, Pattern: "^[a-z]+$"}),
			str(&openapi3.Schema{Type: &openapi3.Types{"number"}, Nullable: true}),
		}, AllOf: openapi3.SchemaRefs{
			str(&openapi3.Schema{Type: &openapi3.Types{"string", "number"}}),
			str(&openapi3.Schema{Enum: []any{"a", "hot", "x", "Hot-1", "user-42", "12"}, Nullable: true}),
		}},
		"leftToKin": {Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{
			"n":    str(&openapi3.Schema{Type: &openapi3.Types{"number"}, Min: &one, ExclusiveMin: openapi3.ExclusiveBound{Bool: &[]bool{true}[0]}}),
			"list": str(&openapi3.Schema{Type: &openapi3.Types{"array"}, UniqueItems: true, Items: str(&openapi3.Schema{Type: &openapi3.Types{"string"}})}),
		}},
	}
}

// compilesWhole reports whether s and every schema within it compile without kin-openapi.
func compilesWhole(s *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if seen[s] {
		return true
	}
	seen[s] = true
	if !compilable(s) {
		return false
	}
	for _, ref := range subschemas(s) {
		if ref != nil && !compilesWhole(ref.Value, seen) {
			return false
		}
	}
	return true
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// valueMaker makes a JSON value (as decodeOne decodes it) for a schema, steered by the
// bytes next returns: mostly the value the schema asks for, sometimes null, a value of the
// wrong kind, a bound just missed, a required member left out or one too many.
type valueMaker struct{ next func() byte }

const maxMakeDepth = 6

func (m *valueMaker) make(s *openapi3.Schema, depth int) any {
	switch c := m.next() % 16; {
	case c == 0:
		return nil
	case c == 1 || depth >= maxMakeDepth:
		return m.anyKind()
	}
	if branches := slices.Concat(s.OneOf, s.AnyOf, s.AllOf); len(branches) > 0 && m.next()%4 != 0 {
		return m.make(branches[int(m.next())%len(branches)].Value, depth+1)
	}
	if len(s.Enum) > 0 && m.next()%8 != 0 {
		return s.Enum[int(m.next())%len(s.Enum)]
	}
	kind := "object"
	if s.Type != nil && len(*s.Type) > 0 {
		kind = (*s.Type)[int(m.next())%len(*s.Type)]
	} else if m.next()%2 == 0 {
		return m.anyKind()
	}
	switch kind {
	case openapi3.TypeString:
		return m.string(s)
	case openapi3.TypeNumber, openapi3.TypeInteger:
		return m.number(s)
	case openapi3.TypeBoolean:
		return m.next()%2 == 0
	case openapi3.TypeArray:
		return m.array(s, depth)
	}
	return m.object(s, depth)
}

func (m *valueMaker) anyKind() any {
	kinds := []any{true, json.Number("1.5"), json.Number("3"), json.Number("-2e3"), "x", "", []any{}, map[string]any{},
		[]any{"a", json.Number("1")}, map[string]any{"a": "b"}}
	return kinds[int(m.next())%len(kinds)]
}

func (m *valueMaker) string(s *openapi3.Schema) string {
	candidates := []string{"", "a", "hot", "Hot-1", "a.b_c", "a-", "user-42", "x@y", "a b", "é", "\u2028",
		"2026-12-06T10:00:00Z", "2026-12-06T23:59:60Z", "2026-13-06T10:00:00Z",
		"0190a2b4-7c3e-7b1a-9f00-123456789abc", "0190a2b4-7c3e-7b1a-9f00-123456789abz", "12",
		"https://127.0.0.1/hook", "http://127.0.0.1:8080/a?b=c", "ftp://x", "0123456789abcdef", "4bf92f3577b34da6a3ce929d0e0e4736",
		"openai-chat", "messages", "production", "{{name}}"}
	if ex, ok := s.Example.(string); ok {
		candidates = append(candidates, ex)
	}
	str := candidates[int(m.next())%len(candidates)]
	for _, n := range []uint64{s.MinLength, s.MinLength - 1} {
		if m.next()%8 == 0 && n < 1<<16 {
			str = strings.Repeat("a", int(n))
		}
	}
	if s.MaxLength != nil && m.next()%8 == 0 {
		str = strings.Repeat("é", int(min(*s.MaxLength, 1<<16)+uint64(m.next()%2)))
	}
	return str
}

func (m *valueMaker) number(s *openapi3.Schema) json.Number {
	candidates := []string{"0", "1", "-1", "2.5", "1e3", "1e400", "-0", "9007199254740993", "100", "0.1"}
	for _, bound := range []*float64{s.Min, s.Max} {
		if bound != nil {
			candidates = append(candidates, strconv.FormatFloat(*bound, 'g', -1, 64),
				strconv.FormatFloat(*bound+1, 'g', -1, 64), strconv.FormatFloat(*bound-1, 'g', -1, 64),
				strconv.FormatFloat(*bound+0.5, 'g', -1, 64))
		}
	}
	return json.Number(candidates[int(m.next())%len(candidates)])
}

func (m *valueMaker) array(s *openapi3.Schema, depth int) []any {
	n := int(m.next() % 4)
	if m.next()%8 == 0 {
		n = int(s.MinItems) - 1
	}
	if s.MaxItems != nil && *s.MaxItems < 64 && m.next()%8 == 0 {
		n = int(*s.MaxItems) + int(m.next()%2)
	}
	out := make([]any, 0, max(n, 0))
	for range n {
		var item any = "x"
		if s.Items != nil {
			item = m.make(s.Items.Value, depth+1)
		}
		out = append(out, item)
	}
	return out
}

func (m *valueMaker) object(s *openapi3.Schema, depth int) map[string]any {
	out := map[string]any{}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range s.Properties {
			if !yield(name) {
				return
			}
		}
	})
	for _, name := range names {
		required := slices.Contains(s.Required, name)
		if required && m.next()%16 != 0 || !required && m.next()%2 == 0 {
			out[name] = m.make(s.Properties[name].Value, depth+1)
		}
	}
	for i := range int(m.next() % 3) {
		if m.next()%4 != 0 && s.AdditionalProperties.Schema == nil {
			continue
		}
		var v any = "extra"
		if ref := s.AdditionalProperties.Schema; ref != nil {
			v = m.make(ref.Value, depth+1)
		}
		out["extra"+strconv.Itoa(i)] = v
	}
	return out
}
