package versiondiff

import (
	"strings"
	"unicode"
)

// LineKind says how a line of a text changed.
type LineKind string

// The kinds of a LineDiff.
const (
	LineSame    LineKind = "same"    // in both texts
	LineChanged LineKind = "changed" // a line of the old text rewritten as a line of the new one
	LineRemoved LineKind = "removed" // only in the old text
	LineAdded   LineKind = "added"   // only in the new text
)

// LineDiff is one row of two texts side by side: the old line (Old, numbered OldLine from 1)
// and the new one (New, NewLine), either absent (nil, no spans) for a removed or added line.
// A changed line's spans mark the words that differ; a removed or added line is one marked
// span (none for an empty line).
type LineDiff struct {
	Kind    LineKind `json:"kind"`
	OldLine *int     `json:"oldLine,omitempty"`
	NewLine *int     `json:"newLine,omitempty"`
	Old     []Span   `json:"old"`
	New     []Span   `json:"new"`
}

// Span is a piece of a line; Changed marks the words removed (in an old line) or inserted
// (in a new one).
type Span struct {
	Text    string `json:"text"`
	Changed bool   `json:"changed"`
}

// compareLines lays two different texts out side by side: lines aligned by content, the
// removed and added lines of each stretch of changes paired in order as changed lines, and
// only the rows within contextLines of a change kept (the line numbers show the gaps).
func compareLines(from, to string) []LineDiff {
	a, b := splitLines(from), splitLines(to)
	var rows []LineDiff
	var removed, added []int
	flush := func() {
		for k := range max(len(removed), len(added)) {
			row := LineDiff{Kind: LineChanged, Old: []Span{}, New: []Span{}}
			if k < len(removed) {
				row.OldLine = new(removed[k] + 1)
			}
			if k < len(added) {
				row.NewLine = new(added[k] + 1)
			}
			switch {
			case k >= len(added):
				row.Kind, row.Old = LineRemoved, wholeLine(a[removed[k]], true)
			case k >= len(removed):
				row.Kind, row.New = LineAdded, wholeLine(b[added[k]], true)
			default:
				row.Old, row.New = compareWords(a[removed[k]], b[added[k]])
			}
			rows = append(rows, row)
		}
		removed, added = removed[:0], added[:0]
	}
	for _, s := range align(a, b, func(x, y string) bool { return x == y }) {
		switch {
		case s.b < 0:
			removed = append(removed, s.a)
		case s.a < 0:
			added = append(added, s.b)
		default:
			flush()
			rows = append(rows, LineDiff{Kind: LineSame, OldLine: new(s.a + 1), NewLine: new(s.b + 1), Old: wholeLine(a[s.a], false), New: wholeLine(b[s.b], false)})
		}
	}
	flush()
	return nearChanges(rows)
}

// splitLines splits a text at its newlines; the empty text has no line.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// nearChanges keeps the rows that changed and the unchanged rows within contextLines of one.
func nearChanges(rows []LineDiff) []LineDiff {
	keep := make([]bool, len(rows))
	for i, r := range rows {
		if r.Kind == LineSame {
			continue
		}
		for k := max(0, i-contextLines); k <= min(len(rows)-1, i+contextLines); k++ {
			keep[k] = true
		}
	}
	out := rows[:0]
	for i, r := range rows {
		if keep[i] {
			out = append(out, r)
		}
	}
	return out
}

// wholeLine is a line as one span, marked when changed (none for an empty line).
func wholeLine(line string, changed bool) []Span {
	if line == "" {
		return []Span{}
	}
	return []Span{{Text: line, Changed: changed}}
}

// compareWords marks the words that differ between an old line and the new line it became.
func compareWords(from, to string) (old, cur []Span) {
	a, b := words(from), words(to)
	old, cur = []Span{}, []Span{}
	for _, s := range align(a, b, func(x, y string) bool { return x == y }) {
		if s.a >= 0 {
			old = appendSpan(old, a[s.a], s.b < 0)
		}
		if s.b >= 0 {
			cur = appendSpan(cur, b[s.b], s.a < 0)
		}
	}
	return old, cur
}

// appendSpan adds text to spans, merged with the last span when it is marked alike.
func appendSpan(spans []Span, text string, changed bool) []Span {
	if n := len(spans); n > 0 && spans[n-1].Changed == changed {
		spans[n-1].Text += text
		return spans
	}
	return append(spans, Span{Text: text, Changed: changed})
}

// words splits a line into words (runs of letters, digits and underscores), runs of spaces,
// and single other characters, so that "{{name}}," differs from "{{name}}." by one mark.
func words(line string) []string {
	var out []string
	start := 0
	class := func(r rune) int {
		switch {
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			return 1
		case unicode.IsSpace(r):
			return 2
		default:
			return 0
		}
	}
	prev := -1
	for i, r := range line {
		c := class(r)
		if i > start && (c != prev || c == 0) {
			out = append(out, line[start:i])
			start = i
		}
		prev = c
	}
	if start < len(line) {
		out = append(out, line[start:])
	}
	return out
}
