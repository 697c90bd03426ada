package versiondiff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// compareTools compares two tool lists tool by tool, matched by function name, so that a
// tool inserted before another is one add, not a change of every tool after it. Pointers
// index the new list (the old one for a removed tool); a tool found at another place in the
// order is a move from its old index. Lists that are not arrays of uniquely named tools are
// compared as any other JSON.
func compareTools(from, to json.RawMessage) (JSONDiff, error) {
	a, _, err := decodeJSON(from)
	if err != nil {
		return JSONDiff{}, fmt.Errorf("old version: %w", err)
	}
	b, _, err := decodeJSON(to)
	if err != nil {
		return JSONDiff{}, fmt.Errorf("new version: %w", err)
	}
	oldTools, oldNames, okA := namedTools(a)
	newTools, newNames, okB := namedTools(b)
	if !okA || !okB {
		return compareJSON(from, to)
	}
	w := jsonWalker{changes: []JSONChange{}}
	for _, s := range align(oldNames, newNames, func(x, y string) bool { return x == y }) {
		if err := w.tool(s, oldTools, newTools, oldNames, newNames); err != nil {
			return JSONDiff{}, err
		}
	}
	return JSONDiff{Changed: len(w.changes) > 0, Changes: w.changes}, nil
}

// tool records the changes of one step of the alignment of the tools by name.
func (w *jsonWalker) tool(s step, oldTools, newTools []any, oldNames, newNames []string) error {
	switch {
	case s.b < 0:
		if slices.Index(newNames, oldNames[s.a]) >= 0 {
			return nil // moved: reported at its new place
		}
		return w.add("/"+strconv.Itoa(s.a), JSONRemove, oldTools[s.a], nil)
	case s.a < 0:
		i := slices.Index(oldNames, newNames[s.b])
		if i < 0 {
			return w.add("/"+strconv.Itoa(s.b), JSONAdd, nil, newTools[s.b])
		}
		ptr := "/" + strconv.Itoa(s.b)
		w.changes = append(w.changes, JSONChange{Pointer: ptr, Op: JSONMove, From: "/" + strconv.Itoa(i), Old: jsonNull, New: jsonNull})
		return w.walk(ptr, oldTools[i], true, newTools[s.b], true)
	default:
		return w.walk("/"+strconv.Itoa(s.b), oldTools[s.a], true, newTools[s.b], true)
	}
}

// namedTools returns a tool list's items and their function names, or false when v is
// present and not an array of tools with distinct names (absent is the empty list).
func namedTools(v any) ([]any, []string, bool) {
	if v == nil {
		return nil, nil, true
	}
	tools, ok := v.([]any)
	if !ok {
		return nil, nil, false
	}
	names := make([]string, len(tools))
	for i, t := range tools {
		tool, _ := t.(map[string]any)
		function, _ := tool["function"].(map[string]any)
		name, ok := function["name"].(string)
		if !ok || slices.Index(names[:i], name) >= 0 {
			return nil, nil, false
		}
		names[i] = name
	}
	return tools, names, true
}
