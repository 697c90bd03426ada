// Package template parses and fills the `{{ name }}` placeholders of prompt templates.
//
// A placeholder is `{{`, optional spaces, a name of letters, digits, `_` and `.`, optional
// spaces, `}}`. Prompts often carry JSON, so single braces and a lone `}}` are plain text,
// and in a run of opening braces (`{{{name}}}`) the placeholder opens at the last two. A
// `{{` that is never closed, or that encloses no valid name, is a syntax error naming its
// position.
package template

import (
	"errors"
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

// Placeholders is the number of placeholders, each occurrence counted: every one is
// filled in with a whole value, so it is what a render can multiply a value by.
func (t *Template) Placeholders() int {
	n := 0
	for _, p := range t.parts {
		if p.name != "" {
			n++
		}
	}
	return n
}

// ErrTooLong is returned by Render when the text would be longer than its budget.
var ErrTooLong = errors.New("the rendered text would be longer than its budget")

// Render fills every placeholder from values, in at most budget bytes. It returns the
// names it found no value for, each once in order of first appearance; the text is
// complete only when there are none. A text longer than budget is never built: its length
// is summed first, and Render returns ErrTooLong as soon as the sum passes the budget, so
// a small template with large values costs no more than the budget to refuse.
func (t *Template) Render(values map[string]string, budget int) (string, []string, error) {
	n, ok := t.renderedLen(values, budget)
	if !ok {
		return "", nil, ErrTooLong
	}
	var b strings.Builder
	b.Grow(n)
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
	return b.String(), missing, nil
}

// renderedLen is the length of the rendered text, so that it is built in one allocation,
// or false once it passes budget.
func (t *Template) renderedLen(values map[string]string, budget int) (int, bool) {
	n := 0
	for _, p := range t.parts {
		if p.name == "" {
			n += len(p.text)
		} else {
			n += len(values[p.name])
		}
		if n > budget {
			return n, false
		}
	}
	return n, true
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
