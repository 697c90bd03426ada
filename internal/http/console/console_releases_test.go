package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// releaseForm is a new-release form moving slug to version in env, with more fields.
func releaseForm(token, env, slug, version string, more url.Values) url.Values {
	form := url.Values{"csrf": {token}, "environment": {env}, "prompt0": {slug}, "version0": {version}, "strategy": {"immediate"}}
	for k, v := range more {
		form[k] = v
	}
	return form
}

func TestConsoleReleases(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project *apitest.Project
		prompt  api.Prompt
		b       *browser
		// page is the prompts page the key's sign-in landed on.
		page string
	}
	// setup signs a browser in with the project's key (dev, every scope), over a prompt with
	// two versions (v2 live in dev).
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		project := env.NewProject("Releases")
		prompt := env.NewPrompt(project, "greeting")
		env.NewVersion(project, prompt.Id, "Hello {{name}}")
		env.NewVersion(project, prompt.Id, "Hi {{name}}")
		b := newBrowser(t, env)
		return &testBundle{env: env, project: project, prompt: prompt, b: b, page: b.signIn(project.Key)}
	}

	t.Run("NewReleaseLandsOnItsPage", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		require.Contains(t, bundle.page, `href="/console/releases"`)
		status, form := bundle.b.get("/console/releases/new?prompt0=greeting&version0=1")
		require.Equal(t, http.StatusOK, status, form)
		require.Contains(t, form, `id="prompt0" name="prompt0" value="greeting"`)
		status, page := bundle.b.post("/console/releases", releaseForm(csrf(t, form), "staging", "greeting", "1", url.Values{"message": {"First greeting"}}), nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Release requested: completed.")
		require.Contains(t, page, `<span class="badge release-completed">completed</span>`)
		require.Contains(t, page, "<code>greeting</code></a> none → v1")

		status, list := bundle.b.get("/console/releases")
		require.Equal(t, http.StatusOK, status, list)
		require.Contains(t, list, "First greeting")
		require.Contains(t, list, "none → v1")
		_, filtered := bundle.b.get("/console/releases?status=rolled_back")
		require.NotContains(t, filtered, "First greeting")
		require.Contains(t, filtered, "No releases of this kind.")
		_, live := bundle.b.get("/console/releases/live?environment=staging&status=")
		require.Contains(t, live, "First greeting")
		require.NotContains(t, live, "<html", "the live part alone")
	})

	t.Run("GuardEvaluationIntervalFromTheForm", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		token := csrf(t, bundle.page)
		bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "1", nil), nil)
		guard := url.Values{"strategy": {"split"}, "percent": {"10"}, "guardMax": {"0.05"}, "guardMinCalls": {"100"}, "guardInterval": {"10ms"}}
		status, page := bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "2", guard), nil)
		require.Equal(t, http.StatusBadRequest, status, page)
		require.Contains(t, page, "evaluationInterval", "the API's own check of the interval")
		guard.Set("guardInterval", "1s")
		status, page = bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "2", guard), nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "errorRate at most 0.05, after 100 calls, checked every 1s")
	})

	t.Run("GuardOfAnyMetricFromTheForm", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		token := csrf(t, bundle.page)
		bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "1", nil), nil)
		guard := url.Values{"strategy": {"split"}, "percent": {"10"}, "guardMetric": {"latencyP95Ms"}, "guardMax": {"800"}, "guardMinCalls": {"50"}}
		status, page := bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "2", guard), nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "latencyP95Ms at most 800, after 50 calls")
		guard.Set("guardMetric", "tokens")
		status, page = bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "1", guard), nil)
		require.Equal(t, http.StatusBadRequest, status, page)
		require.Contains(t, page, "metric", "the API's own check of the metric")
	})

	t.Run("SplitShowsFiguresAndCompletes", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		token := csrf(t, bundle.page)
		bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "1", nil), nil)
		status, page := bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "2", url.Values{
			"strategy": {"split"}, "percent": {"10"}, "guardMax": {"0.05"}, "guardMinCalls": {"100"}}), nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Release requested: rolling out.")
		require.Contains(t, page, `id="release-figures"`)
		require.Contains(t, page, `<span class="badge verdict-not_judged">not_judged</span>`)
		require.Contains(t, page, "errorRate at most 0.05, after 100 calls")
		require.Contains(t, page, `id="complete"`)
		require.Contains(t, page, `id="rollback"`)
		require.NotContains(t, page, `id="approve"`, "a key reviews nothing")
		action := regexpFind(t, page, `action="(/console/releases/[0-9a-f-]+)/complete"`)
		status, page = bundle.b.post(action+"/complete", url.Values{"csrf": {token}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Completed: every subject gets the new versions.")
		require.Contains(t, page, `<span class="badge release-completed">completed</span>`)
		status, page = bundle.b.post(action+"/rollback", url.Values{"csrf": {token}, "text": {"Too chatty"}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `release-rolled_back">rolled_back</span> <span class="reason">(Too chatty)</span>`)
	})

	// A split of a prompt others include says that they keep its current version until the
	// release completes; once it has, the page no longer says so.
	t.Run("SplitOfAPartialNamesItsIncluders", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		token := csrf(t, bundle.page)
		mail := bundle.env.NewPrompt(bundle.project, "mail")
		bundle.env.NewVersion(bundle.project, mail.Id, "{{> greeting}} and welcome")
		bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "1", nil), nil)
		bundle.b.post("/console/releases", releaseForm(token, "staging", "mail", "1", nil), nil)
		status, page := bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "2", url.Values{
			"strategy": {"split"}, "percent": {"10"}}), nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `<li>greeting is included by <a href="/console/prompts/`+mail.Id.String()+`">mail</a>: they include its current version, for every subject, until the release completes.</li>`)
		action := regexpFind(t, page, `action="(/console/releases/[0-9a-f-]+)/complete"`)
		status, page = bundle.b.post(action+"/complete", url.Values{"csrf": {token}}, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.NotContains(t, page, `id="release-includers"`)
	})

	t.Run("RefusalShownWithTheAPIsMessage", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		token := csrf(t, bundle.page)
		_, page := bundle.b.post("/console/releases", releaseForm(token, "staging", "greeting", "1", nil), nil)
		action := regexpFind(t, page, `action="(/console/releases/[0-9a-f-]+)/rollback"`)
		status, page := bundle.b.post(action+"/cancel", url.Values{"csrf": {token}}, nil)
		require.Equal(t, http.StatusConflict, status, page)
		require.Contains(t, page, `id="error"`)
		require.Contains(t, page, "CONFLICT")
		require.Contains(t, page, `<span class="badge release-completed">completed</span>`, "the release is shown as it is")
	})

	t.Run("BadStepsRefusedAtTheField", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		status, page := bundle.b.post("/console/releases", releaseForm(csrf(t, bundle.page), "dev", "greeting", "1", url.Values{
			"strategy": {"gradual"}, "steps": {"5 10m\n25"}}), nil)
		require.Equal(t, http.StatusBadRequest, status, page)
		require.Contains(t, page, `a step is a percent and a duration, such as 5 10m, not &#34;25&#34;`)
		require.Contains(t, page, `name="steps" rows="3">5 10m`, "the form keeps what was typed")
		status, page = bundle.b.post("/console/releases", releaseForm(csrf(t, bundle.page), "dev", "nosuch", "1", nil), nil)
		require.Equal(t, http.StatusNotFound, status, page)
		require.Contains(t, page, `id="error"`)
	})

	t.Run("ChecksOnTheVersionPage", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		resp, err := bundle.project.Client.ReportVersionCheckWithResponse(context.Background(), "greeting", "1", nil,
			api.ReportCheckRequest{Name: "eval", Status: api.CheckStatusPassed, Score: nullable.NewNullableWithValue(0.92),
				DetailsUrl: nullable.NewNullableWithValue("https://ci.example.com/runs/812")})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		detail, err := bundle.project.Client.GetPromptWithResponse(context.Background(), bundle.prompt.Id.String())
		require.NoError(t, err)
		v1 := detail.JSON200.Data.Versions[1]
		require.Equal(t, 1, v1.VersionNumber)
		status, page := bundle.b.get("/console/prompts/" + bundle.prompt.Id.String() + "/versions/" + v1.Id.String())
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `<tr id="check-eval"><td>eval</td><td><span class="badge check-passed">passed</span></td>`)
		require.Contains(t, page, "<td>0.92</td>")
		require.Contains(t, page, `href="https://ci.example.com/runs/812"`)
		require.Contains(t, page, `id="release-version" href="/console/releases/new?prompt0=greeting&amp;version0=1"`)
	})

	t.Run("UndeployOnceConfirmed", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		path := "/console/prompts/" + bundle.prompt.Id.String()
		_, page := bundle.b.get(path)
		require.Contains(t, page, `id="undeploy-dev"`)
		require.NotContains(t, page, `id="undeploy-staging"`, "nothing to undeploy there")
		form := url.Values{"csrf": {csrf(t, page)}, "environment": {"dev"}}
		status, page := bundle.b.post(path+"/undeploy", form, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Remove the prompt from <strong>dev</strong>, where v2 is live?")
		form.Set("confirm", "yes")
		status, page = bundle.b.post(path+"/undeploy", form, nil)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "Undeployed: dev serves no version of this prompt now.")
		require.Contains(t, page, `<span class="badge" id="live-dev">none</span>`)
		status, page = bundle.b.post(path+"/undeploy", form, nil)
		require.Equal(t, http.StatusConflict, status, page)
		require.Contains(t, page, `id="error"`)
	})

	t.Run("ReadOnlyKeySeesNoControls", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		reader := bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		_, page := bundle.b.post("/console/releases", releaseForm(csrf(t, bundle.page), "staging", "greeting", "1", nil), nil)
		release := regexpFind(t, page, `action="(/console/releases/[0-9a-f-]+)/rollback"`)
		b := newBrowser(t, bundle.env)
		b.signIn(reader)
		_, page = b.get("/console/releases")
		require.NotContains(t, page, `id="new-release"`)
		_, page = b.get(release)
		require.NotContains(t, page, `id="rollback"`)
		_, page = b.get("/console/prompts/" + bundle.prompt.Id.String())
		require.NotContains(t, page, `id="undeploy-dev"`)
		_, page = b.get("/console/environments")
		require.NotContains(t, page, `id="new-environment"`)
		require.NotContains(t, page, `id="protect-production"`)
	})
}

