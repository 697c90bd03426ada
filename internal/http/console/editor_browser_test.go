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
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsoleEditorInBrowser writes a conversation in headless Chromium from the keyboard
// alone (Tab, Enter, Space and typing): three messages added, one moved up, one removed,
// their variables and partials listed as typed; a tool and a variables schema typed in the
// JSON editor, a syntax error flagged there then fixed; the server's validation error shown
// at its place in the tool; then saving shows the diff, asks for the change message, and
// creates the version. At 390 and 1280 pixels wide the editor fits the window; no page
// breaks its Content-Security-Policy, logs an error or leaves an input unlabelled.
func TestConsoleEditorInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "the editor in Chromium")
	t.Parallel()
	require.NoError(t, os.MkdirAll(screenshots, 0o755))
	env := apitest.New(t)
	project := env.NewProject("Editor project")
	prompt := env.NewPrompt(project, "support")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	env.NewPrompt(project, "signature")

	ctx := apitest.Browser(t, "the editor", 120*time.Second)
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
	holds := func(js string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		require.NoError(t, err)
		return v
	}
	until := func(condition string) {
		t.Helper()
		stepCtx, stop := context.WithTimeout(ctx, 20*time.Second)
		defer stop()
		if _, err := chromedp.Run(stepCtx, chromedp.Poll[bool](condition, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
			shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
			require.NoError(t, err, "waiting for %s; the page:\n%s", condition, shown)
		}
	}
	// checked checks the page at both widths and photographs it as console-<name>-<width>.png.
	checked := func(name string) {
		t.Helper()
		require.Empty(t, evaluate(`window.cspViolations`), "the %s page broke its Content-Security-Policy", name)
		require.Empty(t, evaluate(a11yCheck), "the %s page", name)
		for _, width := range []int64{390, 1280} {
			run(chromedp.EmulateViewport(width, 900))
			until(`window.innerWidth === ` + strconv.FormatInt(width, 10))
			photograph(ctx, t, filepath.Join(screenshots, "console-"+name+"-"+strconv.FormatInt(width, 10)+".png"), 90)
			require.Empty(t, evaluate(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + "#" + e.id + "." + e.className)`),
				"the %s page is wider than %d pixels", name, width)
		}
	}
	// tabTo presses Tab until the element sel is focused (a JSON editor's: its host's
	// shadow root's).
	tabTo := func(sel string) {
		t.Helper()
		for range 200 {
			if holds(`((sel) => {
				const el = document.querySelector(sel) || [...document.querySelectorAll(".json-editor")].map(h => h.shadowRoot.querySelector(sel)).find(e => e);
				return el !== undefined && el !== null && el === (document.activeElement.shadowRoot?.activeElement || document.activeElement);
			})(` + strconv.Quote(sel) + `)`) {
				return
			}
			run(chromedp.KeyEvent(kb.Tab))
		}
		t.Fatalf("Tab never reached %s", sel)
	}
	typeText := func(text string) { t.Helper(); run(chromedp.KeyEvent(text)) }
	contents := func() []string {
		t.Helper()
		return evaluate(`[...document.querySelectorAll("#blocks textarea")].map(a => a.id + "=" + a.value)`)
	}
	focused := func() string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("aria-label") || document.activeElement.id`))
		require.NoError(t, err)
		return v
	}

	run(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}), chromedp.Navigate(env.URL+"/console/"), chromedp.WaitVisible(chromedp.CSS(`#key`)))
	run(chromedp.SendKeys(chromedp.CSS(`#key`), project.Key+"\r"), chromedp.WaitVisible(chromedp.CSS(`#prompts`)),
		chromedp.Navigate(env.URL+"/console/prompts/"+prompt.Id.String()+"/versions/new"), chromedp.WaitVisible(chromedp.CSS(`#blocks`)))
	require.Equal(t, []string{"content-0=You are a helpful assistant.", "content-1=Hello {{name}}"}, contents())

	// Three messages added from the keyboard: Enter on "Add a message" puts the focus on the
	// new message's role.
	for i, text := range []string{"Example: {{topic}}", "An answer. {{> signature}}", "Now: {{question}}"} {
		tabTo("#add-message")
		run(chromedp.KeyEvent(kb.Enter))
		require.Equal(t, "role-"+strconv.Itoa(i+2), focused())
		if i == 1 {
			typeText("a") // the select's type-ahead: assistant
		}
		tabTo("#content-" + strconv.Itoa(i+2))
		typeText(text)
	}
	until(`document.querySelector("#blocks li:nth-child(3) [data-vars]").textContent === "topic"`)
	require.Equal(t, []string{"/console/partials/signature"}, evaluate(`[...document.querySelectorAll("#blocks li:nth-child(4) [data-vars] a")].map(a => a.pathname)`))
	require.Equal(t, "assistant", evaluate(`[document.getElementById("role-3").value]`)[0])
	until(`document.getElementById("variables").textContent === "name, question, topic"`)
	checked("editor-blocks")

	// The last message moved up with Space: the focus stays on its button, now message 4's.
	tabTo(`#blocks li:nth-child(5) [data-op=up]`)
	run(chromedp.KeyEvent(" "))
	require.Equal(t, "Move message 4 up", focused())
	require.Equal(t, []string{"content-0=You are a helpful assistant.", "content-1=Hello {{name}}", "content-2=Example: {{topic}}",
		"content-3=Now: {{question}}", "content-4=An answer. {{> signature}}"}, contents())
	// The greeting removed with Enter: the focus goes to the next message's remove button.
	tabTo(`#blocks li:nth-child(2) [data-op=remove]`)
	run(chromedp.KeyEvent(kb.Enter))
	require.Equal(t, "Remove message 2", focused())
	require.Equal(t, []string{"content-0=You are a helpful assistant.", "content-1=Example: {{topic}}",
		"content-2=Now: {{question}}", "content-3=An answer. {{> signature}}"}, contents())
	require.Equal(t, "Content of message 4", evaluate(`[document.querySelector("label[for=content-3]").textContent]`)[0])

	// A tool typed in the JSON editor: a syntax error is flagged as it is typed, then fixed.
	// The count, or -1 while the page's editors are not mounted yet (a new page's deferred
	// script may run after the page shows).
	lintErrors := func(field string) string {
		return `(document.getElementById("` + field + `-host")?.shadowRoot?.querySelectorAll(".cm-lintRange-error, .cm-lintPoint-error").length ?? -1)`
	}
	tabTo("#tools-editor")
	typeText(`[{"type": "function", "function": {"name": "lookup",`)
	until(lintErrors("tools") + ` > 0`)
	typeText(` "parameters": {"type": "nope"}}}]`)
	until(lintErrors("tools") + ` === 0`)
	tabTo("#variablesSchema-editor")
	typeText(`{"type": "object", "properties": {"topic": {"type": "string"}}`)
	until(lintErrors("variablesSchema") + ` > 0`)
	typeText(`}`)
	until(lintErrors("variablesSchema") + ` === 0`)
	checked("editor-json")

	// Review: the server refuses the tool's parameters, shown at their place and beside.
	tabTo("#review-version")
	run(chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#error`)))
	until(lintErrors("tools") + ` > 0`)
	marked := evaluate(`[[...document.getElementById("tools-host").shadowRoot.querySelectorAll(".cm-lintRange-error")].map(e => e.textContent).join("")]`)[0]
	require.Equal(t, `"nope"`, marked, "the problem is marked at /0/function/parameters/type")
	require.Contains(t, evaluate(`[...document.querySelectorAll("#tools ~ .field-error")].map(e => e.textContent)`)[0], "/tools/0/function/parameters")
	require.Len(t, contents(), 4, "the conversation is kept")
	checked("editor-server-error")

	// Fixed, reviewed: the diff against v1, then the change message, then the version.
	tabTo("#tools-editor")
	run(chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	typeText(`[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]`)
	tabTo("#review-version")
	run(chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#review`)))
	until(`document.getElementById("review-h")?.textContent === "Your changes against v1"`)
	require.Contains(t, evaluate(`[...document.querySelectorAll("#review #diff-fields code")].map(c => c.textContent)`), "tools/0")
	checked("editor-review")
	tabTo("#message")
	typeText("A worked example and a lookup tool")
	tabTo("#create-version")
	run(chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	until(`document.querySelector(".notice")?.textContent === "Created v2."`)
	// The version page is another part's: only its policy and labels are checked here.
	require.Empty(t, evaluate(`window.cspViolations`), "the version page broke its Content-Security-Policy")
	require.Empty(t, evaluate(a11yCheck), "the version page")

	resp, err := project.Client.GetVersionWithResponse(context.Background(), prompt.Id.String(), "2")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	v := resp.JSON200.Data
	require.Len(t, v.Messages, 4)
	require.Equal(t, api.MessageRoleAssistant, v.Messages[3].Role)
	require.Equal(t, "lookup", v.Tools[0].Function.Name)
	message, err := v.Message.Get()
	require.NoError(t, err)
	require.Equal(t, "A worked example and a lookup tool", message)
	require.ElementsMatch(t, []string{"topic", "question"}, v.Variables)

	stopWatch()
	<-watched
	require.Empty(t, watch.problems, "console errors or exceptions")
}
