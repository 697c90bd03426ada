package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestInvitationsListAndRevoke: an admin lists the project's pending invitations (never a
// token) and revokes one, whose token then names nothing; a viewer may do neither.
func TestInvitationsListAndRevoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t, func(o *server.Options) { o.UserSignup = config.UserSignupOpen })
		carol := inviteAs(t, tm, tm.owner, "carol@example.com", api.InvitationRoleEditor)
		dave := inviteAs(t, tm, tm.env.Client(tm.key), "dave@example.com", api.InvitationRoleViewer)

		list, err := tm.owner.ListInvitationsWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
		require.NotContains(t, string(list.Body), "po_inv_", "a token is shown once, at creation")
		require.Equal(t, api.Pagination{Total: 2, Page: 1, Limit: 20, Pages: 1}, list.JSON200.Meta.Pagination)
		require.Equal(t, []uuid.UUID{dave.Id, carol.Id}, []uuid.UUID{list.JSON200.Data[0].Id, list.JSON200.Data[1].Id}, "newest first")
		byKey, byOwner := list.JSON200.Data[0], list.JSON200.Data[1]
		require.Equal(t, "carol@example.com", byOwner.Email)
		require.Equal(t, api.InvitationRoleEditor, byOwner.Role)
		require.Equal(t, carol.ExpiresAt.UTC(), byOwner.ExpiresAt.UTC())
		owner := byOwner.Inviter.MustGet()
		require.Equal(t, api.ActorTypeUser, owner.Type)
		require.Equal(t, tm.ownerID, owner.Id)
		require.Equal(t, api.ActorTypeKey, byKey.Inviter.MustGet().Type)

		revoked, err := tm.owner.RevokeInvitationWithResponse(ctx, tm.project, carol.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, revoked.StatusCode(), string(revoked.Body))
		again, err := tm.owner.RevokeInvitationWithResponse(ctx, tm.project, carol.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, again.StatusCode(), "no longer pending")

		list, err = tm.owner.ListInvitationsWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, 1)
		require.Equal(t, dave.Id, list.JSON200.Data[0].Id)

		// The revoked token names nothing; the other still works, and once accepted is
		// no longer pending.
		requireRefused(t, tm, "carol@example.com", carol.Token)
		daveClient := tm.env.Client(signIn(t, tm.env, tm.env.NewUser("dave@example.com").Email))
		accepted, err := daveClient.AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: dave.Token})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, accepted.StatusCode(), string(accepted.Body))
		gone, err := tm.owner.RevokeInvitationWithResponse(ctx, tm.project, dave.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, gone.StatusCode(), "accepted")

		require.Equal(t, []string{carol.Id.String()}, revokedInvitations(t, tm))
	})

	t.Run("OfAnotherProject", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		inv := inviteAs(t, tm, tm.owner, "carol@example.com", api.InvitationRoleViewer)
		other := tm.env.NewProject("other")
		resp, err := tm.env.Client(other.Key).RevokeInvitationWithResponse(ctx, uuid.MustParse(other.ID), inv.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		list, err := tm.owner.ListInvitationsWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, 1, "still pending")
	})

	t.Run("ViewerForbidden", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		inv := inviteAs(t, tm, tm.owner, "carol@example.com", api.InvitationRoleViewer)
		viewer, _ := tm.join(t, "vic@example.com", api.RoleViewer)
		list, err := viewer.ListInvitationsWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, list.StatusCode(), string(list.Body))
		revoked, err := viewer.RevokeInvitationWithResponse(ctx, tm.project, inv.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, revoked.StatusCode(), string(revoked.Body))
		require.Equal(t, api.RoleAdmin, *revoked.JSON403.Error.Details.RequiredRole)
	})
}

// inviteAs has client invite email to the team's project with role.
func inviteAs(t *testing.T, tm *team, client *api.ClientWithResponses, email string, role api.InvitationRole) api.CreatedInvitation {
	t.Helper()
	resp, err := client.CreateInvitationWithResponse(context.Background(), tm.project, nil, api.CreateInvitationRequest{Email: email, Role: role})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data
}

// requireRefused checks that the account of email (made now if it has none) cannot accept
// token: it names no invitation that can be accepted.
func requireRefused(t *testing.T, tm *team, email, token string) {
	t.Helper()
	var exists bool
	require.NoError(t, tm.env.Pool.QueryRow(context.Background(), "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1))", email).Scan(&exists))
	if !exists {
		tm.env.NewUser(email)
	}
	resp, err := tm.env.Client(signIn(t, tm.env, email)).AcceptInvitationWithResponse(context.Background(), api.AcceptInvitationRequest{Token: token})
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
}

// revokedInvitations lists the ids of the invitations the team's project's
// invitation.revoked events name.
func revokedInvitations(t *testing.T, tm *team) []string {
	t.Helper()
	eventType := api.EventType("invitation.revoked")
	resp, err := tm.env.Client(tm.key).ListEventsWithResponse(context.Background(), &api.ListEventsParams{Type: &eventType})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	var ids []string
	for _, e := range resp.JSON200.Data {
		var data struct {
			ID string `json:"id"`
		}
		require.NoError(t, json.Unmarshal(e.Data, &data))
		ids = append(ids, data.ID)
	}
	return ids
}

