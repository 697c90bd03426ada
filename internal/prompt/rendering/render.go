package rendering

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/providers"
	"github.com/promptops/promptops/internal/prompt/schemas"
	"github.com/promptops/promptops/internal/prompt/template"
)

// Outcome is a render's answer: the 200 to send, or the problems of a 400 (with its
// details), which the caller wraps in its error envelope.
type Outcome struct {
	Response api.RenderPromptResponseObject
	Problems []api.FieldProblem
	Details  api.ErrorDetails
}

// Render fills the templates in from req's variables, as chat messages or as a provider's
// request body, within one budget for all messages and partials together: at most limit
// bytes and template.MaxSteps steps.
func (live *Live) Render(req api.RenderRequest, limit int) (Outcome, error) {
	var values map[string]any // only read: nil is as good as empty
	if req.Variables != nil {
		values = *req.Variables
	}
	if problems := live.checkVariables(values); len(problems) > 0 {
		return Outcome{Problems: problems}, nil
	}
	contents, missing, asJSON, err := live.render(values, limit)
	switch {
	case errors.Is(err, template.ErrTooLarge):
		return Outcome{Details: api.ErrorDetails{Limit: &limit}, Problems: []api.FieldProblem{{
			Field: "/variables", Problem: "would render the prompt into more than the render limit of " + strconv.Itoa(limit) + " bytes",
		}}}, nil
	case errors.Is(err, template.ErrTooMuchWork):
		steps := template.MaxSteps
		return Outcome{Details: api.ErrorDetails{Limit: &steps}, Problems: []api.FieldProblem{{
			Field: "/variables", Problem: "would take more than the render budget of " + strconv.Itoa(steps) +
				" steps (all messages and partials together: every text, placeholder, section item, partial and lookup is a step)",
		}}}, nil
	case err != nil:
		return Outcome{}, err
	}
	if len(missing) > 0 {
		problems := make([]api.FieldProblem, len(missing))
		for i, name := range missing {
			problems[i] = api.FieldProblem{Field: "/variables/" + name, Problem: "is required by the template"}
		}
		return Outcome{Details: api.ErrorDetails{MissingVariables: &missing}, Problems: problems}, nil
	}
	warnings := append(append(live.unused(values), asJSON...), live.suspects...)
	format := Format(req)
	if format == api.RenderRequestFormatMessages {
		return Outcome{Response: renderedResponse{live: live, frame: live.rendered, format: api.RenderedPromptFormatMessages,
			contents: contents, warnings: warnings}}, nil
	}
	return live.providerOutcome(string(format), contents, warnings)
}

// checkVariables checks render values against the version's variables schema.
func (live *Live) checkVariables(values map[string]any) []api.FieldProblem {
	if live.variablesSchema == nil {
		return nil
	}
	problems := schemas.Validate(live.variablesSchema, map[string]any(values))
	out := make([]api.FieldProblem, len(problems))
	for i, p := range problems {
		out[i] = api.FieldProblem{Field: "/variables" + p.Pointer, Problem: p.Problem}
	}
	return out
}

// render fills every message's template within one budget of limit bytes, returning
// every variable name missing from any and the warnings about the variables written as
// JSON; past the budget it returns template.ErrTooLarge or template.ErrTooMuchWork.
func (live *Live) render(values map[string]any, limit int) ([]string, []string, []string, error) {
	contents := make([]string, len(live.templates))
	var missing []string
	var seen map[string]bool // missing, as a set: messages may miss many names each
	run := &renderRun{budget: template.Budget{Bytes: limit, Steps: template.MaxSteps}}
	asJSON := &run.asJSON
	opts := template.RenderOptions{Budget: &run.budget, IncludeFunc: live.include, WroteJSON: asJSON.add}
	for i, t := range live.templates {
		out, miss, err := t.Render(values, opts)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("render message %d of version %s: %w", i, live.data.VersionId, err)
		}
		contents[i] = out
		for _, name := range miss {
			if seen == nil {
				seen = map[string]bool{}
			}
			if !seen[name] {
				seen[name] = true
				missing = append(missing, name)
			}
		}
	}
	return contents, missing, asJSON.warnings, nil
}

// renderRun is what one render keeps as it goes, in one allocation.
type renderRun struct {
	budget template.Budget
	asJSON jsonWarnings
}

// jsonWarnings are a render's warnings about variables written as JSON, one per name.
type jsonWarnings struct {
	warnings []string
	seen     map[string]bool
}

func (j *jsonWarnings) add(name string, v any) {
	if j.seen[name] {
		return
	}
	if j.seen == nil {
		j.seen = map[string]bool{}
	}
	j.seen[name] = true
	kind := "an object"
	if _, isList := v.([]any); isList {
		kind = "a list"
	}
	j.warnings = append(j.warnings, "variable "+strconv.Quote(name)+" is rendered from "+kind+" as JSON")
}

// unused says which given variables no template (partials included) uses.
func (live *Live) unused(values map[string]any) []string {
	names := live.reads.Unused(values)
	warnings := make([]string, len(names))
	for i, name := range names {
		warnings[i] = "variable " + strconv.Quote(name) + " is not used by the templates"
	}
	return warnings
}

