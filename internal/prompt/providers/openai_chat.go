package providers

import "encoding/json"

// The OpenAI Chat Completions body, POST /v1/chat/completions, per
// https://platform.openai.com/docs/api-reference/chat/create (checked field by field against
// the reference text that openai/openai-go generates from it: ChatCompletionNewParams in
// chatcompletion.go). Choices made here:
//   - max_completion_tokens, not max_tokens: the reference deprecates max_tokens in favour
//     of max_completion_tokens and says max_tokens is not compatible with o-series
//     (reasoning) models; max_completion_tokens bounds visible and reasoning tokens alike.
//   - Roles go through as given: the reference has a developer message, and developer stays
//     developer.
//   - stop is always the array form; the reference allows up to 4 sequences.
//   - metadata is not sent: see the package comment.
type chatRequest struct {
	Model               string              `json:"model"`
	Messages            []chatMessage       `json:"messages"`
	Temperature         float64             `json:"temperature"` // 0 is a value, not absence
	MaxCompletionTokens *int                `json:"max_completion_tokens,omitempty"`
	TopP                *float64            `json:"top_p,omitempty"`
	Stop                []string            `json:"stop,omitempty"`
	PresencePenalty     *float64            `json:"presence_penalty,omitempty"`
	FrequencyPenalty    *float64            `json:"frequency_penalty,omitempty"`
	Seed                *int                `json:"seed,omitempty"`
	ReasoningEffort     string              `json:"reasoning_effort,omitempty"`
	Tools               []chatTool          `json:"tools,omitempty"`
	ToolChoice          any                 `json:"tool_choice,omitempty"` // a mode string or *chatNamedToolChoice
	ResponseFormat      *chatResponseFormat `json:"response_format,omitempty"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatTool struct {
	Type     string       `json:"type"` // always "function"
	Function chatFunction `json:"function"`
}

type chatFunction struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Parameters is left out when empty: "Omitting parameters defines a function with an
	// empty parameter list."
	Parameters json.RawMessage `json:"parameters,omitempty"`
	Strict     *bool           `json:"strict,omitempty"` // absent is non-strict, the default
}

type chatNamedToolChoice struct {
	Type     string           `json:"type"` // always "function"
	Function chatToolChoiceFn `json:"function"`
}

type chatToolChoiceFn struct {
	Name string `json:"name"`
}

type chatResponseFormat struct {
	Type       string          `json:"type"`
	JSONSchema *chatJSONSchema `json:"json_schema,omitempty"`
}

type chatJSONSchema struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema,omitempty"`
	Strict      *bool           `json:"strict,omitempty"` // absent is false, the default
}

// chatMaxStop is the reference's limit: "Up to 4 sequences".
const chatMaxStop = 4

func openAIChat(c Call) (any, error) {
	p := &problems{format: FormatOpenAIChat}
	checkCommon(p, c)
	checkTemperature(p, c.Temperature, 2)
	if n := len(c.Parameters.Stop); n > chatMaxStop {
		p.add(fieldStop, "Chat Completions takes up to %d stop sequences, not %d", chatMaxStop, n)
	}
	if s := jsonSchema(c); s != nil && s.Name == "" {
		p.add(fieldJSONSchema+"/name", "is required by OpenAI")
	}
	if err := p.err(); err != nil {
		return nil, err
	}

	req := &chatRequest{
		Model:               c.Model,
		Messages:            make([]chatMessage, 0, len(c.Messages)),
		Temperature:         c.Temperature,
		MaxCompletionTokens: c.MaxTokens,
		TopP:                c.Parameters.TopP,
		Stop:                c.Parameters.Stop,
		PresencePenalty:     c.Parameters.PresencePenalty,
		FrequencyPenalty:    c.Parameters.FrequencyPenalty,
		Seed:                c.Parameters.Seed,
		ReasoningEffort:     c.Parameters.ReasoningEffort,
	}
	for _, m := range c.Messages {
		req.Messages = append(req.Messages, chatMessage(m))
	}
	for _, t := range c.Tools {
		req.Tools = append(req.Tools, chatTool{Type: "function", Function: chatFunction{
			Name:        t.Name,
			Description: t.Description,
			Parameters:  rawOrNil(t.Parameters),
			Strict:      t.Strict,
		}})
	}
	if tc := c.ToolChoice; tc != nil {
		if tc.Function != "" {
			req.ToolChoice = &chatNamedToolChoice{Type: "function", Function: chatToolChoiceFn{Name: tc.Function}}
		} else {
			req.ToolChoice = tc.Mode
		}
	}
	if rf := c.ResponseFormat; rf != nil {
		req.ResponseFormat = &chatResponseFormat{Type: rf.Type}
		if s := jsonSchema(c); s != nil {
			req.ResponseFormat.JSONSchema = &chatJSONSchema{
				Name:        s.Name,
				Description: s.Description,
				Schema:      rawOrNil(s.Schema), // optional in Chat Completions
				Strict:      s.Strict,
			}
		}
	}
	return req, nil
}
