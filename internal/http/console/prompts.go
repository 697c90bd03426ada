package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

func (c *Console) promptRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/prompts", c.signedIn(c.prompts))
	mux.HandleFunc("POST /console/prompts", c.signedIn(c.createPrompt))
	mux.HandleFunc("GET /console/prompts/{id}", c.signedIn(c.prompt))
	mux.HandleFunc("GET /console/prompts/{id}/live", c.signedIn(c.promptLive))
	mux.HandleFunc("POST /console/prompts/{id}/promote", c.signedIn(c.promote))
	mux.HandleFunc("POST /console/prompts/{id}/rollback", c.signedIn(c.rollback))
	mux.HandleFunc("POST /console/prompts/{id}/undeploy", c.signedIn(c.undeploy))
}

// listedPrompts is how many prompts the list shows: each costs a GetPrompt call (for its
// live versions) against the key's rate limit, as it would through the API.
const listedPrompts = 25

// promptRow is a prompt of the list with the version live in each environment.
type promptRow struct {
	api.Prompt
	Live map[api.Environment]int
}

type promptsData struct {
	Query, Tag string
	Prompts    []promptRow
	Total      int
	// Form holds a refused create's values, to show them again.
	Form api.CreatePromptRequest
}

func (c *Console) prompts(w http.ResponseWriter, r *http.Request, s *session) {
	c.showPrompts(w, r, s, http.StatusOK, &page{}, api.CreatePromptRequest{})
}

