package console

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// request is the CreateVersion body of the form, or the field it could not read. What the
// API checks (ranges, roles, schemas) it leaves to the API.
func (d *editorData) request() (*api.CreateVersionRequest, *api.Error) {
	messages := make([]api.Message, len(d.Messages))
	for i, m := range d.Messages {
		messages[i] = api.Message{Role: api.MessageRole(m.Role), Content: m.Content}
	}
	b := &api.CreateVersionRequest{Messages: &messages, Model: trimmed(d.Model), Provider: trimmed(d.Provider), Message: trimmed(d.Message)}
	var bad *api.Error
	if d.Base != "" {
		b.BaseVersion, bad = wholeField("base", d.Base, bad)
	}
	b.Temperature, bad = numberField("temperature", d.Temperature, bad)
	b.MaxTokens, bad = wholeField("maxTokens", d.MaxTokens, bad)
	b.ModelParameters, bad = d.parameters(bad)
	if choice := strings.TrimSpace(d.ToolChoice); choice != "" {
		b.ToolChoice = toolChoiceOf(choice)
	}
	bad = jsonField("tools", d.Tools, "a JSON array of tools", &b.Tools, bad)
	var rf *api.ResponseFormat
	if bad = jsonField("responseFormat", d.ResponseFormat, "a JSON response format", &rf, bad); rf != nil {
		b.ResponseFormat.Set(*rf)
	}
	bad = jsonField("variablesSchema", d.VariablesSchema, "a JSON object", &b.VariablesSchema, bad)
	bad = jsonField("metadata", d.Metadata, "a JSON object", &b.Metadata, bad)
	if bad != nil {
		return nil, bad
	}
	return b, nil
}

// parameters are the model parameters of the form (nil when none is set).
func (d *editorData) parameters(bad *api.Error) (*api.ModelParameters, *api.Error) {
	p := api.ModelParameters{}
	p.TopP, bad = numberField("topP", d.TopP, bad)
	p.PresencePenalty, bad = numberField("presencePenalty", d.PresencePenalty, bad)
	p.FrequencyPenalty, bad = numberField("frequencyPenalty", d.FrequencyPenalty, bad)
	if t := strings.TrimSpace(d.Seed); t != "" {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil && bad == nil {
			bad = invalidField("seed", "is not a whole number")
		}
		p.Seed = &n
	}
	if stop := splitLines(d.Stop); len(stop) > 0 {
		p.Stop = &stop
	}
	if e := strings.TrimSpace(d.ReasoningEffort); e != "" {
		p.ReasoningEffort = new(api.ModelParametersReasoningEffort(e))
	}
	if p == (api.ModelParameters{}) {
		return nil, bad
	}
	return &p, bad
}

// toolChoiceOf is the tool choice a field names: a keyword, else a tool's name.
func toolChoiceOf(text string) *api.ToolChoice {
	var raw []byte
	switch text {
	case "auto", "none", "required":
		raw, _ = json.Marshal(text)
	default:
		named := api.NamedToolChoice{Type: api.NamedToolChoiceTypeFunction}
		named.Function.Name = text
		raw, _ = json.Marshal(named)
	}
	return new(api.ToolChoice(raw))
}

// trimmed is a text field's value, nil when it is blank.
func trimmed(s string) *string {
	if t := strings.TrimSpace(s); t != "" {
		return &t
	}
	return nil
}

// splitLines are the non-blank lines of a text area, as typed.
func splitLines(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

// numberField reads a number field (nil when blank); bad is the first problem so far.
func numberField(name, s string, bad *api.Error) (*float64, *api.Error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, bad
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && bad == nil {
		bad = invalidField(name, "is not a number")
	}
	return &f, bad
}

// wholeField reads a whole-number field (nil when blank); bad is the first problem so far.
func wholeField(name, s string, bad *api.Error) (*int, *api.Error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, bad
	}
	n, err := strconv.Atoi(t)
	if err != nil && bad == nil {
		bad = invalidField(name, "is not a whole number")
	}
	return &n, bad
}

// jsonField decodes a JSON document field into out (left alone when blank); bad is the
// first problem so far.
func jsonField[T any](name, s, what string, out *T, bad *api.Error) *api.Error {
	t := strings.TrimSpace(s)
	if t == "" {
		return bad
	}
	if err := json.Unmarshal([]byte(t), out); err != nil && bad == nil {
		return invalidField(name, "is not "+what+": "+err.Error())
	}
	return bad
}
