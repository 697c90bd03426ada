package gateway

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// valueCheck reports whether kin-openapi accepts a decoded JSON value against a schema,
// visiting it as VisitJSON does without options (OpenAPI 3.0 rules; what a body schema
// without readOnly or writeOnly properties is checked with).
type valueCheck func(v any) bool

// compileSchema compiles s, once, into a valueCheck that walks a value with none of
// kin-openapi's per-visit costs (its settings, each object's keys sorted, a stack of the
// schemas visited), which were half of a render's validation. It compiles the keywords the
// spec's bodies use; a schema with any other (oneOf, uniqueItems, an exclusive bound, …)
// is handed to kin-openapi's VisitJSON whole, so every answer is kin-openapi's either way
// (FuzzCompiledSchema holds the two to the same answers).
func compileSchema(s *openapi3.Schema) valueCheck {
	c := schemaCompiler{done: map[*openapi3.Schema]*valueCheck{}}
	return c.compile(s)
}

type schemaCompiler struct {
	// done holds every schema compiled or being compiled: a schema that contains itself
	// (through a property or items) refers to its own check.
	done map[*openapi3.Schema]*valueCheck
}

func (c *schemaCompiler) compile(s *openapi3.Schema) valueCheck {
	if check, ok := c.done[s]; ok {
		return func(v any) bool { return (*check)(v) }
	}
	check := new(valueCheck)
	c.done[s] = check
	if compilable(s) {
		*check = c.build(s)
	} else {
		*check = func(v any) bool { return s.VisitJSON(v) == nil }
	}
	return *check
}

// compilable reports whether every keyword s has is one build checks (or one that checks
// nothing), its subschemas are resolved, its enum (if any) is of strings, its pattern (if
// any) compiles as written, and its oneOf, anyOf and allOf branches (if any) have none of
// their own and are not s (kin-openapi accepts a schema met again on the same value, which
// only such chains can do). A discriminator is a keyword build does not check. Whatever else a Schema holds, now or once kin-openapi learns a new keyword, makes
// it not compilable.
func compilable(s *openapi3.Schema) bool {
	rest := *s
	rest.Type, rest.Nullable, rest.Enum, rest.Format = nil, false, nil, ""
	rest.OneOf, rest.AnyOf, rest.AllOf = nil, nil, nil
	rest.Properties, rest.Required, rest.AdditionalProperties, rest.MinProps, rest.MaxProps = nil, nil, openapi3.AdditionalProperties{}, 0, nil
	rest.Items, rest.MinItems, rest.MaxItems = nil, 0, nil
	rest.MinLength, rest.MaxLength, rest.Pattern, rest.Min, rest.Max = 0, nil, "", nil, nil
	rest.Title, rest.Description, rest.Example, rest.Examples, rest.Default, rest.Deprecated = "", "", nil, nil, nil, false
	rest.ExternalDocs, rest.XML, rest.Comment, rest.Extensions, rest.Origin = nil, nil, "", nil, nil
	if !reflect.ValueOf(rest).IsZero() {
		return false
	}
	for _, e := range s.Enum {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	// kin-openapi rewrites \uXXXX escapes before compiling a pattern.
	if s.Pattern != "" && (strings.Contains(s.Pattern, `\u`) || compilePattern(s.Pattern) == nil) {
		return false
	}
	for _, ref := range subschemas(s) {
		if ref != nil && ref.Value == nil {
			return false
		}
	}
	for _, ref := range slices.Concat(s.OneOf, s.AnyOf, s.AllOf) {
		if b := ref.Value; b == s || len(b.AnyOf)+len(b.OneOf)+len(b.AllOf) > 0 || b.Not != nil {
			return false
		}
	}
	return true
}

func compilePattern(pattern string) *regexp.Regexp {
	re, _ := regexp.Compile(pattern)
	return re
}

// build is s's check, in kin-openapi's order: null where s allows it, an empty schema,
// oneOf, anyOf and allOf, enum, then the value's type.
func (c *schemaCompiler) build(s *openapi3.Schema) valueCheck {
	nullable := s.Nullable || s.Type.IncludesNull()
	if s.IsEmpty() {
		return func(v any) bool { return v != nil } // kin-openapi refuses null to {}
	}
	branches := c.branches(s)
	enum := stringEnum(s.Enum)
	boolean := s.Type.Permits(openapi3.TypeBoolean)
	number, str, array, object := c.number(s), c.string(s), c.array(s), c.object(s)
	return func(v any) bool {
		if v == nil && nullable {
			return true
		}
		if branches != nil {
			if !branches(v) {
				return false
			}
			if v == nil {
				return true // kin-openapi stops at a null the branches allow
			}
		}
		if v == nil {
			return false
		}
		if enum != nil && !enum(v) {
			return false
		}
		switch v := v.(type) {
		case bool:
			return boolean
		case json.Number:
			return number(v)
		case string:
			return str(v)
		case []any:
			return array(v)
		case map[string]any:
			return object(v)
		}
		return s.VisitJSON(v) == nil // not a value decodeOne makes
	}
}

// branches checks s's oneOf (exactly one branch accepts), anyOf (one at least) and allOf
// (every one); nil when s has none.
func (c *schemaCompiler) branches(s *openapi3.Schema) valueCheck {
	if len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) == 0 {
		return nil
	}
	compiled := func(refs openapi3.SchemaRefs) []valueCheck {
		out := make([]valueCheck, len(refs))
		for i, ref := range refs {
			out[i] = c.compile(ref.Value)
		}
		return out
	}
	oneOf, anyOf, allOf := compiled(s.OneOf), compiled(s.AnyOf), compiled(s.AllOf)
	return func(v any) bool {
		if len(oneOf) > 0 && accepting(oneOf, v) != 1 {
			return false
		}
		if len(anyOf) > 0 && !slices.ContainsFunc(anyOf, func(check valueCheck) bool { return check(v) }) {
			return false
		}
		return accepting(allOf, v) == len(allOf)
	}
}

