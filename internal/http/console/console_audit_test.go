package console_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsoleAuditNamesPrompts: a row of the audit log about a prompt names it by its slug,
// linked to its page, whether the event's data has the slug (prompts, deployments) or only
// the prompt's id (versions); rows about no prompt name none.
func TestConsoleAuditNamesPrompts(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		b    *browser
		link string
	}
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		project := env.NewProject("Audit prompts")
		prompt := env.NewPrompt(project, "greeting")
		v := env.NewVersion(project, prompt.Id, "Hello")
		env.Promote(project, prompt.Id, v.Id, "staging")
		env.NewKey(project, api.CreateApiKeyRequest{Environment: "dev"})
		b := newBrowser(t, env)
		b.signIn(project.Key)
		return &testBundle{b: b, link: `<td><a href="/console/prompts/` + prompt.Id.String() + `"><code>greeting</code></a></td>`}
	}
	rows := func(t *testing.T, b *browser, path string) string {
		t.Helper()
		status, page := b.get(path)
		require.Equal(t, http.StatusOK, status, page)
		return page
	}

	t.Run("PromptCreated", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		require.Contains(t, rows(t, bundle.b, "/console/audit?type=prompt.created"), `<td>prompt.created</td>`+bundle.link)
	})

	t.Run("VersionCreatedAlone", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t) // the page has no other event about the prompt: its slug is asked of the API
		require.Contains(t, rows(t, bundle.b, "/console/audit?type=version.created"), `<td>version.created</td>`+bundle.link)
	})

	t.Run("EveryType", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		page := rows(t, bundle.b, "/console/audit")
		require.Contains(t, page, `<td>version.created</td>`+bundle.link)
		require.Contains(t, page, `<td>deployment.promoted</td>`+bundle.link)
		require.Contains(t, page, `<td>apikey.created</td><td></td>`)
	})
}
