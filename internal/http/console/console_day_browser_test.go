package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// dayTab is one person's browser tab in TestPromptWritersDay, with the steps a test takes
// in it.
type dayTab struct {
	t     *testing.T
	ctx   context.Context
	watch *pageWatch
}

// newDayTab opens a tab in a browser context of its own (its own cookies), which watches
// for CSP violations and errors from its first page.
func newDayTab(t *testing.T, parent context.Context, newContext bool) *dayTab {
	t.Helper()
	ctx := parent
	if newContext {
		var cancel context.CancelFunc
		ctx, cancel = chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
	}
	tab := &dayTab{t: t, ctx: ctx, watch: &pageWatch{}}
	// The tab starts with its own context, not a step's (which would close it).
	require.NoError(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	})))
	watchCtx, stop := context.WithCancel(ctx)
	done := tab.watch.listen(watchCtx)
	t.Cleanup(func() { stop(); <-done })
	return tab
}

func (d *dayTab) run(steps ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	stepCtx, stop := context.WithTimeout(d.ctx, 20*time.Second)
	defer stop()
	if err := chromedp.Do(stepCtx, steps...); err != nil {
		shown, _ := chromedp.Run(d.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
		require.NoError(d.t, err, "the page:\n%s", shown)
	}
}

func (d *dayTab) text(sel string) string {
	d.t.Helper()
	v, err := chromedp.Run(d.ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(d.t, err)
	return strings.TrimSpace(v)
}

func (d *dayTab) until(condition string) {
	d.t.Helper()
	stepCtx, stop := context.WithTimeout(d.ctx, 20*time.Second)
	defer stop()
	if _, err := chromedp.Run(stepCtx, chromedp.Poll[bool](condition, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		shown, _ := chromedp.Run(d.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
		require.NoError(d.t, err, "waiting for %s; the page:\n%s", condition, shown)
	}
}

// checked checks the page shown: its policy, its labels, no error logged so far.
func (d *dayTab) checked(name string) {
	d.t.Helper()
	v, err := chromedp.Run(d.ctx, chromedp.Evaluate[[]string](`window.cspViolations`))
	require.NoError(d.t, err)
	require.Empty(d.t, v, "the %s page broke its Content-Security-Policy", name)
	v, err = chromedp.Run(d.ctx, chromedp.Evaluate[[]string](a11yCheck))
	require.NoError(d.t, err)
	require.Empty(d.t, v, "the %s page", name)
	d.watch.mu.Lock()
	defer d.watch.mu.Unlock()
	require.Empty(d.t, d.watch.problems, "up to the %s page", name)
}

// typeInto focuses a JSON editor (CodeMirror, in its host's shadow root) and types text.
func (d *dayTab) typeInto(field, text string) {
	d.t.Helper()
	d.until(`document.getElementById("` + field + `-host")?.shadowRoot?.getElementById("` + field + `-editor") != null`)
	d.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("`+field+`-host").shadowRoot.getElementById("`+field+`-editor").focus()`),
		chromedp.KeyEvent(text))
}

// signIn signs in with an email and password and picks the project.
func (d *dayTab) signIn(url, email, projectID string) {
	d.t.Helper()
	d.run(chromedp.Navigate(url+"/console/"), chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), apitest.Password+"\r"),
		chromedp.WaitVisible(chromedp.CSS(`#projects`)), chromedp.Click(chromedp.CSS(`#pick-`+projectID)), chromedp.WaitVisible(chromedp.CSS(`#prompts`)))
}

// TestPromptWritersDay is a prompt writer's whole day in headless Chromium. A writer signs
// in with a password; writes a new version as a conversation with a tool and a variables
// schema; reviews its diff and saves it with a message; tries it with typed variables; runs
// it through a connection to the loopback provider, compared with the version before; and
// requests a canary into production (gradual, guarded by the error rate, evaluated each
// second) from the new release form. Another publisher, in a browser of their own,
// approves it.
// The canary rolls out (subjects resolve to both versions); the application's calls of the
// candidate fail; the release page shows it rolled back, with the guard's reason. No page
// breaks its policy, logs an error or leaves an input unlabelled.
func TestPromptWritersDay(t *testing.T) {
	apitest.SkipIfShort(t, "a prompt writer's day in Chromium")
	t.Parallel()
	env := apitest.New(t)
	project := env.NewProject("A writer's day")
	prompt := env.NewPrompt(project, "support")
	v1 := env.NewVersion(project, prompt.Id, "Hello {{name}}")
	env.Promote(project, prompt.Id, v1.Id, "production")
	testfactory.Protect(context.Background(), t, env.Pool, project.UUID(), "production", &testfactory.ProtectionOpts{RequiredApprovals: new(1)})
	// The writer is a publisher: the API refuses an editor's production release (an editor
	// changes dev's and staging's deployments only); a second person must approve it still.
	env.AddMember(project.UUID(), env.NewUser("ed@example.com").ID, "publisher")
	env.AddMember(project.UUID(), env.NewUser("pat@example.com").ID, "publisher")
	provider := apitest.NewProvider(t)
	connection, err := project.Client.CreateConnectionWithResponse(context.Background(), nil, api.CreateConnectionRequest{Name: "local",
		Provider: api.ConnectionProviderOpenai, BaseUrl: provider.URL, ApiKey: "sk-local", DefaultModel: new("gpt-4o-mini")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, connection.StatusCode(), string(connection.Body))
	application := env.NewKey(project, api.CreateApiKeyRequest{Environment: "production", Label: new("application")})

	browser := apitest.Browser(t, "a prompt writer's day", 180*time.Second)
	ed := newDayTab(t, browser, false)
	ed.signIn(env.URL, "ed@example.com", project.ID)
	promptPath := "/console/prompts/" + prompt.Id.String()

	// A conversation: the greeting asks about a topic; a tool and a schema typed in.
	ed.run(chromedp.Navigate(env.URL+promptPath+"/versions/new"), chromedp.WaitVisible(chromedp.CSS(`#blocks`)))
	ed.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("content-1").value = ""`),
		chromedp.SendKeys(chromedp.CSS(`#content-1`), "Hello {{name}}, about {{topic}}"))
	ed.until(`document.getElementById("variables").textContent === "name, topic"`)
	ed.typeInto("tools", `[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]`)
	ed.typeInto("variablesSchema", `{"type": "object", "properties": {"topic": {"type": "integer"}}}`)
	ed.checked("editor")
	ed.run(chromedp.Click(chromedp.CSS(`#review-version`)), chromedp.WaitVisible(chromedp.CSS(`#review`)))
	ed.until(`document.getElementById("review-h")?.textContent === "Your changes against v1"`)
	require.Contains(t, ed.text(`#review`), "Hello {{name}}, about {{topic}}")
	ed.checked("review")
	ed.run(chromedp.SendKeys(chromedp.CSS(`#message`), "Ask about the topic"), chromedp.Click(chromedp.CSS(`#create-version`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	require.Equal(t, "Created v2.", ed.text(`.notice`))

	// Tried with typed variables, then run against the provider beside v1.
	ed.run(chromedp.Navigate(env.URL+promptPath+"/try?version=2"), chromedp.WaitVisible(chromedp.CSS(`#var-topic`)))
	ed.until(`document.getElementById("var-topic").type === "number"`)
	ed.run(chromedp.SendKeys(chromedp.CSS(`#var-name`), "Ada"), chromedp.SendKeys(chromedp.CSS(`#var-topic`), "3"),
		chromedp.Click(chromedp.CSS(`#render`)), chromedp.WaitVisible(chromedp.CSS(`#result .rendered`)))
	require.Contains(t, ed.text(`#result`), "Hello Ada, about 3")
	ed.checked("try")
	ed.run(chromedp.WaitVisible(chromedp.CSS(`#run-button`)), chromedp.SetValue(chromedp.CSS(`#run-compare`), "1"),
		chromedp.Click(chromedp.CSS(`#run-button`)), chromedp.WaitVisible(chromedp.CSS(`#run-v1`)))
	require.Contains(t, ed.text(`#run-v2`), "echo: gpt-4o-mini")
	require.Contains(t, ed.text(`#run-v1`), "echo: gpt-4o-mini")
	ed.checked("run")

	// A canary into production, requested from the form: it waits for an approval.
	ed.run(chromedp.Navigate(env.URL+"/console/releases/new"), chromedp.WaitVisible(chromedp.CSS(`#release-form`)),
		chromedp.SetValue(chromedp.CSS(`#environment`), "production"),
		chromedp.SendKeys(chromedp.CSS(`#prompt0`), "support"), chromedp.SendKeys(chromedp.CSS(`#version0`), "2"),
		chromedp.Click(chromedp.CSS(`#strategy-gradual`)), chromedp.SendKeys(chromedp.CSS(`#steps`), "50 10m"),
		chromedp.SendKeys(chromedp.CSS(`#guardMax`), "0.5"), chromedp.SendKeys(chromedp.CSS(`#guardMinCalls`), "4"),
		chromedp.SendKeys(chromedp.CSS(`#guardInterval`), "1s"), chromedp.SendKeys(chromedp.CSS(`#message`), "Canary: ask about the topic"))
	ed.checked("new release")
	ed.run(chromedp.Click(chromedp.CSS(`#request-release`)), chromedp.WaitVisible(chromedp.CSS(`#release-status`)))
	require.Equal(t, "pending_approval", ed.text(`#release-status`))
	require.Contains(t, ed.text(`#release-summary`), "checked every 1s")
	ed.checked("pending release")
	releasePath, err := chromedp.Run(ed.ctx, chromedp.Evaluate[string](`location.pathname`))
	require.NoError(t, err)

	// The other publisher, in a browser of their own, approves it.
	pat := newDayTab(t, browser, true)
	pat.signIn(env.URL, "pat@example.com", project.ID)
	pat.run(chromedp.Navigate(env.URL+releasePath), chromedp.WaitVisible(chromedp.CSS(`#approve`)),
		chromedp.SendKeys(chromedp.CSS(`#review-comment`), "Go ahead"), chromedp.Click(chromedp.CSS(`#approve`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	require.Equal(t, "rolling_out", pat.text(`#release-status`))
	require.Contains(t, pat.text(`#reviews`), "pat@example.com")
	pat.checked("approved release")

	// The canary rolls out: of a few subjects, some get v2 and some v1.
	seen := map[int]bool{}
	for i := range 40 {
		resp := env.Do(env.Request(http.MethodGet, "/api/v1/prompts/support/resolve?subject=user-"+strconv.Itoa(i), application, "", ""))
		var resolved struct {
			Data struct {
				VersionNumber int `json:"versionNumber"`
			} `json:"data"`
		}
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&resolved))
		require.NoError(t, resp.Body.Close())
		seen[resolved.Data.VersionNumber] = true
	}
	require.Equal(t, map[int]bool{1: true, 2: true}, seen, "subjects resolve to both versions")

	// The application's calls of the candidate fail: the guard rolls the release back, and
	// the writer's release page shows it with the guard's reason.
	var events []string
	for i := range 5 {
		events = append(events, fmt.Sprintf(`{"type": "prompt.used", "slug": "support", "versionNumber": 2, "latencyMs": %d, "success": false, "error": "timeout"}`, 100+i))
	}
	track := env.Do(env.Request(http.MethodPost, "/api/v1/analytics/track", application, "application/json", `{"events": [`+strings.Join(events, ",")+`]}`))
	require.Equal(t, http.StatusAccepted, track.StatusCode)
	ed.run(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-socket="open"]`)))
	ed.until(`document.getElementById("release-status")?.textContent.includes("rolled_back")`)
	require.Contains(t, ed.text(`#release-status`), "guard breached on support v2")
	ed.checked("rolled back release")
}