// accepting counts the checks that accept v.
func accepting(checks []valueCheck, v any) int {
	n := 0
	for _, check := range checks {
		if check(v) {
			n++
		}
	}
	return n
}

// stringEnum reports whether a value is one of values, all strings (nil without any).
func stringEnum(values []any) func(any) bool {
	if len(values) == 0 {
		return nil
	}
	return func(v any) bool {
		str, ok := v.(string)
		for _, e := range values {
			if ok && e.(string) == str {
				return true
			}
		}
		return false
	}
}

func (c *schemaCompiler) number(s *openapi3.Schema) func(json.Number) bool {
	integer := s.Type.Permits(openapi3.TypeInteger) && !s.Type.Permits(openapi3.TypeNumber)
	if !integer && !s.Type.Permits(openapi3.TypeNumber) && !s.Type.Permits(openapi3.TypeInteger) {
		return func(json.Number) bool { return false }
	}
	_, integerFormat := openapi3.SchemaIntegerFormats[s.Format]
	_, numberFormat := openapi3.SchemaNumberFormats[s.Format]
	if s.Format != "" && (integerFormat || numberFormat) {
		return func(n json.Number) bool { return s.VisitJSON(n) == nil }
	}
	return func(n json.Number) bool {
		f, err := n.Float64()
		return err == nil &&
			(!integer || f == math.Trunc(f)) &&
			(s.Min == nil || *s.Min <= f) &&
			(s.Max == nil || *s.Max >= f)
	}
}

// compileString compiles a check of string values against s as compileSchema's checks them,
// for a schema of strings with none of enum, oneOf, anyOf or allOf; nil for any other.
// Parameters, which are strings, take it: a check that takes any would box each one.
func compileString(s *openapi3.Schema) func(string) bool {
	if !s.Type.Is(openapi3.TypeString) || !compilable(s) || len(s.Enum)+len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) > 0 {
		return nil
	}
	return new(schemaCompiler).string(s)
}

func (c *schemaCompiler) string(s *openapi3.Schema) func(string) bool {
	if !s.Type.Permits(openapi3.TypeString) {
		return func(string) bool { return false }
	}
	var pattern *regexp.Regexp
	if s.Pattern != "" {
		pattern = compilePattern(s.Pattern)
	}
	// kin-openapi's registry of formats is a global map the openapi package writes once,
	// when the spec is first loaded; a schema without a format does not read it.
	var format openapi3.StringFormatValidator
	if s.Format != "" {
		format = openapi3.SchemaStringFormats[s.Format]
	}
	return func(v string) bool {
		// Lengths in UTF-16 units, as kin-openapi counts them; a Go string holds no
		// surrogate, so that is its runes.
		if s.MinLength != 0 || s.MaxLength != nil {
			n := uint64(utf8.RuneCountInString(v))
			if n < s.MinLength || s.MaxLength != nil && n > *s.MaxLength {
				return false
			}
		}
		return (pattern == nil || pattern.MatchString(v)) && (format == nil || format.Validate(v) == nil)
	}
}

func (c *schemaCompiler) array(s *openapi3.Schema) func([]any) bool {
	if !s.Type.Permits(openapi3.TypeArray) {
		return func([]any) bool { return false }
	}
	var items valueCheck
	if s.Items != nil {
		items = c.compile(s.Items.Value)
	}
	return func(v []any) bool {
		n := uint64(len(v))
		if n < s.MinItems || s.MaxItems != nil && n > *s.MaxItems {
			return false
		}
		for _, item := range v {
			if items != nil && !items(item) {
				return false
			}
		}
		return true
	}
}

func (c *schemaCompiler) object(s *openapi3.Schema) func(map[string]any) bool {
	if !s.Type.Permits(openapi3.TypeObject) {
		return func(map[string]any) bool { return false }
	}
	properties := make(map[string]valueCheck, len(s.Properties))
	for name, ref := range s.Properties {
		properties[name] = c.compile(ref.Value)
	}
	additional := s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has
	var additionalCheck valueCheck
	if ref := s.AdditionalProperties.Schema; ref != nil {
		additionalCheck = c.compile(ref.Value)
	}
	return func(v map[string]any) bool {
		n := uint64(len(v))
		if n < s.MinProps || s.MaxProps != nil && n > *s.MaxProps {
			return false
		}
		for name, value := range v {
			if check, ok := properties[name]; ok {
				if !check(value) {
					return false
				}
				continue
			}
			if !additional || additionalCheck != nil && !additionalCheck(value) {
				return false
			}
		}
		for _, name := range s.Required {
			if _, ok := v[name]; !ok {
				return false
			}
		}
		return true
	}
}
