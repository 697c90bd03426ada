// Package promptfile is the file format of prompts as code: one prompt per
// <slug>.prompt.yaml, holding the prompt's name, description and tags and the content of a
// version (either systemPrompt and userTemplate, or messages; the model and its settings;
// tools, tool choice, response format, variables schema, metadata), with the API's field
// names. Files are checked against the JSON Schema in openapi/prompt-file.schema.json
// (problems name the file, line and field) and converted to and from the generated
// client's types. Marshal writes one way only (fields in a fixed order, multi-line texts as
// block scalars), so what it writes it reads back to the same bytes.
package promptfile

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/oapi-codegen/nullable"
	"go.yaml.in/yaml/v3"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	"github.com/promptops/promptops/internal/prompt/template"
)

// Ext ends the name of every prompt file; what comes before it is the prompt's slug.
const Ext = ".prompt.yaml"

// File is one prompt file. Its fields are written in this order.
type File struct {
	Name            string               `json:"name"`
	Description     *string              `json:"description,omitempty"`
	Tags            []string             `json:"tags,omitempty"`
	Model           *string              `json:"model,omitempty"`
	Temperature     *float64             `json:"temperature,omitempty"`
	MaxTokens       *int                 `json:"maxTokens,omitempty"`
	ModelParameters *api.ModelParameters `json:"modelParameters,omitempty"`
	Provider        *string              `json:"provider,omitempty"`
	SystemPrompt    *string              `json:"systemPrompt,omitempty"`
	UserTemplate    *string              `json:"userTemplate,omitempty"`
	Messages        []api.Message        `json:"messages,omitempty"`
	Tools           []api.Tool           `json:"tools,omitempty"`
	ToolChoice      json.RawMessage      `json:"toolChoice,omitempty"`
	ResponseFormat  *api.ResponseFormat  `json:"responseFormat,omitempty"`
	VariablesSchema json.RawMessage      `json:"variablesSchema,omitempty"`
	Metadata        json.RawMessage      `json:"metadata,omitempty"`
	// BaseVersion is the number of the version the file was pulled at, or last applied as
	// (CreateVersionRequest.baseVersion): not content, but what the content was made from.
	BaseVersion *int `json:"baseVersion,omitempty"`
}

