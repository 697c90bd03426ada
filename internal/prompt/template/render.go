package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ErrTooLarge is returned by Render when the text would be longer than what its Budget
// has left; the error wrapping it names the budget's bytes.
var ErrTooLarge = errors.New("template: rendered text too large")

// ErrTooMuchWork is returned by Render when the render would take more steps than its
// Budget has left; the error wrapping it names the budget's steps.
var ErrTooMuchWork = errors.New("template: render takes too many steps")

// ErrTooDeep is returned by Render when partials include partials more than MaxDepth
// levels down, as a template that includes itself does; the error wrapping it names the
// chain of partials.
var ErrTooDeep = errors.New("template: partials nested too deep")

// MaxDepth is how many levels of partials a render may go through: the template's own
// partials are the first level.
const MaxDepth = 5

// MaxSteps is the steps one render may take (NewBudget), all its templates and partials
// together. A step is about the same work, 10 to 20 ns: a node rendered (a text, a
// placeholder, a section, a partial), an item of a list a section renders once more, a
// value of the context stack a name is looked up in (and one more per 64 bytes of the
// name), fieldSteps per field a dotted name walks through, and one per jsonBytesPerStep
// bytes of an object or a list written as JSON. The worst render within the budget takes
// a few milliseconds of CPU (BenchmarkRenderWorst).
const MaxSteps = 1 << 17

// fieldSteps and jsonBytesPerStep weigh the work that costs more than a node: a field
// walked is a map of its own, often far in memory; encoding JSON costs about a step per
// byte.
const (
	fieldSteps       = 2
	jsonBytesPerStep = 1
)

// Budget is what one render may spend: bytes of text and steps of work, shared by the
// Render of each of its templates (a version's messages), partials included. It is not
// safe for concurrent use: the templates of a render are rendered in turn.
type Budget struct {
	// Bytes and Steps are the most the whole render may write and take.
	Bytes, Steps int
	// wrote and took are what the Renders so far wrote and took.
	wrote, took int
}

// NewBudget returns the budget of one render of at most limit bytes and MaxSteps steps.
func NewBudget(limit int) *Budget { return &Budget{Bytes: limit, Steps: MaxSteps} }

// RenderOptions are the settings of one Render.
type RenderOptions struct {
	// Budget is what the render may spend, and is charged with what it spent (nil for no
	// bound). Render stops as soon as the text would be longer than the bytes left, or the
	// work more than the steps left, before building any of the text.
	Budget *Budget
	// IncludeFunc returns the parsed template a partial reference names. Render calls it
	// once per reference (slug and version) and renders the result in place with the
	// values around the reference. Without it, a template with partials does not render.
	IncludeFunc IncludeFunc
	// WroteJSON, when set, is called with the name of each placeholder that writes an
	// object or a list as JSON (`.` for `{{.}}`), each time, sections and partials included.
	WroteJSON func(name string, v any)
}

// IncludeFunc returns the template a partial reference names.
type IncludeFunc func(ref Partial) (*Template, error)

// Render fills the template in from values, which are JSON-decoded (see the package
// comment). It returns the text and the names of the placeholders it rendered and found no
// value for anywhere in the context stack, in sections and partials too, each once in
// order of first appearance; the text is complete only when there are none. A section
// whose name has no value is not rendered and not missing. The error is ErrTooLarge or
// ErrTooMuchWork past the budget, ErrTooDeep past MaxDepth levels of partials, an
// IncludeFunc's error naming the reference, or an object or list that cannot be written
// as JSON; the text is then empty.
func (t *Template) Render(values map[string]any, opts RenderOptions) (string, []string, error) {
	r := renderer{include: opts.IncludeFunc, wroteJSON: opts.WroteJSON, maxBytes: math.MaxInt, maxSteps: math.MaxInt}
	if b := opts.Budget; b != nil {
		r.limits = *b
		r.maxBytes, r.maxSteps = b.Bytes-b.wrote, b.Steps-b.took
	}
	r.values = values
	// The first pass measures and finds what is missing; the second builds the text in
	// one allocation of the exact size, or never starts when it would be too large.
	if err := r.nodes(t.nodes); err != nil {
		return "", nil, err
	}
	if r.steps > r.maxSteps { // the last lookup's steps, which no step after it checked
		return "", nil, r.tooMuchWork()
	}
	if b := opts.Budget; b != nil {
		b.wrote, b.took = b.wrote+r.n, b.took+r.steps
	}
	if r.n == 0 {
		return "", r.missing, nil
	}
	r.b.Grow(r.n)
	r.building = true
	if err := r.nodes(t.nodes); err != nil {
		return "", nil, err
	}
	return r.b.String(), r.missing, nil
}

