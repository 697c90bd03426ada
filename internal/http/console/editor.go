package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	llm "github.com/promptops/promptops/internal/prompt/providers"
)

func (c *Console) editorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/prompts/{id}/versions/new", c.signedIn(c.newVersion))
	mux.HandleFunc("POST /console/prompts/{id}/versions", c.signedIn(c.createVersion))
	mux.HandleFunc("GET /console/partials/{slug}", c.signedIn(c.partial))
}

// messageRoles are the roles a message may have (the spec's MessageRole), in the order the
// editor offers them.
var messageRoles = []api.MessageRole{api.MessageRoleSystem, api.MessageRoleDeveloper, api.MessageRoleUser, api.MessageRoleAssistant}

// reasoningEfforts are the spec's ModelParameters.reasoningEffort values.
var reasoningEfforts = []api.ModelParametersReasoningEffort{api.ModelParametersReasoningEffortMinimal, api.ModelParametersReasoningEffortLow, api.ModelParametersReasoningEffortMedium, api.ModelParametersReasoningEffortHigh}

// messageBlock is one message of the conversation editor, and the problems the API found
// in it.
type messageBlock struct {
	Role    string
	Content string
	Errors  []string
}

// editorData is the new-version form: its values, seeded from the version live in the
// key's environment (else the newest), or as posted.
type editorData struct {
	Prompt api.PromptDetail
	// From is the number of the version the editor was seeded from (0: none), which the
	// review compares the edit with.
	From int
	// Base is the prompt's newest version when the editor opened, sent as the request's
	// baseVersion: a version someone made since is a conflict, not silently built over.
	Base     string
	Messages []messageBlock
	// The model settings, as typed: Stop holds one stop sequence a line, ToolChoice auto,
	// none, required or a tool's name.
	Model, Provider, Temperature, MaxTokens, TopP, Stop, PresencePenalty, FrequencyPenalty, Seed, ReasoningEffort, ToolChoice string
	// The JSON documents, as typed.
	Tools, ResponseFormat, VariablesSchema, Metadata string
	Message                                          string
	// Reviewed says the API accepted the edit as it stands, which the author may now create
	// with a change message; Review compares it with version From (nil when From is 0).
	Reviewed bool
	Review   *api.VersionDiff
	// Problems are the API's problems with each JSON document, by its field, as a JSON
	// array of {pointer, problem} (the pointer within the document) for the JSON editor;
	// Beside are the same as lines shown beside it.
	Problems map[string]string
	Beside   map[string][]string
}

// blockView is what the template of one message block is given.
type blockView struct {
	// Index is the block's place from 0 (-1 for the template JavaScript copies); Number
	// from 1, as its labels say.
	Index, Number int
	Block         messageBlock
	Roles         []api.MessageRole
}

// Block is the view of message m at index i.
func (d *editorData) Block(i int, m messageBlock) blockView {
	return blockView{Index: i, Number: i + 1, Block: m, Roles: messageRoles}
}

// NewBlock is the message the add button appends.
func (*editorData) NewBlock() messageBlock { return messageBlock{Role: string(api.MessageRoleUser)} }

// jsonFieldView is what the template of a JSON document's field is given.
type jsonFieldView struct {
	Name, Label, Value, Problems string
	Beside                       []string
}

// JSONField is the view of the JSON document field name.
func (d *editorData) JSONField(name, label string) jsonFieldView {
	values := map[string]string{"tools": d.Tools, "responseFormat": d.ResponseFormat, "variablesSchema": d.VariablesSchema, "metadata": d.Metadata}
	return jsonFieldView{Name: name, Label: label, Value: values[name], Problems: d.Problems[name], Beside: d.Beside[name]}
}

// Roles are the roles a message may have.
func (*editorData) Roles() []api.MessageRole { return messageRoles }

// Models are the model names offered.
func (*editorData) Models() []string { return llm.KnownModels }

// Efforts are the reasoning efforts a version may ask for.
func (*editorData) Efforts() []api.ModelParametersReasoningEffort { return reasoningEfforts }

func (c *Console) newVersion(w http.ResponseWriter, r *http.Request, s *session) {
	_, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return
	}
	// A first version starts from the API's own defaults, so the form posts what the API
	// would store without them.
	d := &editorData{Prompt: *detail, Base: itoa(detail.VersionCount), Model: contenthash.DefaultModel,
		Temperature: strconv.FormatFloat(contenthash.DefaultTemperature, 'f', -1, 64),
		Messages:    []messageBlock{{Role: string(api.MessageRoleSystem)}, {Role: string(api.MessageRoleUser)}}}
	if v := seedVersion(detail, s.key.Environment); v != nil {
		d.seed(v)
	}
	c.render(w, r, http.StatusOK, "editor", &page{Title: "New version of " + detail.Name, Section: "prompts", session: s, Data: d})
}

