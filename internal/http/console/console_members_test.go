package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

var (
	invitationToken = regexp.MustCompile(`id="invitation-token" readonly value="(po_inv_[A-Za-z0-9]+)"`)
	personalToken   = regexp.MustCompile(`id="full-token" readonly value="(po_pat_[A-Za-z0-9]+)"`)
)

func TestConsoleMembersAndTokens(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project uuid.UUID
		bob     uuid.UUID
		b       *browser
		page    string
	}
	// setup signs ada in as role of a project whose other member, bob, is a viewer.
	setup := func(t *testing.T, role string) *testBundle {
		env := apitest.New(t)
		project := env.NewProjectDirect("Team").Project.ID
		ada, bob := env.NewUser("ada@example.com"), env.NewUser("bob@example.com")
		env.AddMember(project, ada.ID, role)
		env.AddMember(project, bob.ID, "viewer")
		b := newBrowser(t, env)
		_, picker := b.signInAs("ada@example.com")
		status, page := b.pick(picker, project.String())
		require.Equal(t, http.StatusOK, status, page)
		return &testBundle{env: env, project: project, bob: bob.ID, b: b, page: page}
	}
	role := func(t *testing.T, bundle *testBundle, user uuid.UUID) string {
		var r string
		require.NoError(t, bundle.env.Pool.QueryRow(context.Background(), "SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2", bundle.project, user).Scan(&r))
		return r
	}

	t.Run("AdminManagesMembers", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "admin")
		require.Contains(t, bundle.page, `href="/console/members"`)
		status, page := bundle.b.get("/console/members")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "bob@example.com")

		status, page = bundle.b.post("/console/members/"+bundle.bob.String()+"/role", url.Values{"csrf": {csrf(t, page)}, "role": {"editor"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Role changed to editor.")
		require.Equal(t, "editor", role(t, bundle, bundle.bob))

		status, page = bundle.b.post("/console/members/"+bundle.bob.String()+"/role", url.Values{"csrf": {csrf(t, page)}, "role": {"owner"}}, nil)
		require.Equal(t, http.StatusForbidden, status, page)
		require.Equal(t, "editor", role(t, bundle, bundle.bob), "only an owner makes owners")

		status, page = bundle.b.post("/console/invitations", url.Values{"csrf": {csrf(t, page)}, "email": {"carol@example.com"}, "role": {"viewer"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		m := invitationToken.FindStringSubmatch(page)
		require.NotNil(t, m, "the invitation's token is shown")
		_, again := bundle.b.get("/console/members")
		require.NotContains(t, again, m[1], "and only once")

		status, page = bundle.b.post("/console/members/"+bundle.bob.String()+"/remove", url.Values{"csrf": {csrf(t, again)}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Member removed.")
		require.NotContains(t, page, "bob@example.com")
	})

	t.Run("EditorHasNoMembersPage", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		require.NotContains(t, bundle.page, `href="/console/members"`)
		status, page := bundle.b.get("/console/members")
		require.Equal(t, http.StatusForbidden, status)
		require.Contains(t, page, "This needs the admin role or a higher one; you are editor in this project.")
		status, _ = bundle.b.post("/console/members/"+bundle.bob.String()+"/remove", url.Values{"csrf": {csrf(t, page)}}, nil)
		require.Equal(t, http.StatusForbidden, status)
		require.Equal(t, "viewer", role(t, bundle, bundle.bob))
	})

	t.Run("PersonalTokens", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "viewer")
		require.Contains(t, bundle.page, `href="/console/tokens"`)
		status, page := bundle.b.get("/console/tokens")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<td>sign-in</td>", "the session's own sign-in token is listed")

		status, page = bundle.b.post("/console/tokens", url.Values{"csrf": {csrf(t, page)}, "name": {"laptop"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		m := personalToken.FindStringSubmatch(page)
		require.NotNil(t, m, "the token is shown")
		session, err := bundle.env.Client(m[1]).GetSessionWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, session.StatusCode())
		require.Equal(t, api.SessionTypeUser, session.JSON200.Data.Type)

		var id uuid.UUID
		require.NoError(t, bundle.env.Pool.QueryRow(context.Background(), "SELECT id FROM personal_tokens WHERE name = 'laptop'").Scan(&id))
		status, page = bundle.b.post("/console/tokens/"+id.String()+"/revoke", url.Values{"csrf": {csrf(t, page)}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Token revoked.")
		session, err = bundle.env.Client(m[1]).GetSessionWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, session.StatusCode())
	})
}
