package promptfile

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// WithBaseVersion is the prompt file data, found at path, with its baseVersion set to n
// and the rest of its text as it was (comments, key order, quoting), as apply records the
// version it created: the line of an existing baseVersion is replaced, or one is appended.
// A file where that would not read back as the same file with only baseVersion changed (a
// flow mapping, a document end marker) is written anew by Marshal instead.
func WithBaseVersion(path string, data []byte, n int) ([]byte, error) {
	f, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	want := *f
	want.BaseVersion = &n
	if edited, ok := editBaseVersion(data, n); ok {
		if back, err := Parse(path, edited); err == nil && reflect.DeepEqual(*back, want) {
			return edited, nil
		}
	}
	out, err := Marshal(&want)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// editBaseVersion rewrites the top-level baseVersion line of a block mapping, or appends
// one; ok is false when the file is not one it can edit so.
func editBaseVersion(data []byte, n int) (edited []byte, ok bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return nil, false
	}
	line := "baseVersion: " + strconv.Itoa(n)
	key, value := child(root, "baseVersion")
	if key == nil {
		out := bytes.Clone(data)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		return append(out, line+"\n"...), true
	}
	if key.Column != 1 || value.Line != key.Line {
		return nil, false
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	old := lines[key.Line-1]
	lines[key.Line-1] = []byte(line + string(old[len(bytes.TrimRight(old, "\r\n")):]))
	return bytes.Join(lines, nil), true
}
