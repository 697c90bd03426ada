package console

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
)

// The tokens page is a person's own personal tokens, whatever project they picked: made
// here for scripts and `promptops login --with-token` (the token shown once), listed by
// prefix, revoked. The sign-in tokens of the person's sessions are among them: revoking
// one ends its session.

func (c *Console) tokenRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/tokens", c.signedInPerson(c.tokens))
	mux.HandleFunc("POST /console/tokens", c.signedInPerson(c.createToken))
	mux.HandleFunc("POST /console/tokens/{tokenId}/revoke", c.signedInPerson(c.revokeToken))
}

// tokensPage is the tokens page's path, where a post on it sends the browser.
const tokensPage = "/console/tokens"

// tokensData is the tokens page; Created is a token just made, shown in full this once.
type tokensData struct {
	Tokens  []api.PersonalToken
	Created *api.CreatedToken
}

func (c *Console) tokens(w http.ResponseWriter, r *http.Request, s *session) {
	f := c.takeFlash(r.Context(), s, tokensPage)
	c.showTokens(w, r, s, http.StatusOK, &page{Notice: f.Notice}, f.CreatedToken)
}

func (c *Console) showTokens(w http.ResponseWriter, r *http.Request, s *session, status int, p *page, created *api.CreatedToken) {
	params := api.ListTokensParams{Limit: new(100)}
	resp, apiErr, err := callAs(r.Context(), c, s.person, request(api.NewListTokensRequest("", &params)), func(ctx context.Context) (api.ListTokensResponseObject, error) {
		return c.o.API.ListTokens(ctx, api.ListTokensRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := &tokensData{Created: created}
	if list, ok := resp.(api.ListTokens200JSONResponse); ok {
		d.Tokens = list.Data
	}
	if p.Error == nil && apiErr != nil {
		p.Error, status = apiErr, errorStatus(apiErr.Error.Code)
	}
	p.Title, p.Section, p.session, p.Data = "Personal tokens", "tokens", s, d
	c.render(w, r, status, "tokens", p)
}

func (c *Console) createToken(w http.ResponseWriter, r *http.Request, s *session) {
	body := api.CreateTokenRequest{Name: strings.TrimSpace(r.PostFormValue("name"))}
	if exp := strings.TrimSpace(r.PostFormValue("expiresAt")); exp != "" {
		day, err := time.Parse("2006-01-02", exp)
		if err != nil {
			c.showTokens(w, r, s, http.StatusBadRequest, &page{Error: invalidField("expiresAt", "is not a date (YYYY-MM-DD)")}, nil)
			return
		}
		body.ExpiresAt = &day
	}
	resp, apiErr, err := callAs(r.Context(), c, s.person, request(api.NewCreateTokenRequest("", body)), func(ctx context.Context) (api.CreateTokenResponseObject, error) {
		return c.o.API.CreateToken(ctx, api.CreateTokenRequestObject{Body: &body})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showTokens(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	created := resp.(api.CreateToken201JSONResponse).Body.Data
	f := flash{Notice: "Token created. Copy it now: it is shown only this once.", CreatedToken: &created}
	c.redirectWithFlash(w, r, s, tokensPage, f, func() { c.showTokens(w, r, s, http.StatusCreated, &page{Notice: f.Notice}, f.CreatedToken) })
}

func (c *Console) revokeToken(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "tokenId")
	if !ok {
		return
	}
	_, apiErr, err := callAs(r.Context(), c, s.person, request(api.NewRevokeTokenRequest("", id)), func(ctx context.Context) (api.RevokeTokenResponseObject, error) {
		return c.o.API.RevokeToken(ctx, api.RevokeTokenRequestObject{Id: id})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showTokens(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	f := flash{Notice: "Token revoked."}
	c.redirectWithFlash(w, r, s, tokensPage, f, func() { c.showTokens(w, r, s, http.StatusOK, &page{Notice: f.Notice}, nil) })
}
