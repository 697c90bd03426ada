package providers

import "encoding/json"

// The OpenAI Responses body, POST /v1/responses, per
// https://platform.openai.com/docs/api-reference/responses/create (checked field by field
// against the reference text that openai/openai-go generates from it: ResponseNewParams in
// responses/response.go). Choices made here:
//   - Every message goes into input as {role, content}, system and developer included (the
//     input message's role is one of user, assistant, system or developer). instructions is
//     not used: it is one string, meant to be swapped between chained responses, and
//     joining the messages into it would lose their order and roles.
//   - A function tool's strict and parameters are required (nullable) fields, so both are
//     always written. strict is false when the tool does not ask for it: when strict is
//     omitted, Responses normalises the schema into strict mode (the function calling
//     guide, https://platform.openai.com/docs/guides/function-calling), whereas a
//     PromptOps tool without Strict is not strict, as in Chat Completions. Empty
//     parameters are null.
//   - The reference has no stop, presence_penalty, frequency_penalty nor seed: a call that
//     sets one is refused.
//   - metadata is not sent: see the package comment.
type responsesRequest struct {
	Model           string              `json:"model"`
	Input           []responsesMessage  `json:"input"`
	Temperature     float64             `json:"temperature"` // 0 is a value, not absence
	TopP            *float64            `json:"top_p,omitempty"`
	MaxOutputTokens *int                `json:"max_output_tokens,omitempty"`
	Tools           []responsesTool     `json:"tools,omitempty"`
	ToolChoice      any                 `json:"tool_choice,omitempty"` // a mode string or *responsesNamedToolChoice
	Text            *responsesText      `json:"text,omitempty"`
	Reasoning       *responsesReasoning `json:"reasoning,omitempty"`
}

type responsesMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type responsesTool struct {
	Type        string          `json:"type"` // always "function"
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters"` // required; null when empty
	Strict      bool            `json:"strict"`     // required; see above
}

type responsesNamedToolChoice struct {
	Type string `json:"type"` // always "function"
	Name string `json:"name"`
}

type responsesText struct {
	Format responsesFormat `json:"format"`
}

type responsesFormat struct {
	Type        string          `json:"type"`
	Name        string          `json:"name,omitempty"`
	Description string          `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema,omitempty"`
	Strict      *bool           `json:"strict,omitempty"` // absent is false, the default
}

type responsesReasoning struct {
	Effort string `json:"effort"`
}

func openAIResponses(c Call) (any, error) {
	p := &problems{format: FormatOpenAIResponses}
	checkCommon(p, c)
	checkTemperature(p, c.Temperature, 2)
	const none = "the Responses API has no such parameter"
	if len(c.Parameters.Stop) > 0 {
		p.add(fieldStop, none)
	}
	if c.Parameters.PresencePenalty != nil {
		p.add(fieldPresencePenalty, none)
	}
	if c.Parameters.FrequencyPenalty != nil {
		p.add(fieldFrequencyPenalty, none)
	}
	if c.Parameters.Seed != nil {
		p.add(fieldSeed, none)
	}
	if s := jsonSchema(c); s != nil {
		if s.Name == "" {
			p.add(fieldJSONSchema+"/name", "is required by OpenAI")
		}
		if isEmptyJSON(s.Schema) {
			p.add(fieldJSONSchema+"/schema", "is required by the Responses API")
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}

	req := &responsesRequest{
		Model:           c.Model,
		Input:           make([]responsesMessage, 0, len(c.Messages)),
		Temperature:     c.Temperature,
		TopP:            c.Parameters.TopP,
		MaxOutputTokens: c.MaxTokens,
	}
	for _, m := range c.Messages {
		req.Input = append(req.Input, responsesMessage(m))
	}
	for _, t := range c.Tools {
		req.Tools = append(req.Tools, responsesTool{
			Type:        "function",
			Name:        t.Name,
			Description: t.Description,
			Parameters:  rawOrNil(t.Parameters),
			Strict:      t.Strict != nil && *t.Strict,
		})
	}
	if tc := c.ToolChoice; tc != nil {
		if tc.Function != "" {
			req.ToolChoice = &responsesNamedToolChoice{Type: "function", Name: tc.Function}
		} else {
			req.ToolChoice = tc.Mode
		}
	}
	if rf := c.ResponseFormat; rf != nil {
		req.Text = &responsesText{Format: responsesFormat{Type: rf.Type}}
		if s := jsonSchema(c); s != nil {
			req.Text.Format.Name = s.Name
			req.Text.Format.Description = s.Description
			req.Text.Format.Schema = s.Schema
			req.Text.Format.Strict = s.Strict
		}
	}
	if e := c.Parameters.ReasoningEffort; e != "" {
		req.Reasoning = &responsesReasoning{Effort: e}
	}
	return req, nil
}
