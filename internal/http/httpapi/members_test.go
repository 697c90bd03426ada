package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// team is a project made by a signed-in owner, with clients of its people.
type team struct {
	env     *apitest.Env
	project uuid.UUID
	key     string // the project's first API key (dev, admin)
	owner   *api.ClientWithResponses
	ownerID uuid.UUID
}

// newTeam signs ada@example.com in and has her create a project, of which she is owner.
func newTeam(t *testing.T, opts ...apitest.OptionFunc) *team {
	t.Helper()
	env := apitest.New(t, opts...)
	u := env.NewUser("ada@example.com")
	owner := env.Client(signIn(t, env, "ada@example.com"))
	resp, err := owner.CreateProjectWithResponse(context.Background(), api.CreateProjectRequest{Name: "Team"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return &team{env: env, project: resp.JSON201.Data.Project.Id, key: resp.JSON201.Data.ApiKey, owner: owner, ownerID: u.ID}
}

// join makes a new user of email a member with role, and returns a client of theirs.
func (tm *team) join(t *testing.T, email string, role api.Role) (*api.ClientWithResponses, uuid.UUID) {
	t.Helper()
	u := tm.env.NewUser(email)
	resp, err := tm.owner.AddMemberWithResponse(context.Background(), tm.project, nil, api.AddMemberRequest{Email: email, Role: role})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return tm.env.Client(signIn(t, tm.env, email)), u.ID
}

func TestCreateProjectAsPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("CreatorIsOwner", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		members, err := tm.owner.ListMembersWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, members.StatusCode(), string(members.Body))
		require.Len(t, members.JSON200.Data, 1)
		require.Equal(t, tm.ownerID, members.JSON200.Data[0].UserId)
		require.Equal(t, api.RoleOwner, members.JSON200.Data[0].Role)

		// The reference's anonymous creation still works, and makes no member.
		anonymous := tm.env.NewProject("anonymous")
		members, err = tm.env.Client(anonymous.Key).ListMembersWithResponse(ctx, uuid.MustParse(anonymous.ID), nil)
		require.NoError(t, err)
		require.Empty(t, members.JSON200.Data)
	})

	t.Run("InstanceOwnerWhenSignupClosed", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.SignupRateLimit = 0 })
		env.NewUser("bob@example.com")
		u := env.NewUser("ada@example.com")
		_, err := env.Pool.Exec(ctx, "UPDATE users SET instance_owner = true WHERE id = $1", u.ID)
		require.NoError(t, err)

		resp, err := env.Client(signIn(t, env, "ada@example.com")).CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "ops"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))

		for _, c := range []*api.ClientWithResponses{env.Client(signIn(t, env, "bob@example.com")), env.Anonymous} {
			refused, err := c.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "not allowed"})
			require.NoError(t, err)
			require.Equal(t, http.StatusForbidden, refused.StatusCode(), string(refused.Body))
		}
	})

	t.Run("BadTokenRefused", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		resp, err := env.Client("po_pat_"+"0123456789012345678901234567890123456789").CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "x"})
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		require.Zero(t, env.Rows().Projects)

		// An API key is ignored here, as it always was: the project is made anonymously.
		p := env.NewProject("first")
		resp, err = p.Client.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "second"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	})
}

