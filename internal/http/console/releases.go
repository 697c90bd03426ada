package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

// The releases pages list a project's releases, show one with its figures and guards, and
// act on it (approve, reject, cancel, complete, roll back) as the caller's role and the
// release's status allow; the API decides each action.

func (c *Console) releaseRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/releases", c.signedIn(c.releases))
	mux.HandleFunc("GET /console/releases/live", c.signedIn(c.releasesLive))
	mux.HandleFunc("GET /console/releases/new", c.signedIn(c.newRelease))
	mux.HandleFunc("POST /console/releases", c.signedIn(c.createRelease))
	mux.HandleFunc("GET /console/releases/{releaseId}", c.signedIn(c.release))
	mux.HandleFunc("GET /console/releases/{releaseId}/live", c.signedIn(c.releaseLive))
	mux.HandleFunc("POST /console/releases/{releaseId}/{action}", c.signedIn(c.releaseAction))
}

// listedReleases is how many releases the list shows, newest first.
const listedReleases = 50

// releaseStatuses are the statuses the list filters by, in a release's order of life.
var releaseStatuses = []api.ReleaseStatus{api.ReleaseStatusPendingApproval, api.ReleaseStatusScheduled, api.ReleaseStatusRollingOut,
	api.ReleaseStatusCompleted, api.ReleaseStatusRolledBack, api.ReleaseStatusRejected, api.ReleaseStatusCancelled}

// releasesData is the releases page: the releases the filters pick.
type releasesData struct {
	Environment, Status string
	Statuses            []api.ReleaseStatus
	Releases            []api.Release
	Total               int
}

// Query is the filters as a query string, for the live part's address.
func (d *releasesData) Query() string {
	return "environment=" + d.Environment + "&status=" + d.Status
}

func (c *Console) releases(w http.ResponseWriter, r *http.Request, s *session) {
	d, p, ok := c.loadReleases(w, r, s)
	if ok {
		c.render(w, r, http.StatusOK, "releases", p.with("Releases", d))
	}
}

// releasesLive is the list alone, which the page's socket has htmx fetch on a release
// event.
func (c *Console) releasesLive(w http.ResponseWriter, r *http.Request, s *session) {
	d, p, ok := c.loadReleases(w, r, s)
	if ok {
		c.fragment(w, r, http.StatusOK, "releases", "live", p.with("Releases", d))
	}
}

// loadReleases reads the releases the query's filters pick; when it cannot, it has
// answered the request.
func (c *Console) loadReleases(w http.ResponseWriter, r *http.Request, s *session) (*releasesData, *page, bool) {
	d := &releasesData{Environment: r.FormValue("environment"), Status: r.FormValue("status"), Statuses: releaseStatuses}
	params := api.ListReleasesParams{Limit: new(listedReleases)}
	if d.Environment != "" {
		params.Environment = &d.Environment
	}
	if d.Status != "" {
		params.Status = new(api.ReleaseStatus(d.Status))
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListReleasesRequest("", &params)), func(ctx context.Context) (api.ListReleasesResponseObject, error) {
		return c.o.API.ListReleases(ctx, api.ListReleasesRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return nil, nil, false
	}
	if apiErr != nil {
		c.refused(w, r, s, apiErr)
		return nil, nil, false
	}
	list := resp.(api.ListReleases200JSONResponse)
	d.Releases, d.Total = list.Data, list.Meta.Pagination.Total
	return d, &page{Section: "releases", session: s}, true
}

// with sets the page's title and data.
func (p *page) with(title string, data any) *page {
	p.Title, p.Data = title, data
	return p
}

// releaseData is a release's page: the release, and its analytics once it has rolled out.
type releaseData struct {
	Release   api.Release
	Analytics *api.ReleaseAnalytics
	// Includers are, while a split or gradual release is yet to complete, the prompts that
	// include one of its prompts in its environment: they follow only at its completion.
	Includers []includedPrompt
	// Person is the signed-in user's id (uuid.Nil for a key), who may not review their own.
	Person uuid.UUID
}

// Rolled reports whether the release has served traffic to compare.
func (d *releaseData) Rolled() bool {
	switch d.Release.Status {
	case api.ReleaseStatusRollingOut, api.ReleaseStatusCompleted, api.ReleaseStatusRolledBack:
		return true
	}
	return false
}

// Authored reports whether the signed-in person asked for the release.
func (d *releaseData) Authored() bool {
	author, err := d.Release.Author.Get()
	return err == nil && author.Type == api.ActorTypeUser && author.Id == d.Person
}

// Is reports whether the release is in one of statuses.
func (d *releaseData) Is(statuses ...string) bool {
	for _, st := range statuses {
		if string(d.Release.Status) == st {
			return true
		}
	}
	return false
}

// releasePage is the path of a release's page.
func releasePage(id uuid.UUID) string { return "/console/releases/" + id.String() }

func (c *Console) release(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "releaseId")
	if !ok {
		return
	}
	f := c.takeFlash(r.Context(), s, releasePage(id))
	c.showRelease(w, r, s, id, http.StatusOK, &page{Notice: f.Notice})
}

