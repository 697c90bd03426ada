package console

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/contenthash"
)

func (c *Console) versionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/prompts/{id}/versions/new", c.signedIn(c.newVersion))
	mux.HandleFunc("POST /console/prompts/{id}/versions", c.signedIn(c.createVersion))
	mux.HandleFunc("GET /console/prompts/{id}/versions/{versionId}", c.signedIn(c.version))
	mux.HandleFunc("GET /console/prompts/{id}/try", c.signedIn(c.tryPage))
	mux.HandleFunc("POST /console/prompts/{id}/try", c.signedIn(c.try))
}

// versionData is the version page: the version, the prompt's versions to compare it with,
// and its diff against one of them.
type versionData struct {
	Prompt  api.PromptDetail
	Version api.Version
	Diff    *api.VersionDiff
	Against string
	// Checks are the checks CI or an evaluation reported on the version.
	Checks []api.VersionCheck
}

func (c *Console) version(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadVersion(w, r, s)
	if !ok {
		return
	}
	f := c.takeFlash(r.Context(), s, versionPage(d.Prompt.Id, d.Version.Id))
	c.showVersion(w, r, s, d, f)
}

// versionPage is the path of a version's page.
func versionPage(promptID, versionID uuid.UUID) string {
	return "/console/prompts/" + promptID.String() + "/versions/" + versionID.String()
}