// providerOutcome answers a render in a provider's format: the rendered call as that
// provider's request body, with a warning when the model is the other provider's, or a 400
// naming each field it cannot express.
func (live *Live) providerOutcome(format string, contents, warnings []string) (Outcome, error) {
	if w := providers.ModelWarning(format, live.data.Model); w != "" {
		warnings = append(warnings, w)
	}
	frame, err := live.providerFrame(api.RenderedPromptFormat(format))
	if err != nil {
		return Outcome{}, err
	}
	resp := renderedResponse{live: live, frame: frame, format: api.RenderedPromptFormat(format), contents: contents, warnings: warnings}
	if frame.requestBody.fills(contents) {
		return Outcome{Response: resp}, nil
	}
	call := live.call
	call.Messages = make([]providers.Message, len(contents))
	for i, m := range live.data.Messages {
		call.Messages[i] = providers.Message{Role: string(m.Role), Content: contents[i]}
	}
	resp.request, err = providers.Request(format, call)
	if unsupported := providers.Unsupported(err); len(unsupported) > 0 {
		problems := make([]api.FieldProblem, len(unsupported))
		for i, u := range unsupported {
			problems[i] = api.FieldProblem{Field: u.Field, Problem: "cannot be expressed in the " + format + " format: " + u.Reason}
		}
		return Outcome{Problems: problems}, nil
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("%s request of %s: %w", format, live.data.Slug, err)
	}
	return Outcome{Response: resp}, nil
}

// providerFormats are the formats of providerFrames, in their order.
var providerFormats = [...]api.RenderedPromptFormat{
	api.RenderedPromptFormatOpenaiChat, api.RenderedPromptFormatOpenaiResponses, api.RenderedPromptFormatAnthropic,
}

// providerFrame is the render response's frame in format, a provider's, framed on the
// first render in it (two racing renders frame it twice, to the same bytes).
func (live *Live) providerFrame(format api.RenderedPromptFormat) (*renderFrame, error) {
	i := slices.Index(providerFormats[:], format)
	if i < 0 {
		return nil, fmt.Errorf("no frame for format %q", format)
	}
	if f := live.providerFrames[i].Load(); f != nil {
		return f, nil
	}
	f, err := newRenderFrame(live.data, format)
	if err != nil {
		return nil, err
	}
	roles := make([]api.MessageRole, len(live.data.Messages))
	for i, m := range live.data.Messages {
		roles[i] = m.Role
	}
	f.requestBody = newRequestFrame(string(format), live.call, roles)
	live.providerFrames[i].Store(f)
	return f, nil
}

// renderedPrompt is a render's data: the version's call with its rendered contents.
func (live *Live) renderedPrompt(contents, warnings []string) api.RenderedPrompt {
	d := live.data
	messages := make([]api.ChatMessage, len(contents))
	for i, m := range d.Messages {
		messages[i] = api.ChatMessage{Role: api.ChatMessageRole(m.Role), Content: contents[i]}
	}
	return api.RenderedPrompt{
		Slug: d.Slug, VersionId: d.VersionId, VersionNumber: d.VersionNumber, Environment: d.Environment,
		Messages: messages, Model: d.Model, Temperature: d.Temperature, MaxTokens: d.MaxTokens, Metadata: d.Metadata,
		Tools: d.Tools, ToolChoice: d.ToolChoice, ResponseFormat: d.ResponseFormat,
		ModelParameters: d.ModelParameters, Provider: d.Provider,
		Format: api.RenderedPromptFormatMessages, Warnings: warnings, Release: d.Release,
	}
}

// providerCall is the version's call as the providers package takes it, its messages
// aside (a render adds them).
func (live *Live) providerCall() providers.Call {
	d := live.data
	call := providers.Call{Model: d.Model, Temperature: d.Temperature}
	if n, err := d.MaxTokens.Get(); err == nil {
		call.MaxTokens = &n
	}
	if p, err := d.Provider.Get(); err == nil {
		call.Provider = p
	}
	for _, t := range d.Tools {
		tool := providers.Tool{Name: t.Function.Name, Strict: t.Function.Strict}
		if t.Function.Description != nil {
			tool.Description = *t.Function.Description
		}
		if t.Function.Parameters != nil {
			tool.Parameters = *t.Function.Parameters
		}
		call.Tools = append(call.Tools, tool)
	}
	if d.ToolChoice != nil {
		call.ToolChoice = providerToolChoice(*d.ToolChoice)
	}
	if rf, err := d.ResponseFormat.Get(); err == nil {
		call.ResponseFormat = providerResponseFormat(&rf)
	}
	call.Parameters = providerParameters(&d.ModelParameters)
	return call
}

func providerToolChoice(raw json.RawMessage) *providers.ToolChoice {
	if len(raw) == 0 {
		return nil
	}
	var mode string
	if json.Unmarshal(raw, &mode) == nil {
		return &providers.ToolChoice{Mode: mode}
	}
	var named struct {
		Function struct{ Name string } `json:"function"`
	}
	_ = json.Unmarshal(raw, &named) // validated at creation
	return &providers.ToolChoice{Function: named.Function.Name}
}

func providerResponseFormat(rf *api.ResponseFormat) *providers.ResponseFormat {
	out := &providers.ResponseFormat{Type: string(rf.Type)}
	if s := rf.JsonSchema; s != nil {
		out.JSONSchema = &providers.JSONSchema{Name: s.Name, Schema: s.Schema, Strict: s.Strict}
		if s.Description != nil {
			out.JSONSchema.Description = *s.Description
		}
	}
	return out
}

func providerParameters(p *api.ModelParameters) providers.Parameters {
	out := providers.Parameters{TopP: p.TopP, PresencePenalty: p.PresencePenalty, FrequencyPenalty: p.FrequencyPenalty}
	if p.Stop != nil {
		out.Stop = *p.Stop
	}
	if p.Seed != nil {
		seed := int(*p.Seed)
		out.Seed = &seed
	}
	if p.ReasoningEffort != nil {
		out.ReasoningEffort = string(*p.ReasoningEffort)
	}
	return out
}

// Format is the format a render asks for: messages unless it names another.
func Format(req api.RenderRequest) api.RenderRequestFormat {
	if req.Format != nil {
		return *req.Format
	}
	return api.RenderRequestFormatMessages
}
