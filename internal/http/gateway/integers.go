package gateway

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/promptops/promptops/gen/api"
)

// problemInteger is the problem of an integer written with a fraction or an exponent.
const problemInteger = "must be an integer written with digits only (1000000000, not 1e9 or 1.0)"

// checkIntegers refuses a number written with a fraction or an exponent (1e9, 1.0) where
// the body's schema wants an integer. kin-openapi accepts it, its value being whole, but
// the generated decoders do not (an int takes digits only): a track batch with one was a
// 500, and other bodies a 400 naming no field. names are the member names that hold an
// integer somewhere in the schema (integerNames): a scan of the raw body for such a member
// with such a number comes first, and only a body that has one is walked with the schema.
func checkIntegers(body []byte, schema *openapi3.Schema, names map[string]bool) *Error {
	if len(names) == 0 || !suspectInteger(body, names) {
		return nil
	}
	field := nonDigitInteger(body, schema)
	if field == "" {
		return nil
	}
	return problemsError([]api.FieldProblem{{Field: field, Problem: problemInteger}})
}

// integerNames are the names of the properties, anywhere in schema, whose value (or whose
// arrays' items) may have to be an integer.
func integerNames(schema *openapi3.Schema) map[string]bool {
	names := map[string]bool{}
	var visit func(s *openapi3.Schema)
	seen := map[*openapi3.Schema]bool{}
	visit = func(s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for name, prop := range s.Properties {
			if holdsInteger(prop.Value, map[*openapi3.Schema]bool{}) {
				names[name] = true
			}
		}
		for _, ref := range subschemas(s) {
			if ref != nil {
				visit(ref.Value)
			}
		}
	}
	visit(schema)
	return names
}

// holdsInteger reports whether s, one of its branches or its items (at any depth of
// arrays) is an integer; seen stops it on a schema whose items are itself.
func holdsInteger(s *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if s == nil || seen[s] {
		return false
	}
	seen[s] = true
	for _, c := range expand(s, nil) {
		if integerOnly(c) || c.Items != nil && holdsInteger(c.Items.Value, seen) {
			return true
		}
	}
	return false
}

// subschemas lists the schemas s is made of (items, properties, compositions): what a walk
// over a schema visits next. Entries may be nil.
func subschemas(s *openapi3.Schema) []*openapi3.SchemaRef {
	refs := []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema}
	refs = append(refs, s.AllOf...)
	refs = append(refs, s.AnyOf...)
	refs = append(refs, s.OneOf...)
	for _, prop := range s.Properties {
		refs = append(refs, prop)
	}
	return refs
}

// suspectInteger reports whether body has a number with a fraction or an exponent as
// the value (or in the arrays) of a member named in names, or of a member whose name is
// escaped. Member names are compared raw; only a yes is checked further.
func suspectInteger(body []byte, names map[string]bool) bool {
	var member []byte // the member whose value is being read
	var open [8][]byte
	outer := open[:0] // the members of the open arrays and objects (on the stack, when few)
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '{' || c == '[':
			outer = append(outer, member)
		case (c == '}' || c == ']') && len(outer) > 0:
			member, outer = outer[len(outer)-1], outer[:len(outer)-1]
		case c == '"':
			end := stringEnd(body, i)
			s := body[i+1 : end]
			if j := skipSpace(body, end+1); j < len(body) && body[j] == ':' {
				member = s
			}
			i = end
		case c == '-' || c >= '0' && c <= '9':
			whole := true
			j := i
			for ; j < len(body) && numberByte[body[j]] != 0; j++ {
				whole = whole && numberByte[body[j]] == 1
			}
			if !whole && (names[string(member)] || bytes.IndexByte(member, '\\') >= 0) {
				return true
			}
			i = j - 1
		}
	}
	return false
}

// numberByte tells the bytes of a JSON number apart: 1 for those of an integer written
// with digits, 2 for a fraction's or an exponent's, 0 for the others.
var numberByte = func() (t [256]uint8) {
	for _, c := range "-0123456789" {
		t[c] = 1
	}
	for _, c := range "+.eE" {
		t[c] = 2
	}
	return t
}()

// stringEnd is the index of the quote closing the string that opens at body[start] (the
// body's length when it is never closed): the next quote not escaped, that is not after an
// odd number of backslashes.
func stringEnd(body []byte, start int) int {
	for i := start + 1; ; i++ {
		n := bytes.IndexByte(body[i:], '"')
		if n < 0 {
			return len(body)
		}
		i += n
		backslashes := 0
		for j := i - 1; j > start && body[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return i
		}
	}
}

func skipSpace(body []byte, i int) int {
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
		i++
	}
	return i
}

// nonDigitInteger walks body with its schema and returns the JSON pointer of the first
// number with a fraction or an exponent where an integer is wanted, or "".
func nonDigitInteger(body []byte, schema *openapi3.Schema) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var path jsonPath
	// containers holds, for each open array or object, the schemas it may satisfy.
	var containers [][]*openapi3.Schema
	for {
		tok, err := dec.Token()
		if err != nil {
			return "" // validation found the body valid: this is its end
		}
		if s, ok := tok.(string); ok && path.atKey() {
			path.key(s)
			continue
		}
		var here []*openapi3.Schema // the schemas of the value tok begins
		if len(containers) == 0 {
			here = expand(schema, nil)
		} else if top := len(path.frames) - 1; top >= 0 {
			here = children(containers[len(containers)-1], path.frames[top])
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				containers = append(containers, here)
			} else {
				containers = containers[:len(containers)-1]
			}
		case json.Number:
			if strings.ContainsAny(string(v), ".eE") && anyIntegerOnly(here) {
				return path.pointer()
			}
		}
		path.token(tok)
	}
}

// children are the schemas of the element or member f is at, in a container that may
// satisfy any of parents.
func children(parents []*openapi3.Schema, f jsonFrame) []*openapi3.Schema {
	var out []*openapi3.Schema
	for _, p := range parents {
		switch {
		case f.array && p.Items != nil:
			out = expand(p.Items.Value, out)
		case f.array:
		case p.Properties[f.key] != nil:
			out = expand(p.Properties[f.key].Value, out)
		case p.AdditionalProperties.Schema != nil:
			out = expand(p.AdditionalProperties.Schema.Value, out)
		}
	}
	return out
}

// expand appends s and, through allOf, oneOf and anyOf, every schema a value of s may
// have to satisfy.
func expand(s *openapi3.Schema, out []*openapi3.Schema) []*openapi3.Schema {
	if s == nil {
		return out
	}
	out = append(out, s)
	for _, branches := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range branches {
			out = expand(b.Value, out)
		}
	}
	return out
}

func anyIntegerOnly(schemas []*openapi3.Schema) bool {
	for _, s := range schemas {
		if integerOnly(s) {
			return true
		}
	}
	return false
}

// integerOnly reports whether s's type admits integers but no other numbers.
func integerOnly(s *openapi3.Schema) bool {
	return s.Type.Permits(openapi3.TypeInteger) && !s.Type.Permits(openapi3.TypeNumber)
}
