package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsolePlayground adds a connection on the Connections page and runs two versions
// of a prompt side by side through it, against the test's loopback provider.
func TestConsolePlayground(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Playground")
	provider := apitest.NewProvider(t)
	prompt := env.NewPrompt(project, "greet")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	env.NewVersion(project, prompt.Id, "Hi {{name}}!")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))

	status, page := b.get("/console/prompts/" + prompt.Id.String() + "/run?version=2")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "No connection to run through.")

	status, page = b.post("/console/connections", url.Values{"csrf": {token}, "name": {"local"}, "provider": {"openai"},
		"baseUrl": {provider.URL}, "apiKey": {"sk-console-secret"}, "defaultModel": {"gpt-4o-mini"}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Added local.")
	require.NotContains(t, page, "sk-console-secret")

	status, page = b.post("/console/connections", url.Values{"csrf": {token}, "name": {"bad"}, "provider": {"openai"},
		"baseUrl": {"ftp://example.com"}, "apiKey": {"k"}}, nil)
	require.Equal(t, http.StatusBadRequest, status, page)
	require.Contains(t, page, "must be an absolute http or https URL")

	status, page = b.get("/console/prompts/" + prompt.Id.String() + "/run?version=2")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `id="run-connection"`)
	match := regexp.MustCompile(`<option value="([0-9a-f-]{36})">local`).FindStringSubmatch(page)
	require.Len(t, match, 2, page)
	connection := match[1]

	run := url.Values{"csrf": {token}, "connection": {connection}, "compare": {"1"}, "var.name": {"Ada"}}
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/run?version=2", run, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `id="run-v2"`)
	require.Contains(t, page, `id="run-v1"`)
	require.Contains(t, page, "echo: gpt-4o-mini")
	require.Contains(t, page, "20 in, 5 out")
	require.Contains(t, page, "$0.000006")

	run.Set("model", "provider-error")
	run.Del("compare")
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/run?version=2", run, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "The provider answered 500: the model is overloaded")
}
