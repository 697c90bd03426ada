// Package template parses and fills the `{{ name }}` placeholders of prompt templates.
//
// A placeholder is `{{`, optional spaces, a name of letters, digits, `_` and `.`, optional
// spaces, `}}`. Prompts often carry JSON, so single braces and a lone `}}` are plain text,
// and in a run of opening braces (`{{{name}}}`) the placeholder opens at the last two. A
// `{{` that is never closed, or that encloses no valid name, is a syntax error naming its
// position.
//
// Values are JSON-decoded: a placeholder writes a string as it is, a number as
// strconv.FormatFloat(v, 'f', -1, 64) does, a boolean as true or false, null as nothing,
// and an object or a list as compact JSON. Nothing is HTML-escaped: prompts are text. A
// dotted name `{{a.b}}` is the value keyed "a.b" itself if there is one, else the field b
// of the object a.
package template

import (
	"fmt"
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
	nodes []node
	names []string
}

// node is one piece of a template.
type node struct {
	kind kind
	// text is the literal text of a textNode, the name of a variableNode.
	text string
}

type kind uint8

const (
	textNode kind = iota
	variableNode
)

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
			t.nodes = append(t.nodes, node{kind: textNode, text: src[literal:open]})
		}
		t.nodes = append(t.nodes, node{kind: variableNode, text: name})
		if !seen[name] {
			seen[name] = true
			t.names = append(t.names, name)
		}
		i = open + 2 + end + 2
		literal = i
	}
	if literal < len(src) {
		t.nodes = append(t.nodes, node{kind: textNode, text: src[literal:]})
	}
	return t, nil
}

// Variables lists each placeholder name once, in order of first appearance.
func (t *Template) Variables() []string { return t.names }

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
