// Package versiondiff compares two prompt versions field by field: a unified diff for each text
// (every message's content, the system prompt, the user template), the changed JSON pointers for
// each JSON document (tools, tool choice, response format, model parameters, variables schema,
// metadata) and the old and new value of each scalar (model, temperature, max tokens, provider).
//
// It knows nothing of the API or the database: callers convert their own rows or responses into
// a Version, and serve the Diff as it is (its JSON is camelCase and deterministic).
package versiondiff

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Message is one entry of a version's ordered messages.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Version is the content of a prompt version, the input of Compare. A JSON field that is nil,
// empty, blank or the JSON null has no value; any other content must be one valid JSON value.
type Version struct {
	Messages        []Message
	SystemPrompt    string
	UserTemplate    string
	Model           string
	Temperature     float64
	MaxTokens       *int
	Provider        *string
	Tools           json.RawMessage
	ToolChoice      json.RawMessage
	ResponseFormat  json.RawMessage
	ModelParameters json.RawMessage
	VariablesSchema json.RawMessage
	Metadata        json.RawMessage
}

// Diff is the comparison of two versions. Changed is true when any field changed. The fields
// come in a fixed order, which is also the order of their keys in the JSON: changed, messages,
// systemPrompt, userTemplate, model, temperature, maxTokens, provider, tools, toolChoice,
// responseFormat, modelParameters, variablesSchema, metadata.
type Diff struct {
	Changed         bool                `json:"changed"`
	Messages        MessagesDiff        `json:"messages"`
	SystemPrompt    TextDiff            `json:"systemPrompt"`
	UserTemplate    TextDiff            `json:"userTemplate"`
	Model           ScalarDiff[string]  `json:"model"`
	Temperature     ScalarDiff[float64] `json:"temperature"`
	MaxTokens       ScalarDiff[*int]    `json:"maxTokens"`
	Provider        ScalarDiff[*string] `json:"provider"`
	Tools           JSONDiff            `json:"tools"`
	ToolChoice      JSONDiff            `json:"toolChoice"`
	ResponseFormat  JSONDiff            `json:"responseFormat"`
	ModelParameters JSONDiff            `json:"modelParameters"`
	VariablesSchema JSONDiff            `json:"variablesSchema"`
	Metadata        JSONDiff            `json:"metadata"`
}

// MessagesDiff compares two lists of messages index by index. Items has one entry per index of
// the longer list, in index order (an empty array, never null, when both lists are empty).
type MessagesDiff struct {
	Changed bool          `json:"changed"`
	Items   []MessageDiff `json:"items"`
}

// MessageStatus says what happened to the message at one index.
type MessageStatus string

// The statuses of a MessageDiff.
const (
	MessageUnchanged MessageStatus = "unchanged"
	MessageModified  MessageStatus = "modified" // same index, another role or content
	MessageAdded     MessageStatus = "added"    // only the new version has this index
	MessageRemoved   MessageStatus = "removed"  // only the old version has this index
)

// MessageDiff compares the messages at one index. Role's Old is nil for an added message and its
// New nil for a removed one; both are marked changed (Content too, even for an empty text, whose
// Unified is then empty), and Content's diff comes from or goes to /dev/null, as git writes an
// added or deleted file.
type MessageDiff struct {
	Index   int                 `json:"index"`
	Status  MessageStatus       `json:"status"`
	Changed bool                `json:"changed"`
	Role    ScalarDiff[*string] `json:"role"`
	Content TextDiff            `json:"content"`
}

// TextDiff compares two texts. Unified is the unified diff from the old text to the new one, with
// three lines of context, labelled a/<field> and b/<field>; it is empty when nothing changed.
type TextDiff struct {
	Changed bool   `json:"changed"`
	Unified string `json:"unified,omitempty"`
}

// ScalarDiff compares two scalar values; Old and New are always both set.
type ScalarDiff[T any] struct {
	Changed bool `json:"changed"`
	Old     T    `json:"old"`
	New     T    `json:"new"`
}

// JSONDiff compares two JSON documents by their decoded values, so key order, whitespace and the
// spelling of a number (1, 1.0, 1e0) do not count. Changes is an empty array, never null, when
// nothing changed.
type JSONDiff struct {
	Changed bool         `json:"changed"`
	Changes []JSONChange `json:"changes"`
}

// JSONOp says how the value at a pointer changed, in RFC 6902's words.
type JSONOp string

// The operations of a JSONChange.
const (
	JSONAdd     JSONOp = "add"     // absent in the old document
	JSONRemove  JSONOp = "remove"  // absent in the new document
	JSONReplace JSONOp = "replace" // present in both, with different values
)

// JSONChange is one changed value: Pointer is its RFC 6901 JSON pointer ("" for the whole
// document), Old and New its compact values, the JSON null for an absent side (Op tells an absent
// value from a present null).
type JSONChange struct {
	Pointer string          `json:"pointer"`
	Op      JSONOp          `json:"op"`
	Old     json.RawMessage `json:"old"`
	New     json.RawMessage `json:"new"`
}

