package console_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsoleTry: Try it renders a version in every format, with a field for each
// variable its partials read too.
func TestConsoleTry(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		b        *browser
		path     string
		formPage string
	}
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		project := env.NewProject("Try")
		footer := env.NewPrompt(project, "footer")
		env.NewVersion(project, footer.Id, "The {{team}} team")
		mail := env.NewPrompt(project, "mail")
		env.NewVersion(project, mail.Id, "Hi {{name}}.\n{{> footer}}")
		b := newBrowser(t, env)
		b.signIn(project.Key)
		path := "/console/prompts/" + mail.Id.String() + "/try"
		status, page := b.get(path)
		require.Equal(t, http.StatusOK, status, page)
		return &testBundle{b: b, path: path, formPage: page}
	}

	t.Run("MessagesFormat", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		project := env.NewProject("Try messages")
		prompt := env.NewPrompt(project, "hello")
		env.NewVersion(project, prompt.Id, "Hi {{name}}.")
		b := newBrowser(t, env)
		page := b.signIn(project.Key)
		status, page := b.post("/console/prompts/"+prompt.Id.String()+"/try", url.Values{"csrf": {csrf(t, page)}, "format": {"messages"}, "var.name": {"Ada"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Rendered v1")
		require.Contains(t, page, `<pre class="rendered">Hi Ada.</pre>`)
	})

	t.Run("PartialsVariables", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		require.Contains(t, bundle.formPage, `id="var-name"`)
		require.Contains(t, bundle.formPage, `id="var-team"`, "the partial's variable has a field")
		status, page := bundle.b.post(bundle.path, url.Values{"csrf": {csrf(t, bundle.formPage)}, "format": {"openai-chat"},
			"var.name": {"Ada"}, "var.team": {"Ops"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "The Ops team")
	})
}