func TestMembers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("AddUpdateRemove", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		bob, bobID := tm.join(t, "bob@example.com", api.RoleEditor)

		again, err := tm.owner.AddMemberWithResponse(ctx, tm.project, nil, api.AddMemberRequest{Email: "BOB@example.com", Role: api.RoleViewer})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, again.StatusCode(), string(again.Body))
		nobody, err := tm.owner.AddMemberWithResponse(ctx, tm.project, nil, api.AddMemberRequest{Email: "nobody@example.com", Role: api.RoleViewer})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, nobody.StatusCode(), string(nobody.Body))

		updated, err := tm.owner.UpdateMemberWithResponse(ctx, tm.project, bobID, api.UpdateMemberRequest{Role: api.RolePublisher})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, updated.StatusCode(), string(updated.Body))
		require.Equal(t, api.RolePublisher, updated.JSON200.Data.Role)

		removed, err := tm.owner.RemoveMemberWithResponse(ctx, tm.project, bobID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, removed.StatusCode(), string(removed.Body))
		require.Equal(t, "bob@example.com", removed.JSON200.Data.Email)
		gone, err := tm.owner.RemoveMemberWithResponse(ctx, tm.project, bobID)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, gone.StatusCode())

		// Bob's next request to the project finds none.
		resp, err := bob.ListMembersWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())

		events, err := tm.env.Client(tm.key).ListEventsWithResponse(ctx, nil)
		require.NoError(t, err)
		var types []api.EventType
		for _, e := range events.JSON200.Data {
			types = append(types, e.Type)
		}
		require.Subset(t, types, []api.EventType{"member.added", "member.updated", "member.removed"})
	})

	t.Run("OnlyOwnersTouchOwners", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		admin, adminID := tm.join(t, "admin@example.com", api.RoleAdmin)
		_, editorID := tm.join(t, "editor@example.com", api.RoleEditor)

		for name, call := range map[string]func() (int, *api.ErrorBody){
			"MakeOwner": func() (int, *api.ErrorBody) {
				r, err := admin.UpdateMemberWithResponse(ctx, tm.project, editorID, api.UpdateMemberRequest{Role: api.RoleOwner})
				require.NoError(t, err)
				return r.StatusCode(), errorOf(r.JSON403)
			},
			"DemoteOwner": func() (int, *api.ErrorBody) {
				r, err := admin.UpdateMemberWithResponse(ctx, tm.project, tm.ownerID, api.UpdateMemberRequest{Role: api.RoleViewer})
				require.NoError(t, err)
				return r.StatusCode(), errorOf(r.JSON403)
			},
			"RemoveOwner": func() (int, *api.ErrorBody) {
				r, err := admin.RemoveMemberWithResponse(ctx, tm.project, tm.ownerID)
				require.NoError(t, err)
				return r.StatusCode(), errorOf(r.JSON403)
			},
			"AddOwner": func() (int, *api.ErrorBody) {
				tm.env.NewUser("carol@example.com")
				r, err := admin.AddMemberWithResponse(ctx, tm.project, nil, api.AddMemberRequest{Email: "carol@example.com", Role: api.RoleOwner})
				require.NoError(t, err)
				return r.StatusCode(), errorOf(r.JSON403)
			},
		} {
			status, e := call()
			require.Equal(t, http.StatusForbidden, status, name)
			require.Equal(t, api.RoleOwner, *e.Details.RequiredRole, name)
		}

		// The owner transfers ownership; the new owner may then step the old one down.
		r, err := tm.owner.UpdateMemberWithResponse(ctx, tm.project, adminID, api.UpdateMemberRequest{Role: api.RoleOwner})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
		r, err = admin.UpdateMemberWithResponse(ctx, tm.project, tm.ownerID, api.UpdateMemberRequest{Role: api.RoleAdmin})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
	})

	t.Run("AlwaysAnOwner", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		r, err := tm.owner.UpdateMemberWithResponse(ctx, tm.project, tm.ownerID, api.UpdateMemberRequest{Role: api.RoleAdmin})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, r.StatusCode(), string(r.Body))
		require.Contains(t, r.JSON409.Error.Message, "last owner")
		d, err := tm.owner.RemoveMemberWithResponse(ctx, tm.project, tm.ownerID)
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, d.StatusCode(), string(d.Body))
	})

	t.Run("Keys", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		admin := tm.env.Client(tm.key)
		resp, err := admin.ListMembersWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())

		other := tm.env.NewProject("other")
		resp, err = other.Client.ListMembersWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), "another project's key finds no such project")

		reader := tm.env.Client(tm.env.NewKey(&apitest.Project{ID: tm.project.String(), Key: tm.key, Client: admin},
			api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}}))
		resp, err = reader.ListMembersWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode())
		require.Equal(t, api.ScopeAdmin, *resp.JSON403.Error.Details.RequiredScope)

		// An admin key is no owner.
		r, err := admin.RemoveMemberWithResponse(ctx, tm.project, tm.ownerID)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, r.StatusCode())
	})
}

