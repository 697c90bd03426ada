package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrTooLarge is returned by Render when the text would be longer than RenderOptions.Limit;
// the error wrapping it names the limit.
var ErrTooLarge = errors.New("template: rendered text too large")

// RenderOptions are the settings of one Render.
type RenderOptions struct {
	// Limit is the most bytes the rendered text may have; 0 means no limit. Render stops
	// as soon as the text would be longer, before building any of it.
	Limit int
}

// Render fills the template in from values, which are JSON-decoded (see the package
// comment). It returns the text and the names of the placeholders it found no value for,
// each once in order of first appearance; the text is complete only when there are none.
// The error is ErrTooLarge past the limit; the text is then empty.
func (t *Template) Render(values map[string]any, opts RenderOptions) (string, []string, error) {
	r := renderer{limit: opts.Limit}
	root := frame{v: values}
	// The first pass measures and finds what is missing; the second builds the text in
	// one allocation of the exact size, or never starts when it would be too large.
	if err := r.nodes(t.nodes, &root); err != nil {
		return "", nil, err
	}
	if r.n == 0 {
		return "", r.missing, nil
	}
	r.b.Grow(r.n)
	r.building, r.n = true, 0
	if err := r.nodes(t.nodes, &root); err != nil {
		return "", nil, err
	}
	return r.b.String(), r.missing, nil
}

// renderer is the state of one Render.
type renderer struct {
	b        strings.Builder
	building bool // false in the measuring pass
	n        int  // bytes rendered so far
	limit    int
	missing  []string
	scratch  [32]byte // formats numbers without allocating
}

// frame is one level of the context stack: the value names are looked up in, then the
// frames above it.
type frame struct {
	v  any
	up *frame
}

func (r *renderer) nodes(nodes []node, ctx *frame) error {
	for i := range nodes {
		n := &nodes[i]
		var err error
		switch n.kind {
		case textNode:
			err = r.write(n.text)
		case variableNode:
			v, ok := lookup(ctx, n.text)
			if !ok {
				r.miss(n.text)
				continue
			}
			err = r.value(v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) miss(name string) {
	if !r.building && !slices.Contains(r.missing, name) {
		r.missing = append(r.missing, name)
	}
}

func (r *renderer) write(s string) error {
	if err := r.grow(len(s)); err != nil {
		return err
	}
	if r.building {
		r.b.WriteString(s)
	}
	return nil
}

func (r *renderer) writeBytes(p []byte) error {
	if err := r.grow(len(p)); err != nil {
		return err
	}
	if r.building {
		r.b.Write(p)
	}
	return nil
}

func (r *renderer) grow(n int) error {
	r.n += n
	if r.limit > 0 && r.n > r.limit {
		return fmt.Errorf("%w: more than the limit of %d bytes", ErrTooLarge, r.limit)
	}
	return nil
}

// value writes a value as a placeholder shows it.
func (r *renderer) value(v any) error {
	switch v := v.(type) {
	case string:
		return r.write(v)
	case float64:
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

// lookup finds name in the context stack: in each frame from the innermost out, the value
// keyed by name itself, else (for a dotted name) the value keyed by its first segment and
// the fields of it the other segments name. A frame that has the first segment decides:
// when its fields do not lead to a value, the name has none (Mustache's broken chain).
// The name `.` is the innermost frame's value.
func lookup(ctx *frame, name string) (any, bool) {
	if name == "." {
		return ctx.v, true
	}
	first, rest, dotted := strings.Cut(name, ".")
	for f := ctx; f != nil; f = f.up {
		m, ok := f.v.(map[string]any)
		if !ok {
			continue
		}
		if v, ok := m[name]; ok {
			return v, true
		}
		if !dotted {
			continue
		}
		if v, ok := m[first]; ok {
			return walk(v, rest)
		}
	}
	return nil, false
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