// seed fills the form with version v.
func (d *editorData) seed(v *api.Version) {
	d.From, d.Model, d.Messages = v.VersionNumber, v.Model, nil
	for _, m := range v.Messages {
		d.Messages = append(d.Messages, messageBlock{Role: string(m.Role), Content: m.Content})
	}
	d.Temperature = strconv.FormatFloat(v.Temperature, 'f', -1, 64)
	if n, err := v.MaxTokens.Get(); err == nil {
		d.MaxTokens = itoa(n)
	}
	d.Provider, _ = v.Provider.Get()
	d.seedParameters(v.ModelParameters)
	if v.ToolChoice != nil {
		d.ToolChoice = toolChoiceText(*v.ToolChoice)
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
	if len(v.Metadata) > 0 && string(v.Metadata) != "{}" && string(v.Metadata) != "null" {
		d.Metadata = prettyJSON(v.Metadata)
	}
}

// seedParameters fills the model parameters' fields.
func (d *editorData) seedParameters(p api.ModelParameters) {
	float := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	d.TopP, d.PresencePenalty, d.FrequencyPenalty = float(p.TopP), float(p.PresencePenalty), float(p.FrequencyPenalty)
	if p.Seed != nil {
		d.Seed = strconv.FormatInt(*p.Seed, 10)
	}
	if p.Stop != nil {
		d.Stop = strings.Join(*p.Stop, "\n")
	}
	if p.ReasoningEffort != nil {
		d.ReasoningEffort = string(*p.ReasoningEffort)
	}
}

// toolChoiceText is a tool choice as its field shows it: the keyword, or the tool's name.
func toolChoiceText(raw api.ToolChoice) string {
	var keyword string
	if json.Unmarshal(raw, &keyword) == nil {
		return keyword
	}
	var named api.NamedToolChoice
	if json.Unmarshal(raw, &named) == nil {
		return named.Function.Name
	}
	return string(raw)
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

// editorForm is the posted form.
func editorForm(form url.Values) *editorData {
	v := form.Get
	d := &editorData{
		From: atoi(v("from")), Base: v("base"), Model: v("model"), Provider: v("provider"), Temperature: v("temperature"),
		MaxTokens: v("maxTokens"), TopP: v("topP"), Stop: v("stop"), PresencePenalty: v("presencePenalty"),
		FrequencyPenalty: v("frequencyPenalty"), Seed: v("seed"), ReasoningEffort: v("reasoningEffort"), ToolChoice: v("toolChoice"),
		Tools: v("tools"), ResponseFormat: v("responseFormat"), VariablesSchema: v("variablesSchema"), Metadata: v("metadata"),
		Message: v("message"),
	}
	roles, contents := form["role"], form["content"]
	for i := range max(len(roles), len(contents)) {
		var b messageBlock
		if i < len(roles) {
			b.Role = roles[i]
		}
		if i < len(contents) {
			b.Content = contents[i]
		}
		d.Messages = append(d.Messages, b)
	}
	return d
}

func (c *Console) createVersion(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "id")
	if !ok {
		return
	}
	d := editorForm(r.PostForm)
	if op := r.PostFormValue("op"); op != "" {
		c.editBlocks(w, r, s, id, d, op)
		return
	}
	body, apiErr := d.request()
	review := r.PostFormValue("step") != "create"
	if apiErr == nil {
		var created *api.CreatedVersionResponse
		var err error
		if created, apiErr, err = c.postVersion(r, s, id, body, review, d.From); err != nil {
			c.fail(w, r, err)
			return
		}
		if created != nil && !review {
			c.versionCreated(w, r, s, id, *created)
			return
		}
		if created != nil {
			d.Reviewed, d.Review = true, created.Diff
		}
	}
	status := http.StatusOK
	if apiErr != nil {
		status = errorStatus(apiErr.Error.Code)
		d.problems(apiErr)
	}
	c.redrawEditor(w, r, s, id, d, status, apiErr)
}

// postVersion creates the version of body, or with review only checks it and compares it
// with version from: the API's answer (nil when it refused, with its error).
func (c *Console) postVersion(r *http.Request, s *session, id uuid.UUID, body *api.CreateVersionRequest, review bool, from int) (*api.CreatedVersionResponse, *api.Error, error) {
	params := api.CreateVersionParams{}
	if review {
		params.ValidateOnly = new(true)
		if from > 0 {
			params.DiffAgainst = new(itoa(from))
		}
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewCreateVersionRequest("", id.String(), &params, *body)), func(ctx context.Context) (api.CreateVersionResponseObject, error) {
		return c.o.API.CreateVersion(ctx, api.CreateVersionRequestObject{PromptId: id.String(), Params: params, Body: body})
	})
	switch v := resp.(type) {
	case api.CreateVersion201JSONResponse:
		return &v.Body, nil, err
	case api.CreateVersion200JSONResponse:
		out := api.CreatedVersionResponse(v)
		return &out, nil, err
	}
	return nil, apiErr, err
}

