package console

import (
	"context"
	"net/http"
	"strconv"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/rendering"
)

// renderFormats are the bodies Try it can show, as RenderPrompt names them.
var renderFormats = []api.RenderRequestFormat{
	api.RenderRequestFormatOpenaiChat, api.RenderRequestFormatAnthropic,
	api.RenderRequestFormatOpenaiResponses, api.RenderRequestFormatMessages,
}

// tryData is the Try it page: a version's variables to fill in, and what render made of
// them. No LLM is called: render only builds the request one would be sent.
type tryData struct {
	Prompt   api.PromptDetail
	Version  *api.Version
	Values   map[string]string
	Format   api.RenderRequestFormat
	Formats  []api.RenderRequestFormat
	Rendered *api.RenderedPrompt
}

func (c *Console) tryPage(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadTry(w, r, s)
	if !ok {
		return
	}
	c.render(w, r, http.StatusOK, "try", &page{Title: "Try " + d.Prompt.Name, Section: "prompts", session: s, Data: d})
}

// try renders the version with the posted variables; to htmx it answers with the result
// alone.
func (c *Console) try(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadTry(w, r, s)
	if !ok {
		return
	}
	p := &page{Title: "Try " + d.Prompt.Name, Section: "prompts", session: s, Data: d}
	vars := map[string]api.VariableValue{}
	for _, name := range d.Version.Variables {
		d.Values[name] = r.PostFormValue("var." + name)
		vars[name] = d.Values[name]
	}
	body := api.RenderRequest{Format: new(d.Format), Variables: &vars, Version: new(d.Version.VersionNumber)}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewRenderPromptRequest("", d.Prompt.Slug, nil, body)), func(ctx context.Context) (api.RenderPromptResponseObject, error) {
		return c.o.API.RenderPrompt(ctx, api.RenderPromptRequestObject{Slug: d.Prompt.Slug, Body: &body})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p.Error = apiErr
	// A render in the messages format answers with bytes framed once per version, not
	// with the generated type; rendering reads either.
	if rendered, ok := rendering.RenderedData(resp); ok {
		d.Rendered = &rendered
	}
	if r.Header.Get("HX-Request") == "true" {
		c.fragment(w, r, http.StatusOK, "try", "result", p)
		return
	}
	c.render(w, r, http.StatusOK, "try", p)
}

// loadTry reads the prompt and the version to try: ?version=N, else the newest.
func (c *Console) loadTry(w http.ResponseWriter, r *http.Request, s *session) (*tryData, bool) {
	_, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return nil, false
	}
	d := &tryData{Prompt: *detail, Values: map[string]string{}, Format: api.RenderRequestFormatOpenaiChat, Formats: renderFormats}
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
	return d, true
}