func (c *Console) showPrompts(w http.ResponseWriter, r *http.Request, s *session, status int, p *page, form api.CreatePromptRequest) {
	ctx := r.Context()
	d := &promptsData{Query: r.FormValue("q"), Tag: r.FormValue("tag"), Form: form}
	params := api.ListPromptsParams{Limit: new(listedPrompts), Sort: new(api.ListPromptsParamsSortUpdatedAtDesc)}
	if d.Query != "" {
		params.Q = &d.Query
	}
	if d.Tag != "" {
		params.Tag = &d.Tag
	}
	resp, apiErr, err := call(ctx, c, s, request(api.NewListPromptsRequest("", &params)), func(ctx2 context.Context) (api.ListPromptsResponseObject, error) {
		return c.o.API.ListPrompts(ctx2, api.ListPromptsRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil && p.Error == nil {
		p.Error, status = apiErr, errorStatus(apiErr.Error.Code)
	}
	if list, ok := resp.(api.ListPrompts200JSONResponse); ok {
		d.Total = list.Meta.Pagination.Total
		for _, pr := range list.Data {
			row := promptRow{Prompt: pr, Live: map[api.Environment]int{}}
			if detail, _, err := c.promptDetail(r, s, pr.Id); err == nil && detail != nil {
				for _, dep := range detail.Deployments {
					row.Live[dep.Environment] = dep.VersionNumber
				}
			}
			d.Prompts = append(d.Prompts, row)
		}
	}
	p.Title, p.Section, p.session, p.Data = "Prompts", "prompts", s, d
	c.render(w, r, status, "prompts", p)
}

func (c *Console) createPrompt(w http.ResponseWriter, r *http.Request, s *session) {
	body := api.CreatePromptRequest{Slug: strings.TrimSpace(r.PostFormValue("slug")), Name: strings.TrimSpace(r.PostFormValue("name"))}
	if desc := strings.TrimSpace(r.PostFormValue("description")); desc != "" {
		body.Description = &desc
	}
	if tags := splitList(r.PostFormValue("tags")); len(tags) > 0 {
		body.Tags = &tags
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewCreatePromptRequest("", nil, body)), func(ctx context.Context) (api.CreatePromptResponseObject, error) {
		return c.o.API.CreatePrompt(ctx, api.CreatePromptRequestObject{Body: &body})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showPrompts(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, body)
		return
	}
	created := resp.(api.CreatePrompt201JSONResponse)
	http.Redirect(w, r, "/console/prompts/"+created.Body.Data.Id.String(), http.StatusSeeOther)
}

// promptData is the prompt page: the prompt with its versions and deployments, and the
// deployment history.
type promptData struct {
	Prompt  api.PromptDetail
	History []api.DeploymentHistoryEntry
	// Includers are the live prompts that include this one, per environment.
	Includers []api.Includer
	// Confirm asks to confirm a promote or rollback before it is done.
	Confirm *confirmation
}

// Live is the deployment of env, or nil.
func (d *promptData) Live(env api.Environment) *api.Deployment {
	for i := range d.Prompt.Deployments {
		if d.Prompt.Deployments[i].Environment == env {
			return &d.Prompt.Deployments[i]
		}
	}
	return nil
}

// confirmation is a promote, rollback or undeploy waiting for its confirmation.
type confirmation struct {
	Action      string // "promote", "rollback" or "undeploy"
	Environment api.Environment
	VersionID   string
	Version     int
}

func (c *Console) prompt(w http.ResponseWriter, r *http.Request, s *session) {
	c.showPrompt(w, r, s, http.StatusOK, &page{}, nil)
}

// promptLive is the part of the prompt page that changes when someone deploys: swapped in
// by htmx when the page's socket hears of a change.
func (c *Console) promptLive(w http.ResponseWriter, r *http.Request, s *session) {
	d, p, ok := c.loadPrompt(w, r, s)
	if !ok {
		return
	}
	p.Data = d
	c.fragment(w, r, http.StatusOK, "prompt", "live", p)
}

func (c *Console) showPrompt(w http.ResponseWriter, r *http.Request, s *session, status int, p *page, confirm *confirmation) {
	d, loaded, ok := c.loadPrompt(w, r, s)
	if !ok {
		return
	}
	d.Confirm = confirm
	if p.Error == nil {
		p.Error = loaded.Error
	}
	if env := api.Environment(r.URL.Query().Get("deployed")); env != "" && p.Notice == "" {
		if live := d.Live(env); live != nil {
			p.Notice = "Deployed: " + string(env) + " is now on v" + itoa(live.VersionNumber) + "."
		} else {
			p.Notice = "Undeployed: " + string(env) + " serves no version of this prompt now."
		}
	}
	p.Title, p.Section, p.session, p.Data = d.Prompt.Name, "prompts", s, d
	c.render(w, r, status, "prompt", p)
}

// loadPrompt reads the prompt of the path and its history; when it cannot, it has
// answered the request.
func (c *Console) loadPrompt(w http.ResponseWriter, r *http.Request, s *session) (*promptData, *page, bool) {
	id, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return nil, nil, false
	}
	d := &promptData{Prompt: *detail}
	params := api.ListDeploymentsParams{Limit: new(20)}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListDeploymentsRequest("", id.String(), &params)), func(ctx context.Context) (api.ListDeploymentsResponseObject, error) {
		return c.o.API.ListDeployments(ctx, api.ListDeploymentsRequestObject{PromptId: id.String(), Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return nil, nil, false
	}
	if history, ok := resp.(api.ListDeployments200JSONResponse); ok {
		d.History = history.Data
	}
	included, _, err := call(r.Context(), c, s, request(api.NewListIncludersRequest("", id.String(), nil)), func(ctx context.Context) (api.ListIncludersResponseObject, error) {
		return c.o.API.ListIncluders(ctx, api.ListIncludersRequestObject{PromptId: id.String()})
	})
	if err != nil {
		c.fail(w, r, err)
		return nil, nil, false
	}
	if list, ok := included.(api.ListIncluders200JSONResponse); ok {
		d.Includers = list.Data
	}
	return d, &page{session: s, Error: apiErr}, true
}

// pathPrompt is the prompt the path's {id} names, or false once the answer saying why there
// is none (a bad id, the API's refusal, a failure) is written.
func (c *Console) pathPrompt(w http.ResponseWriter, r *http.Request, s *session) (uuid.UUID, *api.PromptDetail, bool) {
	id, ok := c.pathID(w, r, s, "id")
	if !ok {
		return uuid.Nil, nil, false
	}
	detail, apiErr, err := c.promptDetail(r, s, id)
	if err != nil {
		c.fail(w, r, err)
		return uuid.Nil, nil, false
	}
	if apiErr != nil {
		c.refused(w, r, s, apiErr)
		return uuid.Nil, nil, false
	}
	return id, detail, true
}

func (c *Console) promptDetail(r *http.Request, s *session, id uuid.UUID) (*api.PromptDetail, *api.Error, error) {
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewGetPromptRequest("", id.String())), func(ctx context.Context) (api.GetPromptResponseObject, error) {
		return c.o.API.GetPrompt(ctx, api.GetPromptRequestObject{Id: id.String()})
	})
	if err != nil || apiErr != nil {
		return nil, apiErr, err
	}
	detail := resp.(api.GetPrompt200JSONResponse).Data
	return &detail, nil, nil
}

// promote makes a version live in an environment, once confirmed: the first post shows
// what will change and asks; the second, with confirm=yes, does it.
func (c *Console) promote(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "id")
	if !ok {
		return
	}
	env := api.Environment(r.PostFormValue("environment"))
	versionID, err := uuid.Parse(r.PostFormValue("versionId"))
	if err != nil {
		c.refused(w, r, s, invalidField("versionId", "is not a version id"))
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		c.showPrompt(w, r, s, http.StatusOK, &page{}, &confirmation{Action: "promote", Environment: env,
			VersionID: versionID.String(), Version: atoi(r.PostFormValue("versionNumber"))})
		return
	}
	body := api.PromoteRequest{Environment: env, VersionId: &versionID}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewPromotePromptRequest("", id.String(), nil, body)), func(ctx context.Context) (api.PromotePromptResponseObject, error) {
		return c.o.API.PromotePrompt(ctx, api.PromotePromptRequestObject{PromptId: id.String(), Body: &body})
	})
	c.deployed(w, r, s, id, resp, apiErr, err)
}

