package console

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

// auditPrompt is the prompt an audit row is about.
type auditPrompt struct {
	ID   uuid.UUID
	Slug string
}

// eventPrompt reads the prompt an event is about from its data: a prompt.* event's data is
// the prompt itself (id, slug), except a dependency change's, which names it as the data of
// deployments, versions and checks do (promptId, with a slug but for versions). It is
// false for events about no prompt.
func eventPrompt(e api.Event) (auditPrompt, bool) {
	var data struct {
		ID       uuid.UUID `json:"id"`
		PromptID uuid.UUID `json:"promptId"`
		Slug     string    `json:"slug"`
	}
	if json.Unmarshal(e.Data, &data) != nil {
		return auditPrompt{}, false
	}
	switch {
	case data.PromptID != uuid.Nil:
		return auditPrompt{ID: data.PromptID, Slug: data.Slug}, true
	case strings.HasPrefix(string(e.Type), "prompt.") && data.ID != uuid.Nil:
		return auditPrompt{ID: data.ID, Slug: data.Slug}, true
	}
	return auditPrompt{}, false
}

// auditPrompts names the prompt of each event that is about one, by event id. A version's
// data has no slug: it is taken from another event of the page about the same prompt, else
// asked of the API once per prompt (a prompt gone since is named by its id).
func (c *Console) auditPrompts(r *http.Request, s *session, list []api.Event) map[uuid.UUID]*auditPrompt {
	out := map[uuid.UUID]*auditPrompt{}
	slugs := map[uuid.UUID]string{}
	for _, e := range list {
		if p, ok := eventPrompt(e); ok {
			out[e.Id] = &p
			if p.Slug != "" {
				slugs[p.ID] = p.Slug
			}
		}
	}
	for _, p := range out {
		if p.Slug != "" {
			continue
		}
		slug, known := slugs[p.ID]
		if !known {
			if detail, _, err := c.promptDetail(r, s, p.ID); err == nil && detail != nil {
				slug = detail.Slug
			}
			slugs[p.ID] = slug
		}
		p.Slug = slug
	}
	return out
}
