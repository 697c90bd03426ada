package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestExplorerInBrowser drives the explorer in headless Chromium: it authorizes with a fresh
// key, runs GET /api/v1/projects/me with "Try it out", and reads the 200 body off the page,
// all without a single violation of the page's Content-Security-Policy.
func TestExplorerInBrowser(t *testing.T) {
	apitest.SkipIfShort(t, "the explorer in Chromium")
	t.Parallel()
	env := apitest.New(t)
	p := env.NewProject("Browser project")

	ctx := apitest.Browser(t, "the explorer", 90*time.Second)

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
