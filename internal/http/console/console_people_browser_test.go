package console_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
	"github.com/oauth2-proxy/mockoidc"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsolePeopleInBrowser drives the console in headless Chromium as two people of one
// project: an editor, signed in with a password, who may promote to staging but is
// offered no promotion to production and no members page; then a publisher, signed in
// with single sign-on at a real OpenID provider, who promotes to production. Every page
// is checked for CSP violations and unlabelled inputs.
func TestConsolePeopleInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "people in the console in Chromium")
	t.Parallel()
	op, err := mockoidc.Run()
	require.NoError(t, err)
	t.Cleanup(func() { _ = op.Shutdown() })
	env := apitest.New(t, func(o *server.Options) {
		o.OIDCProviders = []config.OIDCProvider{{ID: "corp", Name: "Corp", Issuer: op.Issuer(), ClientID: op.ClientID, ClientSecret: op.ClientSecret}}
	})
	project := env.NewProject("Two people")
	projectID := uuid.MustParse(project.ID)
	prompt := env.NewPrompt(project, "welcome")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	env.AddMember(projectID, env.NewUser("ed@example.com").ID, "editor")
	pat := env.NewUser("pat@example.com")
	env.AddMember(projectID, pat.ID, "publisher")

	ctx := apitest.Browser(t, "people in the console", 120*time.Second)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		stepCtx, stop := context.WithTimeout(ctx, 20*time.Second)
		defer stop()
		if err := chromedp.Do(stepCtx, steps...); err != nil {
			shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
			require.NoError(t, err, "the page:\n%s", shown)
		}
	}
	count := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		require.NoError(t, err)
		return n
	}
	checked := func(name string) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations`))
		require.NoError(t, err)
		require.Empty(t, v, "the %s page broke its Content-Security-Policy", name)
		v, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yCheck))
		require.NoError(t, err)
		require.Empty(t, v, "the %s page", name)
	}
	openPrompt := func() {
		t.Helper()
		run(chromedp.WaitVisible(chromedp.CSS(`#projects`)), chromedp.Click(chromedp.CSS(`#pick-`+project.ID)),
			chromedp.WaitVisible(chromedp.CSS(`#prompts`)), chromedp.Click(chromedp.CSS(`#prompts tbody a`)),
			chromedp.WaitVisible(chromedp.CSS(`#environments`)))
	}

	// The browser starts with the test's context, not a step's (which would close it).
	require.Zero(t, count(`0`))

	// The editor signs in with a password and picks the project.
	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}),
		chromedp.Navigate(env.URL+"/console/"), chromedp.WaitVisible(chromedp.CSS(`#email`)))
	checked("sign-in")
	run(chromedp.SendKeys(chromedp.CSS(`#email`), "ed@example.com"), chromedp.SendKeys(chromedp.CSS(`#password`), apitest.Password),
		chromedp.Click(chromedp.CSS(`#sign-in-password`)))
	openPrompt()
	checked("prompt-editor")
	require.Equal(t, 1, count(`document.querySelectorAll('#promote-1-staging').length`), "an editor promotes to staging")
	require.Zero(t, count(`document.querySelectorAll('#promote-1-production, a[href="/console/members"], a[href="/console/keys"]').length`),
		"but is offered no promotion to production, no members and no keys")
	run(chromedp.Click(chromedp.CSS(`#promote-1-staging`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)),
		chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	require.Equal(t, 1, count(`document.getElementById("live-staging").textContent.trim() === "v1" ? 1 : 0`))

	// The publisher signs in with Corp (linked by the verified email) and promotes to production.
	op.QueueUser(&mockoidc.MockUser{Subject: "pat", Email: "pat@example.com", EmailVerified: true})
	run(chromedp.Click(chromedp.CSS(`#sign-out`)), chromedp.WaitVisible(chromedp.CSS(`#sso-corp`)), chromedp.Click(chromedp.CSS(`#sso-corp`)))
	openPrompt()
	checked("prompt-publisher")
	run(chromedp.Click(chromedp.CSS(`#promote-1-production`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)),
		chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	require.Equal(t, 1, count(`document.getElementById("live-production").textContent.trim() === "v1" ? 1 : 0`))

	// The deployment history names each person as the actor, not a key.
	deployments, err := project.Client.ListDeploymentsWithResponse(context.Background(), prompt.Id.String(), nil)
	require.NoError(t, err)
	actors := map[api.Environment]string{}
	for _, d := range deployments.JSON200.Data {
		if actor, err := d.Actor.Get(); err == nil && actor.Email != nil {
			actors[d.Environment] = *actor.Email
		}
	}
	require.Equal(t, "ed@example.com", actors["staging"])
	require.Equal(t, "pat@example.com", actors["production"])

	// An admin makes the publisher an editor: the page's socket is closed (it holds the old
	// role's rights), the page opens another and redraws with the new role, offering no
	// promotion to production any more.
	ctx2 := context.Background()
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))
	changed, err := project.Client.UpdateMemberWithResponse(ctx2, projectID, pat.ID, api.UpdateMemberRequest{Role: api.RoleEditor})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, changed.StatusCode(), string(changed.Body))
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="reconnecting"]`)), chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))
	require.Zero(t, count(`document.querySelectorAll('#promote-1-production').length`), "the page redrew for an editor")

	// Removed from the project, the page's socket is closed for good: no reconnecting.
	removed, err := project.Client.RemoveMemberWithResponse(ctx2, projectID, pat.ID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, removed.StatusCode(), string(removed.Body))
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="closed"]`)))
}
