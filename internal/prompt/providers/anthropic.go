package providers

import (
	"encoding/json"
	"strings"
)

// The Anthropic Messages body, POST /v1/messages, per
// https://platform.claude.com/docs/en/api/messages (checked field by field against the
// reference text that anthropics/anthropic-sdk-go generates from it: MessageNewParams in
// message.go), with structured outputs per
// https://platform.claude.com/docs/en/build-with-claude/structured-outputs and effort per
// https://platform.claude.com/docs/en/build-with-claude/effort. Choices made here:
//   - max_tokens is required: MaxTokens, else anthropicDefaultMaxTokens.
//   - There is no system role in messages: every system and developer message, wherever it
//     stands, is joined into the top-level system string by a blank line (an empty one
//     adds nothing).
//   - The remaining messages must include a user message (the reference: "a single
//     user-role message, or ... multiple user and assistant messages"). The reference no
//     longer requires the first one to be the user's, and api.anthropic.com accepts an
//     assistant first (anthropics/anthropic-sdk-typescript#622; Bedrock still refuses it),
//     so that is sent as is. Consecutive turns of one role are combined by the API.
//   - temperature ranges from 0.0 to 1.0.
//   - Structured outputs are output_config.format {type: json_schema, schema}, constrained
//     decoding that is always strict: a json_schema response format maps to it, except that
//     a description (the format has no place for it) or strict: false (it cannot be
//     relaxed) is refused. Its name is not sent: the format has no name, and the name
//     only labels the schema for OpenAI. json_object has no counterpart and is refused.
//     text is the default output and needs no field.
//   - Tools take strict (schema validation of tool inputs), so Strict maps to it.
//   - reasoning effort maps to output_config.effort, which takes low, medium and high
//     (also xhigh and max) and governs how many tokens the model spends, thinking
//     included; there is no minimal, which is refused. The thinking token budget is
//     another setting and is not derived from the effort.
//   - No presence_penalty, frequency_penalty or seed exist: refused.
//   - metadata is not sent (Anthropic's takes a user_id only): see the package comment.
type messagesRequest struct {
	Model         string                 `json:"model"`
	MaxTokens     int                    `json:"max_tokens"`
	System        string                 `json:"system,omitempty"`
	Messages      []anthropicMessage     `json:"messages"`
	Temperature   float64                `json:"temperature"` // 0 is a value, not absence
	TopP          *float64               `json:"top_p,omitempty"`
	StopSequences []string               `json:"stop_sequences,omitempty"`
	Tools         []anthropicTool        `json:"tools,omitempty"`
	ToolChoice    *anthropicToolChoice   `json:"tool_choice,omitempty"`
	OutputConfig  *anthropicOutputConfig `json:"output_config,omitempty"`
}

// anthropicDefaultMaxTokens is max_tokens when the call sets none. 4096 is the smallest
// output limit of the models the reference lists (Claude 3 Haiku), so it is valid for all.
const anthropicDefaultMaxTokens = 4096

type anthropicMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type anthropicTool struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	InputSchema json.RawMessage `json:"input_schema"`
	Strict      *bool           `json:"strict,omitempty"` // absent is non-strict
}

type anthropicToolChoice struct {
	Type string `json:"type"`           // auto, none, any or tool
	Name string `json:"name,omitempty"` // for tool
}

type anthropicOutputConfig struct {
	Effort string           `json:"effort,omitempty"`
	Format *anthropicFormat `json:"format,omitempty"`
}

type anthropicFormat struct {
	Type   string          `json:"type"` // always "json_schema"
	Schema json.RawMessage `json:"schema"`
}

// anthropicEmptySchema is the input_schema of a tool without parameters: input_schema is
// required, and its type must be "object".
var anthropicEmptySchema = json.RawMessage(`{"type":"object"}`)

