// Package versiondiff compares two prompt versions field by field: for each text (a
// conversation's messages, aligned by content, else the system prompt and user template) a
// unified diff and its lines side by side with the changed words marked; the changed JSON
// pointers of each JSON document (tools, matched by name, tool choice, response format, model
// parameters, variables schema, metadata); and the old and new value of each scalar (model,
// temperature, max tokens, provider).
//
// It knows nothing of the API or the database: callers convert their own rows or responses into
// a Version, and serve the Diff as it is (its JSON is camelCase and deterministic).
package versiondiff

import (
	"encoding/json"
	"fmt"
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
//
// The texts are compared once: when either version is a conversation (messages other than
// one system and one user message), Messages is set and the reference's views of them
// (SystemPrompt, UserTemplate) are nil; otherwise those views are set and Messages is nil.
type Diff struct {
	Changed         bool                `json:"changed"`
	Messages        *MessagesDiff       `json:"messages,omitempty"`
	SystemPrompt    *TextDiff           `json:"systemPrompt,omitempty"`
	UserTemplate    *TextDiff           `json:"userTemplate,omitempty"`
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

// MessagesDiff compares two lists of messages aligned by content, so that one inserted
// message is one added item and the rest stay unchanged. Items follow the new list's order,
// each removed message where it stood (an empty array, never null, when both are empty).
type MessagesDiff struct {
	Changed bool          `json:"changed"`
	Items   []MessageDiff `json:"items"`
}

// MessageStatus says what happened to one message.
type MessageStatus string

// The statuses of a MessageDiff.
const (
	MessageUnchanged MessageStatus = "unchanged"
	MessageModified  MessageStatus = "modified" // another role or content, paired by similarity
	MessageMoved     MessageStatus = "moved"    // the same message at another place
	MessageAdded     MessageStatus = "added"    // only in the new version
	MessageRemoved   MessageStatus = "removed"  // only in the old version
)

// MessageDiff compares one message of the old version (at OldIndex) with its counterpart in the
// new one (at NewIndex); an index is nil for the side without it. Role's Old is nil for an
// added message and its New nil for a removed one; both are marked changed (Content too, even
// for an empty text, whose Unified is then empty), and Content's diff comes from or goes to
// /dev/null, as git writes an added or deleted file.
type MessageDiff struct {
	Status   MessageStatus       `json:"status"`
	Changed  bool                `json:"changed"`
	OldIndex *int                `json:"oldIndex"`
	NewIndex *int                `json:"newIndex"`
	Role     ScalarDiff[*string] `json:"role"`
	Content  TextDiff            `json:"content"`
}

// TextDiff compares two texts. Unified is the unified diff from the old text to the new one, with
// three lines of context, labelled a/<field> and b/<field>; Lines are the same changes side by
// side, words marked within changed lines. Both are empty when nothing changed.
type TextDiff struct {
	Changed bool       `json:"changed"`
	Unified string     `json:"unified,omitempty"`
	Lines   []LineDiff `json:"lines,omitempty"`
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
	JSONMove    JSONOp = "move"    // a tool at another place in the list (From is where it was)
)

// JSONChange is one changed value: Pointer is its RFC 6901 JSON pointer ("" for the whole
// document), Old and New its compact values, the JSON null for an absent side (Op tells an absent
// value from a present null). From is set for a move only.
type JSONChange struct {
	Pointer string          `json:"pointer"`
	Op      JSONOp          `json:"op"`
	From    string          `json:"from,omitempty"`
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
	if err := d.compareTexts(from, to); err != nil {
		return Diff{}, err
	}
	d.Model = ScalarDiff[string]{Changed: from.Model != to.Model, Old: from.Model, New: to.Model}
	d.Temperature = ScalarDiff[float64]{Changed: from.Temperature != to.Temperature, Old: from.Temperature, New: to.Temperature}
	d.MaxTokens = comparePointers(from.MaxTokens, to.MaxTokens)
	d.Provider = comparePointers(from.Provider, to.Provider)
	if d.Tools, err = compareTools(from.Tools, to.Tools); err != nil {
		return Diff{}, fmt.Errorf("versiondiff: tools: %w", err)
	}
	for _, f := range []struct {
		name     string
		out      *JSONDiff
		from, to json.RawMessage
	}{
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
	d.Changed = d.Messages != nil && d.Messages.Changed ||
		d.SystemPrompt != nil && (d.SystemPrompt.Changed || d.UserTemplate.Changed) ||
		d.Model.Changed || d.Temperature.Changed || d.MaxTokens.Changed || d.Provider.Changed ||
		d.Tools.Changed || d.ToolChoice.Changed || d.ResponseFormat.Changed ||
		d.ModelParameters.Changed || d.VariablesSchema.Changed || d.Metadata.Changed
	return d, nil
}

// compareTexts compares the messages of a conversation, else the reference's views.
func (d *Diff) compareTexts(from, to Version) error {
	if conversation(from) || conversation(to) {
		m, err := compareMessages(from.Messages, to.Messages)
		d.Messages = &m
		return err
	}
	system, err := compareText("systemPrompt", from.SystemPrompt, to.SystemPrompt)
	if err != nil {
		return err
	}
	user, err := compareText("userTemplate", from.UserTemplate, to.UserTemplate)
	d.SystemPrompt, d.UserTemplate = &system, &user
	return err
}

// conversation reports whether v's messages say more than its system prompt and user
// template do.
func conversation(v Version) bool {
	m := v.Messages
	return len(m) > 0 && !(len(m) == 2 && m[0].Role == "system" && m[1].Role == "user")
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
