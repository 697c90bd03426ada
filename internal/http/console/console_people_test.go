package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// signInAs signs the browser in with an email and apitest.Password and returns the page
// it lands on (the project picker).
func (b *browser) signInAs(email string) (int, string) {
	b.t.Helper()
	status, page := b.get("/console/sign-in")
	require.Equal(b.t, http.StatusOK, status)
	return b.post("/console/sign-in", url.Values{"csrf": {csrf(b.t, page)}, "email": {email}, "password": {apitest.Password}}, nil)
}

// pick opens a project from the picker and returns the page it lands on.
func (b *browser) pick(picker, projectID string) (int, string) {
	b.t.Helper()
	return b.post("/console/projects/"+projectID+"/pick", url.Values{"csrf": {csrf(b.t, picker)}}, nil)
}

func TestConsolePeople(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project *apitest.Project
		b       *browser
	}
	// setup makes a project and a user who is role in it, with a browser.
	setup := func(t *testing.T, role string, opts ...apitest.OptionFunc) *testBundle {
		env := apitest.New(t, opts...)
		project := env.NewProject("People")
		u := env.NewUser("ada@example.com")
		env.AddMember(uuid.MustParse(project.ID), u.ID, role)
		return &testBundle{env: env, project: project, b: newBrowser(t, env)}
	}
	exec := func(t *testing.T, env *apitest.Env, sql string) {
		_, err := env.Pool.Exec(context.Background(), sql)
		require.NoError(t, err)
	}

	t.Run("PicksAProjectAndActsWithTheRole", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		status, picker := bundle.b.signInAs("ada@example.com")
		require.Equal(t, http.StatusOK, status, picker)
		require.Contains(t, picker, "<h1>Projects</h1>")
		require.Contains(t, picker, "People")
		require.Contains(t, picker, `<td class="role">editor</td>`)
		status, page := bundle.b.pick(picker, bundle.project.ID)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<h1>Prompts</h1>")
		require.Contains(t, page, "ada@example.com · People · editor")
		require.Contains(t, page, `id="new-prompt"`, "an editor creates prompts")
		require.NotContains(t, page, `href="/console/keys"`, "keys are for admins")
		status, page = bundle.b.get("/console/keys")
		require.Equal(t, http.StatusForbidden, status)
		require.Contains(t, page, "This needs the admin role or a higher one; you are editor in this project.")
	})

	t.Run("ViewerOnlyReads", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "viewer")
		_, picker := bundle.b.signInAs("ada@example.com")
		status, page := bundle.b.pick(picker, bundle.project.ID)
		require.Equal(t, http.StatusOK, status, page)
		require.NotContains(t, page, `id="new-prompt"`)
		status, page = bundle.b.post("/console/prompts", url.Values{"csrf": {csrf(t, page)}, "slug": {"greeting"}, "name": {"Greeting"}}, nil)
		require.Equal(t, http.StatusForbidden, status, page)
		require.Contains(t, page, "This needs the editor role or a higher one; you are viewer in this project.")
	})

	t.Run("AdminSeesKeys", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "admin")
		_, picker := bundle.b.signInAs("ada@example.com")
		_, page := bundle.b.pick(picker, bundle.project.ID)
		require.Contains(t, page, `href="/console/keys"`)
		status, page := bundle.b.get("/console/keys")
		require.Equal(t, http.StatusOK, status, page)
	})

	t.Run("OneRefusalForEveryFailure", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "viewer")
		_, form := bundle.b.get("/console/sign-in")
		statusWrong, wrong := bundle.b.post("/console/sign-in", url.Values{"csrf": {csrf(t, form)}, "email": {"ada@example.com"}, "password": {"not the password at all"}}, nil)
		_, form = bundle.b.get("/console/sign-in")
		statusUnknown, unknown := bundle.b.post("/console/sign-in", url.Values{"csrf": {csrf(t, form)}, "email": {"nobody@example.com"}, "password": {apitest.Password}}, nil)
		require.Equal(t, http.StatusUnauthorized, statusWrong)
		require.Equal(t, http.StatusUnauthorized, statusUnknown)
		require.Contains(t, wrong, "The email or the password is wrong.")
		require.Contains(t, unknown, "The email or the password is wrong.")
		status, _ := bundle.b.get("/console/projects")
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, 0, sessions(t, bundle.env))
	})

	t.Run("ThrottledPerAccount", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "viewer", func(o *server.Options) { o.SignInAccountLimit = 2 })
		for range 2 {
			_, form := bundle.b.get("/console/sign-in")
			status, _ := bundle.b.post("/console/sign-in", url.Values{"csrf": {csrf(t, form)}, "email": {"ada@example.com"}, "password": {"wrong wrong wrong wrong"}}, nil)
			require.Equal(t, http.StatusUnauthorized, status)
		}
		status, page := bundle.b.signInAs("ada@example.com")
		require.Equal(t, http.StatusTooManyRequests, status, page)
		require.Contains(t, page, "Too many failed sign-ins of this account")
	})

	t.Run("DisabledAccountEndsTheSession", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		_, picker := bundle.b.signInAs("ada@example.com")
		bundle.b.pick(picker, bundle.project.ID)
		exec(t, bundle.env, "UPDATE users SET disabled = true")
		status, page := bundle.b.get("/console/prompts")
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="sign-in-password"`)
		require.Equal(t, 0, sessions(t, bundle.env))
	})

	t.Run("RevokedTokenEndsTheSession", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		bundle.b.signInAs("ada@example.com")
		exec(t, bundle.env, "UPDATE personal_tokens SET revoked_at = now()")
		status, page := bundle.b.get("/console/projects")
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="sign-in-password"`)
	})

	t.Run("SignOutRevokesTheSignInToken", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		_, picker := bundle.b.signInAs("ada@example.com")
		status, page := bundle.b.post("/console/sign-out", url.Values{"csrf": {csrf(t, picker)}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `id="sign-in-password"`)
		require.Equal(t, 0, sessions(t, bundle.env))
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM personal_tokens WHERE revoked_at IS NOT NULL"))
	})

	t.Run("RemovedMemberPicksAgain", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		_, picker := bundle.b.signInAs("ada@example.com")
		bundle.b.pick(picker, bundle.project.ID)
		exec(t, bundle.env, "DELETE FROM project_members")
		status, page := bundle.b.get("/console/prompts")
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="no-projects"`)
	})

	t.Run("PickingAnotherProjectIsNotFound", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor")
		other := bundle.env.NewProjectDirect("Other")
		_, picker := bundle.b.signInAs("ada@example.com")
		status, page := bundle.b.pick(picker, other.Project.ID.String())
		require.Equal(t, http.StatusNotFound, status, page)
	})

	t.Run("KeySignInTurnedOff", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "editor", func(o *server.Options) { o.ConsoleNoKeySignIn = true })
		_, form := bundle.b.get("/console/sign-in")
		require.NotContains(t, form, `name="key"`)
		status, page := bundle.b.post("/console/sign-in", url.Values{"csrf": {csrf(t, form)}, "key": {bundle.project.Key}}, nil)
		require.Equal(t, http.StatusForbidden, status)
		require.Contains(t, page, "Signing in with an API key is turned off on this server")
		require.Equal(t, 0, sessions(t, bundle.env))
	})
}

// sessions counts the console's sessions.
func sessions(t *testing.T, env *apitest.Env) int {
	t.Helper()
	var n int
	require.NoError(t, env.Pool.QueryRow(context.Background(), "SELECT count(*) FROM console_sessions").Scan(&n))
	return n
}
