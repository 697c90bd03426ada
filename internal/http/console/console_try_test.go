package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"

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

// typedSchema is a variables schema of every kind of field Try it offers.
const typedSchema = `{"type": "object", "properties": {"count": {"type": "integer"}, "ratio": {"type": "number"},
	"urgent": {"type": "boolean"}, "customer": {"type": "object"}, "tags": {"type": ["array", "null"]}, "note": {"type": "string"}}}`

// newTyped makes a prompt whose version has a variable of each kind in its schema.
func newTyped(t *testing.T, env *apitest.Env, project *apitest.Project) string {
	t.Helper()
	prompt := env.NewPrompt(project, "typed")
	schema := json.RawMessage(typedSchema)
	user := "{{count}} {{ratio}} {{urgent}} {{customer.name}} {{tags}} {{note}}"
	resp, err := project.Client.CreateVersionWithResponse(context.Background(), prompt.Id.String(), nil,
		api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &user, VariablesSchema: &schema})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return "/console/prompts/" + prompt.Id.String() + "/try"
}

// TestConsoleTryTyped: Try it types each field from the variables schema, sends numbers,
// booleans and JSON as such, shows the API's problems at their field, and warns of blank
// fields without refusing to render.
func TestConsoleTryTyped(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Try typed")
	path := newTyped(t, env, project)
	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, form := b.get(path)
	require.Equal(t, http.StatusOK, status, form)
	require.Contains(t, form, `<input type="number" id="var-count" name="var.count" step="1"`)
	require.Contains(t, form, `<input type="number" id="var-ratio" name="var.ratio" step="any"`)
	require.Contains(t, form, `<input type="checkbox" id="var-urgent" name="var.urgent" value="true"`)
	require.Regexp(t, `<textarea id="var-customer" name="var.customer" rows="4" spellcheck="false" class="code"`, form)
	require.Regexp(t, `<textarea id="var-tags" name="var.tags" rows="4"`, form)
	require.Regexp(t, `<textarea id="var-note" name="var.note" rows="2"`, form)

	t.Run("Rendered", func(t *testing.T) {
		t.Parallel()
		status, page := b.post(path, url.Values{"csrf": {csrf(t, form)}, "format": {"messages"}, "var.count": {"3"}, "var.ratio": {"0.5"},
			"var.urgent": {"true"}, "var.customer": {`{"name": "Ada"}`}, "var.tags": {`["a", "b"]`}, "var.note": {"line one\nline two"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `<pre class="rendered">3 0.5 true Ada [&#34;a&#34;,&#34;b&#34;] line one`+"\n"+`line two</pre>`)
		require.NotContains(t, page, `class="notice blank"`)
	})

	t.Run("BlankIsAWarning", func(t *testing.T) {
		t.Parallel()
		status, page := b.post(path, url.Values{"csrf": {csrf(t, form)}, "format": {"messages"}, "var.count": {"3"}, "var.ratio": {"1"},
			"var.customer": {`{"name": "Ada"}`}, "var.tags": {`[]`}, "var.note": {""}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `<p class="notice blank" id="blank-note">note was left blank.</p>`)
		require.Contains(t, page, `<pre class="rendered">3 1 false Ada [] </pre>`, "rendered all the same, the unchecked box false")
	})

	t.Run("ProblemsAtTheirField", func(t *testing.T) {
		t.Parallel()
		status, page := b.post(path, url.Values{"csrf": {csrf(t, form)}, "format": {"messages"}, "var.count": {"2.5"}, "var.ratio": {"1"},
			"var.customer": {`{"name": `}, "var.tags": {`[]`}, "var.note": {"x"}}, http.Header{"HX-Request": {"true"}})
		require.Equal(t, http.StatusOK, status, page)
		require.True(t, strings.HasPrefix(strings.TrimSpace(page), `<div id="try">`), "htmx gets the form and the result")
		require.Regexp(t, `(?s)id="var-count"[^>]*aria-invalid="true".*<div id="problem-count"><p class="field-error" role="alert">[^<]+</p>`, page)
		require.Regexp(t, `(?s)id="var-customer"[^>]*aria-invalid="true".*<div id="problem-customer"><p class="field-error" role="alert">[^<]+</p>`, page)
		require.Contains(t, page, `{&#34;name&#34;: </textarea>`, "what was typed is kept")
	})
}

// TestConsoleTryAsPerson: a person, who has no environment of their own, tries a version
// never deployed (each is live in dev from its creation) and runs it through a connection;
// the console asked resolve in no environment for them, which refused every version.
func TestConsoleTryAsPerson(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Try as a person")
	env.AddMember(project.UUID(), env.NewUser("try-"+project.ID+"@example.com").ID, "editor")
	prompt := env.NewPrompt(project, "greet")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	provider := apitest.NewProvider(t)
	connection, err := project.Client.CreateConnectionWithResponse(context.Background(), nil, api.CreateConnectionRequest{Name: "local",
		Provider: api.ConnectionProviderOpenai, BaseUrl: provider.URL, ApiKey: "sk-local", DefaultModel: new("gpt-4o-mini")})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, connection.StatusCode(), string(connection.Body))
	b := newBrowser(t, env)
	_, picker := b.signInAs("try-" + project.ID + "@example.com")
	status, page := b.pick(picker, project.ID)
	require.Equal(t, http.StatusOK, status, page)

	path := "/console/prompts/" + prompt.Id.String() + "/try?version=1"
	status, page = b.get(path)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `id="var-name"`)
	token := csrf(t, page)
	status, page = b.post(path, url.Values{"csrf": {token}, "var.name": {"Ada"}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Hello Ada")

	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/run?version=1",
		url.Values{"csrf": {token}, "connection": {connection.JSON201.Data.Id.String()}, "var.name": {"Ada"}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "echo: gpt-4o-mini")
}
