package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/providers"
	"github.com/promptops/promptops/internal/schemas"
	"github.com/promptops/promptops/internal/template"
)

// parse parses the version's templates and compiles its variables schema; both were
// checked when the version was created, so a failure here is a bug.
func (live *LiveVersion) parse() error {
	v := live.version
	for i, m := range live.content.Messages {
		t, err := template.Parse(m.Content)
		if err != nil {
			return fmt.Errorf("stored message %d of version %s: %w", i, v.ID, err)
		}
		live.templates = append(live.templates, t)
	}
	if len(live.content.VariablesSchema) > 0 {
		sch, problems := schemas.Compile(live.content.VariablesSchema)
		if problems != nil {
			return fmt.Errorf("stored variables schema of version %s: %v", v.ID, problems)
		}
		live.variablesSchema = sch
	}
	return nil
}

// checkVariables checks render values against the version's variables schema.
func (live *LiveVersion) checkVariables(values map[string]any) []api.FieldProblem {
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

// render fills every message's template, into at most limit bytes together, returning
// every variable name missing from any; past the limit it returns template.ErrTooLarge.
func (live *LiveVersion) render(values map[string]any, limit int) ([]string, []string, error) {
	contents := make([]string, len(live.templates))
	var missing []string
	for i, t := range live.templates {
		if limit < 1 {
			return nil, nil, template.ErrTooLarge
		}
		out, miss, err := t.Render(values, template.RenderOptions{Limit: limit, IncludeFunc: live.partials.include})
		if err != nil {
			return nil, nil, fmt.Errorf("render message %d of version %s: %w", i, live.version.ID, err)
		}
		limit -= len(out)
		contents[i] = out
		for _, name := range miss {
			if !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
		}
	}
	return contents, missing, nil
}

// unused says which given variables no template (partials included) uses.
func (live *LiveVersion) unused(values map[string]any) []string {
	templates := live.templates
	for _, t := range live.partials.templates {
		templates = append(templates, t)
	}
	names := template.Unused(values, templates...)
	warnings := make([]string, len(names))
	for i, name := range names {
		warnings[i] = "variable " + strconv.Quote(name) + " is not used by the templates"
	}
	return warnings
}

// providerResponse answers a render in a provider's format: the rendered call as that
// provider's request body, or a 400 naming each field it cannot express.
func (s *Server) providerResponse(ctx context.Context, live *LiveVersion, env, slug, format string, contents, warnings []string) (api.RenderPromptResponseObject, error) {
	rendered := live.renderedPrompt(slug, env, contents, warnings)
	rendered.Format = api.RenderedPromptFormat(format)
	body, err := providers.Request(format, providerCall(live, rendered.Messages))
	if unsupported := providers.Unsupported(err); len(unsupported) > 0 {
		problems := make([]api.FieldProblem, len(unsupported))
		for i, u := range unsupported {
			problems[i] = api.FieldProblem{Field: u.Field, Problem: "cannot be expressed in the " + format + " format: " + u.Reason}
		}
		return api.RenderPrompt400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, problems...)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s request of %s: %w", format, slug, err)
	}
	raw := json.RawMessage(body)
	rendered.Request = &raw
	return api.RenderPrompt200JSONResponse{Body: api.RenderedPromptResponse{Data: rendered}}, nil
}

// renderedPrompt is a render's data: the version's call with its rendered contents.
func (live *LiveVersion) renderedPrompt(slug, env string, contents, warnings []string) api.RenderedPrompt {
	v, c := live.version, live.content
	messages := make([]api.ChatMessage, len(contents))
	for i, m := range c.Messages {
		messages[i] = api.ChatMessage{Role: api.ChatMessageRole(m.Role), Content: contents[i]}
	}
	return api.RenderedPrompt{
		Slug: slug, VersionId: v.ID, VersionNumber: int(v.VersionNumber), Environment: api.Environment(env),
		Messages: messages, Model: v.Model, Temperature: v.Temperature, MaxTokens: nullableInt(v.MaxTokens), Metadata: v.Metadata,
		Tools: c.Tools, ToolChoice: toolChoiceOf(c.ToolChoice), ResponseFormat: nullableOf(c.ResponseFormat),
		ModelParameters: *c.ModelParameters, Provider: nullableOf(c.Provider),
		Format: api.RenderedPromptFormatMessages, Warnings: warnings,
	}
}