// releaseLive is the part of a release's page that changes as it rolls out.
func (c *Console) releaseLive(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "releaseId")
	if !ok {
		return
	}
	if d, ok := c.loadRelease(w, r, s, id); ok {
		c.fragment(w, r, http.StatusOK, "release", "live", &page{Section: "releases", session: s, Data: d})
	}
}

// showRelease draws a release's page with p's notice or error, answering status.
func (c *Console) showRelease(w http.ResponseWriter, r *http.Request, s *session, id uuid.UUID, status int, p *page) {
	d, ok := c.loadRelease(w, r, s, id)
	if !ok {
		return
	}
	p.Section, p.session = "releases", s
	c.render(w, r, status, "release", p.with("Release into "+string(d.Release.Environment), d))
}

// loadRelease reads a release and, once it has rolled out, its analytics; when it cannot,
// it has answered the request.
func (c *Console) loadRelease(w http.ResponseWriter, r *http.Request, s *session, id uuid.UUID) (*releaseData, bool) {
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewGetReleaseRequest("", id)), func(ctx context.Context) (api.GetReleaseResponseObject, error) {
		return c.o.API.GetRelease(ctx, api.GetReleaseRequestObject{ReleaseId: id})
	})
	if err == nil && apiErr != nil {
		c.refused(w, r, s, apiErr)
		return nil, false
	}
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	d := &releaseData{Release: resp.(api.GetRelease200JSONResponse).Data}
	if s.key.Person != nil {
		d.Person = s.key.Person.UserID
	}
	if d.Includers, err = c.releaseIncluders(r.Context(), s, &d.Release); err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	if !d.Rolled() {
		return d, true
	}
	analytics, _, err := call(r.Context(), c, s, request(api.NewGetReleaseAnalyticsRequest("", id)), func(ctx context.Context) (api.GetReleaseAnalyticsResponseObject, error) {
		return c.o.API.GetReleaseAnalytics(ctx, api.GetReleaseAnalyticsRequestObject{ReleaseId: id})
	})
	if err != nil {
		c.fail(w, r, err)
		return nil, false
	}
	if a, ok := analytics.(api.GetReleaseAnalytics200JSONResponse); ok {
		d.Analytics = &a.Data
	}
	return d, true
}

// includedPrompt is one prompt of a release with the prompts that include it.
type includedPrompt struct {
	Slug string
	By   []api.Includer
}

// releaseIncluders lists, for a split or gradual release yet to complete, its prompts that
// others include in its environment, with those others: while it rolls out they include the
// current version for every subject (see the spec's CreateRelease).
func (c *Console) releaseIncluders(ctx context.Context, s *session, rel *api.Release) ([]includedPrompt, error) {
	switch {
	case rel.Strategy.Type == api.ReleaseStrategyTypeImmediate:
		return nil, nil
	case rel.Status != api.ReleaseStatusPendingApproval && rel.Status != api.ReleaseStatusScheduled && rel.Status != api.ReleaseStatusRollingOut:
		return nil, nil
	}
	var out []includedPrompt
	params := api.ListIncludersParams{Environment: &rel.Environment}
	for _, ch := range rel.Changes {
		resp, _, err := call(ctx, c, s, request(api.NewListIncludersRequest("", ch.PromptId.String(), &params)), func(ctx context.Context) (api.ListIncludersResponseObject, error) {
			return c.o.API.ListIncluders(ctx, api.ListIncludersRequestObject{PromptId: ch.PromptId.String(), Params: params})
		})
		if err != nil {
			return nil, err
		}
		if list, ok := resp.(api.ListIncluders200JSONResponse); ok && len(list.Data) > 0 {
			out = append(out, includedPrompt{Slug: ch.Slug, By: list.Data})
		}
	}
	return out, nil
}

