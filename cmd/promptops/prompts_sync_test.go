package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/client/promptsync"
	"github.com/promptops/promptops/internal/prompt/promptfile"
)

// TestPromptsPlanChecksWithServer: plan has the server check every version it would
// create, and shows what it refuses under its file (exit 1); apply then writes nothing, and
// creates a new prompt with its first version in one request, so that a version refused
// even after the plan leaves no prompt behind.
func TestPromptsPlanChecksWithServer(t *testing.T) {
	t.Parallel()
	base := servePrompts(t)
	ctx := context.Background()
	// Valid for the file's schema; only the server finds the section never closed.
	const refused = "name: T\nsystemPrompt: S\nuserTemplate: \"{{#open}} never closed\"\n"

	t.Run("RefusedVersionAppliesNothing", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, map[string]string{"t.prompt.yaml": refused, "ok.prompt.yaml": promptFiles["welcome-email.prompt.yaml"]})
		file := filepath.Join(dir, "t.prompt.yaml")

		code, out, errOut := b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 1, code, out+errOut)
		require.Contains(t, out, "! t ("+file+"): create the prompt, create version 1\n")
		require.Contains(t, out, "    error: version 1 of t ("+file+"): 400 VALIDATION_ERROR: ")
		require.Contains(t, out, "      /version/userTemplate: ")
		require.Contains(t, out, "+ ok (")
		require.Contains(t, errOut, "the server refuses 1 of the versions the plan would create")

		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 1, code, out+errOut)
		require.Contains(t, errOut, "nothing applied:\n  version 1 of t (")
		for _, slug := range []string{"t", "ok"} {
			resp, err := b.client.GetPromptWithResponse(ctx, slug)
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, resp.StatusCode(), "%s: no prompt left behind", slug)
		}
	})

	t.Run("RefusedAfterThePlanLeavesNoPrompt", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		partial, err := b.client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "footer", Name: "Footer",
			Version: &api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: new("-- The team")}})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, partial.StatusCode(), string(partial.Body))
		dir := writeFolder(t, map[string]string{"letter.prompt.yaml": "name: Letter\nsystemPrompt: S\nuserTemplate: \"Hi\\n{{> footer}}\"\n"})
		c, plan := b.plan(t, dir)
		require.Zero(t, plan.Refused())

		// The partial goes before apply: the server refuses the version, and the prompt with it.
		del, err := b.client.DeletePromptWithResponse(ctx, "footer")
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, del.StatusCode())
		_, err = c.Apply(ctx, plan, promptsync.ApplyOptions{})
		require.ErrorContains(t, err, "create prompt letter (")
		require.ErrorContains(t, err, "400 VALIDATION_ERROR")
		resp, err := b.client.GetPromptWithResponse(ctx, "letter")
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), "no empty prompt left behind")
	})

	t.Run("WarningsAndUncheckedShown", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, map[string]string{
			"hello.prompt.yaml":         "name: Hello\nsystemPrompt: S\nuserTemplate: \"Hello {userName}\"\n",
			"signature.prompt.yaml":     promptFiles["signature.prompt.yaml"],
			"welcome-email.prompt.yaml": promptFiles["welcome-email.prompt.yaml"],
		})
		code, out, errOut := b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out+errOut)
		require.Contains(t, out, `    warning: /messages/1/content: line 1, column 7: "{userName}" looks like a placeholder of another syntax`)
		require.Contains(t, out, "    not checked with the server yet: it includes welcome-email, which apply creates first\n")

		// Apply creates welcome-email before signature, which includes it.
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Less(t, strings.Index(out, "welcome-email: prompt created"), strings.Index(out, "signature: prompt created"), out)
	})
}

