// Package template parses and renders prompt templates: logic-less, after Mustache, with
// placeholders, sections and partials, and no code run and nothing HTML-escaped (prompts
// are text, not HTML).
//
// # Tags
//
// A tag is `{{`, optional spaces, its content, optional spaces, `}}`; it ends at the first
// `}}`. Prompts often carry JSON, so single braces and a lone `}}` are plain text, and in a
// run of opening braces (`{{{name}}}`) the tag opens at the last two. A name is letters,
// digits, `_` and `.`.
//
//	{{ name }}           placeholder: the value of name
//	{{#name}}…{{/name}}  section: the body, when name is truthy; once per item of a list
//	{{^name}}…{{/name}}  inverted section: the body, when name is falsy, missing or []
//	{{> slug}}           partial: the template slug, rendered in place
//	{{> slug@3}}         partial pinned to version 3
//
// Spaces may also follow the sigil (`{{# name }}`). A slug is the API's:
// `^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$`, at most 100 characters; a version is a positive
// integer without leading zeros. A section or inverted section tag alone on its line (only
// spaces or tabs around it) takes the whole line with it, newline included, so that
//
//	{{#items}}
//	- {{name}}
//	{{/items}}
//
// writes one line per item. Placeholders and partials never take their line: a partial's
// text replaces its tag, and Mustache's indentation of standalone partials is not done.
//
// # Values
//
// Values are JSON-decoded: string, float64, bool, nil, []any and map[string]any. A
// placeholder writes a string as it is, a number as strconv.FormatFloat(v, 'f', -1, 64)
// does, a boolean as true or false, null as nothing, and an object or a list as compact
// JSON. Truthy is a non-empty string, a number other than 0, true, a non-empty object or
// a non-empty list; a section over a list renders once per item.
//
// Names are looked up in a context stack: a section pushes its value (each item in turn,
// for a list) and names inside it are looked up in that value first, then in the values
// around it, out to the values given to Render. `{{.}}` is the innermost value: the item,
// inside a section over a list. A dotted name `{{a.b}}` is, in each value of the stack, the
// field keyed "a.b" itself if there is one, else the field b of the object a; a value that
// has a but not a.b ends the search (Mustache's broken chain).
//
// # Partials
//
// Parse records every partial reference (Template.Partials); Render asks
// RenderOptions.IncludeFunc for each template it needs and renders it in place with the
// same context stack. Partials nest at most MaxDepth levels (ErrTooDeep), which also ends
// a template that includes itself.
//
// # Other syntaxes
//
// Text that looks like a tag of another template syntax (`{name}`, `${name}`,
// `{{{name}}}`, `{% if x %}`) stays text; Template.Suspects lists it, so that callers can
// warn. RenderOptions.WroteJSON tells of the placeholders that write objects or lists.
//
// # Errors
//
// Parse returns a *SyntaxError with the position of the offending tag's `{{` for a tag
// never closed, a placeholder, section or close that encloses no valid name, a partial
// tag that encloses no valid reference, a close with no section open, a close that does
// not match the open section (naming it), and a section never closed (at its opening).
// Render returns the names it found no value for, and errors for the limits of
// RenderOptions.
package template

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// SyntaxError is a malformed tag, or a section closed wrongly or never.
type SyntaxError struct {
	// Offset is the byte offset of the offending `{{`; Line and Column (from 1, in
	// characters) say the same for people.
	Offset, Line, Column int
	Problem              string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Problem)
}

// Template is a parsed template: a tree of literal text, placeholders, sections and
// partial references.
type Template struct {
	src      string // as parsed, for the positions of Suspects
	nodes    []node
	names    []string
	partials []Partial
}

// Partial is a reference to another template, `{{> slug}}` or `{{> slug@version}}`.
type Partial struct {
	Slug string
	// Version is the pinned version number, or 0 for the version live where the template
	// is rendered.
	Version int
	// Offset, Line and Column locate the reference's `{{` as in a SyntaxError.
	Offset, Line, Column int
}

// String writes the reference as it is written in a template: slug or slug@version.
func (p Partial) String() string {
	if p.Version == 0 {
		return p.Slug
	}
	return p.Slug + "@" + strconv.Itoa(p.Version)
}

// node is one piece of a template.
type node struct {
	kind kind
	// text is the literal text of a textNode, the name of a variableNode or a section.
	text string
	body []node   // a section's
	ref  *Partial // a partialNode's
	// offset is where a textNode's text starts in the template.
	offset int
}

type kind uint8

const (
	textNode kind = iota
	variableNode
	sectionNode  // {{#name}}
	invertedNode // {{^name}}
	partialNode  // {{> slug}}
)

