package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// conversation adds to form the messages given as role, content pairs, as the editor's
// blocks post them.
func conversation(form url.Values, pairs ...string) url.Values {
	for i := 0; i+1 < len(pairs); i += 2 {
		form.Add("role", pairs[i])
		form.Add("content", pairs[i+1])
	}
	return form
}

// TestConsoleEditorBlocks: without JavaScript, the conversation editor's buttons add,
// move and remove messages by posting the form, which comes back rearranged and creates
// nothing.
func TestConsoleEditorBlocks(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Blocks")
	prompt := env.NewPrompt(project, "blocks")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))
	path := "/console/prompts/" + prompt.Id.String() + "/versions"

	status, page := b.get(path + "/new")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `<label for="role-0" data-label="Role of message">Role of message 1</label>`)
	require.Contains(t, page, `<label for="content-1" class="visually-hidden" data-label="Content of message">Content of message 2</label>`)
	require.Contains(t, page, `aria-label="Move message 2 up"`)

	base := url.Values{"csrf": {token}}
	contents := func(page string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`(?s)<textarea id="content-\d+" name="content"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		return out
	}
	for _, tc := range []struct {
		op   string
		want []string
	}{
		{"add", []string{"one", "two", "three", ""}},
		{"up-2", []string{"one", "three", "two"}},
		{"down-0", []string{"two", "one", "three"}},
		{"remove-1", []string{"one", "three"}},
		{"up-0", []string{"one", "two", "three"}},
		{"remove-9", []string{"one", "two", "three"}},
	} {
		form := conversation(url.Values{"csrf": base["csrf"], "op": {tc.op}}, "system", "one", "user", "two", "assistant", "three")
		status, page := b.post(path, form, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Equal(t, tc.want, contents(page), tc.op)
	}
	require.Zero(t, env.RowsOf(project).PromptVersions, "rearranging creates nothing")
}

// TestConsoleEditorReview: saving shows the diff against the version the edit started
// from and asks for the change message, creating nothing; creating then makes the version
// with that message.
func TestConsoleEditorReview(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Review")
	prompt := env.NewPrompt(project, "reviewed")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	b := newBrowser(t, env)
	b.signIn(project.Key)
	path := "/console/prompts/" + prompt.Id.String() + "/versions"
	status, editor := b.get(path + "/new")
	require.Equal(t, http.StatusOK, status, editor)
	require.Contains(t, editor, `name="from" value="1"`)
	require.NotContains(t, editor, `id="create-version"`, "the first step is the review")

	form := conversation(url.Values{"csrf": {csrf(t, editor)}, "from": {"1"}, "base": {"1"}, "model": {"gpt-4o"}, "topP": {"0.9"}, "stop": {"END\r\nSTOP"}},
		"system", "Be kind.", "user", "Hi {{name}}")
	status, page := b.post(path, form, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `Your changes against v1`)
	require.Regexp(t, `(?s)<code>model</code>.*?gpt-4o`, page)
	require.Contains(t, page, `<code>modelParameters/topP</code>`)
	require.Contains(t, page, `id="message"`, "the change message is asked for")
	require.Contains(t, page, `id="create-version"`)
	require.Len(t, versionsOf(t, project, prompt.Id), 1, "the review created nothing")

	form.Set("step", "create")
	form.Set("message", "Kinder, and stops")
	status, page = b.post(path, form, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Created v2.")
	v := versionsOf(t, project, prompt.Id)[0]
	require.Equal(t, 2, v.VersionNumber)
	message, err := v.Message.Get()
	require.NoError(t, err)
	require.Equal(t, "Kinder, and stops", message)
	require.Equal(t, []string{"END", "STOP"}, *v.ModelParameters.Stop)
	require.Equal(t, "gpt-4o", v.Model)

	// The editor opened on v2 shows what it holds, settings too.
	status, page = b.get(path + "/new")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `name="topP" inputmode="decimal" value="0.9"`)
	require.Contains(t, page, ">END\nSTOP</textarea>")
	require.Contains(t, page, `<option value="claude-sonnet-4-5"></option>`, "the known models are offered")
}

// TestConsoleEditorJSONProblems: the API's validation errors in a JSON document are shown
// beside its editor, with their pointer, and handed to the editor to mark at their place.
func TestConsoleEditorJSONProblems(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("JSON problems")
	prompt := env.NewPrompt(project, "tooled")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))
	tools := `[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "nope"}}}]`
	form := conversation(url.Values{"csrf": {token}, "base": {"0"}, "tools": {tools}}, "user", "Hi")
	status, page := b.post("/console/prompts/"+prompt.Id.String()+"/versions", form, nil)
	require.Equal(t, http.StatusBadRequest, status, page)
	require.Regexp(t, `(?s)<textarea id="tools" name="tools"[^>]* data-problems="\[\{&#34;pointer&#34;:&#34;/0/function/parameters`, page)
	require.Regexp(t, `(?s)id="tools".*?</textarea>\s*<p class="field-error" role="alert">/tools/0/function/parameters`, page)

	form.Set("tools", `[{"type": "function",`)
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", form, nil)
	require.Equal(t, http.StatusBadRequest, status, page)
	require.Regexp(t, `(?s)id="tools".*?</textarea>\s*<p class="field-error" role="alert">is not a JSON array of tools`, page)
	require.Zero(t, env.RowsOf(project).PromptVersions)
}

// TestConsoleEditorPartialLink: a partial's link leads to the prompt it names.
func TestConsoleEditorPartialLink(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Partials")
	prompt := env.NewPrompt(project, "signature")
	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/partials/signature")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "<h1>"+prompt.Name+"</h1>")
	status, _ = b.get("/console/partials/nobody")
	require.Equal(t, http.StatusNotFound, status)
}

// TestConsoleJSONEditorAsset: the editor page loads the bundled JSON editor, which is
// served with its packages' licences.
func TestConsoleJSONEditorAsset(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Assets")
	prompt := env.NewPrompt(project, "assets")
	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/prompts/" + prompt.Id.String() + "/versions/new")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `<script src="/console/assets/jsoneditor.js" defer></script>`)
	require.Contains(t, page, `<textarea id="tools" name="tools" rows="4" spellcheck="false" data-json>`, "the plain field is there without JavaScript")
	status, script := b.get("/console/assets/jsoneditor.js")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, script, "cm-lintRange")
	status, licences := b.get("/console/assets/jsoneditor-LICENSES.txt")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, licences, "@codemirror/view")
}

// TestConsoleEditorUnknownPrompt: rearranging the messages of a prompt that does not exist
// (or is another project's) is the API's 404, not an empty editor.
func TestConsoleEditorUnknownPrompt(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Unknown")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))
	form := conversation(url.Values{"csrf": {token}, "op": {"add"}}, "user", "Hi")
	status, page := b.post("/console/prompts/"+uuid.NewString()+"/versions", form, nil)
	require.Equal(t, http.StatusNotFound, status, page)
	require.Contains(t, page, `data-code="RESOURCE_NOT_FOUND"><strong>Not found.</strong>`)
}