// TestConsoleReleaseReviews checks a release into a protected environment among people:
// its author may not review it and sees what it waits for, a publisher approves it, and a
// viewer sees no control.
func TestConsoleReleaseReviews(t *testing.T) {
	t.Parallel()
	env := apitest.New(t)
	project := env.NewProject("Reviews")
	projectID := uuid.MustParse(project.ID)
	prompt := env.NewPrompt(project, "welcome")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	testfactory.Protect(context.Background(), t, env.Pool, projectID, "production", &testfactory.ProtectionOpts{RequiredApprovals: new(1)})
	for email, role := range map[string]string{"author@example.com": "publisher", "pat@example.com": "publisher", "ed@example.com": "editor", "vic@example.com": "viewer"} {
		env.AddMember(projectID, env.NewUser(email).ID, role)
	}
	as := func(email string) (*browser, string) {
		b := newBrowser(t, env)
		_, picker := b.signInAs(email)
		status, page := b.pick(picker, project.ID)
		require.Equal(t, http.StatusOK, status, page)
		return b, page
	}

	author, page := as("author@example.com")
	status, page := author.post("/console/releases", releaseForm(csrf(t, page), "production", "welcome", "1", nil), nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Release requested: pending approval.")
	require.Contains(t, page, "<li>1 more approval</li>")
	require.NotContains(t, page, `id="approve"`, "no one reviews their own release")
	require.Contains(t, page, `id="cancel"`)
	release := regexpFind(t, page, `action="(/console/releases/[0-9a-f-]+)/cancel"`)

	editor, _ := as("ed@example.com")
	_, page = editor.get(release)
	require.NotContains(t, page, `id="approve"`, "an editor is below the publisher role")
	status, page = editor.post(release+"/approve", url.Values{"csrf": {csrf(t, page)}}, nil)
	require.Equal(t, http.StatusForbidden, status, page)
	require.Contains(t, page, "This needs the publisher role or a higher one; you are editor in this project.")
	status, page = editor.post("/console/releases", releaseForm(csrf(t, page), "production", "welcome", "1", nil), nil)
	require.Equal(t, http.StatusForbidden, status, page)
	require.Contains(t, page, "Changing deployments in production")

	viewer, _ := as("vic@example.com")
	_, page = viewer.get(release)
	require.NotContains(t, page, `id="approve"`)
	require.NotContains(t, page, `id="cancel"`)
	require.NotContains(t, page, `<form method="post" action="/console/releases/`)

	publisher, _ := as("pat@example.com")
	_, page = publisher.get(release)
	require.Contains(t, page, `id="approve"`)
	status, page = publisher.post(release+"/approve", url.Values{"csrf": {csrf(t, page)}, "text": {"Checked the eval run."}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Approved.")
	require.Contains(t, page, `<span class="badge release-completed">completed</span>`)
	require.Contains(t, page, "<td>pat@example.com</td><td>approve</td><td>Checked the eval run.</td>")
}

// TestConsoleEnvironments checks the environments page: an admin adds an environment and
// protects it, a bad number is refused at its field.
func TestConsoleEnvironments(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Environments")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))

	status, page := b.get("/console/environments")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `<tr id="environment-production">`)
	status, page = b.post("/console/environments", url.Values{"csrf": {token}, "name": {"eu-production"}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Added eu-production.")
	require.Contains(t, page, `<tr id="environment-eu-production">`)

	protect := url.Values{"csrf": {token}, "requiredApprovals": {"1"}, "requiredChecks": {"eval, lint"}, "minCheckScore": {"0.8"}, "requiredPredecessor": {"staging"}}
	status, page = b.post("/console/environments/eu-production/protection", protect, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Saved the protection of eu-production.")
	require.Contains(t, page, `eu-production <span class="badge">protected</span></th>
    <td>1</td><td>eval, lint</td>
    <td>0.8</td><td>staging</td>`)

	protect.Set("requiredApprovals", "one")
	status, page = b.post("/console/environments/eu-production/protection", protect, nil)
	require.Equal(t, http.StatusBadRequest, status, page)
	require.Contains(t, page, "the approvals needed are not a whole number")
	protect.Set("requiredApprovals", "1")
	protect.Set("requiredPredecessor", "eu-production")
	status, page = b.post("/console/environments/eu-production/protection", protect, nil)
	require.Equal(t, http.StatusBadRequest, status, page)
	require.Contains(t, page, `data-code="VALIDATION_ERROR"><strong>Please check what you entered.</strong>`)
	status, page = b.post("/console/environments", url.Values{"csrf": {token}, "name": {"eu-production"}}, nil)
	require.Equal(t, http.StatusConflict, status, page)
}

// regexpFind is the first group of pattern's first match in page.
func regexpFind(t *testing.T, page, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(page)
	require.NotNil(t, m, "no %s on the page", pattern)
	return m[1]
}
