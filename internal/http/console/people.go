package console

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
)

// People sign in to the console with their email and password through the API's own
// sign-in (POST /api/v1/auth/sign-in: its throttling per address and per account, its
// one refusal for every failure), whose short-lived personal token the session then
// points at; the token itself is dropped at once, so only its hash is known anywhere.
// A person then picks one of their projects, and acts in it with their role there.

func (c *Console) peopleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/projects", c.signedInPerson(c.projectsPage))
	mux.HandleFunc("POST /console/projects/{id}/pick", c.signedInPerson(c.pick))
}

// signInPerson signs a person in with the posted email and password.
func (c *Console) signInPerson(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body := api.SignInJSONRequestBody{Email: api.Email(strings.TrimSpace(r.PostFormValue("email"))), Password: r.PostFormValue("password")}
	resp, err := c.o.API.SignIn(ctx, api.SignInRequestObject{Body: &body})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	switch resp := resp.(type) {
	case api.SignIn200JSONResponse:
		c.startPerson(w, r, resp.Body.Data.Token)
	case api.SignIn401JSONResponse:
		c.renderSignIn(w, r, http.StatusUnauthorized, resp.Error.Message)
	case api.SignIn429JSONResponse:
		c.renderSignIn(w, r, http.StatusTooManyRequests, resp.Body.Error.Message)
	default:
		c.fail(w, r, fmt.Errorf("sign-in answered %T", resp))
	}
}

// startPerson starts the session of the person whose fresh personal token is token, and
// sends them to pick a project.
func (c *Console) startPerson(w http.ResponseWriter, r *http.Request, token string) {
	ctx := r.Context()
	hash := auth.Hash(token)
	row, err := c.q.PersonalTokenAuth(ctx, c.o.Pool, hash[:])
	if err != nil {
		c.fail(w, r, err)
		return
	}
	t := &row.PersonalToken
	if c.start(w, r, dbsqlc.ConsoleSessionCreateParams{TokenID: &t.ID, ExpiresAt: *t.ExpiresAt}) {
		c.o.Logger.InfoContext(ctx, "console: signed in", slog.String("user_id", row.User.ID.String()))
		http.Redirect(w, r, "/console/projects", http.StatusSeeOther)
	}
}

// projectsPage is the project picker: the person's projects with their role in each, as
// GET /api/v1/auth/session answers them.
func (c *Console) projectsPage(w http.ResponseWriter, r *http.Request, s *session) {
	resp, apiErr, err := callAs(r.Context(), c, s.person, request(api.NewGetSessionRequest("")), func(ctx context.Context) (api.GetSessionResponseObject, error) {
		return c.o.API.GetSession(ctx, api.GetSessionRequestObject{})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.refused(w, r, s, apiErr)
		return
	}
	var memberships []api.Membership
	if ok := resp.(api.GetSession200JSONResponse); ok.Data.Memberships != nil {
		memberships = *ok.Data.Memberships
	}
	c.render(w, r, http.StatusOK, "projects", &page{Title: "Projects", Section: "projects", session: s, Data: memberships})
}

// pick makes the session act in the project of the path, when the person is a member.
func (c *Console) pick(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.notFound(w, r)
		return
	}
	_, notMember, err := c.o.Gateway.Member(ctx, s.person, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if notMember != nil {
		c.refused(w, r, s, &api.Error{Error: api.ErrorBody{Code: notMember.Code, Message: notMember.Message}})
		return
	}
	if err := c.q.ConsoleSessionPickProject(ctx, c.o.Pool, dbsqlc.ConsoleSessionPickProjectParams{IDHash: s.idHash[:], ProjectID: &id}); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/prompts", http.StatusSeeOther)
}