// Compare compares the version from with the version to. It fails only on a JSON field that is
// not one valid JSON value.
func Compare(from, to Version) (Diff, error) {
	var (
		d   Diff
		err error
	)
	if d.Messages, err = compareMessages(from.Messages, to.Messages); err != nil {
		return Diff{}, err
	}
	if d.SystemPrompt, err = compareText("systemPrompt", from.SystemPrompt, to.SystemPrompt); err != nil {
		return Diff{}, err
	}
	if d.UserTemplate, err = compareText("userTemplate", from.UserTemplate, to.UserTemplate); err != nil {
		return Diff{}, err
	}
	d.Model = ScalarDiff[string]{Changed: from.Model != to.Model, Old: from.Model, New: to.Model}
	d.Temperature = ScalarDiff[float64]{Changed: from.Temperature != to.Temperature, Old: from.Temperature, New: to.Temperature}
	d.MaxTokens = comparePointers(from.MaxTokens, to.MaxTokens)
	d.Provider = comparePointers(from.Provider, to.Provider)
	for _, f := range []struct {
		name     string
		out      *JSONDiff
		from, to json.RawMessage
	}{
		{"tools", &d.Tools, from.Tools, to.Tools},
		{"toolChoice", &d.ToolChoice, from.ToolChoice, to.ToolChoice},
		{"responseFormat", &d.ResponseFormat, from.ResponseFormat, to.ResponseFormat},
		{"modelParameters", &d.ModelParameters, from.ModelParameters, to.ModelParameters},
		{"variablesSchema", &d.VariablesSchema, from.VariablesSchema, to.VariablesSchema},
		{"metadata", &d.Metadata, from.Metadata, to.Metadata},
	} {
		if *f.out, err = compareJSON(f.from, f.to); err != nil {
			return Diff{}, fmt.Errorf("versiondiff: %s: %w", f.name, err)
		}
	}
	d.Changed = d.Messages.Changed || d.SystemPrompt.Changed || d.UserTemplate.Changed ||
		d.Model.Changed || d.Temperature.Changed || d.MaxTokens.Changed || d.Provider.Changed ||
		d.Tools.Changed || d.ToolChoice.Changed || d.ResponseFormat.Changed ||
		d.ModelParameters.Changed || d.VariablesSchema.Changed || d.Metadata.Changed
	return d, nil
}

func compareMessages(from, to []Message) (MessagesDiff, error) {
	d := MessagesDiff{Items: make([]MessageDiff, 0, max(len(from), len(to)))}
	for i := range max(len(from), len(to)) {
		var a, b *Message
		if i < len(from) {
			a = &from[i]
		}
		if i < len(to) {
			b = &to[i]
		}
		item, err := compareMessage(i, a, b)
		if err != nil {
			return MessagesDiff{}, err
		}
		d.Changed = d.Changed || item.Changed
		d.Items = append(d.Items, item)
	}
	return d, nil
}

// compareMessage compares the messages at index i, either of which may be absent (not both).
func compareMessage(i int, from, to *Message) (MessageDiff, error) {
	field := "messages/" + strconv.Itoa(i) + "/content"
	oldLabel, newLabel := "a/"+field, "b/"+field
	var (
		d                = MessageDiff{Index: i}
		oldText, newText string
		oldRole, newRole *string
	)
	if from != nil {
		oldRole, oldText = &from.Role, from.Content
	} else {
		oldLabel = devNull
	}
	if to != nil {
		newRole, newText = &to.Role, to.Content
	} else {
		newLabel = devNull
	}
	d.Role = comparePointers(oldRole, newRole)
	var err error
	if d.Content, err = diffText(oldLabel, newLabel, oldText, newText); err != nil {
		return MessageDiff{}, fmt.Errorf("versiondiff: %s: %w", field, err)
	}
	switch {
	case from == nil:
		d.Status, d.Content.Changed = MessageAdded, true
	case to == nil:
		d.Status, d.Content.Changed = MessageRemoved, true
	case d.Role.Changed || d.Content.Changed:
		d.Status = MessageModified
	default:
		d.Status = MessageUnchanged
	}
	d.Changed = d.Status != MessageUnchanged
	return d, nil
}

func compareText(field, from, to string) (TextDiff, error) {
	d, err := diffText("a/"+field, "b/"+field, from, to)
	if err != nil {
		return TextDiff{}, fmt.Errorf("versiondiff: %s: %w", field, err)
	}
	return d, nil
}

// comparePointers compares two optional values: nil is absent, equal to nil only. The diff holds
// copies, so that it does not change with the caller's versions.
func comparePointers[T comparable](from, to *T) ScalarDiff[*T] {
	same := from == nil && to == nil || from != nil && to != nil && *from == *to
	return ScalarDiff[*T]{Changed: !same, Old: copyOf(from), New: copyOf(to)}
}

func copyOf[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