// redrawEditor draws the form again, from the prompt as it is now: its next post is made
// knowing the newest version, so a conflict is reported once, then the author decides.
func (c *Console) redrawEditor(w http.ResponseWriter, r *http.Request, s *session, id uuid.UUID, d *editorData, status int, apiErr *api.Error) {
	detail, detailErr, err := c.promptDetail(r, s, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if detail == nil {
		// The prompt cannot be read: that refusal, unless the post's own says more.
		if apiErr == nil {
			apiErr = detailErr
		}
		c.refused(w, r, s, apiErr)
		return
	}
	d.Prompt, d.Base = *detail, itoa(detail.VersionCount)
	c.render(w, r, status, "editor", &page{Title: "New version of " + detail.Name, Section: "prompts", session: s, Error: apiErr, Data: d})
}

// editBlocks applies op, a button of the conversation editor posted without JavaScript
// ("add", "remove-N", "up-N", "down-N"), and draws the form again.
func (c *Console) editBlocks(w http.ResponseWriter, r *http.Request, s *session, id uuid.UUID, d *editorData, op string) {
	name, index, _ := strings.Cut(op, "-")
	i, err := strconv.Atoi(index)
	ms := d.Messages
	switch {
	case name == "add":
		ms = append(ms, messageBlock{Role: string(api.MessageRoleUser)})
	case err != nil || i < 0 || i >= len(ms):
	case name == "remove":
		ms = append(ms[:i], ms[i+1:]...)
	case name == "up" && i > 0:
		ms[i-1], ms[i] = ms[i], ms[i-1]
	case name == "down" && i < len(ms)-1:
		ms[i], ms[i+1] = ms[i+1], ms[i]
	}
	d.Messages = ms
	c.redrawEditor(w, r, s, id, d, http.StatusOK, nil)
}

// problems files the API's field problems where the form shows them: at their message's
// block, and for each JSON document, as the pointers within it its editor marks.
func (d *editorData) problems(apiErr *api.Error) {
	if apiErr.Error.Details == nil || apiErr.Error.Details.Fields == nil {
		return
	}
	type problem struct {
		Pointer string `json:"pointer"`
		Problem string `json:"problem"`
	}
	byDoc := map[string][]problem{}
	d.Beside = map[string][]string{}
	for _, f := range *apiErr.Error.Details.Fields {
		field, rest, _ := strings.Cut(strings.TrimPrefix(f.Field, "/"), "/")
		switch field {
		case "messages":
			index, _, _ := strings.Cut(rest, "/")
			if i, err := strconv.Atoi(index); err == nil && i >= 0 && i < len(d.Messages) {
				d.Messages[i].Errors = append(d.Messages[i].Errors, f.Problem)
			}
		case "tools", "responseFormat", "variablesSchema", "metadata":
			pointer := ""
			if rest != "" {
				pointer = "/" + rest
			}
			byDoc[field] = append(byDoc[field], problem{Pointer: pointer, Problem: f.Problem})
			d.Beside[field] = append(d.Beside[field], strings.TrimPrefix(f.Field+": ", "/"+field+": ")+f.Problem)
		}
	}
	d.Problems = map[string]string{}
	for field, list := range byDoc {
		raw, _ := json.Marshal(list)
		d.Problems[field] = string(raw)
	}
}

// partial shows the prompt a partial names ({{> slug}}): the editor links each to it.
func (c *Console) partial(w http.ResponseWriter, r *http.Request, s *session) {
	slug := r.PathValue("slug")
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewGetPromptRequest("", slug)), func(ctx context.Context) (api.GetPromptResponseObject, error) {
		return c.o.API.GetPrompt(ctx, api.GetPromptRequestObject{Id: slug})
	})
	switch {
	case err != nil:
		c.fail(w, r, err)
	case apiErr != nil:
		c.refused(w, r, s, apiErr)
	default:
		http.Redirect(w, r, "/console/prompts/"+resp.(api.GetPrompt200JSONResponse).Data.Id.String(), http.StatusSeeOther)
	}
}