// TestPromptsPlanNamesIncluders: a plan says which live prompts a change changes too, as
// they include the prompt it changes: in dev for a new version, and where it promotes.
func TestPromptsPlanNamesIncluders(t *testing.T) {
	t.Parallel()
	b := setupPrompts(t, servePrompts(t))
	ctx := context.Background()
	for _, p := range []struct{ slug, template string }{{"footer", "-- The team"}, {"letter", "Hi\n{{> footer}}"}} { // footer first: letter includes it
		resp, err := b.client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: p.slug, Name: p.slug,
			Version: &api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: new(p.template)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	}
	dir := writeFolder(t, map[string]string{"footer.prompt.yaml": "name: footer\nsystemPrompt: \"\"\nuserTemplate: \"-- The whole team\"\n"})

	code, out, errOut := b.cli(t, "prompts", "plan", dir)
	require.Equal(t, 2, code, out+errOut)
	require.Contains(t, out, "~ footer ("+filepath.Join(dir, "footer.prompt.yaml")+"): create version 2\n    also changes, as they include it: letter in dev\n")

	// Both live in production too: promoting there changes letter there as well.
	for _, slug := range []string{"footer", "letter"} {
		resp, err := b.client.PromotePromptWithResponse(ctx, slug, nil, api.PromoteRequest{Environment: "production", VersionNumber: new(1)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
	code, out, errOut = b.cli(t, "prompts", "plan", "--promote", "production", dir)
	require.Equal(t, 2, code, out+errOut)
	require.Contains(t, out, "create version 2, promote to production\n    also changes, as they include it: letter in dev, letter in production\n")
}

// TestPromptsDrift: files record the version they were pulled at (or applied as); plan
// shows when the server has moved on since (an edit in the console), apply refuses to
// revert it unless --force, and the server refuses a version made on a stale base.
func TestPromptsDrift(t *testing.T) {
	t.Parallel()
	base := servePrompts(t)
	ctx := context.Background()

	// pulled applies the test folder and pulls it into a new folder, each file at version 1.
	pulled := func(t *testing.T, b *promptsBundle) string {
		t.Helper()
		code, out, errOut := b.cli(t, "prompts", "apply", writeFolder(t, promptFiles))
		require.Equal(t, 0, code, out+errOut)
		dir := t.TempDir()
		code, out, errOut = b.cli(t, "prompts", "pull", dir)
		require.Equal(t, 0, code, out+errOut)
		return dir
	}
	// consoleEdit makes a version of slug as the console would: without baseVersion.
	consoleEdit := func(t *testing.T, b *promptsBundle, slug, userTemplate string) {
		t.Helper()
		p, err := b.client.GetPromptWithResponse(ctx, slug)
		require.NoError(t, err)
		resp, err := b.client.CreateVersionWithResponse(ctx, p.JSON200.Data.Id.String(), nil,
			api.CreateVersionRequest{SystemPrompt: new("You are a helpful assistant."), UserTemplate: new(userTemplate)})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	}
	editFile := func(t *testing.T, path, old, new string) {
		t.Helper()
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Contains(t, string(data), old)
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
	}

	t.Run("PullAndApplyWriteBaseVersion", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := writeFolder(t, map[string]string{"welcome-email.prompt.yaml": "# Kept as written.\n" + promptFiles["welcome-email.prompt.yaml"]})
		file := filepath.Join(dir, "welcome-email.prompt.yaml")
		code, out, errOut := b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		require.Equal(t, "# Kept as written.\n"+promptFiles["welcome-email.prompt.yaml"]+"baseVersion: 1\n", string(data))

		editFile(t, file, "Welcome to", "Welcome aboard")
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		data, err = os.ReadFile(file)
		require.NoError(t, err)
		require.True(t, strings.HasSuffix(string(data), "metadata: {author: team-ai}\nbaseVersion: 2\n"), string(data))

		code, out, errOut = b.cli(t, "prompts", "pull", t.TempDir())
		require.Equal(t, 0, code, out+errOut)
		pulledDir := pulled(t, setupPrompts(t, base))
		require.Contains(t, readFolder(t, pulledDir)["weather.prompt.yaml"], "\nbaseVersion: 1\n")
	})

	t.Run("PlanShowsDriftApplyRefusesForceOverrides", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := pulled(t, b)
		file := filepath.Join(dir, "welcome-email.prompt.yaml")
		consoleEdit(t, b, "welcome-email", "Hello {{userName}}, edited in the console")
		editFile(t, file, "Welcome to", "Welcome aboard")

		code, out, errOut := b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out+errOut)
		require.Contains(t, out, "! welcome-email ("+file+"): create version 3\n")
		require.Contains(t, out, "    drift: remote is at v2, the file was pulled at v1: apply refuses it")

		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 1, code, out+errOut)
		require.Contains(t, errOut, "nothing applied:\n  welcome-email ("+file+"): remote is at v2, the file was pulled at v1; "+
			"pull again and redo the edit, or apply --force to replace it")
		require.Empty(t, out)
		require.Len(t, b.versions(t, "welcome-email"), 2, "the console's edit stays the newest")

		code, out, errOut = b.cli(t, "prompts", "apply", dir, "--force")
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "welcome-email: version 3 created\n")
		require.Contains(t, b.versions(t, "welcome-email")[0].UserTemplate, "Welcome aboard")
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		require.Contains(t, string(data), "\nbaseVersion: 3\n")
		code, out, _ = b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 0, code, out)
	})

	t.Run("ServerRefusesAnEditBetweenPlanAndApply", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := pulled(t, b)
		editFile(t, filepath.Join(dir, "welcome-email.prompt.yaml"), "Welcome to", "Welcome aboard")
		c, plan := b.plan(t, dir)
		require.Len(t, plan.Changes, 1)
		require.False(t, plan.Changes[0].Drift)

		consoleEdit(t, b, "welcome-email", "Edited while apply ran")
		_, err := c.Apply(ctx, plan, promptsync.ApplyOptions{})
		require.ErrorContains(t, err, "409 VERSION_CONFLICT")
		require.Len(t, b.versions(t, "welcome-email"), 2)
		applied, err := c.Apply(ctx, plan, promptsync.ApplyOptions{Force: true})
		require.NoError(t, err)
		require.Equal(t, 3, applied[0].CreatedVersion)
	})

	t.Run("SameContentFromElsewhereRecordsBase", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		dir := pulled(t, b)
		file := filepath.Join(dir, "welcome-email.prompt.yaml")
		other := pulled(t, b) // a second checkout makes the same edit first
		editFile(t, filepath.Join(other, "welcome-email.prompt.yaml"), "Welcome to", "Welcome aboard")
		code, out, errOut := b.cli(t, "prompts", "apply", other)
		require.Equal(t, 0, code, out+errOut)
		editFile(t, file, "Welcome to", "Welcome aboard")

		code, out, errOut = b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out+errOut)
		require.Contains(t, out, "~ welcome-email ("+file+"): record baseVersion 2 in the file (the server's newest version holds its content)\n")
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "welcome-email: the file records baseVersion 2\n")
		require.Len(t, b.versions(t, "welcome-email"), 2, "nothing is created on the server")

		editFile(t, file, "Welcome aboard", "Welcome, aboard")
		code, out, errOut = b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out+errOut)
		require.NotContains(t, out, "drift", "the next edit is made from the newest version")
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "welcome-email: version 3 created\n")
	})

	t.Run("FileWithoutBaseVersionComparesWithNewest", func(t *testing.T) {
		t.Parallel()
		b := setupPrompts(t, base)
		pulled(t, b)
		consoleEdit(t, b, "welcome-email", "Edited in the console")
		dir := writeFolder(t, map[string]string{"welcome-email.prompt.yaml": promptFiles["welcome-email.prompt.yaml"]})
		code, out, errOut := b.cli(t, "prompts", "plan", dir)
		require.Equal(t, 2, code, out+errOut)
		require.NotContains(t, out, "drift")
		code, out, errOut = b.cli(t, "prompts", "apply", dir)
		require.Equal(t, 0, code, out+errOut)
		require.Contains(t, out, "welcome-email: version 3 created\n")
	})
}

// plan reads dir and plans it with the bundle's key, as plan and apply do.
func (b *promptsBundle) plan(t *testing.T, dir string) (*promptsync.Client, *promptsync.Plan) {
	t.Helper()
	cf := clientFlags{url: b.getenv("PROMPTOPS_URL"), key: b.getenv("PROMPTOPS_API_KEY"), output: "text"}
	c, err := cf.client(b.getenv)
	require.NoError(t, err)
	locals, err := promptfile.ReadDir(dir)
	require.NoError(t, err)
	plan, err := c.MakePlan(context.Background(), locals, "")
	require.NoError(t, err)
	return c, plan
}
