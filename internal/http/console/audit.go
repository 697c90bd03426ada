package console

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

func (c *Console) auditRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/audit", c.signedIn(c.audit))
}

// auditTypes are the event types the filter offers.
var auditTypes = []api.EventType{
	api.EventTypePromptCreated, api.EventTypePromptUpdated, api.EventTypePromptDeleted, api.EventTypeVersionCreated,
	api.EventTypeDeploymentPromoted, api.EventTypeDeploymentRolledBack, api.EventTypePromptDependencyChanged,
	api.EventTypeApikeyCreated, api.EventTypeApikeyRevoked, api.EventTypeProjectCreated, api.EventTypeProjectUpdated,
	api.EventTypeWebhookCreated, api.EventTypeWebhookUpdated, api.EventTypeWebhookDeleted, api.EventTypeWebhookSecretRotated,
	api.EventTypeMemberAdded, api.EventTypeMemberUpdated, api.EventTypeMemberRemoved, api.EventTypeInvitationCreated,
	api.EventTypeInvitationRevoked,
}

// auditData is the audit log page: the events matching the filters (type, since a day).
type auditData struct {
	Events []api.Event
	Types  []api.EventType
	Type   string
	Since  string
	Total  int
	// Prompts name the prompt of each event about one, by event id.
	Prompts map[uuid.UUID]*auditPrompt
}

func (c *Console) audit(w http.ResponseWriter, r *http.Request, s *session) {
	d := &auditData{Types: auditTypes, Type: r.FormValue("type"), Since: r.FormValue("since")}
	params := api.ListEventsParams{Limit: new(100)}
	if t := api.EventType(d.Type); t.Valid() {
		params.Type = &t
	}
	var p = &page{Title: "Audit log", Section: "audit", session: s, Data: d}
	if d.Since != "" {
		day, err := time.Parse("2006-01-02", d.Since)
		if err != nil {
			p.Error = invalidField("since", "is not a date (YYYY-MM-DD)")
			c.render(w, r, http.StatusBadRequest, "audit", p)
			return
		}
		params.Since = &day
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListEventsRequest("", &params)), func(ctx context.Context) (api.ListEventsResponseObject, error) {
		return c.o.API.ListEvents(ctx, api.ListEventsRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p.Error = apiErr
	if list, ok := resp.(api.ListEvents200JSONResponse); ok {
		d.Events, d.Total = list.Data, list.Meta.Pagination.Total
		d.Prompts = c.auditPrompts(r, s, d.Events)
	}
	c.render(w, r, http.StatusOK, "audit", p)
}
