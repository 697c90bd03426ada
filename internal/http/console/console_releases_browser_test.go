package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// TestConsoleReleasesInBrowser drives a release needing one approval in headless
// Chromium: an editor requests it with the new-release form into staging, which is
// protected (an editor may change staging's deployments, not production's, so the API
// refuses an editor's production release), and sees it wait for an approval; a publisher
// opens it from the releases page and approves it, and the page shows it completed; the
// releases page then shows a release made through the API by itself. Every
// page is checked for CSP violations, script errors and unlabelled inputs.
func TestConsoleReleasesInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "releases in the console in Chromium")
	t.Parallel()
	env := apitest.New(t)
	project := env.NewProject("Releases in a browser")
	projectID := uuid.MustParse(project.ID)
	prompt := env.NewPrompt(project, "welcome")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	testfactory.Protect(context.Background(), t, env.Pool, projectID, "staging", &testfactory.ProtectionOpts{RequiredApprovals: new(1)})
	env.AddMember(projectID, env.NewUser("ed@example.com").ID, "editor")
	env.AddMember(projectID, env.NewUser("pat@example.com").ID, "publisher")

	ctx := apitest.Browser(t, "releases in the console", 120*time.Second)
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
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		require.NoError(t, err)
		return strings.TrimSpace(v)
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
	signIn := func(email string) {
		t.Helper()
		run(chromedp.WaitVisible(chromedp.CSS(`#email`)), chromedp.SendKeys(chromedp.CSS(`#email`), email),
			chromedp.SendKeys(chromedp.CSS(`#password`), apitest.Password), chromedp.Click(chromedp.CSS(`#sign-in-password`)),
			chromedp.WaitVisible(chromedp.CSS(`#projects`)), chromedp.Click(chromedp.CSS(`#pick-`+project.ID)),
			chromedp.WaitVisible(chromedp.CSS(`#prompts`)))
	}

	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}), chromedp.Navigate(env.URL+"/console/"))

	// The editor requests the release with the form.
	signIn("ed@example.com")
	run(chromedp.Click(chromedp.CSS(`a[href="/console/releases"]`)), chromedp.WaitVisible(chromedp.CSS(`#releases`)))
	checked("releases")
	run(chromedp.Click(chromedp.CSS(`#new-release`)), chromedp.WaitVisible(chromedp.CSS(`#release-form`)))
	checked("new release")
	run(chromedp.SetValue(chromedp.CSS(`#environment`), "staging"), chromedp.SendKeys(chromedp.CSS(`#prompt0`), "welcome"),
		chromedp.SendKeys(chromedp.CSS(`#version0`), "1"), chromedp.SendKeys(chromedp.CSS(`#message`), "First welcome"),
		chromedp.Click(chromedp.CSS(`#request-release`)), chromedp.WaitVisible(chromedp.CSS(`#release-status`)))
	checked("pending release")
	require.Equal(t, "pending_approval", text(`#release-status`))
	require.Equal(t, "1 more approval", text(`#waiting-for`))
	run(chromedp.WaitNotPresent(chromedp.CSS(`#approve`)))

	// The publisher finds it on the releases page and approves it.
	run(chromedp.Click(chromedp.CSS(`#sign-out`)))
	signIn("pat@example.com")
	run(chromedp.Click(chromedp.CSS(`a[href="/console/releases"]`)), chromedp.WaitVisible(chromedp.CSS(`#releases`)),
		chromedp.Click(chromedp.CSS(`#releases tbody a[href^="/console/releases/"]`)), chromedp.WaitVisible(chromedp.CSS(`#approve`)))
	checked("release to approve")
	run(chromedp.SendKeys(chromedp.CSS(`#review-comment`), "Looks right"), chromedp.Click(chromedp.CSS(`#approve`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	checked("approved release")
	require.Equal(t, "completed", text(`#release-status`))
	require.Contains(t, text(`#reviews`), "pat@example.com")

	// The releases page shows a release made through the API as soon as its event arrives.
	run(chromedp.Click(chromedp.CSS(`a[href="/console/releases"]`)), chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))
	var version api.ReleaseChangeRequest_Version
	require.NoError(t, version.FromVersionIdOrNumber("1"))
	resp, err := project.Client.CreateReleaseWithResponse(context.Background(), nil, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{{Prompt: "welcome", Version: version}}, Message: new("From the API")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	run(chromedp.WaitVisible(chromedp.CSS(`[id="release-` + resp.JSON201.Data.Id.String() + `"]`)))

	// A release made after the page was rendered but before its socket subscribed shows
	// too: the page fetches its live part once subscribed. The socket's messages are held
	// (holdSocket) so that the release is made in that gap, whose event the page misses.
	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: holdSocket})
		return err
	}), chromedp.Navigate(env.URL+"/console/releases"), chromedp.WaitVisible(chromedp.CSS(`#releases`)))
	resp, err = project.Client.CreateReleaseWithResponse(context.Background(), nil, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{{Prompt: "welcome", Version: version}}, Message: new("In the gap")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.releaseSocket()`))
	require.NoError(t, err)
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="release-`+resp.JSON201.Data.Id.String()+`"]`)))

	// When nothing changed in the gap, the live part is left as it is: nothing the reader
	// looks at or types into is replaced.
	run(chromedp.Navigate(env.URL+"/console/releases"), chromedp.WaitVisible(chromedp.CSS(`#releases`)))
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("live").kept = true; window.releaseSocket()`))
	require.NoError(t, err)
	require.True(t, kept)
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))
	kept, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("live").kept === true`))
	require.NoError(t, err)
	require.True(t, kept, "the live part was swapped though nothing changed")

	stopWatch()
	<-watched
	require.Empty(t, watch.problems, "the pages logged errors")
}

// holdSocket holds every message the page's socket receives until the test calls
// window.releaseSocket(): the page then authenticates and subscribes only when told.
const holdSocket = `(() => {
  const Native = window.WebSocket;
  const onmessage = Object.getOwnPropertyDescriptor(Native.prototype, "onmessage");
  const held = [];
  let holding = true;
  window.releaseSocket = () => { holding = false; held.splice(0).forEach((deliver) => deliver()); return true; };
  window.WebSocket = class extends Native {
    set onmessage(handler) {
      onmessage.set.call(this, (msg) => (holding ? held.push(() => handler(msg)) : handler(msg)));
    }
    get onmessage() { return onmessage.get.call(this); }
  };
})();`
