package promptfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A prompt file is YAML on the outside and JSON inside: the content of a version is the
// API's JSON, so a file is read into JSON (key order kept, so schemas read back as written)
// and written from JSON. Only what JSON can hold is accepted: string keys, no merge keys,
// finite numbers.

// toJSON writes the JSON value of a YAML node, in its key order.
func toJSON(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			buf.WriteString("null")
			return nil
		}
		return toJSON(buf, n.Content[0])
	case yaml.AliasNode:
		return toJSON(buf, n.Alias)
	case yaml.MappingNode:
		return mappingToJSON(buf, n)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := toJSON(buf, item); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	}
	return scalarToJSON(buf, n)
}

func mappingToJSON(buf *bytes.Buffer, n *yaml.Node) error {
	buf.WriteByte('{')
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode || key.ShortTag() != "!!str" {
			if key.ShortTag() == "!!merge" {
				return lineError(key, "merge keys (<<) are not supported")
			}
			return lineError(key, "a key must be a string, not "+strings.TrimPrefix(key.ShortTag(), "!!"))
		}
		if seen[key.Value] {
			return lineError(key, fmt.Sprintf("the key %q is given twice", key.Value))
		}
		seen[key.Value] = true
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, key.Value)
		buf.WriteByte(':')
		if err := toJSON(buf, value); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func scalarToJSON(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		buf.WriteString("null")
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return lineError(n, err.Error())
		}
		buf.WriteString(strconv.FormatBool(b))
	case "!!int", "!!float":
		return numberToJSON(buf, n)
	case "!!str", "!!timestamp", "!!binary":
		// A date stays the text it was written as: JSON has no dates.
		writeString(buf, n.Value)
	default:
		return lineError(n, "the tag "+n.Tag+" is not supported")
	}
	return nil
}

// numberToJSON keeps a number as written when JSON can say it so (0.70 stays 0.70, so a
// schema keeps its text), else as YAML reads it (0x1F, +1, .5).
func numberToJSON(buf *bytes.Buffer, n *yaml.Node) error {
	if json.Valid([]byte(n.Value)) {
		buf.WriteString(n.Value)
		return nil
	}
	if n.ShortTag() == "!!int" {
		var i int64
		if err := n.Decode(&i); err != nil {
			return lineError(n, err.Error())
		}
		buf.WriteString(strconv.FormatInt(i, 10))
		return nil
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		return lineError(n, err.Error())
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return lineError(n, n.Value+" is not a number JSON can hold")
	}
	buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	return nil
}

func writeString(buf *bytes.Buffer, s string) {
	raw, _ := json.Marshal(s) // a string always encodes
	buf.Write(raw)
}

// lineError is a problem at a node, with its line.
func lineError(n *yaml.Node, problem string) error {
	return &Problem{Line: n.Line, Problem: problem}
}

// fromJSON is the YAML node of a JSON value, in its key order. Texts of more than one line
// are block scalars (|), so templates read as written; the encoder quotes whatever a
// plain scalar would misread.
func fromJSON(raw []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	n, err := nodeFromTokens(dec)
	if err != nil {
		return nil, fmt.Errorf("encode as YAML: %w", err)
	}
	return n, nil
}

func nodeFromTokens(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		kind, end := yaml.MappingNode, json.Delim('}')
		if v == '[' {
			kind, end = yaml.SequenceNode, ']'
		}
		n := &yaml.Node{Kind: kind}
		for dec.More() {
			if kind == yaml.MappingNode {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, stringNode(key.(string)))
			}
			item, err := nodeFromTokens(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, item)
		}
		if tok, err := dec.Token(); err != nil || tok != end {
			return nil, errors.New("unbalanced JSON")
		}
		return n, nil
	case string:
		return stringNode(v), nil
	case json.Number:
		tag := "!!float"
		if _, err := strconv.ParseInt(v.String(), 10, 64); err == nil {
			tag = "!!int"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v.String()}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v)}, nil
	default:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
}

func stringNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// lineAt is the line of the field a JSON pointer names in a document (its key's line), or
// of the deepest one on its way (a missing property is reported at its object).
func lineAt(root *yaml.Node, pointer string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	if pointer == "" {
		return line
	}
	for _, token := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		token = strings.NewReplacer("~1", "/", "~0", "~").Replace(token)
		key, value := child(n, token)
		if value == nil {
			return line
		}
		n, line = value, key.Line
	}
	return line
}

// child is the entry token names in a mapping (its key and value) or a sequence (the item
// twice).
func child(n *yaml.Node, token string) (key, value *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == token {
				return n.Content[i], n.Content[i+1]
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(token); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i]
		}
	}
	return nil, nil
}
