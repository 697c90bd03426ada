// Package schemas compiles the JSON Schemas a version holds (tool parameters, the response
// format's schema, the variables schema) and checks values against them, reporting every
// problem with its JSON pointer. Schemas are compiled offline: a `$ref` may point inside the
// schema, never to a file or a URL, so a version cannot make the server read anything.
package schemas

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Problem is one thing wrong, at Pointer (an RFC 6901 JSON pointer: into the schema when
// compiling, into the value when validating).
type Problem struct {
	Pointer string
	Problem string
}

// resource is the name a schema is compiled under; it appears in no message.
const resource = "mem:///schema.json"

// Compile compiles raw, a JSON Schema (draft 2020-12 unless it says otherwise). A schema
// that is not valid is reported as its problems.
func Compile(raw []byte) (*jsonschema.Schema, []Problem) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, []Problem{{Pointer: "", Problem: "is not valid JSON: " + err.Error()}}
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(jsonschema.SchemeURLLoader{}) // no files, no network
	c.AssertFormat()
	if err := c.AddResource(resource, doc); err != nil {
		return nil, []Problem{{Pointer: "", Problem: err.Error()}}
	}
	sch, err := c.Compile(resource)
	if err != nil {
		return nil, compileProblems(err)
	}
	return sch, nil
}

// Validate checks a decoded JSON value (as json.Unmarshal into any gives it) against sch.
func Validate(sch *jsonschema.Schema, value any) []Problem {
	err := sch.Validate(value)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{{Problem: err.Error()}}
	}
	return leaves(ve)
}

func compileProblems(err error) []Problem {
	var sve *jsonschema.SchemaValidationError
	if errors.As(err, &sve) {
		var ve *jsonschema.ValidationError
		if errors.As(sve.Err, &ve) {
			return leaves(ve)
		}
	}
	msg := strings.ReplaceAll(err.Error(), resource, "the schema")
	return []Problem{{Pointer: "", Problem: msg}}
}

// leaves lists the most specific causes of a validation error, the first one for each
// location (the others under an anyOf are usually each branch's objection).
func leaves(ve *jsonschema.ValidationError) []Problem {
	var problems []Problem
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			pointer := pointerOf(e.InstanceLocation)
			if !seen[pointer] {
				seen[pointer] = true
				problems = append(problems, Problem{Pointer: pointer, Problem: e.ErrorKind.LocalizedString(printer)})
			}
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Pointer < problems[j].Pointer })
	return problems
}

var printer = message.NewPrinter(language.English)

// pointerOf writes a location as an RFC 6901 JSON pointer.
func pointerOf(location []string) string {
	var b strings.Builder
	for _, token := range location {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(token))
	}
	return b.String()
}

// String is a problem as one line.
func (p Problem) String() string { return fmt.Sprintf("%s: %s", p.Pointer, p.Problem) }
