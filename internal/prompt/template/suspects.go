package template

import (
	"fmt"
	"strings"
)

// Suspect is a span of a template's text that looks like a tag of another template
// syntax: plain text to PromptOps, most likely written for it to be filled in.
type Suspect struct {
	// Snippet is the span as written.
	Snippet string
	// Offset is its byte offset; Line and Column (from 1, in characters) say the same for
	// people.
	Offset, Line, Column int
	// Hint says what PromptOps writes instead.
	Hint string
}

// String says where the suspect is, what it looks like and what to write instead.
func (s Suspect) String() string {
	return fmt.Sprintf("line %d, column %d: %q %s", s.Line, s.Column, s.Snippet, s.Hint)
}

// maxJinjaTag is how long a `{% … %}` may be to be taken for a Jinja tag: longer spans
// are more likely prose or code.
const maxJinjaTag = 80

// Suspects lists, in order, the spans of the template's text (outside its tags) that look
// like a placeholder or a tag of another syntax. Prompts often carry JSON, so the rules
// are few and miss a case rather than flag JSON:
//
//	{name}  { name }   a name (letters, digits, _ and .) alone in single braces
//	${name}            the same after a dollar (JavaScript, shell)
//	{{{name}}}         a placeholder in three braces (Handlebars)
//	{% … %}  {%- … -%} a Jinja tag, on one line
//
// A brace followed by a quote, as JSON objects are (`{"a": 1}`, `{ "name": "x" }`), never
// encloses a name, so JSON is not flagged.
func (t *Template) Suspects() []Suspect {
	f := suspectFinder{src: t.src}
	f.nodes(t.nodes)
	return f.found
}

// suspectFinder is the state of one Suspects.
type suspectFinder struct {
	src   string
	pos   position
	found []Suspect
}

func (f *suspectFinder) nodes(nodes []node) {
	for i := range nodes {
		n := &nodes[i]
		switch n.kind {
		case textNode:
			f.text(n.text, n.offset)
		case variableNode:
			f.tripleBraces(nodes, i)
		}
		f.nodes(n.body)
	}
}

// tripleBraces flags `{{{name}}}`: the parser opens the tag at the last two braces, so it
// is a placeholder between a text ending in `{` and one starting with `}`.
func (f *suspectFinder) tripleBraces(nodes []node, i int) {
	if i == 0 || i+1 == len(nodes) {
		return
	}
	before, after := &nodes[i-1], &nodes[i+1]
	if before.kind != textNode || after.kind != textNode ||
		!strings.HasSuffix(before.text, "{") || !strings.HasPrefix(after.text, "}") {
		return
	}
	offset := before.offset + len(before.text) - 1
	end := after.offset + 1
	f.add(f.src[offset:end], offset, placeholderHint(nodes[i].text))
}

// text flags the suspects in a text of the template that starts at offset.
func (f *suspectFinder) text(text string, offset int) {
	for i := 0; i < len(text); i++ {
		if text[i] != '{' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '%' {
			if end := jinjaEnd(text[i:]); end > 0 {
				f.add(text[i:i+end], offset+i, "looks like a tag of another syntax (Jinja); PromptOps sections are {{#name}}…{{/name}}")
				i += end - 1
			}
			continue
		}
		name, end := braced(text[i:])
		if end == 0 || i > 0 && text[i-1] == '{' || i+end < len(text) && text[i+end] == '}' {
			continue // not a name, or more braces around it than one
		}
		start := i
		if i > 0 && text[i-1] == '$' {
			start--
		}
		f.add(text[start:i+end], offset+start, placeholderHint(name))
		i += end - 1
	}
}

// maxBraced is how far braced looks for the closing brace, so that a text of many
// opening braces takes linear time.
const maxBraced = 128

// braced reads `{name}` or `{ name }` at the start of s: the name and the length of the
// span, or 0 when s does not start with one.
func braced(s string) (string, int) {
	end := strings.IndexByte(s[:min(len(s), maxBraced)], '}')
	if end < 0 {
		return "", 0
	}
	name := strings.Trim(s[1:end], " ")
	if !validName(name) {
		return "", 0
	}
	return name, end + 1
}

// jinjaEnd is the length of the Jinja tag `{% … %}` at the start of s, or 0 when it is not
// closed on its line within maxJinjaTag bytes.
func jinjaEnd(s string) int {
	s = s[:min(len(s), maxJinjaTag)]
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[:nl]
	}
	end := strings.Index(s[2:], "%}")
	if end < 0 {
		return 0
	}
	return 2 + end + 2
}

func placeholderHint(name string) string {
	return "looks like a placeholder of another syntax; PromptOps placeholders are {{ " + name + " }}"
}

func (f *suspectFinder) add(snippet string, offset int, hint string) {
	line, column := f.pos.at(f.src, offset)
	f.found = append(f.found, Suspect{Snippet: snippet, Offset: offset, Line: line, Column: column, Hint: hint})
}
