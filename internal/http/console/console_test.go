package console_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// browser is a cookie-keeping HTTP client on one test server, standing in for a browser
// where no script matters.
type browser struct {
	t    *testing.T
	env  *apitest.Env
	http *http.Client
}

func newBrowser(t *testing.T, env *apitest.Env) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &browser{t: t, env: env, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// get fetches a console page and returns its status and body.
func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.http.Get(b.env.URL + path)
	require.NoError(b.t, err)
	return read(b.t, resp)
}

// post sends a form, the way a page's form would, with extra headers.
func (b *browser) post(path string, form url.Values, header http.Header) (int, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.env.URL+path, strings.NewReader(form.Encode()))
	require.NoError(b.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := b.http.Do(req)
	require.NoError(b.t, err)
	return read(b.t, resp)
}

// postRaw sends a body of any type, as a page's form never would.
func (b *browser) postRaw(path, contentType string, body any) (int, string) {
	b.t.Helper()
	var r io.Reader
	switch v := body.(type) {
	case string:
		r = strings.NewReader(v)
	case io.Reader:
		r = v
	}
	resp, err := b.http.Post(b.env.URL+path, contentType, r)
	require.NoError(b.t, err)
	return read(b.t, resp)
}

func read(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token of the forms of a page.
func csrf(t *testing.T, page string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	require.NotNil(t, m, "no CSRF token on the page")
	return html.UnescapeString(m[1])
}

// signIn signs the browser in with key and returns the prompts page.
func (b *browser) signIn(key string) string {
	b.t.Helper()
	status, page := b.get("/console/sign-in")
	require.Equal(b.t, http.StatusOK, status)
	status, page = b.post("/console/sign-in", url.Values{"csrf": {csrf(b.t, page)}, "key": {key}}, nil)
	require.Equal(b.t, http.StatusOK, status, page)
	require.Contains(b.t, page, "<h1>Prompts</h1>")
	return page
}

func TestConsoleSession(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project *apitest.Project
		b       *browser
	}
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		return &testBundle{env: env, project: env.NewProject("Console"), b: newBrowser(t, env)}
	}

	t.Run("SignedOutGoesToSignIn", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		status, page := bundle.b.get("/console/prompts")
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="sign-in"`)
	})

	t.Run("SignInKeepsTheKeyOffPages", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		page := bundle.b.signIn(bundle.project.Key)
		require.NotContains(t, page, bundle.project.Key)
		u, _ := url.Parse(bundle.env.URL + "/console/")
		cookies := bundle.b.http.Jar.Cookies(u)
		require.Len(t, cookies, 1)
		require.NotContains(t, cookies[0].Value, bundle.project.Key)
		resp, err := bundle.b.http.Get(bundle.env.URL + "/console/prompts")
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
		require.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'self'")
	})

	t.Run("SetsAStrictHttpOnlyCookie", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		status, page := bundle.b.get("/console/sign-in")
		require.Equal(t, http.StatusOK, status)
		req := bundle.env.Request(http.MethodPost, "/console/sign-in", "", "application/x-www-form-urlencoded",
			url.Values{"csrf": {csrf(t, page)}, "key": {bundle.project.Key}}.Encode())
		u, _ := url.Parse(bundle.env.URL + "/console/")
		for _, c := range bundle.b.http.Jar.Cookies(u) {
			req.AddCookie(c)
		}
		resp := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do
		res, err := resp(req)
		require.NoError(t, err)
		_ = res.Body.Close()
		require.Equal(t, http.StatusSeeOther, res.StatusCode)
		var session *http.Cookie
		for _, c := range res.Cookies() {
			if c.Name == "promptops_console" {
				session = c
			}
		}
		require.NotNil(t, session)
		require.True(t, session.HttpOnly)
		require.Equal(t, http.SameSiteStrictMode, session.SameSite)
		require.Equal(t, "/console/", session.Path)
	})

	t.Run("WrongKeyRefused", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		_, page := bundle.b.get("/console/sign-in")
		status, page := bundle.b.post("/console/sign-in", url.Values{"csrf": {csrf(t, page)}, "key": {"po_live_" + strings.Repeat("x", 40)}}, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Contains(t, page, "The API key is not known.")
	})

	t.Run("SignInWithoutTokenRefused", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		status, _ := bundle.b.post("/console/sign-in", url.Values{"key": {bundle.project.Key}}, nil)
		require.Equal(t, http.StatusForbidden, status)
	})

	t.Run("ForgedPostsRefused", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		page := bundle.b.signIn(bundle.project.Key)
		token := csrf(t, page)
		form := url.Values{"slug": {"forged"}, "name": {"Forged"}}
		status, _ := bundle.b.post("/console/prompts", form, nil)
		require.Equal(t, http.StatusForbidden, status, "no token")
		form.Set("csrf", "forged")
		status, _ = bundle.b.post("/console/prompts", form, nil)
		require.Equal(t, http.StatusForbidden, status, "wrong token")
		form.Set("csrf", token)
		status, _ = bundle.b.post("/console/prompts", form, http.Header{"Origin": {"http://evil.example"}})
		require.Equal(t, http.StatusForbidden, status, "another origin")
		status, _ = bundle.b.post("/console/prompts", form, http.Header{"Sec-Fetch-Site": {"cross-site"}})
		require.Equal(t, http.StatusForbidden, status, "another site")
		require.Zero(t, bundle.env.RowsOf(bundle.project).Prompts)
		status, page = bundle.b.post("/console/prompts", form, http.Header{"Origin": {bundle.env.URL}})
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<h1>Forged</h1>")
	})

	t.Run("RevokedKeyEndsTheSession", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		key := bundle.env.NewKey(bundle.project, api.CreateApiKeyRequest{Environment: "dev"})
		bundle.b.signIn(key)
		keys, err := bundle.project.Client.ListApiKeysWithResponse(context.Background(), nil)
		require.NoError(t, err)
		for _, k := range keys.JSON200.Data {
			if strings.HasPrefix(key, k.KeyPrefix) {
				_, err := bundle.project.Client.RevokeApiKeyWithResponse(context.Background(), k.Id)
				require.NoError(t, err)
			}
		}
		status, page := bundle.b.get("/console/prompts")
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="sign-in"`)
		require.Contains(t, page, "Your session has ended")
	})

	t.Run("ExpiredSessionEnds", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		bundle.b.signIn(bundle.project.Key)
		_, err := bundle.env.Pool.Exec(context.Background(), `UPDATE console_sessions SET expires_at = now() - interval '1 second'
			WHERE key_id IN (SELECT id FROM api_keys WHERE project_id = $1)`, bundle.project.ID)
		require.NoError(t, err)
		_, page := bundle.b.get("/console/prompts")
		require.Contains(t, page, "Your session has ended")
	})

	t.Run("SignOutEndsTheSession", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		page := bundle.b.signIn(bundle.project.Key)
		u, _ := url.Parse(bundle.env.URL + "/console/")
		stolen := bundle.b.http.Jar.Cookies(u)
		status, page := bundle.b.post("/console/sign-out", url.Values{"csrf": {csrf(t, page)}}, nil)
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="sign-in"`)
		// The old cookie, replayed, is worth nothing: the session is gone on the server.
		again := newBrowser(t, bundle.env)
		again.http.Jar.SetCookies(u, stolen)
		_, page = again.get("/console/prompts")
		require.Contains(t, page, `id="sign-in"`)
	})
}

func TestConsoleScopes(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Scopes")
	prompt := env.NewPrompt(project, "greeting")
	env.NewVersion(project, prompt.Id, "Hello {{name}}")
	readOnly := env.NewKey(project, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}})
	b := newBrowser(t, env)
	page := b.signIn(readOnly)
	require.Contains(t, page, "greeting")
	for _, control := range []string{`id="new-prompt"`, `href="/console/keys"`, `href="/console/webhooks"`, `href="/console/audit"`} {
		require.NotContains(t, page, control)
	}
	status, page := b.get("/console/prompts/" + prompt.Id.String())
	require.Equal(t, http.StatusOK, status, page)
	for _, control := range []string{`id="new-version"`, `/promote"`, `/rollback"`} {
		require.NotContains(t, page, control)
	}
	require.Contains(t, page, `id="try"`)
	// The server refuses what the page does not offer, with the API's answer.
	token := csrf(t, page)
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", url.Values{"csrf": {token}, "role": {"user"}, "content": {"Hi"}, "step": {"create"}}, nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, page, "needs the prompts:write scope")
	status, _ = b.post("/console/keys", url.Values{"csrf": {token}, "environment": {"dev"}}, nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Equal(t, int64(1), env.RowsOf(project).PromptVersions)
}

// TestConsoleForms checks that the console's forms are judged by the API's rules: the
// spec's schema (through the gateway), then the handler's own.
func TestConsoleForms(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Forms")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))

	status, page := b.post("/console/prompts", url.Values{"csrf": {token}, "slug": {"Not A Slug"}, "name": {"Bad"}}, nil)
	require.Equal(t, http.StatusBadRequest, status)
	require.Regexp(t, `id="slug-hint">[^<]*</p>\s*<p class="field-error" role="alert">`, page, "the schema's complaint is shown at the slug")
	require.Contains(t, page, `value="Not A Slug"`, "what was typed is kept")
	require.Zero(t, env.RowsOf(project).Prompts)

	prompt := env.NewPrompt(project, "forms")
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", conversation(url.Values{"csrf": {token}, "temperature": {"0.5"}},
		"system", "Hi", "user", "Hello {{#open}}"), nil)
	require.Equal(t, http.StatusBadRequest, status)
	require.Regexp(t, `(?s)id="content-1".*?</textarea>\s*<p class="field-error" role="alert">[^<]*`, page, "the problem is shown at its message")

	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", conversation(url.Values{"csrf": {token}, "temperature": {"warm"}},
		"user", "Hello"), nil)
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, page, "is not a number")

	status, _ = b.get("/console")
	require.Equal(t, http.StatusOK, status, "/console goes to /console/ and on to the prompts")
	status, _ = b.get("/console/nowhere")
	require.Equal(t, http.StatusNotFound, status)
	status, _ = b.get("/console/prompts/not-an-id")
	require.Equal(t, http.StatusNotFound, status)
}

// TestConsoleFormLineEndings: a browser's text area posts CRLF line endings; the version
// the form creates holds LF, as one made over the API would.
func TestConsoleFormLineEndings(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Lines")
	prompt := env.NewPrompt(project, "lines")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))

	status, page := b.post("/console/prompts/"+prompt.Id.String()+"/versions", conversation(url.Values{"csrf": {token}, "temperature": {"0.5"}, "step": {"create"}},
		"system", "Be brief.\r\nBe kind.", "user", "Hello {{name}}\r\n\r\nBye"), nil)
	require.Equal(t, http.StatusOK, status, page)
	versions, err := project.Client.ListVersionsWithResponse(context.Background(), prompt.Id.String(), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, versions.StatusCode(), string(versions.Body))
	require.Len(t, versions.JSON200.Data, 1)
	require.Equal(t, "Be brief.\nBe kind.", versions.JSON200.Data[0].SystemPrompt)
	require.Equal(t, "Hello {{name}}\n\nBye", versions.JSON200.Data[0].UserTemplate)
}

// TestConsoleEditorWarnings: what version creation warns of (here a placeholder of another
// syntax) is shown on the page the editor sends the browser to, once.
func TestConsoleEditorWarnings(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Warnings")
	prompt := env.NewPrompt(project, "warned")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))

	status, page := b.post("/console/prompts/"+prompt.Id.String()+"/versions", conversation(url.Values{"csrf": {token}, "temperature": {"0.5"}, "step": {"create"}},
		"system", "Be brief.", "user", "Hello {userName}"), nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "<h1>Prompt warned v1</h1>", "the browser lands on the created version")
	require.Contains(t, page, "Created v1.")
	require.Regexp(t, `(?s)id="warnings".*?<li>/messages/1/content: line 1, column 7: &#34;\{userName\}&#34; looks like a placeholder of another syntax`, page)

	status, page = b.get("/console/prompts/" + prompt.Id.String() + "/versions/" + versionID(t, project, prompt.Id, 1))
	require.Equal(t, http.StatusOK, status)
	require.NotContains(t, page, `id="warnings"`, "a reload shows the page without them")
}

