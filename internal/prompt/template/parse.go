package template

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse parses src. A template is never modified once parsed, so that one may render in
// many goroutines at once.
func Parse(src string) (*Template, error) {
	p := parser{src: src, t: &Template{src: src}, seen: map[string]bool{}}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.t, nil
}

// parser is the state of one Parse.
type parser struct {
	src   string
	t     *Template
	seen  map[string]bool // listed in t.names
	refs  map[refKey]bool // listed in t.partials
	nodes []node          // of the innermost open section, or of the template
	open  []openSection   // innermost last
	// items counts the open {{#}} sections: names in them are relative to their items.
	items int
	pos   position
}

// refKey is what tells partial references apart.
type refKey struct {
	slug    string
	version int
}

// openSection is a section whose closing tag is still to come.
type openSection struct {
	kind   kind
	name   string
	tag    string // as written, for errors
	offset int
	outer  []node // the nodes it goes into once closed
}

func (p *parser) parse() error {
	src := p.src
	literal := 0 // start of the literal text not yet emitted
	for i := 0; i < len(src); {
		open := strings.Index(src[i:], "{{")
		if open < 0 {
			break
		}
		open += i
		for open+2 < len(src) && src[open+2] == '{' {
			open++ // the tag opens at the last two braces of a run
		}
		end := strings.Index(src[open+2:], "}}")
		if end < 0 {
			return syntaxError(src, open, "{{ is never closed with }}")
		}
		inner := src[open+2 : open+2+end]
		after := open + 2 + end + 2
		tag := strings.Trim(inner, " ")
		var sigil byte
		if tag != "" && strings.IndexByte("#^/>", tag[0]) >= 0 {
			sigil, tag = tag[0], strings.Trim(tag[1:], " ")
		}
		textEnd, next := open, after
		if sigil == '#' || sigil == '^' || sigil == '/' {
			textEnd, next = standalone(src, open, after)
		}
		if textEnd > literal {
			p.nodes = append(p.nodes, node{kind: textNode, text: src[literal:textEnd], offset: literal})
		}
		if err := p.tag(sigil, tag, inner, open); err != nil {
			return err
		}
		i, literal = next, next
	}
	if literal < len(src) {
		p.nodes = append(p.nodes, node{kind: textNode, text: src[literal:], offset: literal})
	}
	if len(p.open) > 0 {
		s := p.open[len(p.open)-1]
		return syntaxError(src, s.offset, fmt.Sprintf("{{%s}} is never closed with {{/%s}}", s.tag, s.name))
	}
	p.t.nodes = p.nodes
	return nil
}

// tag adds the tag at offset: sigil is its first character if that is #, ^, / or >, tag
// the rest without spaces around, inner all of it as written.
func (p *parser) tag(sigil byte, tag, inner string, offset int) error {
	switch sigil {
	case 0:
		if !validName(tag) {
			return syntaxError(p.src, offset, fmt.Sprintf("{{%s}} does not enclose a variable name (letters, digits, _ and .)", inner))
		}
		p.use(tag)
		p.nodes = append(p.nodes, node{kind: variableNode, text: tag})
	case '#', '^':
		if !validName(tag) {
			return syntaxError(p.src, offset, fmt.Sprintf("{{%s}} does not enclose a section name (letters, digits, _ and .)", inner))
		}
		p.use(tag)
		k := sectionNode
		if sigil == '^' {
			k = invertedNode
		} else {
			p.items++
		}
		p.open = append(p.open, openSection{kind: k, name: tag, tag: inner, offset: offset, outer: p.nodes})
		p.nodes = nil
	case '/':
		if !validName(tag) {
			return syntaxError(p.src, offset, fmt.Sprintf("{{%s}} does not enclose the name of the section it closes", inner))
		}
		if len(p.open) == 0 {
			return syntaxError(p.src, offset, fmt.Sprintf("{{%s}} closes a section, but none is open", inner))
		}
		s := p.open[len(p.open)-1]
		if s.name != tag {
			line, column := p.pos.at(p.src, s.offset)
			return syntaxError(p.src, offset, fmt.Sprintf("{{%s}} closes a section, but the one open is {{%s}} (line %d, column %d)", inner, s.tag, line, column))
		}
		p.open = p.open[:len(p.open)-1]
		if s.kind == sectionNode {
			p.items--
		}
		p.nodes = append(s.outer, node{kind: s.kind, text: s.name, body: p.nodes})
	case '>':
		ref, ok := parseRef(tag)
		if !ok {
			return syntaxError(p.src, offset, fmt.Sprintf("{{%s}} does not enclose a partial reference (a slug of a-z, 0-9, ., _ and -, then @version if pinned)", inner))
		}
		ref.Offset = offset
		ref.Line, ref.Column = p.pos.at(p.src, offset)
		if key := (refKey{ref.Slug, ref.Version}); !p.refs[key] {
			if p.refs == nil {
				p.refs = map[refKey]bool{}
			}
			p.refs[key] = true
			p.t.partials = append(p.t.partials, ref)
		}
		p.nodes = append(p.nodes, node{kind: partialNode, ref: &ref})
	}
	return nil
}

