package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/dbtest"
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

// servePrompts runs the real binary (serve, on a fresh database of the tests' PostgreSQL)
// for the tests of the prompts commands.
func servePrompts(t *testing.T) string {
	t.Helper()
	addr := freeAddr(t)
	p := startWithEnv(t, t.TempDir(), []string{"DATABASE_URL=" + dbtest.URL(t), "PROMPTOPS_SECRET_KEY=" + testSecretKey},
		"serve", "--addr", addr, "--signup-rate-limit", "1000")
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

func TestPromptsPipeline(t *testing.T) {
	t.Parallel()
	base := servePrompts(t)

	t.Run("ApplyPromotePromoteRollback", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, promptFiles)
		code, out, errOut := b.cli(t, "prompts", "apply", dir, "--promote", "production")
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "weather: version 1 live in production\n")
		require.Contains(t, out, "Apply: 3 prompts created, 3 versions created, 3 promoted.")
		code, out, _ = b.cli(t, "prompts", "plan", dir, "--promote", "production")
		require.Equal(t, 0, code, out)

		// A new version, promoted to staging from the command line, then production.
		edited := strings.Replace(promptFiles["welcome-email.prompt.yaml"], "Welcome to", "Welcome aboard", 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "welcome-email.prompt.yaml"), []byte(edited), 0o644))
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		code, out, _ = b.cli(t, "prompts", "plan", dir, "--promote", "production")
		require.Equal(t, 2, code, out)
		require.Contains(t, out, "~ welcome-email (")
		require.Contains(t, out, ": promote to production\n")

		code, out, errOut = b.cli(t, "prompts", "promote", "welcome-email", "--env", "staging")
		require.Equal(t, 0, code, out+errOut)
		require.Equal(t, "welcome-email: version 2 live in staging\n", out)
		code, out, errOut = b.cli(t, "prompts", "promote", "welcome-email", "--env", "production", "--version", "2", "--output", "json")
		require.Equal(t, 0, code, out+errOut)
		var d api.Deployment
		require.NoError(t, json.Unmarshal([]byte(out), &d))
		require.Equal(t, 2, d.VersionNumber)
		require.Equal(t, "production", d.Environment)

		code, out, errOut = b.cli(t, "prompts", "rollback", "welcome-email", "--env", "production")
		require.Equal(t, 0, code, out+errOut)
		require.Equal(t, "welcome-email: version 1 live in production\n", out)
		// Promoting again after the rollback is a new promotion, not a replay of the first.
		code, out, errOut = b.cli(t, "prompts", "promote", "--env", "production", "welcome-email", "--version", "2")
		require.Equal(t, 0, code, out+errOut)
		require.Equal(t, "welcome-email: version 2 live in production\n", out)

		// Pull production's versions after rolling back again: the old text.
		code, _, errOut = b.cli(t, "prompts", "rollback", "welcome-email", "--env", "production")
		require.Equal(t, 0, code, errOut)
		pulled := t.TempDir()
		code, out, errOut = b.cli(t, "prompts", "pull", pulled, "--env", "production")
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, readFolder(t, pulled)["welcome-email.prompt.yaml"], "Welcome to {{plan}}")

		for _, args := range [][]string{
			{"prompts", "promote", "welcome-email", "--env", "production", "--version", "9"},
			{"prompts", "promote", "nope", "--env", "staging"},
			{"prompts", "promote", "welcome-email", "--env", "qa"},
			{"prompts", "promote", "welcome-email"},
			{"prompts", "rollback", "signature", "--env", "staging"},
		} {
			code, out, errOut = b.cli(t, args...)
			require.Equal(t, 1, code, "%v: %s%s", args, out, errOut)
		}
		_, _, errOut = b.cli(t, "prompts", "promote", "welcome-email", "--env", "production", "--version", "9")
		require.Contains(t, errOut, "welcome-email has no version 9 (its versions are 1 to 2)")
		_, _, errOut = b.cli(t, "prompts", "rollback", "signature", "--env", "staging")
		require.Contains(t, errOut, "409 CONFLICT")
	})

	// An environment the project added is named like the reference three; one it lacks is
	// the server's 400, shown as the server words it.
	t.Run("AddedEnvironment", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		created, err := b.client.CreateEnvironmentWithResponse(context.Background(), nil, api.CreateEnvironmentRequest{Name: "eu-production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		code, out, errOut := b.cli(t, "prompts", "apply", writeFolder(t, promptFiles), "--promote", "eu-production")
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "weather: version 1 live in eu-production\n")
		code, out, errOut = b.cli(t, "prompts", "promote", "weather", "--env", "qa")
		require.Equal(t, 1, code, out+errOut)
		require.Contains(t, errOut, `no environment "qa" in this project`)
	})

	// Into a protected environment a promote is the server's 202, a release waiting for its
	// approvals and checks: the commands say so and succeed, and doing it again replays that
	// answer rather than opening a second release. They failed with "the server answered 202".
	t.Run("ProtectedEnvironment", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		approvals := 1
		protected, err := b.client.UpdateEnvironmentWithResponse(context.Background(), "production",
			api.UpdateEnvironmentRequest{Protection: api.EnvironmentProtection{RequiredApprovals: &approvals}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, protected.StatusCode(), string(protected.Body))

		dir := writeFolder(t, promptFiles)
		code, out, errOut := b.cli(t, "prompts", "apply", dir, "--promote", "production")
		require.Equal(t, 0, code, out+errOut)
		require.Regexp(t, `(?m)^weather: version 1 waits to go live in production \(release [0-9a-f-]{36}\): 1 more approval$`, out)
		require.Contains(t, out, "Apply: 3 prompts created, 3 versions created, 0 promoted, 3 waiting for approval.")
		code, out, errOut = b.cli(t, "prompts", "apply", dir, "--promote", "production")
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "Apply: 0 prompts created, 0 versions created, 0 promoted, 3 waiting for approval.")

		code, out, errOut = b.cli(t, "prompts", "promote", "weather", "--env", "production", "--output", "json")
		require.Equal(t, 0, code, out+errOut)
		var answer struct {
			Pending struct {
				Slug       string   `json:"slug"`
				Version    int      `json:"version"`
				ReleaseID  string   `json:"releaseId"`
				WaitingFor []string `json:"waitingFor"`
			} `json:"pending"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &answer), out)
		require.Equal(t, "weather", answer.Pending.Slug)
		require.Equal(t, 1, answer.Pending.Version)
		require.Equal(t, []string{"1 more approval"}, answer.Pending.WaitingFor)

		env := "production"
		releases, err := b.client.ListReleasesWithResponse(context.Background(), &api.ListReleasesParams{Environment: &env})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, releases.StatusCode(), string(releases.Body))
		require.Len(t, releases.JSON200.Data, 3, "one release a prompt, however often it was asked for")
	})

	t.Run("JSONOutput", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, promptFiles)
		code, out, _ := b.cli(t, "prompts", "plan", dir, "--output", "json")
		require.Equal(t, 2, code, out)
		var plan struct {
			Changes []struct {
				Slug          string `json:"slug"`
				CreatePrompt  bool   `json:"createPrompt"`
				CreateVersion bool   `json:"createVersion"`
				ContentHash   string `json:"contentHash"`
				Diff          string `json:"diff"`
			} `json:"changes"`
			Unchanged  []string `json:"unchanged"`
			ServerOnly []string `json:"serverOnly"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &plan), out)
		require.Len(t, plan.Changes, 3)
		require.Equal(t, "signature", plan.Changes[0].Slug)
		require.True(t, plan.Changes[0].CreatePrompt && plan.Changes[0].CreateVersion)
		require.Contains(t, plan.Changes[1].Diff, "+++ ")

		code, out, _ = b.cli(t, "prompts", "apply", dir, "--output", "json")
		require.Equal(t, 0, code, out)
		var applied struct {
			Applied []struct {
				Slug           string `json:"slug"`
				CreatedVersion int    `json:"createdVersion"`
			} `json:"applied"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &applied), out)
		require.Len(t, applied.Applied, 3)
		require.Equal(t, 1, applied.Applied[2].CreatedVersion)
		// The hash plan announced is the server's.
		require.Equal(t, "weather", plan.Changes[1].Slug)
		require.Equal(t, plan.Changes[1].ContentHash, b.versions(t, "weather")[0].ContentHash)

		// A prompt made elsewhere shows as only on the server.
		resp, err := b.client.CreatePromptWithResponse(context.Background(), nil, api.CreatePromptRequest{Slug: "elsewhere", Name: "E"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode())
		code, out, _ = b.cli(t, "prompts", "plan", dir, "--output", "json")
		require.Equal(t, 0, code, out)
		require.NoError(t, json.Unmarshal([]byte(out), &plan))
		require.Empty(t, plan.Changes)
		require.Equal(t, []string{"elsewhere"}, plan.ServerOnly)
		code, out, _ = b.cli(t, "prompts", "pull", t.TempDir(), "--output", "json")
		require.Equal(t, 0, code)
		var pulled struct {
			Pulled []struct{ Slug, Status string } `json:"pulled"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &pulled), out)
		require.Contains(t, pulled.Pulled, struct{ Slug, Status string }{"elsewhere", "skipped"})
	})

	t.Run("BadFiles", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, map[string]string{
			"ok.prompt.yaml":  promptFiles["welcome-email.prompt.yaml"],
			"bad.prompt.yaml": "name: Bad\nsystemPrompt: S\nuserTemplate: U\ntemperature: hot\n",
		})
		code, out, errOut := b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 1, code, out)
		require.Contains(t, errOut, filepath.Join(dir, "bad.prompt.yaml")+":4: /temperature: got string, want number")
		code, _, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "bad.prompt.yaml:4: /temperature")
		resp, err := b.client.GetPromptWithResponse(context.Background(), "ok")
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), "nothing was applied")

		// What only the server can check (a template's syntax) is its 400, naming file and
		// field, and nothing is applied (prompts_sync_test.go has more).
		dir = writeFolder(t, map[string]string{"t.prompt.yaml": "name: T\nsystemPrompt: S\nuserTemplate: \"{{#open}} never closed\"\n"})
		code, _, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "version 1 of t ("+filepath.Join(dir, "t.prompt.yaml")+"): 400 VALIDATION_ERROR")
		require.Contains(t, errOut, "/version/userTemplate: ")
		require.NoError(t, os.WriteFile(filepath.Join(dir, "t.prompt.yaml"), []byte("name: T\nsystemPrompt: S\nuserTemplate: \"{{#open}}closed{{/open}}\"\n"), 0o644))
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "Apply: 1 prompts created, 1 versions created, 0 promoted.")

		code, _, errOut = b.cli(t, "prompts", "plan", filepath.Join(dir, "missing"))
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "no such file or directory")
		b.getenv = func(string) string { return "" }
		code, _, errOut = b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "no API key: give --key or set PROMPTOPS_API_KEY")
	})
}

// TestPromptsHelpHidesKey: a key in the environment never shows in help.
func TestPromptsHelpHidesKey(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	env := map[string]string{"PROMPTOPS_API_KEY": "po_live_secret", "PROMPTOPS_URL": "http://127.0.0.1:9"}
	require.Equal(t, 0, run(context.Background(), []string{"prompts", "apply", "--help"}, func(k string) string { return env[k] }, &stdout, &stderr))
	require.NotContains(t, stderr.String(), "po_live_secret")
	require.Contains(t, stderr.String(), `(default "http://127.0.0.1:9")`)
	require.Contains(t, stderr.String(), "PROMPTOPS_API_KEY")
}