func (c *Console) rollback(w http.ResponseWriter, r *http.Request, s *session) {
	id, env, ok := c.confirmed(w, r, s, "rollback")
	if !ok {
		return
	}
	body := api.RollbackRequest{Environment: env}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewRollbackPromptRequest("", id.String(), nil, body)), func(ctx context.Context) (api.RollbackPromptResponseObject, error) {
		return c.o.API.RollbackPrompt(ctx, api.RollbackPromptRequestObject{PromptId: id.String(), Body: &body})
	})
	c.deployed(w, r, s, id, resp, apiErr, err)
}

// undeploy removes the prompt from an environment, once confirmed.
func (c *Console) undeploy(w http.ResponseWriter, r *http.Request, s *session) {
	id, env, ok := c.confirmed(w, r, s, "undeploy")
	if !ok {
		return
	}
	body := api.UndeployRequest{Environment: env}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewUndeployPromptRequest("", id.String(), nil, body)), func(ctx context.Context) (api.UndeployPromptResponseObject, error) {
		return c.o.API.UndeployPrompt(ctx, api.UndeployPromptRequestObject{PromptId: id.String(), Body: &body})
	})
	c.deployed(w, r, s, id, resp, apiErr, err)
}

// confirmed reads the prompt and environment of a rollback or undeploy (action) and goes
// on only once confirmed: the first post shows what will change and asks. When it does
// not go on, it has answered the request.
func (c *Console) confirmed(w http.ResponseWriter, r *http.Request, s *session, action string) (uuid.UUID, api.Environment, bool) {
	id, ok := c.pathID(w, r, s, "id")
	if !ok {
		return uuid.Nil, "", false
	}
	env := api.Environment(r.PostFormValue("environment"))
	if r.PostFormValue("confirm") != "yes" {
		c.showPrompt(w, r, s, http.StatusOK, &page{}, &confirmation{Action: action, Environment: env})
		return uuid.Nil, "", false
	}
	return id, env, true
}

// deployed sends the browser back to the prompt after a promote, rollback or undeploy (a reload
// then does not post again), where the page says what is live now.
func (c *Console) deployed(w http.ResponseWriter, r *http.Request, s *session, id uuid.UUID, resp any, apiErr *api.Error, err error) {
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showPrompt(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	var d api.Deployment
	switch x := resp.(type) {
	case api.PromotePrompt200JSONResponse:
		d = x.Body.Data
	case api.RollbackPrompt200JSONResponse:
		d = x.Body.Data
	case api.UndeployPrompt200JSONResponse:
		d.Environment = x.Body.Data.Environment
	case api.PromotePrompt202JSONResponse:
		// A protected environment holds the promote as a release waiting for approval.
		rel := x.Body.Data
		f := flash{Notice: "The promote waits as a release: " + strings.ReplaceAll(string(rel.Status), "_", " ") + "."}
		c.redirectWithFlash(w, r, s, releasePage(rel.Id), f, func() { c.showRelease(w, r, s, rel.Id, http.StatusOK, &page{Notice: f.Notice}) })
		return
	}
	http.Redirect(w, r, "/console/prompts/"+id.String()+"?deployed="+string(d.Environment), http.StatusSeeOther)
}
