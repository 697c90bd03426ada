package httpapi_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/apitest"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("PROMPTOPS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestExplorerInBrowser drives the explorer in headless Chromium: it authorizes with a fresh
// key, runs GET /api/v1/projects/me with "Try it out", and reads the 200 body off the page,
// all without a single violation of the page's Content-Security-Policy.
func TestExplorerInBrowser(t *testing.T) {
	t.Parallel()
	chromium := findChromium()
	if chromium == "" {
		t.Skip("no Chromium found (PATH: chromium, chromium-browser, google-chrome; or PROMPTOPS_CHROMIUM), so the explorer is not tested in a browser; `make test` installs Debian's chromium")
	}
	env := apitest.New(t)
	p := env.NewProject("Browser project")

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// The machine's network is closed: keep Chromium from calling home.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	const op = "#operations-projects-GetCurrentProject"
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			// Runs before the page's own scripts, and is not subject to its policy.
			_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
			return err
		}),
		chromedp.Navigate(env.URL+"/api/explorer"),
		chromedp.WaitVisible(chromedp.CSS(`.btn.authorize`)),
		chromedp.Click(chromedp.CSS(`.btn.authorize`)),
		chromedp.WaitVisible(chromedp.CSS(`.modal-ux input`)),
		chromedp.SendKeys(chromedp.CSS(`.modal-ux input`), p.Key),
		chromedp.Click(chromedp.CSS(`.modal-ux .auth-btn-wrapper .authorize`)),
		chromedp.Click(chromedp.CSS(`.modal-ux .auth-btn-wrapper .btn-done`)),
		chromedp.Click(chromedp.CSS(op+` .opblock-summary-control`)),
		chromedp.Click(chromedp.CSS(op+` .try-out__btn`)),
		chromedp.Click(chromedp.CSS(op+` .btn.execute`)),
		chromedp.WaitVisible(chromedp.CSS(op+` .live-responses-table tr.response .response-col_status`)),
	)
	require.NoError(t, err)
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(op+` .live-responses-table tr.response .response-col_status`)))
	require.NoError(t, err)
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(op+` .live-responses-table tr.response .response-col_description .microlight`)))
	require.NoError(t, err)
	require.Equal(t, "200", strings.TrimSpace(status))
	require.Contains(t, body, p.ID)
	require.Contains(t, body, "Browser project")
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations`))
	require.NoError(t, err)
	require.Empty(t, violations, "the explorer broke its Content-Security-Policy")
}

// cspWatch collects the page's Content-Security-Policy violations in window.cspViolations.
const cspWatch = `window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));`