// showVersion draws a version's page, with its diff against the version the query names
// (else the one before it) and what f says.
func (c *Console) showVersion(w http.ResponseWriter, r *http.Request, s *session, d *versionData, f flash) {
	p := &page{Title: d.Prompt.Name + " v" + itoa(d.Version.VersionNumber), Section: "prompts", session: s, Data: d, Notice: f.Notice, Warnings: f.Warnings}
	params := api.DiffVersionParams{}
	if against, err := uuid.Parse(r.FormValue("against")); err == nil {
		params.Against, d.Against = new(against.String()), against.String()
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewDiffVersionRequest("", d.Prompt.Id.String(), d.Version.Id.String(), &params)), func(ctx context.Context) (api.DiffVersionResponseObject, error) {
		return c.o.API.DiffVersion(ctx, api.DiffVersionRequestObject{PromptId: d.Prompt.Id.String(), VersionId: d.Version.Id.String(), Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p.Error = apiErr
	if diff, ok := resp.(api.DiffVersion200JSONResponse); ok {
		d.Diff = &diff.Data
	}
	if d.Checks, err = c.versionChecks(r, s, d); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "version", p)
}

// versionChecks are the checks reported on the version of d (none when the API refuses
// to list them).
func (c *Console) versionChecks(r *http.Request, s *session, d *versionData) ([]api.VersionCheck, error) {
	promptID, versionID, params := d.Prompt.Id.String(), d.Version.Id.String(), api.ListVersionChecksParams{Limit: new(100)}
	resp, _, err := call(r.Context(), c, s, request(api.NewListVersionChecksRequest("", promptID, versionID, &params)), func(ctx context.Context) (api.ListVersionChecksResponseObject, error) {
		return c.o.API.ListVersionChecks(ctx, api.ListVersionChecksRequestObject{PromptId: promptID, VersionId: versionID, Params: params})
	})
	if list, ok := resp.(api.ListVersionChecks200JSONResponse); ok {
		return list.Data, err
	}
	return nil, err
}

// loadVersion reads the prompt and the version of the path.
func (c *Console) loadVersion(w http.ResponseWriter, r *http.Request, s *session) (*versionData, bool) {
	id, ok := c.pathID(w, r, s, "id")
	if !ok {
		return nil, false
	}
	versionID, ok := c.pathID(w, r, s, "versionId")
	if !ok {
		return nil, false
	}
	detail, apiErr, err := c.promptDetail(r, s, id)
	if err == nil && apiErr == nil {
		var resp api.GetVersionResponseObject
		resp, apiErr, err = call(r.Context(), c, s, request(api.NewGetVersionRequest("", id.String(), versionID.String())), func(ctx context.Context) (api.GetVersionResponseObject, error) {
			return c.o.API.GetVersion(ctx, api.GetVersionRequestObject{PromptId: id.String(), VersionId: versionID.String()})
		})
		if v, ok := resp.(api.GetVersion200JSONResponse); ok {
			return &versionData{Prompt: *detail, Version: v.Data}, true
		}
	}
	if err != nil {
		c.fail(w, r, err)
	} else {
		c.refused(w, r, s, apiErr)
	}
	return nil, false
}

// editorData is the new-version form: its values, seeded from the version live in the
// key's environment (else the newest), or as posted when the API refused them.
type editorData struct {
	Prompt api.PromptDetail
	// From is the version number the editor was seeded from (0: none).
	From int
	// Base is the prompt's newest version when the editor opened, sent as the request's
	// baseVersion: a version someone made since is a conflict, not silently built over.
	Base                              string
	SystemPrompt, UserTemplate, Model string
	// Messages is the JSON array of messages of a version that is more than a system
	// prompt and a user template (a conversation); it replaces those two when given.
	Messages                               string
	Temperature, MaxTokens                 string
	Tools, ResponseFormat, VariablesSchema string
	Message                                string
}

func (c *Console) newVersion(w http.ResponseWriter, r *http.Request, s *session) {
	_, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return
	}
	// A first version starts from the API's own defaults, so the form posts what the API
	// would store without them.
	d := &editorData{Prompt: *detail, Base: itoa(detail.VersionCount), Model: contenthash.DefaultModel, Temperature: strconv.FormatFloat(contenthash.DefaultTemperature, 'f', -1, 64)}
	if v := seedVersion(detail, s.key.Environment); v != nil {
		d.From, d.SystemPrompt, d.UserTemplate, d.Model = v.VersionNumber, v.SystemPrompt, v.UserTemplate, v.Model
		if !plainPair(v.Messages) {
			d.SystemPrompt, d.UserTemplate, d.Messages = "", "", prettyJSON(v.Messages)
		}
		d.Temperature = strconv.FormatFloat(v.Temperature, 'f', -1, 64)
		if n, err := v.MaxTokens.Get(); err == nil {
			d.MaxTokens = itoa(n)
		}
		if len(v.Tools) > 0 {
			d.Tools = prettyJSON(v.Tools)
		}
		if rf, err := v.ResponseFormat.Get(); err == nil {
			d.ResponseFormat = prettyJSON(rf)
		}
		if vs, err := v.VariablesSchema.Get(); err == nil {
			d.VariablesSchema = prettyJSON(vs)
		}
	}
	c.render(w, r, http.StatusOK, "editor", &page{Title: "New version of " + detail.Name, Section: "prompts", session: s, Data: d})
}

// plainPair reports whether messages are just a system prompt and a user template, which
// the editor's two fields show.
func plainPair(messages []api.Message) bool {
	return len(messages) == 2 && messages[0].Role == api.MessageRoleSystem && messages[1].Role == api.MessageRoleUser
}

// seedVersion is the version live in env, else the newest.
func seedVersion(p *api.PromptDetail, env string) *api.Version {
	for _, dep := range p.Deployments {
		if string(dep.Environment) != env {
			continue
		}
		for i := range p.Versions {
			if p.Versions[i].Id == dep.ActiveVersionId {
				return &p.Versions[i]
			}
		}
	}
	if len(p.Versions) > 0 {
		return &p.Versions[0]
	}
	return nil
}

func (c *Console) createVersion(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "id")
	if !ok {
		return
	}
	d := &editorData{
		SystemPrompt: r.PostFormValue("systemPrompt"), UserTemplate: r.PostFormValue("userTemplate"),
		Messages: r.PostFormValue("messages"), Model: r.PostFormValue("model"), Temperature: r.PostFormValue("temperature"), MaxTokens: r.PostFormValue("maxTokens"),
		Tools: r.PostFormValue("tools"), ResponseFormat: r.PostFormValue("responseFormat"),
		VariablesSchema: r.PostFormValue("variablesSchema"), Message: r.PostFormValue("message"), From: atoi(r.PostFormValue("from")),
		Base: r.PostFormValue("base"),
	}
	body, bad := d.request()
	var resp api.CreateVersionResponseObject
	apiErr, err := bad, error(nil)
	if bad == nil {
		resp, apiErr, err = call(r.Context(), c, s, request(api.NewCreateVersionRequest("", id.String(), nil, *body)), func(ctx context.Context) (api.CreateVersionResponseObject, error) {
			return c.o.API.CreateVersion(ctx, api.CreateVersionRequestObject{PromptId: id.String(), Body: body})
		})
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if created, ok := resp.(api.CreateVersion201JSONResponse); ok {
		c.versionCreated(w, r, s, id, created.Body)
		return
	}
	detail, _, err := c.promptDetail(r, s, id)
	if err != nil || detail == nil {
		c.refused(w, r, s, apiErr)
		return
	}
	// Drawn again from the prompt as it is now, the form's next post is made knowing the
	// newest version: a conflict is reported once, then the author decides.
	d.Prompt, d.Base = *detail, itoa(detail.VersionCount)
	c.render(w, r, errorStatus(apiErr.Error.Code), "editor", &page{Title: "New version of " + detail.Name, Section: "prompts", session: s, Error: apiErr, Data: d})
}

// versionCreated sends the browser to the created version's page, which says what the API
// warned of. Where the warnings cannot wait there (another flash does), the page is drawn
// in this answer instead.
func (c *Console) versionCreated(w http.ResponseWriter, r *http.Request, s *session, promptID uuid.UUID, created api.CreatedVersionResponse) {
	v := created.Data
	f := flash{Notice: "Created v" + itoa(v.VersionNumber) + ".", Warnings: created.Warnings}
	target := versionPage(promptID, v.Id)
	c.redirectWithFlash(w, r, s, target, f, func() {
		detail, _, err := c.promptDetail(r, s, promptID)
		if err != nil || detail == nil {
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		c.showVersion(w, r, s, &versionData{Prompt: *detail, Version: v}, f)
	})
}

// request is the CreateVersion body of the form, or the field it could not read.
func (d *editorData) request() (*api.CreateVersionRequest, *api.Error) {
	b := &api.CreateVersionRequest{SystemPrompt: &d.SystemPrompt, UserTemplate: &d.UserTemplate}
	if t := strings.TrimSpace(d.Messages); t != "" {
		var messages []api.Message
		if err := json.Unmarshal([]byte(t), &messages); err != nil {
			return nil, invalidField("messages", "is not a JSON array of messages: "+err.Error())
		}
		b.Messages, b.SystemPrompt, b.UserTemplate = &messages, nil, nil
	}
	if d.Base != "" {
		n, err := strconv.Atoi(d.Base)
		if err != nil {
			return nil, invalidField("base", "is not a whole number")
		}
		b.BaseVersion = &n
	}
	if m := strings.TrimSpace(d.Model); m != "" {
		b.Model = &m
	}
	if msg := strings.TrimSpace(d.Message); msg != "" {
		b.Message = &msg
	}
	if t := strings.TrimSpace(d.Temperature); t != "" {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, invalidField("temperature", "is not a number")
		}
		b.Temperature = &f
	}
	if t := strings.TrimSpace(d.MaxTokens); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			return nil, invalidField("maxTokens", "is not a whole number")
		}
		b.MaxTokens = &n
	}
	if t := strings.TrimSpace(d.Tools); t != "" {
		var tools []api.Tool
		if err := json.Unmarshal([]byte(t), &tools); err != nil {
			return nil, invalidField("tools", "is not a JSON array of tools: "+err.Error())
		}
		b.Tools = &tools
	}
	if t := strings.TrimSpace(d.ResponseFormat); t != "" {
		var rf api.ResponseFormat
		if err := json.Unmarshal([]byte(t), &rf); err != nil {
			return nil, invalidField("responseFormat", "is not a JSON response format: "+err.Error())
		}
		b.ResponseFormat.Set(rf)
	}
	if t := strings.TrimSpace(d.VariablesSchema); t != "" {
		raw := json.RawMessage(t)
		if !json.Valid(raw) {
			return nil, invalidField("variablesSchema", "is not valid JSON")
		}
		b.VariablesSchema = &raw
	}
	return b, nil
}
