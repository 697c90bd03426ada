package console_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// screenshots is where the test leaves a picture of each page for review (the repository's
// .promptops/, which git ignores).
var screenshots = filepath.Join("..", "..", "..", ".promptops")

// photograph leaves a picture of the page ctx shows in path. The picture is for people to
// review, not a check: headless Chromium sometimes never answers a full-page capture on a
// loaded machine (the race detector's CI), which must not spend the whole test's time, so
// the capture has a bound and a missing picture is said, not failed.
func photograph(ctx context.Context, t *testing.T, path string, quality int) {
	t.Helper()
	shotCtx, stop := context.WithTimeout(ctx, 10*time.Second)
	defer stop()
	shot, err := chromedp.Run(shotCtx, chromedp.FullScreenshot(quality))
	if err != nil {
		t.Logf("no picture %s: %v", path, err)
		return
	}
	require.NoError(t, os.WriteFile(path, shot, 0o644))
}

// pageWatch collects what a page must never do: break its Content-Security-Policy, throw,
// or log an error.
type pageWatch struct {
	mu       sync.Mutex
	problems []string
}

func (pw *pageWatch) add(p string) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.problems = append(pw.problems, p)
}

// listen collects the errors and exceptions of the tab of ctx until ctx ends; done
// closes when it has stopped.
func (pw *pageWatch) listen(ctx context.Context) (done <-chan struct{}) {
	messages := chromedp.Console(ctx)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for m, err := range messages {
			if err != nil {
				return
			}
			// Network entries are the statuses of pages the test means to be refused (a 400
			// editor, a 403 forgery); a missing script or style shows as a failed step.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && m.Source != "network" {
				pw.add(m.String() + " (" + m.URL + ")")
			}
		}
	}()
	return stopped
}

// cspWatch collects the page's Content-Security-Policy violations in window.cspViolations.
const cspWatch = `window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));`