// renderer is the state of one Render.
type renderer struct {
	b        strings.Builder
	building bool // false in the measuring pass
	n        int  // bytes rendered so far
	values   map[string]any
	// stack holds the values of the sections being rendered, innermost last: names are
	// looked up in them, then in values (Mustache's context stack).
	stack []any
	// limits is the render's budget, for errors (a copy: a pointer kept here would make
	// every budget escape to the heap); maxBytes and maxSteps are what it has left
	// (math.MaxInt without one).
	limits             Budget
	maxBytes, maxSteps int
	steps              int // taken so far
	include            IncludeFunc
	wroteJSON          func(name string, v any)
	included           map[refKey]*Template // what IncludeFunc returned
	chain              []string             // the partials being rendered, outermost first
	missing            []string
	missed             map[string]bool // the names in missing
	encoded            [][]byte        // the values valueJSON wrote, for the building pass
	scratch            [32]byte        // formats numbers without allocating
}

// nodes renders nodes. The common cases, text and string values of placeholders outside
// sections, take no calls (BenchmarkRender).
func (r *renderer) nodes(nodes []node) error {
	for i := range nodes {
		n := &nodes[i]
		if !r.building {
			if r.steps++; r.steps > r.maxSteps {
				return r.tooMuchWork()
			}
		}
		var err error
		switch n.kind {
		case textNode:
			if r.building {
				r.b.WriteString(n.text)
				continue
			}
			err = r.grow(len(n.text))
		case variableNode:
			var v any
			ok := false
			if len(r.stack) == 0 && n.text != "." {
				r.steps += len(n.text) >> 6 // hashing a long name
				v, ok = r.values[n.text]
			}
			if !ok {
				if v, ok = r.lookup(n.text); !ok {
					r.miss(n.text)
					continue
				}
			}
			if s, isString := v.(string); !isString {
				r.noteJSON(n.text, v)
				err = r.value(v)
			} else if r.building {
				r.b.WriteString(s)
			} else {
				err = r.grow(len(s))
			}
		case sectionNode:
			err = r.section(n)
		case invertedNode:
			if v, _ := r.lookup(n.text); !truthy(v) {
				err = r.nodes(n.body)
			}
		case partialNode:
			err = r.partial(n.ref)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// noteJSON tells WroteJSON of a placeholder that writes v as JSON, in the measuring pass
// only: the building pass writes the same.
func (r *renderer) noteJSON(name string, v any) {
	if r.building || r.wroteJSON == nil {
		return
	}
	switch v.(type) {
	case map[string]any, []any:
		r.wroteJSON(name, v)
	}
}

// section renders a {{#name}} section: once per item of a list, once with a truthy value
// on top of the context stack, or not at all.
func (r *renderer) section(n *node) error {
	v, _ := r.lookup(n.text)
	if list, ok := v.([]any); ok {
		for _, item := range list {
			if err := r.step(); err != nil {
				return err
			}
			if err := r.within(n.body, item); err != nil {
				return err
			}
		}
		return nil
	}
	if !truthy(v) {
		return nil
	}
	return r.within(n.body, v)
}

// within renders nodes with v on top of the context stack.
func (r *renderer) within(nodes []node, v any) error {
	r.stack = append(r.stack, v)
	err := r.nodes(nodes)
	r.stack = r.stack[:len(r.stack)-1]
	return err
}

// truthy is whether a section renders for v: not for a missing value, null, false, "",
// 0, an empty object or an empty list.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return v != ""
	case float64:
		return v != 0
	case bool:
		return v
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	case int:
		return v != 0
	case json.Number:
		f, err := v.Float64()
		return err != nil || f != 0
	}
	return true
}

// partial renders the template ref names in place.
func (r *renderer) partial(ref *Partial) error {
	if len(r.chain) >= MaxDepth {
		chain := append(slices.Clip(r.chain), ref.String())
		return fmt.Errorf("%w (more than %d levels): %s", ErrTooDeep, MaxDepth, strings.Join(chain, " > "))
	}
	t, err := r.lookupPartial(ref)
	if err != nil {
		in := ""
		if len(r.chain) > 0 {
			in = " in " + strings.Join(r.chain, " > ")
		}
		return fmt.Errorf("template: partial %s at line %d, column %d%s: %w", ref, ref.Line, ref.Column, in, err)
	}
	r.chain = append(r.chain, ref.String())
	err = r.nodes(t.nodes)
	r.chain = r.chain[:len(r.chain)-1]
	return err
}

// lookupPartial returns the template ref names, asking IncludeFunc once per render.
func (r *renderer) lookupPartial(ref *Partial) (*Template, error) {
	key := refKey{ref.Slug, ref.Version}
	if t, ok := r.included[key]; ok {
		return t, nil
	}
	if r.include == nil {
		return nil, errors.New("no IncludeFunc to look partials up")
	}
	t, err := r.include(*ref)
	if err == nil && t == nil {
		err = errors.New("IncludeFunc returned no template")
	}
	if err != nil {
		return nil, err
	}
	if r.included == nil {
		r.included = map[refKey]*Template{}
	}
	r.included[key] = t
	return t, nil
}

// step counts a step of the measuring pass against the budget.
func (r *renderer) step() error {
	if r.building {
		return nil
	}
	if r.steps++; r.steps > r.maxSteps {
		return r.tooMuchWork()
	}
	return nil
}

func (r *renderer) tooMuchWork() error {
	return fmt.Errorf("%w: more than the budget of %d steps", ErrTooMuchWork, r.limits.Steps)
}

// miss lists name among the missing, once: a set, so that many names missing many times
// cost no more than the steps that found them.
func (r *renderer) miss(name string) {
	if r.building || r.missed[name] {
		return
	}
	if r.missed == nil {
		r.missed = map[string]bool{}
	}
	r.missed[name] = true
	r.missing = append(r.missing, name)
}

// write adds s to the text. The measuring pass only counts it, against the limit; the
// building pass, which renders the same, needs no checks.
func (r *renderer) write(s string) error {
	if r.building {
		r.b.WriteString(s)
		return nil
	}
	return r.grow(len(s))
}

func (r *renderer) writeBytes(p []byte) error {
	if r.building {
		r.b.Write(p)
		return nil
	}
	return r.grow(len(p))
}

func (r *renderer) grow(n int) error {
	if r.n += n; r.n > r.maxBytes {
		return fmt.Errorf("%w: more than the limit of %d bytes", ErrTooLarge, r.limits.Bytes)
	}
	return nil
}

// value writes a value as a placeholder shows it.
func (r *renderer) value(v any) error {
	switch v := v.(type) {
	case string:
		return r.write(v)
	case float64:
		// Whole numbers, as most are, print the same as integers, several times faster
		// (except -0).
		if w := int64(v); v > -1e15 && v < 1e15 && float64(w) == v && (w != 0 || !math.Signbit(v)) {
			return r.writeBytes(strconv.AppendInt(r.scratch[:0], w, 10))
		}
		return r.writeBytes(strconv.AppendFloat(r.scratch[:0], v, 'f', -1, 64))
	case bool:
		return r.write(strconv.FormatBool(v))
	case nil:
		return nil
	case int:
		return r.writeBytes(strconv.AppendInt(r.scratch[:0], int64(v), 10))
	case json.Number:
		return r.write(string(v))
	case map[string]any:
		if len(v) == 0 {
			return r.write("{}") // not null for a nil map: `{{.}}` with no values
		}
	}
	return r.valueJSON(v)
}

// valueJSON writes an object or a list as JSON. Encoding costs far more per byte than
// copying text, so each byte is a step; the measuring pass keeps what it encoded for the
// building pass, which writes the same values in the same order.
func (r *renderer) valueJSON(v any) error {
	if r.building {
		r.b.Write(r.encoded[0])
		r.encoded = r.encoded[1:]
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // prompts are text
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("template: write a value as JSON: %w", err)
	}
	text := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	r.steps += len(text) / jsonBytesPerStep
	r.encoded = append(r.encoded, text)
	return r.grow(len(text))
}

// lookup finds name in the context stack: in each value from the innermost out, the value
// keyed by name itself, else (for a dotted name) the value keyed by its first segment and
// the fields of it the other segments name. A value that has the first segment decides:
// when its fields do not lead to a value, the name has none (Mustache's broken chain).
// The name `.` is the innermost value.
func (r *renderer) lookup(name string) (any, bool) {
	if name == "." {
		if len(r.stack) == 0 {
			return r.values, true
		}
		return r.stack[len(r.stack)-1], true
	}
	// Each value looked in costs a step, and more for a long name: deeply nested sections
	// make every lookup long.
	cost := 1 + len(name)>>6
	for i := len(r.stack) - 1; i >= 0; i-- {
		r.steps += cost
		if m, ok := r.stack[i].(map[string]any); ok {
			if v, found, decided := r.find(m, name); decided {
				return v, found
			}
		}
	}
	r.steps += cost
	v, found, _ := r.find(r.values, name)
	return v, found
}

// find looks name up in one value of the context stack; decided is whether the value
// has the name or the first segment of it, so that lookup goes no further.
func (r *renderer) find(m map[string]any, name string) (v any, found, decided bool) {
	if v, ok := m[name]; ok {
		return v, true, true
	}
	first, rest, dotted := strings.Cut(name, ".")
	if !dotted {
		return nil, false, false
	}
	if v, ok := m[first]; ok {
		v, found = r.walk(v, rest)
		return v, found, true
	}
	return nil, false, false
}

// walk follows the dotted path of fields from v, a step each; every segment names a
// field, even an empty one.
func (r *renderer) walk(v any, path string) (any, bool) {
	for {
		r.steps += fieldSteps
		field, rest, more := strings.Cut(path, ".")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[field]; !ok {
			return nil, false
		}
		if !more {
			return v, true
		}
		path = rest
	}
}
