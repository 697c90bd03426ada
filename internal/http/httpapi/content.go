package httpapi

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	"github.com/promptops/promptops/internal/prompt/schemas"
)

// versionContent is what a version holds beyond the reference's columns, stored as one
// JSON document (prompt_versions.content; NULL for a version of the reference's shape).
type versionContent struct {
	// Messages is set when the version was created with messages; otherwise they are the
	// system prompt and user template.
	Messages        []api.Message        `json:"messages,omitempty"`
	Tools           []api.Tool           `json:"tools,omitempty"`
	ToolChoice      json.RawMessage      `json:"toolChoice,omitempty"`
	ResponseFormat  *api.ResponseFormat  `json:"responseFormat,omitempty"`
	ModelParameters *api.ModelParameters `json:"modelParameters,omitempty"`
	Provider        *string              `json:"provider,omitempty"`
	VariablesSchema json.RawMessage      `json:"variablesSchema,omitempty"`
}

// contentOf decodes a stored version's content, with its messages in either shape.
func contentOf(v *dbsqlc.PromptVersion) (versionContent, error) {
	var c versionContent
	if len(v.Content) > 0 {
		if err := json.Unmarshal(v.Content, &c); err != nil {
			return c, fmt.Errorf("stored content of version %s: %w", v.ID, err)
		}
	}
	if c.Messages == nil {
		c.Messages = []api.Message{
			{Role: api.MessageRoleSystem, Content: v.SystemPrompt},
			{Role: api.MessageRoleUser, Content: v.UserTemplate},
		}
	}
	if c.Tools == nil {
		c.Tools = []api.Tool{}
	}
	if c.ModelParameters == nil {
		c.ModelParameters = &api.ModelParameters{}
	}
	return c, nil
}

// referenceViews are a messages version's system prompt (its system and developer
// messages joined by a blank line) and user template (its last user message).
func referenceViews(messages []api.Message) (system, user string) {
	var parts []string
	for _, m := range messages {
		switch m.Role {
		case api.MessageRoleSystem, api.MessageRoleDeveloper:
			parts = append(parts, m.Content)
		case api.MessageRoleUser:
			user = m.Content
		}
	}
	return strings.Join(parts, "\n\n"), user
}

// contentHash is the content hash of a stored version (contenthash.Sum of its content).
func contentHash(v *dbsqlc.PromptVersion, c versionContent) (string, error) {
	return contenthash.Sum(contenthash.Content{
		Messages: c.Messages, Tools: c.Tools, ToolChoice: c.ToolChoice, ResponseFormat: c.ResponseFormat,
		Model: v.Model, Temperature: v.Temperature, MaxTokens: v.MaxTokens, ModelParameters: c.ModelParameters,
		Provider: c.Provider, VariablesSchema: c.VariablesSchema, Metadata: v.Metadata,
	})
}

// checkCallContent checks what the JSON Schema of the spec cannot: unique tool names, a
// named tool choice naming a tool, a JSON schema exactly with json_schema, and every
// schema compiling. Pointers are into the request body.
func checkCallContent(b *api.CreateVersionRequest) []api.FieldProblem {
	var problems []api.FieldProblem
	names := map[string]bool{}
	if b.Tools != nil {
		for i, tool := range *b.Tools {
			at := "/tools/" + strconv.Itoa(i) + "/function"
			if names[tool.Function.Name] {
				problems = append(problems, api.FieldProblem{Field: at + "/name", Problem: "repeats the name of an earlier tool: " + tool.Function.Name})
			}
			names[tool.Function.Name] = true
			if tool.Function.Parameters != nil {
				problems = append(problems, schemaProblems(at+"/parameters", *tool.Function.Parameters)...)
			}
		}
	}
	if b.ToolChoice != nil {
		problems = append(problems, toolChoiceProblems(json.RawMessage(*b.ToolChoice), names)...)
	}
	if rf, err := b.ResponseFormat.Get(); err == nil {
		problems = append(problems, responseFormatProblems(rf)...)
	}
	if b.VariablesSchema != nil {
		problems = append(problems, schemaProblems("/variablesSchema", *b.VariablesSchema)...)
	}
	return problems
}

func toolChoiceProblems(raw json.RawMessage, tools map[string]bool) []api.FieldProblem {
	var named struct {
		Function struct{ Name string } `json:"function"`
	}
	if json.Unmarshal(raw, &named) != nil || named.Function.Name == "" {
		return nil // one of the words, which validation has checked
	}
	if !tools[named.Function.Name] {
		return []api.FieldProblem{{Field: "/toolChoice/function/name", Problem: "names no tool of the version: " + named.Function.Name}}
	}
	return nil
}

func responseFormatProblems(rf api.ResponseFormat) []api.FieldProblem {
	switch {
	case rf.Type == api.ResponseFormatTypeJsonSchema && rf.JsonSchema == nil:
		return []api.FieldProblem{{Field: "/responseFormat/jsonSchema", Problem: "is required with type json_schema"}}
	case rf.Type != api.ResponseFormatTypeJsonSchema && rf.JsonSchema != nil:
		return []api.FieldProblem{{Field: "/responseFormat/jsonSchema", Problem: "is allowed only with type json_schema"}}
	case rf.JsonSchema != nil:
		return schemaProblems("/responseFormat/jsonSchema/schema", rf.JsonSchema.Schema)
	}
	return nil
}

// schemaProblems compiles a JSON Schema given at field, naming each problem by its pointer
// into the body.
func schemaProblems(field string, raw json.RawMessage) []api.FieldProblem {
	_, problems := schemas.Compile(raw)
	out := make([]api.FieldProblem, len(problems))
	for i, p := range problems {
		out[i] = api.FieldProblem{Field: field + p.Pointer, Problem: "is not a valid JSON Schema: " + p.Problem}
	}
	return out
}

// storedContent is the content column of a version of content c (contenthash.OfRequest):
// what the reference's columns do not hold, its messages only when the request gave them
// (withMessages) rather than a system prompt and user template; nil for the reference's
// shape with nothing else set.
func storedContent(c contenthash.Content, withMessages bool) (json.RawMessage, error) {
	sc := versionContent{ToolChoice: c.ToolChoice, ResponseFormat: c.ResponseFormat, ModelParameters: c.ModelParameters,
		Provider: c.Provider, VariablesSchema: c.VariablesSchema}
	if withMessages {
		sc.Messages = c.Messages
	}
	if len(c.Tools) > 0 {
		sc.Tools = c.Tools
	}
	if sc.ModelParameters != nil && *sc.ModelParameters == (api.ModelParameters{}) {
		sc.ModelParameters = nil
	}
	if sc.Messages == nil && sc.Tools == nil && sc.ToolChoice == nil && sc.ResponseFormat == nil &&
		sc.ModelParameters == nil && sc.Provider == nil && sc.VariablesSchema == nil {
		return nil, nil
	}
	return json.Marshal(sc)
}

// nullableRaw is a JSON value that may be absent, as the API's explicit null.
func nullableRaw(raw json.RawMessage) nullable.Nullable[json.RawMessage] {
	if len(raw) == 0 {
		return nullable.NewNullNullable[json.RawMessage]()
	}
	return nullable.NewNullableWithValue(raw)
}