// slugPattern is the API's slug; a slug shaped like a UUID is refused there too.
var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$`)
	uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// SlugOf is the slug a prompt file's path names, or an error saying why it names none.
func SlugOf(path string) (string, error) {
	base := filepath.Base(path)
	slug, ok := strings.CutSuffix(base, Ext)
	if !ok {
		return "", fmt.Errorf("%s: a prompt file's name ends in %s", path, Ext)
	}
	if err := CheckSlug(slug); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return slug, nil
}

// CheckSlug says why slug is not a slug of the API (nil when it is one), quoting it as Go
// does, so that no character of it reaches a terminal raw. A slug names a file, so one
// that fails the pattern is never used as a name: "../x" would leave the folder.
func CheckSlug(slug string) error {
	if len(slug) > 100 || !slugPattern.MatchString(slug) || uuidPattern.MatchString(slug) {
		return fmt.Errorf("%q is not a slug: lowercase letters, digits, '.', '_' and '-', 1 to 100 characters, "+
			"starting and ending with a letter or digit, not shaped like a UUID", slug)
	}
	return nil
}

// FileName is the name of the file of the prompt slug.
func FileName(slug string) string { return slug + Ext }

// FromVersion is the file of a prompt and one of its versions, based on it. A version whose
// messages are a system and a user message is written as systemPrompt and userTemplate
// (the same content, so the same hash), unless asMessages.
func FromVersion(name string, description *string, tags []string, v api.Version, asMessages bool) *File {
	f := &File{Name: name, Description: description, Model: &v.Model, Temperature: &v.Temperature, BaseVersion: &v.VersionNumber}
	if len(tags) > 0 {
		f.Tags = tags
	}
	if n, err := v.MaxTokens.Get(); err == nil {
		f.MaxTokens = &n
	}
	if v.ModelParameters != (api.ModelParameters{}) {
		f.ModelParameters = &v.ModelParameters
	}
	if p, err := v.Provider.Get(); err == nil {
		f.Provider = &p
	}
	if !asMessages && isClassic(v.Messages) {
		f.SystemPrompt, f.UserTemplate = &v.Messages[0].Content, &v.Messages[1].Content
	} else {
		f.Messages = v.Messages
	}
	if len(v.Tools) > 0 {
		f.Tools = v.Tools
	}
	if v.ToolChoice != nil {
		f.ToolChoice = json.RawMessage(*v.ToolChoice)
	}
	if rf, err := v.ResponseFormat.Get(); err == nil {
		f.ResponseFormat = &rf
	}
	if s, err := v.VariablesSchema.Get(); err == nil && len(s) > 0 && string(s) != "null" {
		f.VariablesSchema = s
	}
	if !isEmptyObject(v.Metadata) {
		f.Metadata = v.Metadata
	}
	return f
}

func isClassic(messages []api.Message) bool {
	return len(messages) == 2 && messages[0].Role == api.MessageRoleSystem && messages[1].Role == api.MessageRoleUser
}

func isEmptyObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return len(raw) == 0 || (json.Unmarshal(raw, &m) == nil && len(m) == 0)
}

// UsesMessages says whether the file gives its content as messages.
func (f *File) UsesMessages() bool { return f.Messages != nil }

// Includes lists the slugs of the prompts the file's templates include as partials
// ({{> slug}}), once each; a template that does not parse includes nothing (the server
// says what is wrong with it).
func (f *File) Includes() []string {
	texts := []*string{f.SystemPrompt, f.UserTemplate}
	for i := range f.Messages {
		texts = append(texts, &f.Messages[i].Content)
	}
	var slugs []string
	for _, text := range texts {
		if text == nil {
			continue
		}
		t, err := template.Parse(*text)
		if err != nil {
			continue
		}
		for _, ref := range t.Partials() {
			if !slices.Contains(slugs, ref.Slug) {
				slugs = append(slugs, ref.Slug)
			}
		}
	}
	return slugs
}

// VersionRequest is the request that creates a version of the file's content, with the
// change note message (none when empty) and no baseVersion (the caller sets the one it
// means).
func (f *File) VersionRequest(message string) (api.CreateVersionRequest, error) {
	r := api.CreateVersionRequest{
		Model: f.Model, Temperature: f.Temperature, MaxTokens: f.MaxTokens, ModelParameters: f.ModelParameters,
		Provider: f.Provider, SystemPrompt: f.SystemPrompt, UserTemplate: f.UserTemplate,
	}
	if message != "" {
		r.Message = &message
	}
	if f.Messages != nil {
		r.Messages = &f.Messages
	}
	if len(f.Tools) > 0 {
		r.Tools = &f.Tools
	}
	if f.ToolChoice != nil {
		tc := api.ToolChoice(f.ToolChoice)
		r.ToolChoice = &tc
	}
	if f.ResponseFormat != nil {
		r.ResponseFormat = nullable.NewNullableWithValue(*f.ResponseFormat)
	}
	if f.VariablesSchema != nil {
		r.VariablesSchema = &f.VariablesSchema
	}
	if f.Metadata != nil {
		var m map[string]any
		if err := json.Unmarshal(f.Metadata, &m); err != nil {
			return r, fmt.Errorf("metadata: %w", err)
		}
		r.Metadata = &m
	}
	return r, nil
}

// ContentHash is the contentHash the server gives a version created from the file.
func (f *File) ContentHash() (string, error) {
	r, err := f.VersionRequest("")
	if err != nil {
		return "", err
	}
	c, err := contenthash.OfRequest(&r)
	if err != nil {
		return "", err
	}
	return contenthash.Sum(c)
}

// keyOrder is the order of the keys of the objects of known shape (the generated types'
// fields are alphabetical); other objects keep the order they came in.
var keyOrder = map[string][]string{
	"":                           {"name", "description", "tags", "model", "temperature", "maxTokens", "modelParameters", "provider", "systemPrompt", "userTemplate", "messages", "tools", "toolChoice", "responseFormat", "variablesSchema", "metadata", "baseVersion"},
	"/messages/*":                {"role", "content"},
	"/tools/*":                   {"type", "function"},
	"/tools/*/function":          {"name", "description", "strict", "parameters"},
	"/toolChoice":                {"type", "function"},
	"/responseFormat":            {"type", "jsonSchema"},
	"/responseFormat/jsonSchema": {"name", "description", "strict", "schema"},
	"/modelParameters":           {"topP", "stop", "presencePenalty", "frequencyPenalty", "seed", "reasoningEffort"},
}

// Marshal writes f as a prompt file.
func Marshal(f *File) ([]byte, error) {
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	root, err := fromJSON(raw)
	if err != nil {
		return nil, err
	}
	order(root, "")
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// order puts the keys of the known objects under n (at path, indexes written *) in
// keyOrder's order.
func order(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			order(item, path+"/*")
		}
	case yaml.MappingNode:
		keys, known := keyOrder[path]
		if !known {
			return
		}
		rank := map[string]int{}
		for i, k := range keys {
			rank[k] = i
		}
		pairs := make([][2]*yaml.Node, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			pairs = append(pairs, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
		}
		sortPairs(pairs, rank)
		n.Content = n.Content[:0]
		for _, p := range pairs {
			n.Content = append(n.Content, p[0], p[1])
			order(p[1], path+"/"+p[0].Value)
		}
	}
}

// sortPairs orders key/value pairs by rank, stably (an unranked key goes last).
func sortPairs(pairs [][2]*yaml.Node, rank map[string]int) {
	r := func(p [2]*yaml.Node) int {
		if i, ok := rank[p[0].Value]; ok {
			return i
		}
		return len(rank)
	}
	slices.SortStableFunc(pairs, func(a, b [2]*yaml.Node) int { return cmp.Compare(r(a), r(b)) })
}
