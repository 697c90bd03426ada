package playground

import (
	"encoding/json"
	"errors"
	"strings"
)

// parse reads a provider's successful answer.
func parse(provider string, raw []byte) (*Result, error) {
	if provider == Anthropic {
		return parseAnthropic(raw)
	}
	return parseOpenAI(raw)
}

// openAIAnswer is the part of a Chat Completions answer a run shows.
type openAIAnswer struct {
	Choices []struct {
		Message struct {
			Content   *string `json:"content"`
			ToolCalls []struct {
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"message"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

func parseOpenAI(raw []byte) (*Result, error) {
	var a openAIAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	if len(a.Choices) == 0 {
		return nil, errors.New("no choices")
	}
	m := a.Choices[0].Message
	r := &Result{ToolCalls: []ToolCall{}, InputTokens: a.Usage.PromptTokens, OutputTokens: a.Usage.CompletionTokens}
	if m.Content != nil {
		r.Output = *m.Content
	}
	for _, c := range m.ToolCalls {
		r.ToolCalls = append(r.ToolCalls, ToolCall{Name: c.Function.Name, Arguments: c.Function.Arguments})
	}
	return r, nil
}

// anthropicAnswer is the part of a Messages answer a run shows.
type anthropicAnswer struct {
	Content []struct {
		Type  string          `json:"type"`
		Text  string          `json:"text"`
		Name  string          `json:"name"`
		Input json.RawMessage `json:"input"`
	} `json:"content"`
	Usage struct {
		InputTokens  int `json:"input_tokens"`
		OutputTokens int `json:"output_tokens"`
	} `json:"usage"`
}

func parseAnthropic(raw []byte) (*Result, error) {
	var a anthropicAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, err
	}
	if a.Content == nil {
		return nil, errors.New("no content")
	}
	r := &Result{ToolCalls: []ToolCall{}, InputTokens: a.Usage.InputTokens, OutputTokens: a.Usage.OutputTokens}
	var text []string
	for _, block := range a.Content {
		switch block.Type {
		case "text":
			text = append(text, block.Text)
		case "tool_use":
			r.ToolCalls = append(r.ToolCalls, ToolCall{Name: block.Name, Arguments: string(block.Input)})
		}
	}
	r.Output = strings.Join(text, "")
	return r, nil
}