// TestInvitationsDieWithTheirInvitersRights: an admin who invites an address of their own
// and is then removed, or lowered below admin, cannot come back through the invitation:
// their pending invitations are revoked with the change, and no longer let the address
// sign up either. Others' invitations, and those of an admin made owner, stay.
func TestInvitationsDieWithTheirInvitersRights(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	for _, tc := range []struct {
		name   string
		change func(t *testing.T, tm *team, userID uuid.UUID) int
	}{
		{"Removed", func(t *testing.T, tm *team, userID uuid.UUID) int {
			resp, err := tm.owner.RemoveMemberWithResponse(ctx, tm.project, userID)
			require.NoError(t, err)
			return resp.StatusCode()
		}},
		{"Demoted", func(t *testing.T, tm *team, userID uuid.UUID) int {
			resp, err := tm.owner.UpdateMemberWithResponse(ctx, tm.project, userID, api.UpdateMemberRequest{Role: api.RolePublisher})
			require.NoError(t, err)
			return resp.StatusCode()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tm := newTeam(t) // sign-up by invitation, the default
			bob, bobID := tm.join(t, "bob@example.com", api.RoleAdmin)
			own := inviteAs(t, tm, bob, "bob.alt@example.com", api.InvitationRoleAdmin)
			owners := inviteAs(t, tm, tm.owner, "carol@example.com", api.InvitationRoleViewer)

			require.Equal(t, http.StatusOK, tc.change(t, tm, bobID))

			up, err := tm.env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "bob.alt@example.com", Name: "Bob", Password: apitest.Password})
			require.NoError(t, err)
			require.Equal(t, http.StatusForbidden, up.StatusCode(), "the revoked invitation lets no one sign up: %s", up.Body)
			requireRefused(t, tm, "bob.alt@example.com", own.Token)
			require.Equal(t, []string{own.Id.String()}, revokedInvitations(t, tm))

			list, err := tm.owner.ListInvitationsWithResponse(ctx, tm.project, nil)
			require.NoError(t, err)
			require.Len(t, list.JSON200.Data, 1)
			require.Equal(t, owners.Id, list.JSON200.Data[0].Id, "the owner's invitation stays")
		})
	}

	t.Run("PromotedKeepsThem", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		bob, bobID := tm.join(t, "bob@example.com", api.RoleAdmin)
		inviteAs(t, tm, bob, "carol@example.com", api.InvitationRoleViewer)
		resp, err := tm.owner.UpdateMemberWithResponse(ctx, tm.project, bobID, api.UpdateMemberRequest{Role: api.RoleOwner})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		list, err := tm.owner.ListInvitationsWithResponse(ctx, tm.project, nil)
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, 1)
		require.Empty(t, revokedInvitations(t, tm))
	})
}

// TestInvitationMadeAsItsInviterIsRemoved: an invitation being made as its inviter is
// removed is refused (403) once the removal has committed, where it was written after it
// and outlived it. The race is made certain: the project's row is held (as a member change
// holds it) until the invitation waits for it, and the removal commits under that hold.
func TestInvitationMadeAsItsInviterIsRemoved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := newTeam(t)
	bob, bobID := tm.join(t, "bob@example.com", api.RoleAdmin)

	hold, err := tm.env.Pool.Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = hold.Rollback(ctx) }()
	_, err = hold.Exec(ctx, "SELECT FROM projects WHERE id = $1 FOR NO KEY UPDATE", tm.project)
	require.NoError(t, err)
	type answer struct {
		resp *api.CreateInvitationResponse
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := bob.CreateInvitationWithResponse(ctx, tm.project, nil, api.CreateInvitationRequest{Email: "bob.alt@example.com", Role: api.InvitationRoleAdmin})
		done <- answer{resp, err}
	}()
	require.Eventually(t, func() bool {
		var waiting int
		require.NoError(t, tm.env.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM projects%'`).Scan(&waiting))
		return waiting > 0
	}, 10*time.Second, 10*time.Millisecond, "the invitation waits for the project's row")
	_, err = hold.Exec(ctx, "DELETE FROM project_members WHERE project_id = $1 AND user_id = $2", tm.project, bobID)
	require.NoError(t, err)
	require.NoError(t, hold.Commit(ctx))

	a := <-done
	require.NoError(t, a.err)
	require.Equal(t, http.StatusForbidden, a.resp.StatusCode(), string(a.resp.Body))
	require.Equal(t, "You are no longer a member of this project.", a.resp.JSON403.Error.Message)
	list, err := tm.owner.ListInvitationsWithResponse(ctx, tm.project, nil)
	require.NoError(t, err)
	require.Empty(t, list.JSON200.Data, "nothing was written")
}

// TestInvitationOfADisabledInviter: while the account of the person who made an invitation
// is disabled (promptops users disable), the invitation neither lets its address sign up
// nor can be accepted; enabled again, it can. An admin who invited an address of their own
// cannot come back through it while disabled.
func TestInvitationOfADisabledInviter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := newTeam(t) // sign-up by invitation, the default
	bob, _ := tm.join(t, "bob@example.com", api.RoleAdmin)
	own := inviteAs(t, tm, bob, "bob.alt@example.com", api.InvitationRoleAdmin)
	setDisabled := func(disabled bool) {
		t.Helper()
		_, err := dbsqlc.New().UserSetDisabled(ctx, tm.env.Pool, dbsqlc.UserSetDisabledParams{Email: "bob@example.com", Disabled: disabled})
		require.NoError(t, err)
	}

	setDisabled(true)
	up, err := tm.env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "bob.alt@example.com", Name: "Bob", Password: apitest.Password})
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, up.StatusCode(), "the invitation lets no one sign up: %s", up.Body)
	requireRefused(t, tm, "bob.alt@example.com", own.Token)

	setDisabled(false)
	accepted, err := tm.env.Client(signIn(t, tm.env, "bob.alt@example.com")).AcceptInvitationWithResponse(ctx, api.AcceptInvitationRequest{Token: own.Token})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, accepted.StatusCode(), string(accepted.Body))
}