// use lists a name of a placeholder or a section among the variables unless it is relative
// to the items of a section, or the context itself.
func (p *parser) use(name string) {
	if p.items == 0 && name != "." && !p.seen[name] {
		p.seen[name] = true
		p.t.names = append(p.t.names, name)
	}
}

// standalone applies Mustache's rule for section tags alone on their line, from offset to
// after: when only spaces and tabs share the line, the line is removed, the tag with it.
// It returns where the text before the tag ends and where the text after it starts.
func standalone(src string, offset, after int) (textEnd, next int) {
	lineStart := offset
	for lineStart > 0 && (src[lineStart-1] == ' ' || src[lineStart-1] == '\t') {
		lineStart--
	}
	if lineStart > 0 && src[lineStart-1] != '\n' {
		return offset, after
	}
	rest := strings.TrimLeft(src[after:], " \t")
	switch {
	case rest == "":
		return lineStart, len(src)
	case rest[0] == '\n':
		return lineStart, len(src) - len(rest) + 1
	case strings.HasPrefix(rest, "\r\n"):
		return lineStart, len(src) - len(rest) + 2
	}
	return offset, after
}

// parseRef parses slug or slug@version.
func parseRef(s string) (Partial, bool) {
	slug, version, pinned := strings.Cut(s, "@")
	if !validSlug(slug) {
		return Partial{}, false
	}
	ref := Partial{Slug: slug}
	if pinned {
		// A positive integer as written by people, no larger than the database holds.
		n, err := strconv.ParseInt(version, 10, 32)
		if err != nil || n < 1 || version[0] < '1' || version[0] > '9' {
			return Partial{}, false
		}
		ref.Version = int(n)
	}
	return ref, true
}

// validSlug is the API's rule for prompt slugs: ^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$, at
// most 100 characters.
func validSlug(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || i == len(s)-1 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
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
	var pos position
	line, column := pos.at(src, offset)
	return &SyntaxError{Offset: offset, Line: line, Column: column, Problem: problem}
}

// position finds the lines and columns of offsets in a text, moving on from the last one
// so that a parse counts the lines and characters of its text once.
type position struct {
	offset, line, column int
}

// at returns the line and column (from 1, in characters) of offset.
func (p *position) at(src string, offset int) (line, column int) {
	if offset < p.offset || p.line == 0 {
		*p = position{line: 1, column: 1}
	}
	passed := src[p.offset:offset]
	if i := strings.LastIndexByte(passed, '\n'); i >= 0 {
		p.line += strings.Count(passed, "\n")
		p.column = 1
		passed = passed[i+1:]
	}
	p.column += utf8.RuneCountInString(passed)
	p.offset = offset
	return p.line, p.column
}
