package console

import (
	"context"
	"net/http"
	"strconv"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/prompt/rendering"
)

// renderFormats are the bodies Try it can show, as RenderPrompt names them.
var renderFormats = []api.RenderRequestFormat{
	api.RenderRequestFormatOpenaiChat, api.RenderRequestFormatAnthropic,
	api.RenderRequestFormatOpenaiResponses, api.RenderRequestFormatMessages,
}

// tryData is the Try it page: a field for each variable a render of the version reads,
// and what render made of them. No LLM is called: render only builds the request one
// would be sent.
type tryData struct {
	Prompt   api.PromptDetail
	Version  *api.Version
	Fields   []variableField
	Format   api.RenderRequestFormat
	Formats  []api.RenderRequestFormat
	Rendered *api.RenderedPrompt
	// Blank names the fields left blank in the render shown.
	Blank []string
}

func (c *Console) tryPage(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadTry(w, r, s)
	if !ok {
		return
	}
	c.render(w, r, http.StatusOK, "try", &page{Title: "Try " + d.Prompt.Name, Section: "prompts", session: s, Data: d})
}

// try renders the version with the posted variables; to htmx it answers with the form
// and the result alone.
func (c *Console) try(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadTry(w, r, s)
	if !ok {
		return
	}
	p := &page{Title: "Try " + d.Prompt.Name, Section: "prompts", session: s, Data: d}
	var vars map[string]api.VariableValue
	vars, d.Blank = formVariables(r, d.Fields)
	body := api.RenderRequest{Format: new(d.Format), Variables: &vars, Version: new(d.Version.VersionNumber)}
	resp, apiErr, err := callAs(r.Context(), c, tryKey(s), request(api.NewRenderPromptRequest("", d.Prompt.Slug, nil, body)), func(ctx context.Context) (api.RenderPromptResponseObject, error) {
		return c.o.API.RenderPrompt(ctx, api.RenderPromptRequestObject{Slug: d.Prompt.Slug, Body: &body})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p.Error = apiErr
	for i := range d.Fields {
		d.Fields[i].Problems = problemsAt(apiErr, d.Fields[i].Name)
	}
	// A render answers with bytes framed once per version, not with the generated type;
	// rendering reads either.
	if rendered, ok := rendering.RenderedData(resp); ok {
		d.Rendered = &rendered
	}
	if r.Header.Get("HX-Request") == "true" {
		c.fragment(w, r, http.StatusOK, "try", "tryform", p)
		return
	}
	c.render(w, r, http.StatusOK, "try", p)
}

// formVariables reads the fields' values from a posted form as render and run take them
// (variableField.read), with the names of those left blank.
func formVariables(r *http.Request, fields []variableField) (vars map[string]api.VariableValue, blank []string) {
	vars = map[string]api.VariableValue{}
	for i := range fields {
		f := &fields[i]
		value, send, empty := f.read(r)
		if send {
			vars[f.Name] = value
		}
		if empty {
			blank = append(blank, f.Name)
		}
	}
	return vars, blank
}

// loadTry reads the prompt and the version to try (?version=N, else the newest), and the
// variables a render of it reads, as resolve lists them.
func (c *Console) loadTry(w http.ResponseWriter, r *http.Request, s *session) (*tryData, bool) {
	_, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return nil, false
	}
	d := &tryData{Prompt: *detail, Format: api.RenderRequestFormatOpenaiChat, Formats: renderFormats}
	if f := api.RenderRequestFormat(r.FormValue("format")); f.Valid() {
		d.Format = f
	}
	want, _ := strconv.Atoi(r.FormValue("version"))
	for i := range detail.Versions {
		if v := &detail.Versions[i]; v.VersionNumber == want || want == 0 && d.Version == nil {
			d.Version = v
		}
	}
	if d.Version == nil {
		c.refused(w, r, s, &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeRESOURCENOTFOUND, Message: "The prompt has no version to try; create one first."}})
		return nil, false
	}
	resolved, ok := c.resolveVersion(w, r, s, d.Prompt.Slug, d.Version.VersionNumber)
	if !ok {
		return nil, false
	}
	d.Fields = variableFields(resolved)
	return d, true
}

// tryKey is who tries a version: an API key, in its own environment; a person, who has
// none (the API asks them for ?environment=), in dev, where every version is live from its
// creation, so that any version may be tried.
func tryKey(s *session) *auth.Key {
	if s.key.Person == nil {
		return s.key
	}
	k := *s.key
	k.Environment = auth.EnvDev
	return &k
}

// resolveVersion resolves version number of slug, as render will read it: its variables
// with its partials'.
func (c *Console) resolveVersion(w http.ResponseWriter, r *http.Request, s *session, slug string, number int) (api.ResolvedPrompt, bool) {
	params := api.ResolvePromptParams{Version: &number}
	resp, apiErr, err := callAs(r.Context(), c, tryKey(s), request(api.NewResolvePromptRequest("", slug, &params)), func(ctx context.Context) (api.ResolvePromptResponseObject, error) {
		return c.o.API.ResolvePrompt(ctx, api.ResolvePromptRequestObject{Slug: slug, Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return api.ResolvedPrompt{}, false
	}
	if apiErr != nil {
		c.refused(w, r, s, apiErr)
		return api.ResolvedPrompt{}, false
	}
	resolved, ok := rendering.ResolvedData(resp)
	if !ok {
		c.refused(w, r, s, &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeINTERNALERROR, Message: "Resolve gave no version to try."}})
	}
	return resolved, ok
}