// providerCall is a rendered version as the providers package takes it.
func providerCall(live *LiveVersion, messages []api.ChatMessage) providers.Call {
	v, c := live.version, live.content
	call := providers.Call{Model: v.Model, Temperature: v.Temperature}
	if v.MaxTokens != nil {
		call.MaxTokens = ptrTo(int(*v.MaxTokens))
	}
	if c.Provider != nil {
		call.Provider = *c.Provider
	}
	for _, m := range messages {
		call.Messages = append(call.Messages, providers.Message{Role: string(m.Role), Content: m.Content})
	}
	for _, t := range c.Tools {
		tool := providers.Tool{Name: t.Function.Name, Strict: t.Function.Strict}
		if t.Function.Description != nil {
			tool.Description = *t.Function.Description
		}
		if t.Function.Parameters != nil {
			tool.Parameters = *t.Function.Parameters
		}
		call.Tools = append(call.Tools, tool)
	}
	call.ToolChoice = providerToolChoice(c.ToolChoice)
	call.ResponseFormat = providerResponseFormat(c.ResponseFormat)
	call.Parameters = providerParameters(c.ModelParameters)
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
	if rf == nil {
		return nil
	}
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
		out.Seed = ptrTo(int(*p.Seed))
	}
	if p.ReasoningEffort != nil {
		out.ReasoningEffort = string(*p.ReasoningEffort)
	}
	return out
}

// renderFrame is a version's render response (format messages) encoded once with its
// message contents and its warnings left out: pieces[0], content 0, pieces[1], content 1,
// …, warnings, the last piece. Everything else in it is fixed by the version and the
// environment, so a render encodes only what it rendered.
type renderFrame struct{ pieces [][]byte }

// contentMark stands in for message i's rendered text while the frame is encoded, and
// warningsMark for the warnings. Messages come before every field that holds user data
// (metadata, model, slug, tools), and the fields before them cannot hold these strings,
// so their first occurrences are the stand-ins; warnings is the last field.
func contentMark(i int) string { return `"promptops:content-` + strconv.Itoa(i) + `"` }

const warningsMark = `["promptops:warnings"]`

func newRenderFrame(slug, env string, v *dbsqlc.PromptVersion, c versionContent) (renderFrame, error) {
	live := &LiveVersion{version: v, content: c}
	marks := make([]string, len(c.Messages))
	for i := range marks {
		mark := contentMark(i)
		marks[i] = mark[1 : len(mark)-1]
	}
	data := live.renderedPrompt(slug, env, marks, []string{warningsMark[2 : len(warningsMark)-2]})
	body, err := json.Marshal(api.RenderedPromptResponse{Data: data})
	if err != nil {
		return renderFrame{}, fmt.Errorf("encode render of %s: %w", slug, err)
	}
	var f renderFrame
	rest := body
	for i := range marks {
		head, tail, ok := bytes.Cut(rest, []byte(contentMark(i)))
		if !ok {
			return renderFrame{}, fmt.Errorf("encode render of %s: content %d not found", slug, i)
		}
		f.pieces, rest = append(f.pieces, head), tail
	}
	head, tail, ok := bytes.Cut(rest, []byte(warningsMark))
	if !ok {
		return renderFrame{}, errors.New("encode render of " + slug + ": warnings not found")
	}
	f.pieces = append(f.pieces, head, append(tail, '\n'))
	return f, nil
}

// renderedResponse sends a render's response: its frame around the rendered contents.
type renderedResponse struct {
	frame              *renderFrame
	contents, warnings []string
}

func (resp renderedResponse) VisitRenderPromptResponse(w http.ResponseWriter) error {
	buf := renderBuffers.Get().(*[]byte)
	defer renderBuffers.Put(buf)
	b := (*buf)[:0]
	for i, content := range resp.contents {
		b = append(b, resp.frame.pieces[i]...)
		b = appendJSONString(b, content)
	}
	b = append(b, resp.frame.pieces[len(resp.contents)]...)
	b = append(b, '[')
	for i, warning := range resp.warnings {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, warning)
	}
	b = append(b, ']')
	b = append(b, resp.frame.pieces[len(resp.contents)+1]...)
	*buf = b
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}

// renderBuffers hold render responses while they are written, so that most renders
// allocate no buffer.
var renderBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// appendJSONString appends s as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD, as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
