package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// The folder the tests apply: a chat prompt with a tool and a response format, a classic
// one, and one that includes the classic one as a partial.
var promptFiles = map[string]string{
	"weather.prompt.yaml": `name: Weather
description: Answers weather questions
tags: [support]
model: gpt-4o
temperature: 0.2
maxTokens: 300
messages:
  - role: system
    content: |
      You answer weather questions in one sentence.
      Call the tool for live data.
  - role: user
    content: "Weather in {{city}}?"
tools:
  - type: function
    function:
      name: get_weather
      description: Current weather
      parameters:
        type: object
        properties:
          city: {type: string}
        required: [city]
toolChoice: auto
responseFormat:
  type: json_schema
  jsonSchema:
    name: answer
    schema:
      type: object
      properties: {summary: {type: string}}
      required: [summary]
variablesSchema:
  type: object
  properties: {city: {type: string, minLength: 2}}
  required: [city]
`,
	"welcome-email.prompt.yaml": `name: Welcome Email
systemPrompt: You are a helpful assistant.
userTemplate: |
  Hello {{userName}}!
  Welcome to {{plan}}.
metadata: {author: team-ai}
`,
	"signature.prompt.yaml": `name: Signature
systemPrompt: ""
userTemplate: "{{> welcome-email}}\n-- The team"
`,
}

type promptsBundle struct {
	client *api.ClientWithResponses
	getenv func(string) string
}

// servePrompts runs the real binary (serve, on its private PostgreSQL) for the tests
// of the prompts commands: this package's tests have no database of their own.
func servePrompts(t *testing.T) string {
	t.Helper()
	// Not t.TempDir: its 0700 parent would keep the postgres user out when tests run as root.
	dataDir, err := os.MkdirTemp("", "promptops-cmd-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	addr := freeAddr(t)
	p := start(t, dataDir, "serve", "--addr", addr, "--signup-rate-limit", "1000")
	t.Cleanup(func() { stop(t, p) })
	waitHealthy(t, p, "http://"+addr)
	return "http://" + addr
}

// setupPrompts makes a project of its own on the server at base.
func setupPrompts(t *testing.T, base string) *promptsBundle {
	t.Helper()
	anonymous, err := api.NewClientWithResponses(base)
	require.NoError(t, err)
	resp, err := anonymous.CreateProjectWithResponse(context.Background(), api.CreateProjectRequest{Name: t.Name()})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	key := resp.JSON201.Data.ApiKey
	client, err := api.NewClientWithResponses(base, api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+key)
		return nil
	}))
	require.NoError(t, err)
	vars := map[string]string{"PROMPTOPS_URL": base, "PROMPTOPS_API_KEY": key}
	return &promptsBundle{client: client, getenv: func(k string) string { return vars[k] }}
}

// cli runs the command line in process and returns its exit status and output.
func (b *promptsBundle) cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, b.getenv, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

func readFolder(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(data)
	}
	return out
}

func (b *promptsBundle) versions(t *testing.T, slug string) []api.Version {
	t.Helper()
	resp, err := b.client.GetPromptWithResponse(context.Background(), slug)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.Versions
}

func TestPromptsAsCode(t *testing.T) {
	t.Parallel()
	base := servePrompts(t)

	t.Run("ApplyPlanEditPullRoundTrip", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, promptFiles)

		code, out, errOut := b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out+errOut)
		require.Contains(t, out, "+ weather ("+filepath.Join(dir, "weather.prompt.yaml")+"): create the prompt, create version 1")
		require.Contains(t, out, "Plan: 3 to create, 0 to change, 0 unchanged, 0 only on the server.")

		code, out, errOut = b.cli(t, "prompts", "apply", dir, "--message", "from git")
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "Apply: 3 prompts created, 3 versions created, 0 promoted.")
		weather := b.versions(t, "weather")
		require.Len(t, weather, 1)
		require.Equal(t, "from git", weather[0].Message.MustGet())
		require.Equal(t, "get_weather", weather[0].Tools[0].Function.Name)
		require.Equal(t, "Hello {{userName}}!\nWelcome to {{plan}}.\n", b.versions(t, "welcome-email")[0].UserTemplate)

		code, out, errOut = b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "No changes: the server holds what the 3 files say.")
		code, out, _ = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code)
		require.Contains(t, out, "No changes")
		require.Len(t, b.versions(t, "weather"), 1, "re-applying created nothing")

		// One edited file: exit 2 naming it, with the diff; apply makes one version.
		edited := strings.Replace(promptFiles["weather.prompt.yaml"], "temperature: 0.2", "temperature: 0.4", 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "weather.prompt.yaml"), []byte(edited), 0o644))
		code, out, _ = b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out)
		require.Contains(t, out, "~ weather (")
		require.Contains(t, out, "create version 2")
		require.Contains(t, out, "-temperature: 0.2\n")
		require.Contains(t, out, "+temperature: 0.4\n")
		require.NotContains(t, out, "welcome-email (")
		require.Contains(t, out, "Plan: 0 to create, 1 to change, 2 unchanged, 0 only on the server.")
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "weather: version 2 created\n")
		require.Contains(t, out, "Apply: 0 prompts created, 1 versions created, 0 promoted.")
		require.Len(t, b.versions(t, "weather"), 2)
		require.Len(t, b.versions(t, "welcome-email"), 1)

		// Pull into a new folder; applying it changes nothing; pulling again writes the
		// same bytes.
		pulled := t.TempDir()
		code, out, errOut = b.cli(t, "prompts", "pull", pulled)
		require.Equal(t, 0, code, out+errOut)
		first := readFolder(t, pulled)
		require.Len(t, first, 3)
		t.Logf("pulled weather.prompt.yaml:\n%s", first["weather.prompt.yaml"])
		require.Contains(t, first["welcome-email.prompt.yaml"], "userTemplate: |\n  Hello {{userName}}!\n  Welcome to {{plan}}.\n")
		code, out, _ = b.cli(t, "prompts", "plan", pulled)
		require.Equal(t, 0, code, out)
		code, out, _ = b.cli(t, "prompts", "apply", pulled)
		require.Equal(t, 0, code, out)
		require.Contains(t, out, "No changes")
		again := t.TempDir()
		code, _, _ = b.cli(t, "prompts", "pull", again)
		require.Equal(t, 0, code)
		require.Equal(t, first, readFolder(t, again))
		code, out, _ = b.cli(t, "prompts", "pull", pulled)
		require.Equal(t, 0, code)
		require.Equal(t, 3, strings.Count(out, " unchanged "), out)
		require.Equal(t, first, readFolder(t, pulled))
	})
}
