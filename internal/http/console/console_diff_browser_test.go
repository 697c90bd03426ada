package console_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
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
)

// TestConsoleDiffInBrowser opens, in headless Chromium, the diff of a conversation into
// which one few-shot example was inserted and one word changed: one message is added, the
// rest aligned, the word marked, the temperature a row of the settings table; the texts sit
// side by side at 1280 pixels and stack at 390, with no CSP violation, unlabelled input or
// page error, photographed at both widths.
func TestConsoleDiffInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "the diff view in Chromium")
	t.Parallel()
	require.NoError(t, os.MkdirAll(screenshots, 0o755))
	env := apitest.New(t)
	project := env.NewProject("Diffs in a browser")
	env.AddMember(uuid.MustParse(project.ID), env.NewUser("wri@example.com").ID, "viewer")
	prompt := env.NewPrompt(project, "classify")
	conversation := func(temperature float64, messages ...api.Message) api.Version {
		resp, err := project.Client.CreateVersionWithResponse(context.Background(), prompt.Id.String(), nil,
			api.CreateVersionRequest{Messages: &messages, Temperature: &temperature})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		return resp.JSON201.Data
	}
	system := api.Message{Role: api.MessageRoleSystem, Content: "You classify support tickets.\nAnswer with one word."}
	example := []api.Message{{Role: api.MessageRoleUser, Content: "My invoice is wrong."}, {Role: api.MessageRoleAssistant, Content: "billing"}}
	question := api.Message{Role: api.MessageRoleUser, Content: "{{ticket}}"}
	conversation(0.7, system, example[0], example[1], question)
	system.Content = "You classify support tickets.\nAnswer with one label."
	v2 := conversation(0.2, system, example[0], example[1],
		api.Message{Role: api.MessageRoleUser, Content: "The app crashes on start."}, question)

	ctx := apitest.Browser(t, "the diff view", 90*time.Second)
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
	checked := func(name string) {
		t.Helper()
		require.Empty(t, evaluate(`window.cspViolations`), "the %s page broke its Content-Security-Policy", name)
		require.Empty(t, evaluate(a11yCheck), "the %s page", name)
		photograph(ctx, t, filepath.Join(screenshots, "console-"+name+".png"), 100)
	}
	// layout says where the changed line's old and new sides sit, and whether the diff is
	// wider than the window.
	const layout = `(() => {
		const row = document.querySelector(".diff-line.diff-changed");
		const o = row.querySelector(".diff-old").getBoundingClientRect(), n = row.querySelector(".diff-new").getBoundingClientRect();
		return [n.top === o.top && n.left > o.left ? "side by side" : n.top >= o.bottom ? "stacked" : "overlapping",
			[...document.querySelectorAll("#diff-texts *, #diff-fields *")].some(e => e.getBoundingClientRect().right > window.innerWidth) ? "overflows" : "fits"];
	})()`

	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(env.URL+"/console/"))
	run(chromedp.WaitVisible(chromedp.CSS(`#email`)), chromedp.SendKeys(chromedp.CSS(`#email`), "wri@example.com"),
		chromedp.SendKeys(chromedp.CSS(`#password`), apitest.Password), chromedp.Click(chromedp.CSS(`#sign-in-password`)),
		chromedp.WaitVisible(chromedp.CSS(`#projects`)), chromedp.Click(chromedp.CSS(`#pick-`+project.ID)),
		chromedp.WaitVisible(chromedp.CSS(`#prompts`)),
		chromedp.Navigate(env.URL+"/console/prompts/"+prompt.Id.String()+"/versions/"+v2.Id.String()),
		chromedp.WaitVisible(chromedp.CSS(`#diff-texts`)))

	require.Equal(t, []string{"modified", "unchanged", "unchanged", "added", "unchanged"},
		evaluate(`[...document.querySelectorAll("#diff-texts .diff-text .badge")].map(b => b.textContent)`),
		"the system message modified, one message added, the rest aligned")
	require.Equal(t, []string{"word", "label", "The app crashes on start."}, evaluate(`[...document.querySelectorAll("#diff-texts del, #diff-texts ins")].map(e => e.textContent)`))
	fields := strings.Join(evaluate(`[...document.querySelectorAll("#diff-fields tbody tr")].map(r => r.innerText)`), "\n")
	require.Contains(t, fields, "temperature")
	require.NotContains(t, evaluate(`[...document.querySelectorAll("#diff-texts .diff-text")].map(s => s.dataset.field)`), "userTemplate")
	require.Equal(t, []string{"side by side", "fits"}, evaluate(layout))
	checked("diff-1280")

	run(chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#diff-texts`)))
	require.Equal(t, []string{"stacked", "fits"}, evaluate(layout))
	checked("diff-390")

	stopWatch()
	<-watched
	require.Empty(t, watch.problems, "the pages logged errors")
}
