package console

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// The environments page lists the project's environments with their protection; admins
// add environments and set a protection there.

func (c *Console) environmentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/environments", c.signedIn(c.environments))
	mux.HandleFunc("POST /console/environments", c.signedIn(c.createEnvironment))
	mux.HandleFunc("POST /console/environments/{name}/protection", c.signedIn(c.protectEnvironment))
}

// environmentsPage is the environments page's path, where a post on it sends the browser.
const environmentsPage = "/console/environments"

// environmentsData is the environments page.
type environmentsData struct {
	Environments []api.ProjectEnvironment
}

func (c *Console) environments(w http.ResponseWriter, r *http.Request, s *session) {
	f := c.takeFlash(r.Context(), s, environmentsPage)
	c.showEnvironments(w, r, s, http.StatusOK, &page{Notice: f.Notice})
}

func (c *Console) showEnvironments(w http.ResponseWriter, r *http.Request, s *session, status int, p *page) {
	params := api.ListEnvironmentsParams{Limit: new(100)}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListEnvironmentsRequest("", &params)), func(ctx context.Context) (api.ListEnvironmentsResponseObject, error) {
		return c.o.API.ListEnvironments(ctx, api.ListEnvironmentsRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := &environmentsData{}
	if list, ok := resp.(api.ListEnvironments200JSONResponse); ok {
		d.Environments = list.Data
	}
	if p.Error == nil && apiErr != nil {
		p.Error, status = apiErr, errorStatus(apiErr.Error.Code)
	}
	p.Section, p.session = "environments", s
	c.render(w, r, status, "environments", p.with("Environments", d))
}

func (c *Console) createEnvironment(w http.ResponseWriter, r *http.Request, s *session) {
	body := api.CreateEnvironmentRequest{Name: strings.TrimSpace(r.PostFormValue("name"))}
	_, apiErr, err := call(r.Context(), c, s, request(api.NewCreateEnvironmentRequest("", nil, body)), func(ctx context.Context) (api.CreateEnvironmentResponseObject, error) {
		return c.o.API.CreateEnvironment(ctx, api.CreateEnvironmentRequestObject{Body: &body})
	})
	c.afterEnvironmentChange(w, r, s, apiErr, err, "Added "+body.Name+".")
}

func (c *Console) protectEnvironment(w http.ResponseWriter, r *http.Request, s *session) {
	name := r.PathValue("name")
	protection, apiErr := readProtection(r)
	var err error
	if apiErr == nil {
		body := api.UpdateEnvironmentRequest{Protection: *protection}
		_, apiErr, err = call(r.Context(), c, s, request(api.NewUpdateEnvironmentRequest("", name, body)), func(ctx context.Context) (api.UpdateEnvironmentResponseObject, error) {
			return c.o.API.UpdateEnvironment(ctx, api.UpdateEnvironmentRequestObject{Name: name, Body: &body})
		})
	}
	c.afterEnvironmentChange(w, r, s, apiErr, err, "Saved the protection of "+name+".")
}

// readProtection is the protection form's protection, or the field it could not read;
// blank fields are unset.
func readProtection(r *http.Request) (*api.EnvironmentProtection, *api.Error) {
	p := &api.EnvironmentProtection{}
	if v := strings.TrimSpace(r.PostFormValue("requiredApprovals")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, invalidField("protection", "the approvals needed are not a whole number")
		}
		p.RequiredApprovals = &n
	}
	if checks := splitList(r.PostFormValue("requiredChecks")); len(checks) > 0 {
		p.RequiredChecks = &checks
	}
	if v := strings.TrimSpace(r.PostFormValue("minCheckScore")); v != "" {
		score, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, invalidField("protection", "the least check score is not a number")
		}
		p.MinCheckScore.Set(score)
	}
	if v := r.PostFormValue("requiredPredecessor"); v != "" {
		p.RequiredPredecessor.Set(v)
	}
	return p, nil
}

// afterEnvironmentChange answers a change of an environment: the page with the API's
// refusal, or, done, with notice.
func (c *Console) afterEnvironmentChange(w http.ResponseWriter, r *http.Request, s *session, apiErr *api.Error, err error, notice string) {
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showEnvironments(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr})
		return
	}
	f := flash{Notice: notice}
	c.redirectWithFlash(w, r, s, environmentsPage, f, func() { c.showEnvironments(w, r, s, http.StatusOK, &page{Notice: f.Notice}) })
}