// Variables lists the names the template takes, each once in order of first appearance:
// those of the placeholders and sections outside any {{#}} section, dotted names whole.
// Names inside a {{#}} section are relative to its items and not listed; an inverted
// section's body uses the same values as around it, so its names are. Partials are not
// followed.
func (t *Template) Variables() []string { return t.names }

// Partials lists the templates the template includes, each (slug and version) once in
// order of first appearance, with the position of that first reference.
func (t *Template) Partials() []Partial { return t.partials }

// Reads is what a set of templates reads of the values given to Render (ReadsOf), so that
// Unused costs a lookup per value rather than a walk of every template per value.
type Reads struct {
	// all is whether `{{.}}` outside {{#}} sections writes all values.
	all bool
	// names holds the name of every placeholder and section, whole and its first segment.
	names map[string]bool
}

// ReadsOf collects what templates read. A key of the values is read when a placeholder
// or section anywhere in a template is named by it, or by it, a dot and more
// (`{{key.field}}`), or when `{{.}}` outside {{#}} sections writes all values. A name
// inside a {{#}} section may resolve in its items instead, so this errs toward reading.
// Partials are not followed: pass the templates an IncludeFunc returns too.
func ReadsOf(templates ...*Template) Reads {
	r := Reads{names: map[string]bool{}}
	for _, t := range templates {
		r.add(t.nodes, true)
	}
	return r
}

// add collects what nodes read; top is whether they are outside {{#}} sections, where
// `.` is all values.
func (r *Reads) add(nodes []node, top bool) {
	for i := range nodes {
		n := &nodes[i]
		if n.kind != variableNode && n.kind != sectionNode && n.kind != invertedNode {
			continue
		}
		first, _, _ := strings.Cut(n.text, ".")
		r.names[n.text], r.names[first] = true, true
		r.all = r.all || top && n.text == "."
		r.add(n.body, top && n.kind == invertedNode)
	}
}

// Unused lists the keys of values that none of the templates reads, sorted: the values a
// render would ignore.
func (r Reads) Unused(values map[string]any) []string {
	if r.all {
		return nil
	}
	var unused []string
	for key := range values {
		if !r.names[key] {
			unused = append(unused, key)
		}
	}
	slices.Sort(unused)
	return unused
}

// Expanded is the number of placeholders and partial tags the template holds with its
// partials expanded, every occurrence counted, sections' bodies included: a partial tag
// counts one, and what expandedFunc says the template it names holds expanded. A render
// takes a step for each, so this bounds what one pass over the template can multiply.
// The sum stops at math.MaxInt.
func (t *Template) Expanded(expandedFunc func(ref Partial) int) int {
	return countExpanded(t.nodes, expandedFunc)
}

func countExpanded(nodes []node, expandedFunc func(ref Partial) int) int {
	n := 0
	for i := range nodes {
		nd := &nodes[i]
		switch nd.kind {
		case variableNode:
			n = addCapped(n, 1)
		case partialNode:
			n = addCapped(n, addCapped(1, expandedFunc(*nd.ref)))
		}
		n = addCapped(n, countExpanded(nd.body, expandedFunc))
	}
	return n
}

// addCapped adds counts, stopping at math.MaxInt.
func addCapped(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// VariablesWith lists the names the template takes with the partials it includes, each
// once in order of first use: Variables' rule, a partial's names taking the place of its
// tag. A partial inside a {{#}} section reads that section's items and adds none. A
// partial includeFunc cannot give, or one more than MaxDepth levels down, adds none:
// whoever resolved the partials has refused those already.
func (t *Template) VariablesWith(includeFunc IncludeFunc) []string {
	v := variableWalk{include: includeFunc, seen: map[string]bool{}, names: []string{}}
	v.walk(t.nodes, 0)
	return v.names
}

// variableWalk is the state of one VariablesWith.
type variableWalk struct {
	include IncludeFunc
	seen    map[string]bool
	names   []string
}

// walk lists the names of nodes outside {{#}} sections, depth levels of partials down.
func (v *variableWalk) walk(nodes []node, depth int) {
	for i := range nodes {
		n := &nodes[i]
		switch n.kind {
		case variableNode, sectionNode, invertedNode:
			if n.text != "." && !v.seen[n.text] {
				v.seen[n.text] = true
				v.names = append(v.names, n.text)
			}
			if n.kind == invertedNode {
				v.walk(n.body, depth)
			}
		case partialNode:
			if depth >= MaxDepth || v.include == nil {
				continue
			}
			if included, err := v.include(*n.ref); err == nil {
				v.walk(included.nodes, depth+1)
			}
		}
	}
}
