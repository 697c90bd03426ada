// Package template parses and fills the `{{ name }}` placeholders of prompt templates.
//
// A placeholder is `{{`, optional spaces, a name of letters, digits, `_` and `.`, optional
// spaces, `}}`. Prompts often carry JSON, so single braces and a lone `}}` are plain text,
// and in a run of opening braces (`{{{name}}}`) the placeholder opens at the last two. A
// `{{` that is never closed, or that encloses no valid name, is a syntax error naming its
// position.
package template

import (
	"fmt"
	"slices"
	"strings"
)

// SyntaxError is a malformed placeholder.
type SyntaxError struct {
	// Offset is the byte offset of the offending `{{`; Line and Column (from 1, in
	// characters) say the same for people.
	Offset, Line, Column int
	Problem              string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Problem)
}

// Template is a parsed template: literal text and placeholders in order.
type Template struct {
	parts []part
	names []string
}

// part is literal text, or a placeholder when name is set.
type part struct {
	text string
	name string
}

// Parse parses src.
func Parse(src string) (*Template, error) {
	t := &Template{}
	seen := map[string]bool{}
	literal := 0 // start of the literal text not yet emitted
	for i := 0; i < len(src); {
		open := strings.Index(src[i:], "{{")
		if open < 0 {
			break
		}
		open += i
		for open+2 < len(src) && src[open+2] == '{' {
			open++ // the placeholder opens at the last two braces of a run
		}
		end := strings.Index(src[open+2:], "}}")
		if end < 0 {
			return nil, syntaxError(src, open, "{{ is never closed with }}")
		}
		inner := src[open+2 : open+2+end]
		name := strings.Trim(inner, " ")
		if !validName(name) {
			return nil, syntaxError(src, open, fmt.Sprintf("{{%s}} does not enclose a variable name (letters, digits, _ and .)", inner))
		}
		if open > literal {
			t.parts = append(t.parts, part{text: src[literal:open]})
		}
		t.parts = append(t.parts, part{name: name})
		if !seen[name] {
			seen[name] = true
			t.names = append(t.names, name)
		}
		i = open + 2 + end + 2
		literal = i
	}
	if literal < len(src) {
		t.parts = append(t.parts, part{text: src[literal:]})
	}
	return t, nil
}

// Variables lists each placeholder name once, in order of first appearance.
func (t *Template) Variables() []string { return t.names }

// Render fills every placeholder from values. It returns the names it found no value for,
// each once in order of first appearance; the text is complete only when there are none.
func (t *Template) Render(values map[string]string) (string, []string) {
	var b strings.Builder
	b.Grow(t.renderedLen(values))
	var missing []string
	for _, p := range t.parts {
		if p.name == "" {
			b.WriteString(p.text)
			continue
		}
		v, ok := values[p.name]
		if !ok {
			if !slices.Contains(missing, p.name) {
				missing = append(missing, p.name)
			}
			continue
		}
		b.WriteString(v)
	}
	return b.String(), missing
}

// renderedLen is the length of the rendered text, so that it is built in one allocation.
func (t *Template) renderedLen(values map[string]string) int {
	n := 0
	for _, p := range t.parts {
		if p.name == "" {
			n += len(p.text)
		} else {
			n += len(values[p.name])
		}
	}
	return n
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func syntaxError(src string, offset int, problem string) *SyntaxError {
	before := src[:offset]
	line := strings.Count(before, "\n") + 1
	column := len([]rune(before[strings.LastIndexByte(before, '\n')+1:])) + 1
	return &SyntaxError{Offset: offset, Line: line, Column: column, Problem: problem}
}
