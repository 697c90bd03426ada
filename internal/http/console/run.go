package console

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// Try it's Run: the version, and in Compare mode a second one, sent through one of the
// project's connections on the same variables (the Try it form's, which htmx includes).

func (c *Console) runRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/prompts/{id}/run", c.signedIn(c.runForm))
	mux.HandleFunc("POST /console/prompts/{id}/run", c.signedIn(c.runVersions))
}

// runData is the Run form and what the runs answered, one column per version.
type runData struct {
	Prompt      api.PromptDetail
	Version     int
	Connections []api.Connection
	Runs        []runColumn
}

// runColumn is one version's run: its answer, or the API's error.
type runColumn struct {
	Version int
	Result  *api.RunResult
	Error   *api.Error
}

func (c *Console) runForm(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadRun(w, r, s)
	if !ok {
		return
	}
	c.fragment(w, r, http.StatusOK, "try", "run", &page{session: s, Data: d})
}

func (c *Console) runVersions(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := c.loadRun(w, r, s)
	if !ok {
		return
	}
	// The variables as Try it sends them: typed by the version's variables schema.
	resolved, ok := c.resolveVersion(w, r, s, d.Prompt.Slug, d.Version)
	if !ok {
		return
	}
	vars, _ := formVariables(r, variableFields(resolved))
	versions := []int{d.Version}
	if n, err := strconv.Atoi(r.PostFormValue("compare")); err == nil && n > 0 {
		versions = append(versions, n)
	}
	for _, n := range versions {
		col, err := c.runOne(r, s, d.Prompt.Id.String(), n, vars)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		d.Runs = append(d.Runs, col)
	}
	c.fragment(w, r, http.StatusOK, "try", "run", &page{session: s, Data: d})
}

// runOne asks the API to run version n with the form's connection and model.
func (c *Console) runOne(r *http.Request, s *session, promptID string, n int, vars map[string]api.VariableValue) (runColumn, error) {
	body := api.RunRequest{Variables: &vars}
	if err := body.Connection.UnmarshalText([]byte(r.PostFormValue("connection"))); err != nil {
		return runColumn{Version: n, Error: invalidField("connection", "choose a connection")}, nil
	}
	if m := strings.TrimSpace(r.PostFormValue("model")); m != "" {
		body.Model = &m
	}
	version := api.VersionIdOrNumber(strconv.Itoa(n))
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewRunVersionRequest("", promptID, version, nil, body)), func(ctx context.Context) (api.RunVersionResponseObject, error) {
		return c.o.API.RunVersion(ctx, api.RunVersionRequestObject{PromptId: promptID, VersionId: version, Body: &body})
	})
	col := runColumn{Version: n, Error: apiErr}
	if ok, is := resp.(api.RunVersion200JSONResponse); is {
		col.Result = &ok.Data
	}
	return col, err
}

// loadRun reads the prompt, the version to run (?version=N, else the newest) and the
// project's connections.
func (c *Console) loadRun(w http.ResponseWriter, r *http.Request, s *session) (*runData, bool) {
	_, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return nil, false
	}
	d := &runData{Prompt: *detail}
	d.Version, _ = strconv.Atoi(r.FormValue("version"))
	if d.Version == 0 && len(detail.Versions) > 0 {
		d.Version = detail.Versions[0].VersionNumber
	}
	list, _, err := c.listConnections(r, s)
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	d.Connections = list
	return d, true
}
