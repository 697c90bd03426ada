package console

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

func (c *Console) versionRoutes(mux *http.ServeMux) {
	c.editorRoutes(mux)
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
