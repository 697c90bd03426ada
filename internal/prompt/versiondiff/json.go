package versiondiff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// jsonNull is the value reported for an absent side of a JSONChange.
var jsonNull = json.RawMessage("null")

// compareJSON compares two JSON documents. The changes come sorted by pointer, token by token:
// object keys in byte order of their unescaped names, array indices in numeric order (which is
// the order of a depth-first walk that visits keys sorted and items by index).
func compareJSON(from, to json.RawMessage) (JSONDiff, error) {
	a, aOK, err := decodeJSON(from)
	if err != nil {
		return JSONDiff{}, fmt.Errorf("old version: %w", err)
	}
	b, bOK, err := decodeJSON(to)
	if err != nil {
		return JSONDiff{}, fmt.Errorf("new version: %w", err)
	}
	w := jsonWalker{changes: []JSONChange{}}
	if err := w.walk("", a, aOK, b, bOK); err != nil {
		return JSONDiff{}, err
	}
	return JSONDiff{Changed: len(w.changes) > 0, Changes: w.changes}, nil
}

// decodeJSON decodes one JSON document, keeping numbers as written (json.Number). Nothing,
// blanks and a top-level null all decode as absent: a version without tools and a version whose
// tools are null are the same version.
func decodeJSON(raw json.RawMessage) (v any, present bool, err error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, false, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false, errors.New("invalid JSON: data after the top-level value")
	}
	return v, v != nil, nil
}

type jsonWalker struct {
	changes []JSONChange
}

// walk compares the values at pointer ptr; aOK and bOK say whether each side is present. Inside
// a document, a null is a value: {"a": null} and {} differ by an add or remove of /a.
func (w *jsonWalker) walk(ptr string, a any, aOK bool, b any, bOK bool) error {
	switch {
	case !aOK && !bOK:
		return nil
	case !aOK:
		return w.add(ptr, JSONAdd, nil, b)
	case !bOK:
		return w.add(ptr, JSONRemove, a, nil)
	}
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			keys := slices.Collect(maps.Keys(av))
			for k := range bv {
				if _, ok := av[k]; !ok {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				x, xOK := av[k]
				y, yOK := bv[k]
				if err := w.walk(ptr+"/"+escapePointerToken(k), x, xOK, y, yOK); err != nil {
					return err
				}
			}
			return nil
		}
	case []any:
		if bv, ok := b.([]any); ok {
			for i := range max(len(av), len(bv)) {
				var x, y any
				if i < len(av) {
					x = av[i]
				}
				if i < len(bv) {
					y = bv[i]
				}
				if err := w.walk(ptr+"/"+strconv.Itoa(i), x, i < len(av), y, i < len(bv)); err != nil {
					return err
				}
			}
			return nil
		}
	default:
		if scalarsEqual(a, b) {
			return nil
		}
	}
	return w.add(ptr, JSONReplace, a, b)
}

func (w *jsonWalker) add(ptr string, op JSONOp, a, b any) error {
	c := JSONChange{Pointer: ptr, Op: op, Old: jsonNull, New: jsonNull}
	var err error
	if op != JSONAdd {
		if c.Old, err = encodeJSON(a); err != nil {
			return err
		}
	}
	if op != JSONRemove {
		if c.New, err = encodeJSON(b); err != nil {
			return err
		}
	}
	w.changes = append(w.changes, c)
	return nil
}

// encodeJSON writes a decoded value compactly, keys sorted, without escaping <, > and & (prompts
// are full of them, and the result is JSON, not HTML).
func encodeJSON(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// pointerEscaper escapes ~ and / in one pass, so a ~1 written for a / is never escaped again.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// escapePointerToken escapes one reference token as RFC 6901 section 3 says.
func escapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

// scalarsEqual compares two decoded JSON scalars (nil, bool, string or json.Number).
func scalarsEqual(a, b any) bool {
	switch av := a.(type) {
	case json.Number:
		bv, ok := b.(json.Number)
		return ok && numbersEqual(av, bv)
	default:
		return a == b
	}
}
