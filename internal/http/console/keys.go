package console

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
)

func (c *Console) keyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/keys", c.signedIn(c.keys))
	mux.HandleFunc("POST /console/keys", c.signedIn(c.createKey))
	mux.HandleFunc("POST /console/keys/{keyId}/revoke", c.signedIn(c.revokeKey))
}

// keysData is the keys page; Created is a key just made, shown in full this once.
type keysData struct {
	Keys    []api.ApiKey
	Created *api.CreatedApiKey
	Scopes  []api.Scope
}

// keysPage is the keys page's path, where a post on it sends the browser.
const keysPage = "/console/keys"

func (c *Console) keys(w http.ResponseWriter, r *http.Request, s *session) {
	f := c.takeFlash(r.Context(), s, keysPage)
	c.showKeys(w, r, s, http.StatusOK, &page{Notice: f.Notice}, f.CreatedKey)
}

func (c *Console) showKeys(w http.ResponseWriter, r *http.Request, s *session, status int, p *page, created *api.CreatedApiKey) {
	params := api.ListApiKeysParams{Limit: new(100)}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListApiKeysRequest("", &params)), func(ctx context.Context) (api.ListApiKeysResponseObject, error) {
		return c.o.API.ListApiKeys(ctx, api.ListApiKeysRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := &keysData{Created: created, Scopes: []api.Scope{api.ScopePromptsRead, api.ScopePromptsWrite, api.ScopeAdmin}}
	if list, ok := resp.(api.ListApiKeys200JSONResponse); ok {
		d.Keys = list.Data
	}
	if p.Error == nil && apiErr != nil {
		p.Error, status = apiErr, errorStatus(apiErr.Error.Code)
	}
	p.Title, p.Section, p.session, p.Data = "API keys", "keys", s, d
	c.render(w, r, status, "keys", p)
}

func (c *Console) createKey(w http.ResponseWriter, r *http.Request, s *session) {
	body := api.CreateApiKeyRequest{Environment: api.Environment(r.PostFormValue("environment"))}
	if label := strings.TrimSpace(r.PostFormValue("label")); label != "" {
		body.Label = &label
	}
	if err := r.ParseForm(); err == nil && len(r.PostForm["scopes"]) > 0 {
		scopes := make([]api.Scope, 0, len(r.PostForm["scopes"]))
		for _, sc := range r.PostForm["scopes"] {
			scopes = append(scopes, api.Scope(sc))
		}
		body.Scopes = &scopes
	}
	if exp := strings.TrimSpace(r.PostFormValue("expiresAt")); exp != "" {
		day, err := time.Parse("2006-01-02", exp)
		if err != nil {
			c.showKeys(w, r, s, http.StatusBadRequest, &page{Error: invalidField("expiresAt", "is not a date (YYYY-MM-DD)")}, nil)
			return
		}
		body.ExpiresAt = &day
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewCreateApiKeyRequest("", nil, body)), func(ctx context.Context) (api.CreateApiKeyResponseObject, error) {
		return c.o.API.CreateApiKey(ctx, api.CreateApiKeyRequestObject{Body: &body})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showKeys(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	created := resp.(api.CreateApiKey201JSONResponse).Body.Data
	f := flash{Notice: "Key created. Copy it now: it is shown only this once.", CreatedKey: &created}
	c.redirectWithFlash(w, r, s, keysPage, f, func() { c.showKeys(w, r, s, http.StatusCreated, &page{Notice: f.Notice}, f.CreatedKey) })
}

func (c *Console) revokeKey(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "keyId")
	if !ok {
		return
	}
	_, apiErr, err := call(r.Context(), c, s, request(api.NewRevokeApiKeyRequest("", id)), func(ctx context.Context) (api.RevokeApiKeyResponseObject, error) {
		return c.o.API.RevokeApiKey(ctx, api.RevokeApiKeyRequestObject{Id: id})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showKeys(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	if id == s.key.ID {
		// The session's own key: the session ends with it.
		c.end(r.Context(), s.idHash)
		c.clearCookie(w, r, sessionCookie)
		http.Redirect(w, r, "/console/sign-in?ended=1", http.StatusSeeOther)
		return
	}
	f := flash{Notice: "Key revoked."}
	c.redirectWithFlash(w, r, s, keysPage, f, func() { c.showKeys(w, r, s, http.StatusOK, &page{Notice: f.Notice}, nil) })
}