// TestConsoleEditorConflict: a version made elsewhere while the editor was open is a
// conflict the page reports, what was typed kept; posting again then creates it on top.
func TestConsoleEditorConflict(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Conflict")
	prompt := env.NewPrompt(project, "edited-twice")
	env.NewVersion(project, prompt.Id, "Hello v1")
	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, editor := b.get("/console/prompts/" + prompt.Id.String() + "/versions/new")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, editor, `name="base" value="1"`)

	env.NewVersion(project, prompt.Id, "Hello v2, from elsewhere")
	form := conversation(url.Values{"csrf": {csrf(t, editor)}, "base": {"1"}, "from": {"1"}, "temperature": {"0.5"}, "step": {"review"}}, "system", "Hi", "user", "Mine")
	status, page := b.post("/console/prompts/"+prompt.Id.String()+"/versions", form, nil)
	require.Equal(t, http.StatusConflict, status, page)
	require.Contains(t, page, "<strong>Someone else saved a version meanwhile.</strong>", "the review already says so, in words")
	require.NotContains(t, page, ">VERSION_CONFLICT<", "a code is not what a person reads")
	require.NotContains(t, page, `id="create-version"`)

	form.Set("step", "create")
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", form, nil)
	require.Equal(t, http.StatusConflict, status, page)
	require.Contains(t, page, `data-code="VERSION_CONFLICT"><strong>Someone else saved a version meanwhile.</strong>`)
	require.Contains(t, page, ">Mine</textarea>", "what was typed is kept")
	require.Contains(t, page, `name="base" value="2"`, "the form now knows the newest version")
	require.Len(t, versionsOf(t, project, prompt.Id), 2)

	form.Set("base", "2")
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", form, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Created v3.")
}