// releaseAction posts one of a release's actions, then shows the release with what it
// did, or with the API's refusal.
func (c *Console) releaseAction(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "releaseId")
	if !ok {
		return
	}
	do, ok := releaseActions[r.PathValue("action")]
	if !ok {
		c.notFound(w, r)
		return
	}
	notice, apiErr, err := do(r.Context(), c, s, id, strings.TrimSpace(r.PostFormValue("text")))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showRelease(w, r, s, id, errorStatus(apiErr.Error.Code), &page{Error: apiErr})
		return
	}
	f := flash{Notice: notice}
	c.redirectWithFlash(w, r, s, releasePage(id), f, func() { c.showRelease(w, r, s, id, http.StatusOK, &page{Notice: f.Notice}) })
}

// releaseAct is an action on a release, given the form's text (a review's comment, a
// rollback's reason): what it says once done, or the API's refusal.
type releaseAct func(ctx context.Context, c *Console, s *session, id uuid.UUID, text string) (string, *api.Error, error)

// releaseActions are the actions of a release's page, by the last segment of their path.
var releaseActions = map[string]releaseAct{
	"approve": func(ctx context.Context, c *Console, s *session, id uuid.UUID, text string) (string, *api.Error, error) {
		body := api.ReviewRequest{Comment: optionalText(text)}
		_, apiErr, err := call(ctx, c, s, request(api.NewApproveReleaseRequest("", id, nil, body)), func(ctx context.Context) (api.ApproveReleaseResponseObject, error) {
			return c.o.API.ApproveRelease(ctx, api.ApproveReleaseRequestObject{ReleaseId: id, Body: &body})
		})
		return "Approved.", apiErr, err
	},
	"reject": func(ctx context.Context, c *Console, s *session, id uuid.UUID, text string) (string, *api.Error, error) {
		body := api.ReviewRequest{Comment: optionalText(text)}
		_, apiErr, err := call(ctx, c, s, request(api.NewRejectReleaseRequest("", id, nil, body)), func(ctx context.Context) (api.RejectReleaseResponseObject, error) {
			return c.o.API.RejectRelease(ctx, api.RejectReleaseRequestObject{ReleaseId: id, Body: &body})
		})
		return "Rejected.", apiErr, err
	},
	"cancel": func(ctx context.Context, c *Console, s *session, id uuid.UUID, _ string) (string, *api.Error, error) {
		_, apiErr, err := call(ctx, c, s, request(api.NewCancelReleaseRequest("", id, nil)), func(ctx context.Context) (api.CancelReleaseResponseObject, error) {
			return c.o.API.CancelRelease(ctx, api.CancelReleaseRequestObject{ReleaseId: id})
		})
		return "Cancelled.", apiErr, err
	},
	"complete": func(ctx context.Context, c *Console, s *session, id uuid.UUID, _ string) (string, *api.Error, error) {
		_, apiErr, err := call(ctx, c, s, request(api.NewCompleteReleaseRequest("", id, nil)), func(ctx context.Context) (api.CompleteReleaseResponseObject, error) {
			return c.o.API.CompleteRelease(ctx, api.CompleteReleaseRequestObject{ReleaseId: id})
		})
		return "Completed: every subject gets the new versions.", apiErr, err
	},
	"rollback": func(ctx context.Context, c *Console, s *session, id uuid.UUID, text string) (string, *api.Error, error) {
		body := api.RollbackReleaseRequest{Reason: optionalText(text)}
		_, apiErr, err := call(ctx, c, s, request(api.NewRollbackReleaseRequest("", id, nil, body)), func(ctx context.Context) (api.RollbackReleaseResponseObject, error) {
			return c.o.API.RollbackRelease(ctx, api.RollbackReleaseRequestObject{ReleaseId: id, Body: &body})
		})
		return "Rolled back: every prompt of the release is back as it was.", apiErr, err
	},
}

// optionalText is text, or nil when there is none (an optional field left blank).
func optionalText(text string) *string {
	if text == "" {
		return nil
	}
	return &text
}