// a11yCheck lists the inputs without a label and the actions out of keyboard reach.
const a11yCheck = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (el.labels.length === 0 && !el.getAttribute("aria-label")) bad.push("unlabelled " + el.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll("a[href], button")) {
    if (el.tabIndex < 0) bad.push("not reachable by keyboard " + el.outerHTML.slice(0, 80));
  }
  return bad;
})()`

// TestConsoleInBrowser drives the console in headless Chromium as a prompt author would:
// sign in, create a prompt and two versions (one refused at its field first), see the
// diff, try a render, promote to production, watch the badge change when someone else
// promotes through the API, roll back, and sign out; then a read-only key, which sees no
// write controls, and a forged form, which is refused. Every page is checked for CSP
// violations, script errors and unlabelled inputs, and photographed into .promptops/.
func TestConsoleInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "the console in Chromium")
	t.Parallel()
	require.NoError(t, os.MkdirAll(screenshots, 0o755))
	env := apitest.New(t)
	project := env.NewProject("Console project")
	author := env.NewKey(project, api.CreateApiKeyRequest{Environment: "dev", Label: new("author")})
	readOnly := env.NewKey(project, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}})

	ctx := apitest.Browser(t, "the console", 120*time.Second)
	watch := &pageWatch{}
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := watch.listen(watchCtx)

	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		// Each step has a bound of its own, so that a failed one leaves time to ask the page.
		stepCtx, stop := context.WithTimeout(ctx, 20*time.Second)
		defer stop()
		if err := chromedp.Do(stepCtx, steps...); err != nil {
			// What the page said, when it is still there to ask.
			shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
			require.NoError(t, err, "the page:\n%s", shown)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		require.NoError(t, err)
		return v
	}
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
		require.NoError(t, err)
		return v
	}
	evaluate := func(js string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		require.NoError(t, err)
		return v
	}
	// clear empties an input, as selecting its text and deleting it would.
	clear := func(id string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector("`+id+`").value = "") === ""`))
		require.NoError(t, err)
	}
	count := func(js string) int {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		require.NoError(t, err)
		return v
	}
	// checked checks the page now shown and photographs it as console-<name>.png.
	checked := func(name string) {
		t.Helper()
		require.Empty(t, evaluate(`window.cspViolations`), "the %s page broke its Content-Security-Policy", name)
		require.Empty(t, evaluate(a11yCheck), "the %s page", name)
		photograph(ctx, t, filepath.Join(screenshots, "console-"+name+".png"), 100)
	}
	// until waits for a JavaScript condition to hold on the page.
	until := func(condition string) {
		t.Helper()
		stepCtx, stop := context.WithTimeout(ctx, 20*time.Second)
		defer stop()
		_, err := chromedp.Run(stepCtx, chromedp.Poll[bool](condition))
		if err != nil {
			shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
			require.NoError(t, err, "waiting for %s; the page:\n%s", condition, shown)
		}
	}
	badge := func(env, text string) {
		t.Helper()
		until(`document.getElementById("live-` + env + `")?.textContent.trim() === "` + text + `"`)
	}
	variables := func(text string) {
		t.Helper()
		until(`document.getElementById("variables")?.textContent === "` + text + `"`)
	}

	// Sign in, from the keyboard.
	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		// Runs before the page's own scripts, and is not subject to its policy.
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}),
		chromedp.Navigate(env.URL+"/console/"),
		chromedp.WaitVisible(chromedp.CSS(`#key`)),
	)
	checked("sign-in")
	run(chromedp.SendKeys(chromedp.CSS(`#key`), author+"\r"), chromedp.WaitVisible(chromedp.CSS(`#prompts`)))

	// A prompt, and a first version refused at its field, then accepted.
	run(chromedp.SendKeys(chromedp.CSS(`#slug`), "welcome"), chromedp.SendKeys(chromedp.CSS(`#name`), "Welcome"), chromedp.SendKeys(chromedp.CSS(`#tags`), "onboarding"),
		chromedp.Click(chromedp.CSS(`#create-prompt`)), chromedp.WaitVisible(chromedp.CSS(`#environments`)))
	run(chromedp.Click(chromedp.CSS(`#new-version`)), chromedp.WaitVisible(chromedp.CSS(`#editor`)))
	// The editor's fields are found once its page has loaded whole: found while it was still
	// loading, a field's node could be gone when typed into ("No node with given id found").
	until(`document.readyState === "complete"`)
	run(chromedp.SetValue(chromedp.CSS(`#content-0`), "You are kind."),
		chromedp.SendKeys(chromedp.CSS(`#content-1`), "Hello {{name"),
		chromedp.Click(chromedp.CSS(`#review-version`)),
		chromedp.WaitVisible(chromedp.CSS(`#content-1 + .field-error`)))
	checked("editor-error")
	clear(`#content-1`)
	run(chromedp.SendKeys(chromedp.CSS(`#content-1`), "Hello {{name}}"))
	variables("name")
	run(chromedp.Click(chromedp.CSS(`#review-version`)), chromedp.WaitVisible(chromedp.CSS(`#message`)),
		chromedp.SendKeys(chromedp.CSS(`#message`), "First words"),
		chromedp.Click(chromedp.CSS(`#create-version`)), chromedp.WaitVisible(chromedp.CSS(`#no-diff`)))

	// A second version, seeded from the first, and its diff side by side.
	run(chromedp.Click(chromedp.CSS(`#back`)), chromedp.WaitVisible(chromedp.CSS(`#version-1`)),
		chromedp.Click(chromedp.CSS(`#new-version`)), chromedp.WaitVisible(chromedp.CSS(`#editor`)))
	require.Equal(t, "Hello {{name}}", value(`#content-1`))
	clear(`#content-1`)
	run(chromedp.SendKeys(chromedp.CSS(`#content-1`), "Hi {{name}}, welcome to {{place}}"))
	variables("name, place")
	checked("editor")
	run(chromedp.Click(chromedp.CSS(`#review-version`)), chromedp.WaitVisible(chromedp.CSS(`#message`)),
		chromedp.SendKeys(chromedp.CSS(`#message`), "Say where"), chromedp.Click(chromedp.CSS(`#create-version`)), chromedp.WaitVisible(chromedp.CSS(`#diff-texts`)))
	diff := text(`#diff-texts`)
	require.Contains(t, diff, "Hello {{name}}")
	require.Contains(t, diff, "Hi {{name}}, welcome to {{place}}")
	checked("version")

	// Try it: the rendered messages and the provider's request body, swapped in by htmx.
	run(chromedp.Click(chromedp.CSS(`#try-version`)), chromedp.WaitVisible(chromedp.CSS(`#var-place`)),
		chromedp.SendKeys(chromedp.CSS(`#var-name`), "Ada"), chromedp.SendKeys(chromedp.CSS(`#var-place`), "Paris"),
		chromedp.Click(chromedp.CSS(`#render`)), chromedp.WaitVisible(chromedp.CSS(`#request-body`)))
	require.Equal(t, []string{"You are kind.", "Hi Ada, welcome to Paris"}, evaluate(`[...document.querySelectorAll("#result .rendered")].map(e => e.textContent)`))
	body := text(`#request-body`)
	require.Contains(t, body, "Hi Ada, welcome to Paris")
	require.Contains(t, body, `"model"`)
	checked("try")

	// Promote v2 to production, confirmed.
	run(chromedp.Click(chromedp.CSS(`#back`)), chromedp.WaitVisible(chromedp.CSS(`#promote-2-production`)),
		chromedp.Click(chromedp.CSS(`#promote-2-production`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)))
	checked("confirm")
	run(chromedp.Focus(chromedp.CSS(`#confirm-yes`)), chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	badge("production", "v2")

	// Someone else promotes v1 through the API: the page hears it and redraws the badge.
	prompts, err := project.Client.ListPromptsWithResponse(context.Background(), nil)
	require.NoError(t, err)
	promptID := prompts.JSON200.Data[0].Id
	versions, err := project.Client.ListVersionsWithResponse(context.Background(), promptID.String(), nil)
	require.NoError(t, err)
	var v1 api.Version
	for _, v := range versions.JSON200.Data {
		if v.VersionNumber == 1 {
			v1 = v
		}
	}
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))
	env.Promote(project, promptID, v1.Id, "production")
	badge("production", "v1")
	checked("prompt")

	// Roll production back to v2.
	run(chromedp.Click(chromedp.CSS(`#rollback-production`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)),
		chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	badge("production", "v2")
	// The page has caught up with its socket (it may fetch its live part once more until
	// then), so the forged tokens below stay in the page.
	run(chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))

	// A forged form (its CSRF token replaced) is refused, and changes nothing.
	count(`document.querySelectorAll('input[name=csrf]').forEach(i => i.value = "forged") || 0`)
	run(chromedp.Click(chromedp.CSS(`#promote-1-staging`)), chromedp.WaitVisible(chromedp.CSS(`#error`)))
	require.Contains(t, text(`#error`), "CSRF token")
	checked("forged")

	// The other pages.
	for _, p := range []struct{ name, path, ready string }{
		{"prompts", "/console/prompts", `#prompts`},
		{"keys", "/console/keys", `#new-key`},
		{"webhooks", "/console/webhooks", `#webhooks`},
		{"audit", "/console/audit", `#events`},
		{"usage", "/console/usage", `#charts figure svg`},
	} {
		run(chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		checked(p.name)
	}
	// The prompt's analytics, once the application has reported some calls of each version.
	track := env.Do(env.Request(http.MethodPost, "/api/v1/analytics/track", project.Key, "application/json", `{"events": [
		{"type": "prompt.used", "slug": "welcome", "versionNumber": 1, "latencyMs": 420, "success": true, "costUsd": 0.002},
		{"type": "prompt.used", "slug": "welcome", "versionNumber": 2, "latencyMs": 910, "success": false, "error": "timeout"}]}`))
	require.Equal(t, http.StatusAccepted, track.StatusCode)
	run(chromedp.Navigate(env.URL+"/console/prompts/"+promptID.String()+"/analytics"), chromedp.WaitVisible(chromedp.CSS(`#charts figure svg`)))
	checked("analytics")

	run(chromedp.Navigate(env.URL+"/console/audit"), chromedp.WaitVisible(chromedp.CSS(`#events`)))
	audit := text(`#events`)
	require.Contains(t, audit, "deployment.rolled_back")
	require.Contains(t, audit, author[:12], "the console's actions are the author key's in the audit log")

	// A key made on the keys page is shown once, in full: a reload, or going back, shows
	// it no more and makes no other.
	keyCount := func() int {
		t.Helper()
		keys, err := project.Client.ListApiKeysWithResponse(context.Background(), nil)
		require.NoError(t, err)
		return len(keys.JSON200.Data)
	}
	before := keyCount()
	run(chromedp.Navigate(env.URL+"/console/keys"), chromedp.SendKeys(chromedp.CSS(`#label`), "ci"), chromedp.Click(chromedp.CSS(`#scope-prompts\:read`)), chromedp.Click(chromedp.CSS(`#create-key`)),
		chromedp.WaitVisible(chromedp.CSS(`#full-key`)))
	require.True(t, strings.HasPrefix(value(`#full-key`), "po_live_"))
	require.Equal(t, before+1, keyCount())
	run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#new-key`)))
	require.Zero(t, count(`document.querySelectorAll('#full-key').length`), "the key is shown once")
	run(chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.CSS(`#new-key`)))
	require.Equal(t, before+1, keyCount(), "a reload or going back made no other key")

	// Sign out; then a read-only key sees no write control.
	run(chromedp.Click(chromedp.CSS(`#sign-out`)), chromedp.WaitVisible(chromedp.CSS(`#key`)),
		chromedp.SendKeys(chromedp.CSS(`#key`), readOnly), chromedp.Click(chromedp.CSS(`#sign-in`)), chromedp.WaitVisible(chromedp.CSS(`#prompts`)))
	require.Zero(t, count(`document.querySelectorAll('#new-prompt, a[href="/console/keys"]').length`))
	run(chromedp.Click(chromedp.CSS(`#prompts tbody a`)), chromedp.WaitVisible(chromedp.CSS(`#environments`)))
	require.Zero(t, count(`document.querySelectorAll('form[action$="/promote"], form[action$="/rollback"], #new-version').length`))
	checked("prompt-read-only")
	source, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS(`html`)))
	require.NoError(t, err)
	require.NotContains(t, source, readOnly)

	stopWatch()
	<-watched
	watch.mu.Lock()
	defer watch.mu.Unlock()
	require.Empty(t, watch.problems, "the console's pages logged errors")
}
