package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// The members page (admin and above, as the API's ListMembers requires) lists the picked
// project's members, changes their roles, removes them and invites people by email; an
// invitation's token is shown once, for the inviter to pass on.

func (c *Console) memberRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/members", c.signedIn(c.members))
	mux.HandleFunc("POST /console/members/{userId}/role", c.signedIn(c.changeRole))
	mux.HandleFunc("POST /console/members/{userId}/remove", c.signedIn(c.removeMember))
	mux.HandleFunc("POST /console/invitations", c.signedIn(c.invite))
}

// membersPage is the members page's path, where a post on it sends the browser.
const membersPage = "/console/members"

// membersData is the members page; Invitation is one just made, its token shown once.
type membersData struct {
	Members         []api.Member
	Invitation      *api.CreatedInvitation
	Roles           []api.Role
	InvitationRoles []api.InvitationRole
}

func (c *Console) members(w http.ResponseWriter, r *http.Request, s *session) {
	f := c.takeFlash(r.Context(), s, membersPage)
	c.showMembers(w, r, s, http.StatusOK, &page{Notice: f.Notice}, f.Invitation)
}

func (c *Console) showMembers(w http.ResponseWriter, r *http.Request, s *session, status int, p *page, invitation *api.CreatedInvitation) {
	params, project := api.ListMembersParams{Limit: new(100)}, s.key.ProjectID
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListMembersRequest("", project, &params)), func(ctx context.Context) (api.ListMembersResponseObject, error) {
		return c.o.API.ListMembers(ctx, api.ListMembersRequestObject{ProjectId: project, Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := &membersData{Invitation: invitation,
		Roles:           []api.Role{api.RoleOwner, api.RoleAdmin, api.RolePublisher, api.RoleEditor, api.RoleViewer},
		InvitationRoles: []api.InvitationRole{api.InvitationRoleAdmin, api.InvitationRolePublisher, api.InvitationRoleEditor, api.InvitationRoleViewer}}
	if list, ok := resp.(api.ListMembers200JSONResponse); ok {
		d.Members = list.Data
	}
	if p.Error == nil && apiErr != nil {
		p.Error, status = apiErr, errorStatus(apiErr.Error.Code)
	}
	p.Title, p.Section, p.session, p.Data = "Members", "members", s, d
	c.render(w, r, status, "members", p)
}

func (c *Console) changeRole(w http.ResponseWriter, r *http.Request, s *session) {
	userID, ok := c.pathID(w, r, s, "userId")
	if !ok {
		return
	}
	body, project := api.UpdateMemberRequest{Role: api.Role(r.PostFormValue("role"))}, s.key.ProjectID
	_, apiErr, err := call(r.Context(), c, s, request(api.NewUpdateMemberRequest("", project, userID, body)), func(ctx context.Context) (api.UpdateMemberResponseObject, error) {
		return c.o.API.UpdateMember(ctx, api.UpdateMemberRequestObject{ProjectId: project, UserId: userID, Body: &body})
	})
	c.afterMemberChange(w, r, s, apiErr, err, "Role changed to "+string(body.Role)+".")
}

func (c *Console) removeMember(w http.ResponseWriter, r *http.Request, s *session) {
	userID, ok := c.pathID(w, r, s, "userId")
	if !ok {
		return
	}
	project := s.key.ProjectID
	_, apiErr, err := call(r.Context(), c, s, request(api.NewRemoveMemberRequest("", project, userID)), func(ctx context.Context) (api.RemoveMemberResponseObject, error) {
		return c.o.API.RemoveMember(ctx, api.RemoveMemberRequestObject{ProjectId: project, UserId: userID})
	})
	c.afterMemberChange(w, r, s, apiErr, err, "Member removed.")
}

// afterMemberChange answers a change of a member: the members page with the API's
// refusal, or, done, with notice.
func (c *Console) afterMemberChange(w http.ResponseWriter, r *http.Request, s *session, apiErr *api.Error, err error, notice string) {
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showMembers(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	f := flash{Notice: notice}
	c.redirectWithFlash(w, r, s, membersPage, f, func() { c.showMembers(w, r, s, http.StatusOK, &page{Notice: f.Notice}, nil) })
}

func (c *Console) invite(w http.ResponseWriter, r *http.Request, s *session) {
	body := api.CreateInvitationRequest{Email: api.Email(strings.TrimSpace(r.PostFormValue("email"))), Role: api.InvitationRole(r.PostFormValue("role"))}
	project := s.key.ProjectID
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewCreateInvitationRequest("", project, nil, body)), func(ctx context.Context) (api.CreateInvitationResponseObject, error) {
		return c.o.API.CreateInvitation(ctx, api.CreateInvitationRequestObject{ProjectId: project, Body: &body})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showMembers(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	created := resp.(api.CreateInvitation201JSONResponse).Body.Data
	f := flash{Notice: "Invitation made. Send its token to " + created.Email + " now: it is shown only this once.", Invitation: &created}
	c.redirectWithFlash(w, r, s, membersPage, f, func() { c.showMembers(w, r, s, http.StatusCreated, &page{Notice: f.Notice}, f.Invitation) })
}