func TestInvitations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	invite := func(t *testing.T, tm *team, email string, role api.InvitationRole) api.CreatedInvitation {
		t.Helper()
		resp, err := tm.owner.CreateInvitationWithResponse(ctx, tm.project, nil, api.CreateInvitationRequest{Email: email, Role: role})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "no-store", resp.HTTPResponse.Header.Get("Cache-Control"))
		return resp.JSON201.Data
	}

	t.Run("SignUpAndAccept", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t) // sign-up by invitation, the default
		before := time.Now()
		inv := invite(t, tm, "Carol@example.com", api.InvitationRoleEditor)
		require.Regexp(t, `^po_inv_[0-9A-Za-z]{40}$`, inv.Token)
		require.WithinRange(t, inv.ExpiresAt, before.Add(7*24*time.Hour-time.Minute), time.Now().Add(7*24*time.Hour+time.Minute))

		// The invitation lets the email sign up, whatever its case.
		up, err := tm.env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "carol@EXAMPLE.com", Name: "Carol", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, up.StatusCode(), string(up.Body))
		carol := tm.env.Client(signIn(t, tm.env, "carol@example.com"))

		accepted, err := carol.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: inv.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, accepted.StatusCode(), string(accepted.Body))
		require.Equal(t, tm.project, accepted.JSON200.Data.Project.Id)
		require.Equal(t, api.RoleEditor, accepted.JSON200.Data.Role)

		// Carol acts in the project as an editor.
		created, err := carol.CreatePromptWithResponse(ctx, &api.CreatePromptParams{}, api.CreatePromptRequest{Slug: "welcome", Name: "Welcome"}, inProject(tm.project))
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))

		again, err := carol.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: inv.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, again.StatusCode(), "an invitation works once")
	})

	t.Run("Refusals", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t, func(o *server.Options) { o.UserSignup = config.UserSignupOpen })
		dave := tm.env.Client(signIn(t, tm.env, tm.env.NewUser("dave@example.com").Email))

		forOthers := invite(t, tm, "erin@example.com", api.InvitationRoleViewer)
		resp, err := dave.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: forOthers.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode(), string(resp.Body))

		expired := invite(t, tm, "dave@example.com", api.InvitationRoleViewer)
		_, err = tm.env.Pool.Exec(ctx, "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1", expired.Id)
		require.NoError(t, err)
		resp, err = dave.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: expired.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON409.Error.Message, "expired")

		for _, token := range []string{"po_inv_" + uuid.NewString() + "abcdefgh", "not a token"} {
			resp, err = dave.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: token})
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		}

		owners := invite(t, tm, "ada@example.com", api.InvitationRoleViewer)
		resp, err = tm.owner.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: owners.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), "a member already")

		resp, err = tm.env.Client(tm.key).AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: owners.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode(), "an API key is no person")
	})

	// An expired invitation no longer lets its email sign up.
	t.Run("ExpiredInvitationSignsNoOneUp", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		inv := invite(t, tm, "frank@example.com", api.InvitationRoleViewer)
		_, err := tm.env.Pool.Exec(ctx, "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1", inv.Id)
		require.NoError(t, err)
		up, err := tm.env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "frank@example.com", Name: "Frank", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, up.StatusCode(), string(up.Body))
	})
}

// inProject names the project of a person's request.
func inProject(id uuid.UUID) api.RequestEditorFn {
	return inProjectNamed(id.String())
}

// errorOf is the error body of a typed error response, or nil.
func errorOf(e *api.Error) *api.ErrorBody {
	if e == nil {
		return nil
	}
	return &e.Error
}
