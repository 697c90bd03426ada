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

// ErrTooLarge is returned by Render when the text would be longer than RenderOptions.Limit;
// the error wrapping it names the limit.
var ErrTooLarge = errors.New("template: rendered text too large")

// ErrTooDeep is returned by Render when partials include partials more than MaxDepth
// levels down, as a template that includes itself does; the error wrapping it names the
// chain of partials.
var ErrTooDeep = errors.New("template: partials nested too deep")

// MaxDepth is how many levels of partials a render may go through: the template's own
// partials are the first level.
const MaxDepth = 5

// RenderOptions are the settings of one Render.
type RenderOptions struct {
	// Limit is the most bytes the rendered text may have; 0 means no limit. Render stops
	// as soon as the text would be longer, before building any of it. Under a limit a
	// render also stops, with ErrTooLarge, after 16 steps (a text, placeholder, section
	// item or partial) per byte of it and 65,536 more, so that nested sections over long
	// lists that write little cannot run unbounded.
	Limit int
	// IncludeFunc returns the parsed template a partial reference names. Render calls it
	// once per reference (slug and version) and renders the result in place with the
	// values around the reference. Without it, a template with partials does not render.
	IncludeFunc IncludeFunc
}

// IncludeFunc returns the template a partial reference names.
type IncludeFunc func(ref Partial) (*Template, error)

// stepsPerByte and minSteps bound the work of a render under a limit.
const (
	stepsPerByte = 16
	minSteps     = 1 << 16
)

// Render fills the template in from values, which are JSON-decoded (see the package
// comment). It returns the text and the names of the placeholders it rendered and found no
// value for anywhere in the context stack, in sections and partials too, each once in
// order of first appearance; the text is complete only when there are none. A section
// whose name has no value is not rendered and not missing. The error is ErrTooLarge past
// the limit, ErrTooDeep past MaxDepth levels of partials, an IncludeFunc's error naming
// the reference, or an object or list that cannot be written as JSON; the text is then
// empty.
func (t *Template) Render(values map[string]any, opts RenderOptions) (string, []string, error) {
	r := renderer{limit: opts.Limit, include: opts.IncludeFunc}
	if r.limit > 0 && r.limit < (math.MaxInt-minSteps)/stepsPerByte {
		r.maxSteps = r.limit*stepsPerByte + minSteps
	}
	r.values = values
	// The first pass measures and finds what is missing; the second builds the text in
	// one allocation of the exact size, or never starts when it would be too large.
	if err := r.nodes(t.nodes); err != nil {
		return "", nil, err
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
	stack    []any
	limit    int
	steps    int // taken so far
	maxSteps int // 0 for no bound
	include  IncludeFunc
	included map[refKey]*Template // what IncludeFunc returned
	chain    []string             // the partials being rendered, outermost first
	missing  []string
	scratch  [32]byte // formats numbers without allocating
}

// nodes renders nodes. The common cases, text and string values of placeholders outside
// sections, take no calls (BenchmarkRender).
func (r *renderer) nodes(nodes []node) error {
	for i := range nodes {
		n := &nodes[i]
		if r.maxSteps > 0 {
			if err := r.step(); err != nil {
				return err
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
				v, ok = r.values[n.text]
			}
			if !ok {
				if v, ok = r.lookup(n.text); !ok {
					r.miss(n.text)
					continue
				}
			}
			if s, isString := v.(string); !isString {
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

// step counts a step of the measuring pass against the bound.
func (r *renderer) step() error {
	if r.maxSteps == 0 || r.building {
		return nil
	}
	if r.steps++; r.steps > r.maxSteps {
		return fmt.Errorf("%w: more than %d steps for the limit of %d bytes", ErrTooLarge, r.maxSteps, r.limit)
	}
	return nil
}

func (r *renderer) miss(name string) {
	if !r.building && !slices.Contains(r.missing, name) {
		r.missing = append(r.missing, name)
	}
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
	if r.n += n; r.limit > 0 && r.n > r.limit {
		return r.tooLarge()
	}
	return nil
}

func (r *renderer) tooLarge() error {
	return fmt.Errorf("%w: more than the limit of %d bytes", ErrTooLarge, r.limit)
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
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // prompts are text
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("template: write a value as JSON: %w", err)
	}
	return r.writeBytes(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
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
	for i := len(r.stack) - 1; i >= 0; i-- {
		if m, ok := r.stack[i].(map[string]any); ok {
			if v, found, decided := find(m, name); decided {
				return v, found
			}
		}
	}
	v, found, _ := find(r.values, name)
	return v, found
}

// find looks name up in one value of the context stack; decided is whether the value
// has the name or the first segment of it, so that lookup goes no further.
func find(m map[string]any, name string) (v any, found, decided bool) {
	if v, ok := m[name]; ok {
		return v, true, true
	}
	first, rest, dotted := strings.Cut(name, ".")
	if !dotted {
		return nil, false, false
	}
	if v, ok := m[first]; ok {
		v, found = walk(v, rest)
		return v, found, true
	}
	return nil, false, false
}

// walk follows the dotted path of fields from v; every segment names a field, even an
// empty one.
func walk(v any, path string) (any, bool) {
	for {
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
