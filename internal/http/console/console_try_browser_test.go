package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsoleTryInBrowser tries a prompt in headless Chromium, at 1280 and at 390 pixels
// wide: its partial has a variable of its own, its variables schema has a number, a boolean
// and an object, and it is rendered in the messages format. Each field is typed as the
// schema says, the partial's variable has one, the blank one is warned of, and the page
// neither breaks its Content-Security-Policy, logs an error, leaves an input unlabelled nor
// scrolls sideways.
func TestConsoleTryInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "Try it in Chromium")
	t.Parallel()
	require.NoError(t, os.MkdirAll(screenshots, 0o755))
	env := apitest.New(t)
	project := env.NewProject("Try in a browser")
	footer := env.NewPrompt(project, "footer")
	env.NewVersion(project, footer.Id, "The {{team}} team")
	mail := env.NewPrompt(project, "mail")
	schema := json.RawMessage(`{"type": "object", "properties": {"count": {"type": "integer"}, "urgent": {"type": "boolean"}, "customer": {"type": "object"}}}`)
	user := "Hi {{name}}: {{count}} {{urgent}} {{customer.name}}\n{{> footer}}"
	created, err := project.Client.CreateVersionWithResponse(context.Background(), mail.Id.String(), nil,
		api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &user, VariablesSchema: &schema})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))

	ctx := apitest.Browser(t, "Try it", 90*time.Second)
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
	truth := func(js string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		require.NoError(t, err)
		return v
	}
	// checked checks the page now shown, at width, and photographs it.
	checked := func(name string, width int) {
		t.Helper()
		require.Empty(t, evaluate(`window.cspViolations`), "the %s page broke its Content-Security-Policy", name)
		require.Empty(t, evaluate(a11yCheck), "the %s page", name)
		require.Empty(t, evaluate(tooWide), "the %s page scrolls sideways at %d pixels", name, width)
		photograph(ctx, t, filepath.Join(screenshots, fmt.Sprintf("console-%s-%d.png", name, width)), 100)
	}

	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}),
		chromedp.Navigate(env.URL+"/console/"),
		chromedp.WaitVisible(chromedp.CSS(`#key`)),
		chromedp.SendKeys(chromedp.CSS(`#key`), project.Key+"\r"), chromedp.WaitVisible(chromedp.CSS(`#prompts`)))

	for _, width := range []int64{1280, 390} {
		run(chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(env.URL+"/console/prompts/"+mail.Id.String()+"/try"), chromedp.WaitVisible(chromedp.CSS(`#var-team`)))
		require.Equal(t, []string{"var-name textarea", "var-count number", "var-urgent checkbox", "var-customer textarea code", "var-team textarea"},
			evaluate(`[...document.querySelectorAll("#try-form [id^=var-]")].map(e => (e.id + " " + e.type + " " + e.className).trim())`),
			"each field typed as the schema says, the partial's variable last")
		checked("try-form", int(width))

		run(chromedp.SendKeys(chromedp.CSS(`#var-name`), "Ada"), chromedp.SendKeys(chromedp.CSS(`#var-count`), "3"),
			chromedp.Click(chromedp.CSS(`#var-urgent`)), chromedp.SetValue(chromedp.CSS(`#var-customer`), `{"name": "Bo"}`),
			chromedp.SetValue(chromedp.CSS(`#format`), "messages"),
			chromedp.Click(chromedp.CSS(`#render`)), chromedp.WaitVisible(chromedp.CSS(`#result .rendered`)))
		require.Equal(t, []string{"system: ", "user: Hi Ada: 3 true Bo\nThe  team"},
			evaluate(`[...document.querySelectorAll("#result .message")].map(e => e.querySelector(".role").textContent + ": " + e.querySelector(".rendered").textContent)`))
		require.True(t, truth(`document.getElementById("blank-team")?.textContent === "team was left blank."`), "the blank field is warned of")
		checked("try-rendered", int(width))
	}

	stopWatch()
	<-watched
	watch.mu.Lock()
	defer watch.mu.Unlock()
	require.Empty(t, watch.problems, "Try it logged errors")
}

// tooWide lists the elements that reach past the window's right edge, which make a page
// scroll sideways.
const tooWide = `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(e => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`
