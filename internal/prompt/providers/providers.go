// Package providers turns a rendered PromptOps call into the request body a provider's API
// takes: OpenAI Chat Completions, OpenAI Responses and Anthropic Messages. It is a pure
// mapping: no HTTP, no database, no provider SDK.
//
// Every field of a Call that is set either reaches the body or makes Request fail with an
// *UnsupportedError naming the field, so that a call is never sent with part of it missing.
// Three parts of a Call are by design never sent, to any provider:
//   - Metadata is PromptOps' own description of a version (author, ticket, tags), not an
//     instruction for the model. Sending it would hand it to a third party, and the OpenAI
//     APIs' metadata (16 string pairs, kept with stored completions) and Anthropic's
//     (a user_id only) mean something else.
//   - Provider is informational; the format argument decides the body.
//   - JSONSchema.Name for Anthropic, whose output format has no name (see anthropic.go).
//
// The output is deterministic: bodies are structs with a fixed field order, and JSON
// schemas are copied as given (compacted), keys in the order they were written.
package providers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The formats Request accepts.
const (
	FormatOpenAIChat      = "openai-chat"      // POST /v1/chat/completions
	FormatOpenAIResponses = "openai-responses" // POST /v1/responses
	FormatAnthropic       = "anthropic"        // POST /v1/messages
)

// Formats returns the formats Request accepts, in a stable order.
func Formats() []string {
	return []string{FormatOpenAIChat, FormatOpenAIResponses, FormatAnthropic}
}

// Message roles.
const (
	RoleSystem    = "system"
	RoleDeveloper = "developer"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Tool choice modes.
const (
	ToolChoiceAuto     = "auto"
	ToolChoiceNone     = "none"
	ToolChoiceRequired = "required"
)

// Response format types.
const (
	ResponseFormatText       = "text"
	ResponseFormatJSONObject = "json_object"
	ResponseFormatJSONSchema = "json_schema"
)

// Reasoning efforts.
const (
	ReasoningMinimal = "minimal"
	ReasoningLow     = "low"
	ReasoningMedium  = "medium"
	ReasoningHigh    = "high"
)

// Call is one rendered LLM call: a PromptOps version with its templates filled.
type Call struct {
	// Provider is free text, for information only: it never changes the body.
	Provider    string
	Model       string
	Messages    []Message
	Temperature float64
	// MaxTokens is the cap on generated tokens; nil leaves it to the provider, except for
	// Anthropic, which requires one (see anthropicDefaultMaxTokens).
	MaxTokens      *int
	Parameters     Parameters
	Tools          []Tool
	ToolChoice     *ToolChoice
	ResponseFormat *ResponseFormat
	// Metadata is PromptOps' own and is never sent (see the package comment).
	Metadata map[string]any
}

// Message is one message of the conversation, in order.
type Message struct {
	Role    string // RoleSystem, RoleDeveloper, RoleUser or RoleAssistant
	Content string
}

// Tool is a function the model may call.
type Tool struct {
	Name        string
	Description string
	// Parameters is a JSON Schema object; empty (or null) means the function takes none.
	Parameters json.RawMessage
	// Strict asks for schema-exact arguments; nil means not strict.
	Strict *bool
}

// ToolChoice says whether and which tool the model must call: exactly one of Mode and
// Function is set.
type ToolChoice struct {
	Mode     string // ToolChoiceAuto, ToolChoiceNone or ToolChoiceRequired
	Function string // the name of the tool the model must call
}

// ResponseFormat constrains the model's output.
type ResponseFormat struct {
	Type string // ResponseFormatText, ResponseFormatJSONObject or ResponseFormatJSONSchema
	// JSONSchema is set for, and only for, ResponseFormatJSONSchema.
	JSONSchema *JSONSchema
}

// JSONSchema is a structured-output schema.
type JSONSchema struct {
	Name        string
	Description string
	Schema      json.RawMessage
	Strict      *bool
}

// Parameters are the sampling and reasoning parameters; nil, empty and "" mean unset.
type Parameters struct {
	TopP             *float64
	Stop             []string
	PresencePenalty  *float64
	FrequencyPenalty *float64
	Seed             *int
	ReasoningEffort  string // ReasoningMinimal, ReasoningLow, ReasoningMedium, ReasoningHigh or ""
}

// ErrUnknownFormat is returned (wrapped) by Request for a format not in Formats.
var ErrUnknownFormat = errors.New("unknown provider format")

// UnsupportedError is returned by Request when a Call cannot be expressed in a format: the
// provider has no place for a field that is set, or refuses its value. When a call has
// several such fields, Request returns them all joined (errors.As finds the first;
// Unsupported lists them).
type UnsupportedError struct {
	Format string
	// Field is a JSON pointer into the PromptOps version, e.g. "/modelParameters/seed",
	// "/responseFormat" or "/tools/0/strict", so that an API can answer 400 naming it.
	Field  string
	Reason string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Format, e.Field, e.Reason)
}

// Unsupported returns every *UnsupportedError in err, in the order Request found them.
func Unsupported(err error) []*UnsupportedError {
	var out []*UnsupportedError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *UnsupportedError:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// Request returns the body of the request that makes call c in format, one of Formats.
func Request(format string, c Call) (json.RawMessage, error) {
	var build func(Call) (any, error)
	switch format {
	case FormatOpenAIChat:
		build = openAIChat
	case FormatOpenAIResponses:
		build = openAIResponses
	case FormatAnthropic:
		build = anthropic
	default:
		return nil, fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, format, strings.Join(Formats(), ", "))
	}
	body, err := build(c)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(body)
	if err != nil {
		// Unreachable: every raw schema was checked to be a JSON object first.
		return nil, fmt.Errorf("encode %s request: %w", format, err)
	}
	return out, nil
}