// versionID is the id of version n of a prompt.
func versionID(t *testing.T, project *apitest.Project, promptID uuid.UUID, n int) string {
	t.Helper()
	for _, v := range versionsOf(t, project, promptID) {
		if v.VersionNumber == n {
			return v.Id.String()
		}
	}
	t.Fatalf("no version %d", n)
	return ""
}

// versionsOf lists a prompt's versions, newest first.
func versionsOf(t *testing.T, project *apitest.Project, promptID uuid.UUID) []api.Version {
	t.Helper()
	versions, err := project.Client.ListVersionsWithResponse(context.Background(), promptID.String(), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, versions.StatusCode(), string(versions.Body))
	return versions.JSON200.Data
}

// TestConsoleWebhooks checks the webhook pages: deliveries listed, one redelivered (it
// reaches the receiver again), the secret rotated and shown once.
func TestConsoleWebhooks(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Hooks")
	receiver := apitest.NewReceiver(t)
	created, err := project.Client.CreateWebhookWithResponse(context.Background(), nil, api.CreateWebhookRequest{Url: receiver.URL, Events: []string{"prompt.created"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	hookID := created.JSON201.Data.Id.String()
	env.NewPrompt(project, "hooked")
	receiver.WaitFor(t, 20*time.Second, func(ds []apitest.Delivery) bool { return len(apitest.Succeeded(ds)) == 1 })

	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/webhooks")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, receiver.URL)
	status, page = b.get("/console/webhooks/" + hookID)
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, "prompt.created")
	redeliver := regexp.MustCompile(`action="(/console/webhooks/[^"]+/redeliver)"`).FindStringSubmatch(page)
	require.NotNil(t, redeliver, page)

	status, page = b.post(redeliver[1], url.Values{"csrf": {csrf(t, page)}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "Queued again")
	receiver.WaitFor(t, 20*time.Second, func(ds []apitest.Delivery) bool { return len(apitest.Succeeded(ds)) == 2 })

	status, page = b.post("/console/webhooks/"+hookID+"/rotate-secret", url.Values{"csrf": {csrf(t, page)}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	secret := regexp.MustCompile(`id="secret" readonly value="([^"]+)"`).FindStringSubmatch(page)
	require.NotNil(t, secret, page)
	_, page = b.get("/console/webhooks/" + hookID)
	require.NotContains(t, page, secret[1], "the secret is shown once")
}

// TestConsoleConversation checks that a version of several messages is edited as its
// messages, and that the console creates the next one from them.
func TestConsoleConversation(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Conversation")
	prompt := env.NewPrompt(project, "chat")
	messages := []api.Message{{Role: api.MessageRoleSystem, Content: "Be brief."}, {Role: api.MessageRoleUser, Content: "Hi"},
		{Role: api.MessageRoleAssistant, Content: "Hello."}, {Role: api.MessageRoleUser, Content: "{{question}}"}}
	resp, err := project.Client.CreateVersionWithResponse(context.Background(), prompt.Id.String(), nil, api.CreateVersionRequest{Messages: &messages})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))

	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/prompts/" + prompt.Id.String() + "/versions/new")
	require.Equal(t, http.StatusOK, status)
	for i, m := range messages {
		require.Regexp(t, `(?s)<option selected>`+string(m.Role)+`</option>.*?<textarea id="content-`+strconv.Itoa(i)+`"[^>]*>`+regexp.QuoteMeta(html.EscapeString(m.Content))+`</textarea>`, page)
	}
	status, page = b.post("/console/prompts/"+prompt.Id.String()+"/versions", conversation(url.Values{"csrf": {csrf(t, page)}, "model": {"gpt-4o"}, "step": {"create"}},
		"system", "Be very brief.", "user", "Hi", "assistant", "Hello.", "user", "{{question}}"), nil)
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "<h1>Prompt chat v2</h1>")
	require.Contains(t, page, "Be very brief.")
}

// TestConsoleAuditNamesOrigin: the audit log says where each change came from, the client
// address and the User-Agent its event recorded.
func TestConsoleAuditNamesOrigin(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Audit")
	req := env.Request(http.MethodPost, "/api/v1/prompts", project.Key, "application/json", `{"slug": "audited", "name": "Audited"}`)
	req.Header.Set("User-Agent", "release-bot/2.1 <script>")
	resp := env.Do(req)
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/audit?type=prompt.created")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "<code>127.0.0.1</code>")
	require.Contains(t, page, `<small class="agent">release-bot/2.1 &lt;script&gt;</small>`)
}

// TestConsoleAuditNamesPeople: a change a person made is shown by their name and email, one
// a key made by the key's prefix.
func TestConsoleAuditNamesPeople(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Audit people")
	email := "audited-" + uuid.NewString()[:8] + "@example.com"
	user := env.NewUser(email)
	env.AddMember(project.UUID(), user.ID, "editor")
	signIn, err := env.Anonymous.SignInWithResponse(context.Background(), api.SignInRequest{Email: email, Password: apitest.Password})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, signIn.StatusCode(), string(signIn.Body))
	req := env.Request(http.MethodPost, "/api/v1/prompts", signIn.JSON200.Data.Token, "application/json", `{"slug": "by-a-person", "name": "By a person"}`)
	req.Header.Set("PromptOps-Project", project.ID)
	resp := env.Do(req)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	env.NewPrompt(project, "by-a-key")

	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/audit?type=prompt.created")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "<td>User "+email+" &lt;"+email+"&gt;</td>")
	require.Contains(t, page, "<td><code>"+project.Key[:12]+"</code></td>")
}

// TestConsoleEditorDefaults: a prompt's first version starts from the API's own defaults
// (the model and temperature a create without them stores), not from defaults of its own.
func TestConsoleEditorDefaults(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Defaults")
	prompt := env.NewPrompt(project, "fresh")
	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/prompts/" + prompt.Id.String() + "/versions/new")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `name="model" value="gpt-4"`)
	require.Contains(t, page, `name="temperature" inputmode="decimal" value="0.7"`)
}

// TestConsoleAddedEnvironments: the console's environment selectors list the project's
// environments, those it added too; a key made for one from the keys page is bound to it.
func TestConsoleAddedEnvironments(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Environments")
	created, err := project.Client.CreateEnvironmentWithResponse(context.Background(), nil, api.CreateEnvironmentRequest{Name: "eu-production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	prompt := env.NewPrompt(project, "greeting")
	env.NewVersion(project, prompt.Id, "Hello")
	b := newBrowser(t, env)
	page := b.signIn(project.Key)
	require.Contains(t, page, `<th scope="col">eu-production</th>`, "the prompts list has a column per environment")

	status, page := b.get("/console/prompts/" + prompt.Id.String())
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `id="env-eu-production"`)
	require.Contains(t, page, `id="promote-1-eu-production"`)

	status, page = b.get("/console/keys")
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, "<option>eu-production</option>")
	status, page = b.post("/console/keys", url.Values{"csrf": {csrf(t, page)}, "environment": {"eu-production"}}, nil)
	require.Equal(t, http.StatusOK, status, page)
	keys, err := project.Client.ListApiKeysWithResponse(context.Background(), &api.ListApiKeysParams{Environment: new("eu-production")})
	require.NoError(t, err)
	require.Len(t, keys.JSON200.Data, 1)
}

// TestConsolePromptIncluders: a prompt's page lists the live prompts that include it, per
// environment, each linked; a prompt no one includes shows no such list.
func TestConsolePromptIncluders(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Includers")
	part := env.NewPrompt(project, "footer")
	env.NewVersion(project, part.Id, "The team")
	mail := env.NewPrompt(project, "mail")
	mailV1 := env.NewVersion(project, mail.Id, "Hi.\n{{> footer}}")
	b := newBrowser(t, env)
	b.signIn(project.Key)

	status, page := b.get("/console/prompts/" + part.Id.String())
	require.Equal(t, http.StatusOK, status, page)
	require.Contains(t, page, `<h2 id="includers-h">Included by</h2>`)
	require.Contains(t, page, `<tr><td>dev</td><td><a href="/console/prompts/`+mail.Id.String()+`">mail</a></td><td>v`+strconv.Itoa(mailV1.VersionNumber)+`</td></tr>`)

	status, page = b.get("/console/prompts/" + mail.Id.String())
	require.Equal(t, http.StatusOK, status, page)
	require.NotContains(t, page, `id="includers"`)
}