func anthropic(c Call) (any, error) {
	p := &problems{format: FormatAnthropic}
	checkCommon(p, c)
	checkTemperature(p, c.Temperature, 1)
	const none = "the Anthropic Messages API has no such parameter"
	if c.Parameters.PresencePenalty != nil {
		p.add(fieldPresencePenalty, none)
	}
	if c.Parameters.FrequencyPenalty != nil {
		p.add(fieldFrequencyPenalty, none)
	}
	if c.Parameters.Seed != nil {
		p.add(fieldSeed, none)
	}
	if c.Parameters.ReasoningEffort == ReasoningMinimal {
		p.add(fieldReasoningEffort, "Anthropic's effort has no minimal (it takes low, medium or high)")
	}
	if rf := c.ResponseFormat; rf != nil && rf.Type == ResponseFormatJSONObject {
		p.add(fieldResponseFormat, "Anthropic has no JSON mode without a schema: use json_schema")
	}
	if s := jsonSchema(c); s != nil {
		if isEmptyJSON(s.Schema) {
			p.add(fieldJSONSchema+"/schema", "is required by Anthropic")
		}
		if s.Description != "" {
			p.add(fieldJSONSchema+"/description", "Anthropic's output format has no description")
		}
		if s.Strict != nil && !*s.Strict {
			p.add(fieldJSONSchema+"/strict", "Anthropic's structured outputs are always strict")
		}
	}
	for i, t := range c.Tools {
		if !isEmptyJSON(t.Parameters) && isJSONObject(t.Parameters) && !objectTyped(t.Parameters) {
			p.add(toolField(i, "parameters"), `Anthropic's input_schema must have "type": "object"`)
		}
	}
	hasUser := false
	for _, m := range c.Messages {
		hasUser = hasUser || m.Role == RoleUser
	}
	if len(c.Messages) > 0 && !hasUser {
		p.add(fieldMessages, "Anthropic needs at least one user message")
	}
	if err := p.err(); err != nil {
		return nil, err
	}

	req := &messagesRequest{
		Model:         c.Model,
		MaxTokens:     anthropicDefaultMaxTokens,
		Messages:      make([]anthropicMessage, 0, len(c.Messages)),
		Temperature:   c.Temperature,
		TopP:          c.Parameters.TopP,
		StopSequences: c.Parameters.Stop,
	}
	if c.MaxTokens != nil {
		req.MaxTokens = *c.MaxTokens
	}
	var system []string
	for _, m := range c.Messages {
		switch m.Role {
		case RoleSystem, RoleDeveloper:
			if m.Content != "" {
				system = append(system, m.Content)
			}
		default:
			req.Messages = append(req.Messages, anthropicMessage(m))
		}
	}
	req.System = strings.Join(system, "\n\n")
	for _, t := range c.Tools {
		schema := rawOrNil(t.Parameters)
		if schema == nil {
			schema = anthropicEmptySchema
		}
		req.Tools = append(req.Tools, anthropicTool{
			Name:        t.Name,
			Description: t.Description,
			InputSchema: schema,
			Strict:      t.Strict,
		})
	}
	if tc := c.ToolChoice; tc != nil {
		switch {
		case tc.Function != "":
			req.ToolChoice = &anthropicToolChoice{Type: "tool", Name: tc.Function}
		case tc.Mode == ToolChoiceRequired:
			req.ToolChoice = &anthropicToolChoice{Type: "any"}
		default: // auto, none
			req.ToolChoice = &anthropicToolChoice{Type: tc.Mode}
		}
	}
	var out anthropicOutputConfig
	out.Effort = c.Parameters.ReasoningEffort
	if s := jsonSchema(c); s != nil {
		out.Format = &anthropicFormat{Type: "json_schema", Schema: s.Schema}
	}
	if out != (anthropicOutputConfig{}) {
		req.OutputConfig = &out
	}
	return req, nil
}

// objectTyped reports whether the JSON Schema object raw says "type": "object".
func objectTyped(raw json.RawMessage) bool {
	var s struct {
		Type any `json:"type"`
	}
	return json.Unmarshal(raw, &s) == nil && s.Type == "object"
}
