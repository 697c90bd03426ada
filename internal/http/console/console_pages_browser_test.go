package console_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// consolePage is a console page to visit: its name in the screenshots, its path, what
// shows when it is ready, and what to do on it before it is checked.
type consolePage struct {
	name, path, ready string
	then              []chromedp.Action[chromedp.Void]
}

// TestEveryPageAtTwoWidths visits every page of the console in headless Chromium, signed in
// as a project's admin, at 390 and 1280 pixels wide: none breaks its Content-Security-
// Policy, logs an error, leaves an input unlabelled or scrolls sideways. Each is
// photographed into .promptops/screens/<page>-<width>.png for review.
func TestEveryPageAtTwoWidths(t *testing.T) {
	apitest.SkipIfShort(t, "every console page in Chromium")
	t.Parallel()
	shots := filepath.Join(screenshots, "screens")
	require.NoError(t, os.MkdirAll(shots, 0o755))
	env := apitest.New(t)
	project := env.NewProject("Every page")
	env.AddMember(project.UUID(), env.NewUser("ada@example.com").ID, "admin")
	prompt := env.NewPrompt(project, "welcome")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	v2 := env.NewVersion(project, prompt.Id, "Hi {{name}}, welcome to {{place}}. We are glad you are here with us today.")
	release, webhook := pagesFixtures(t, env, project)

	ctx := apitest.Browser(t, "every console page", 240*time.Second)
	watch := &pageWatch{}
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := watch.listen(watchCtx)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		stepCtx, stop := context.WithTimeout(ctx, 20*time.Second)
		defer stop()
		if err := chromedp.Do(stepCtx, steps...); err != nil {
			shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
			require.NoError(t, err, "the page:\n%s", shown)
		}
	}
	evaluate := func(js string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		require.NoError(t, err)
		return v
	}
	fits := func() bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.scrollingElement.scrollWidth <= window.innerWidth`))
		require.NoError(t, err)
		return v
	}
	visit := func(p consolePage) {
		t.Helper()
		for _, width := range []int64{390, 1280} {
			run(chromedp.EmulateViewport(width, 900), chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
			run(p.then...)
			require.Empty(t, evaluate(`window.cspViolations`), "the %s page broke its Content-Security-Policy", p.name)
			require.Empty(t, evaluate(a11yCheck), "the %s page", p.name)
			assert.True(t, fits(), "the %s page scrolls sideways at %d pixels: %v", p.name, width, evaluate(tooWide))
			photograph(ctx, t, filepath.Join(shots, p.name+"-"+strconv.FormatInt(width, 10)+".png"), 90)
		}
	}

	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}), chromedp.Navigate(env.URL+"/console/"), chromedp.WaitVisible(chromedp.CSS(`#email`)))
	visit(consolePage{name: "sign-in", path: "/console/sign-in", ready: `#email`})
	run(chromedp.SendKeys(chromedp.CSS(`#email`), "ada@example.com"), chromedp.SendKeys(chromedp.CSS(`#password`), apitest.Password),
		chromedp.Click(chromedp.CSS(`#sign-in-password`)), chromedp.WaitVisible(chromedp.CSS(`#projects`)))
	visit(consolePage{name: "projects", path: "/console/projects", ready: `#projects`})
	run(chromedp.Click(chromedp.CSS(`#pick-`+project.ID)), chromedp.WaitVisible(chromedp.CSS(`#prompts`)))

	promptPath := "/console/prompts/" + prompt.Id.String()
	for _, p := range []consolePage{
		{name: "prompts", path: "/console/prompts", ready: `#prompts`},
		{name: "prompt", path: promptPath, ready: `#environments`},
		{name: "version", path: promptPath + "/versions/" + v2.Id.String(), ready: `#diff-h`},
		{name: "editor", path: promptPath + "/versions/new", ready: `#blocks`},
		{name: "try", path: promptPath + "/try?version=2", ready: `#run-button`, then: []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS(`#var-name`), "Ada"), chromedp.SetValue(chromedp.CSS(`#run-compare`), "1"),
			chromedp.Click(chromedp.CSS(`#run-button`)), chromedp.WaitVisible(chromedp.CSS(`#run-v1`))}},
		{name: "releases", path: "/console/releases", ready: `#releases`},
		{name: "release", path: "/console/releases/" + release.String(), ready: `#release-status`},
		{name: "new-release", path: "/console/releases/new", ready: `#release-form`},
		{name: "environments", path: "/console/environments", ready: `#environment-list`},
		{name: "connections", path: "/console/connections", ready: `#connections`},
		{name: "keys", path: "/console/keys", ready: `#new-key`},
		{name: "webhooks", path: "/console/webhooks", ready: `#webhooks`},
		{name: "webhook", path: "/console/webhooks/" + webhook.String(), ready: `#deliveries`},
		{name: "audit", path: "/console/audit", ready: `#events`},
		{name: "usage", path: "/console/usage", ready: `#charts figure svg`},
		{name: "analytics", path: promptPath + "/analytics", ready: `#charts figure svg`},
		{name: "members", path: "/console/members", ready: `#members`},
		{name: "tokens", path: "/console/tokens", ready: `#tokens`},
	} {
		visit(p)
	}

	stopWatch()
	<-watched
	watch.mu.Lock()
	defer watch.mu.Unlock()
	require.Empty(t, watch.problems, "the console's pages logged errors")
}

// pagesFixtures gives every page something to show, through the API: a loopback provider
// connection, a release, a webhook to a receiver (with its deliveries) and tracked calls;
// it returns the release and the webhook.
func pagesFixtures(t *testing.T, env *apitest.Env, project *apitest.Project) (release, webhook uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	provider := apitest.NewProvider(t)
	connection, err := project.Client.CreateConnectionWithResponse(ctx, nil, api.CreateConnectionRequest{Name: "local",
		Provider: api.ConnectionProviderOpenai, BaseUrl: provider.URL, ApiKey: "sk-local", DefaultModel: new("gpt-4o-mini")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, connection.StatusCode(), string(connection.Body))

	var version api.ReleaseChangeRequest_Version
	require.NoError(t, version.FromVersionIdOrNumber("2"))
	created, err := project.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "staging",
		Changes: []api.ReleaseChangeRequest{{Prompt: "welcome", Version: version}}, Message: new("Say where")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))

	hook, err := project.Client.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: apitest.NewReceiver(t).URL, Events: []string{"*"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))

	track := env.Do(env.Request(http.MethodPost, "/api/v1/analytics/track", project.Key, "application/json", `{"events": [
		{"type": "prompt.used", "slug": "welcome", "versionNumber": 1, "latencyMs": 420, "success": true, "costUsd": 0.002},
		{"type": "prompt.used", "slug": "welcome", "versionNumber": 2, "latencyMs": 910, "success": false, "error": "timeout"}]}`))
	require.Equal(t, http.StatusAccepted, track.StatusCode)
	return created.JSON201.Data.Id, hook.JSON201.Data.Id
}
