package console_test

import (
	"bytes"
	"crypto/tls"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/console"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// countingBody is a request body of n bytes of form text that counts what was read of it.
type countingBody struct {
	left int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), b.left))
	for i := range p[:n] {
		p[i] = 'a'
	}
	b.left -= int64(n)
	b.read.Add(int64(n))
	return n, nil
}

// direct serves req with the instance's handler in process, so that what it reads of the
// body is counted exactly; cookies are the browser's.
func (b *browser) direct(req *http.Request) *httptest.ResponseRecorder {
	u, _ := url.Parse(b.env.URL + "/console/")
	for _, c := range b.http.Jar.Cookies(u) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.env.Server.Handler().ServeHTTP(rec, req)
	return rec
}

// multipartBody is a multipart form of the fields and one file part of size bytes,
// streamed.
func multipartBody(t *testing.T, fields url.Values, size int64) (io.Reader, string) {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	for name, values := range fields {
		require.NoError(t, mw.WriteField(name, values[0]))
	}
	_, err := mw.CreateFormFile("upload", "big.bin")
	require.NoError(t, err)
	boundary := mw.Boundary()
	tail := "\r\n--" + boundary + "--\r\n"
	return io.MultiReader(&head, &countingBody{left: size}, strings.NewReader(tail)), mw.FormDataContentType()
}

// TestConsoleBodies checks the bounds of what a console request may send: URL-encoded
// forms only, of a bounded size, refused from their headers where they can be, and the
// sign-in form's token checked before its body is read.
func TestConsoleBodies(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env     *apitest.Env
		project *apitest.Project
		b       *browser
		token   string
	}
	setup := func(t *testing.T) *testBundle {
		env := apitest.Shared(t)
		project := env.NewProject("Bodies")
		b := newBrowser(t, env)
		return &testBundle{env: env, project: project, b: b, token: csrf(t, b.signIn(project.Key))}
	}

	t.Run("OversizedRefusedUnread", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		// Of unknown length: read up to the limit, no further.
		body := &countingBody{left: 16 << 20}
		req := httptest.NewRequest(http.MethodPost, "/console/prompts", io.MultiReader(strings.NewReader("csrf="+url.QueryEscape(bundle.token)+"&name="), body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = -1
		rec := bundle.b.direct(req)
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code, rec.Body.String())
		require.Contains(t, rec.Body.String(), "PAYLOAD_TOO_LARGE")
		require.LessOrEqual(t, body.read.Load(), int64(console.FormLimit))
		// Declared too large: refused before a byte is read.
		body = &countingBody{left: console.FormLimit + 1}
		req = httptest.NewRequest(http.MethodPost, "/console/prompts", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = body.left
		rec = bundle.b.direct(req)
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		require.Zero(t, body.read.Load())
		require.Zero(t, bundle.env.RowsOf(bundle.project).Prompts)
	})

	t.Run("MultipartRefused", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t)
		for _, path := range []string{"/console/prompts", "/console/sign-in"} {
			body, contentType := multipartBody(t, url.Values{"csrf": {bundle.token}, "slug": {"multi"}, "name": {"Multi"}}, 1<<20)
			req := httptest.NewRequest(http.MethodPost, path, body)
			req.Header.Set("Content-Type", contentType)
			rec := bundle.b.direct(req)
			require.Equal(t, http.StatusUnsupportedMediaType, rec.Code, path)
			require.Contains(t, rec.Body.String(), "application/x-www-form-urlencoded")
		}
		// Nor any other media type, nor a body on a page that takes none.
		status, _ := bundle.b.postRaw("/console/prompts", "application/json", `{"csrf": "x"}`)
		require.Equal(t, http.StatusUnsupportedMediaType, status)
		body, contentType := multipartBody(t, url.Values{"q": {"x"}}, 1<<10)
		req := httptest.NewRequest(http.MethodGet, "/console/prompts", body)
		req.Header.Set("Content-Type", contentType)
		require.Equal(t, http.StatusUnsupportedMediaType, bundle.b.direct(req).Code)
		require.Zero(t, bundle.env.RowsOf(bundle.project).Prompts)
	})

	t.Run("ForgedSignInRefusedUnread", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		// A sign-in cookie whose value the sender picked, and the same in the form: refused
		// from the cookie alone, before the body is read.
		body := &countingBody{left: 8 << 20}
		req := httptest.NewRequest(http.MethodPost, "/console/sign-in", io.MultiReader(strings.NewReader("csrf=mine&key="), body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = -1
		req.AddCookie(&http.Cookie{Name: "promptops_console_signin", Value: "mine"})
		rec := httptest.NewRecorder()
		env.Server.Handler().ServeHTTP(rec, req)
		require.Equal(t, http.StatusForbidden, rec.Code)
		require.Contains(t, rec.Body.String(), "not sent by this console")
		require.Zero(t, body.read.Load())
	})

	t.Run("SignInFormBounded", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		b := newBrowser(t, env)
		_, page := b.get("/console/sign-in")
		status, _ := b.post("/console/sign-in", url.Values{"csrf": {csrf(t, page)}, "key": {strings.Repeat("k", console.SignInLimit)}}, nil)
		require.Equal(t, http.StatusRequestEntityTooLarge, status)
	})
}

// TestConsoleMultipartLeavesNoFiles checks that a multipart post larger than what Go keeps
// in memory leaves no temporary file behind (it used to leave one per post under
// $TMPDIR/multipart-*). Not parallel: it points TMPDIR at a directory of its own.
func TestConsoleMultipartLeavesNoFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	env := apitest.Shared(t)
	project := env.NewProject("Uploads")
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))
	_, signIn := newBrowser(t, env).get("/console/sign-in")
	statuses := map[string]int{}
	for _, path := range []string{"/console/prompts", "/console/sign-in"} {
		fields := url.Values{"csrf": {token}, "slug": {"upload"}, "name": {"Upload"}}
		if path == "/console/sign-in" {
			fields = url.Values{"csrf": {csrf(t, signIn)}, "key": {project.Key}}
		}
		body, contentType := multipartBody(t, fields, 40<<20) // past the 32 MiB kept in memory
		statuses[path], _ = b.postRaw(path, contentType, body)
	}
	left, err := filepath.Glob(filepath.Join(tmp, "multipart-*"))
	require.NoError(t, err)
	require.Empty(t, left, "temporary files of multipart posts")
	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	for _, e := range entries {
		info, err := e.Info()
		require.NoError(t, err)
		require.Less(t, info.Size(), int64(1<<20), "a large file was left in TMPDIR: %s", e.Name())
	}
	require.Equal(t, map[string]int{"/console/prompts": http.StatusUnsupportedMediaType, "/console/sign-in": http.StatusUnsupportedMediaType}, statuses)
}

// TestConsoleBadInput checks that every console page and form answers text no field may
// hold (a NUL character, invalid UTF-8, a malformed escape) and parameters the API's
// checks refuse (q over 200 characters) with a 400 page naming the field, never a 500.
func TestConsoleBadInput(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Bad input")
	prompt := env.NewPrompt(project, "greeting")
	version := env.NewVersion(project, prompt.Id, "Hello {{name}}")
	receiver := apitest.NewReceiver(t)
	hook, err := project.Client.CreateWebhookWithResponse(t.Context(), nil, api.CreateWebhookRequest{Url: receiver.URL, Events: []string{"prompt.created"}})
	require.NoError(t, err)
	require.NotNil(t, hook.JSON201, string(hook.Body))
	b := newBrowser(t, env)
	token := csrf(t, b.signIn(project.Key))
	promptPath := "/console/prompts/" + prompt.Id.String()
	hookPath := "/console/webhooks/" + hook.JSON201.Data.Id.String()

	pages := []string{
		"/console/prompts", promptPath, promptPath + "/live", promptPath + "/versions/new", promptPath + "/try",
		promptPath + "/versions/" + version.Id.String(), promptPath + "/analytics",
		"/console/keys", "/console/webhooks", hookPath, "/console/audit", "/console/usage",
	}
	for _, path := range pages {
		for _, query := range []string{"q=%00", "tag=%ff", "x=%zz"} {
			status, page := b.get(path + "?" + query)
			require.Equal(t, http.StatusBadRequest, status, "%s?%s: %s", path, query, page)
			require.Contains(t, page, `data-code="VALIDATION_ERROR"`)
		}
	}
	for query, problem := range map[string]string{
		"q=a%00":                        "NUL character",
		"q=%ff":                         "not valid UTF-8",
		"tag=a%00":                      "NUL character",
		"tag=%ff":                       "not valid UTF-8",
		"q=" + strings.Repeat("a", 201): "is longer than 200 characters",
		"type=%ff":                      "not valid UTF-8",
	} {
		status, page := b.get("/console/prompts?" + query)
		require.Equal(t, http.StatusBadRequest, status, query)
		require.Contains(t, page, problem, query)
	}
	status, _ := b.get("/console/prompts?q=" + strings.Repeat("a", 200))
	require.Equal(t, http.StatusOK, status, "200 characters are allowed")

	forms := map[string][]string{
		"/console/prompts":            {"slug", "name", "description", "tags"},
		promptPath + "/versions":      {"role", "content", "model", "temperature", "topP", "stop", "tools", "message"},
		promptPath + "/try?version=1": {"var.name", "format"},
		promptPath + "/promote":       {"environment", "versionId", "confirm"},
		promptPath + "/rollback":      {"environment", "confirm"},
		"/console/keys":               {"label", "environment", "scopes", "expiresAt"},
		hookPath + "/rotate-secret":   {"x"},
		"/console/sign-out":           {"x"},
	}
	for path, fields := range forms {
		for _, field := range fields {
			for _, bad := range []string{"a\x00", "\xff"} {
				status, page := b.post(path, url.Values{"csrf": {token}, field: {bad}}, nil)
				require.Equal(t, http.StatusBadRequest, status, "%s %s=%q: %s", path, field, bad, page)
				require.Contains(t, page, field)
			}
		}
	}
	status, page := b.postRaw("/console/prompts", "application/x-www-form-urlencoded", "csrf="+url.QueryEscape(token)+"&name=%zz")
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, page, "could not be read")
	require.Equal(t, int64(1), env.RowsOf(project).Prompts, "nothing was created")
	// The session is intact: sign-out above was refused too.
	status, _ = b.get("/console/prompts")
	require.Equal(t, http.StatusOK, status)

	// And the sign-in form, which has no session yet.
	signedOut := newBrowser(t, env)
	for _, bad := range []string{"a\x00", "\xff"} {
		_, page := signedOut.get("/console/sign-in")
		status, page := signedOut.post("/console/sign-in", url.Values{"csrf": {csrf(t, page)}, "key": {bad}}, nil)
		require.Equal(t, http.StatusBadRequest, status, page)
		require.Contains(t, page, "key")
	}
}

// TestConsoleCookies checks the cookies' names and attributes: __Host- and Secure, of path
// /, when the console is served over TLS or, with the setting, behind a proxy that
// terminates it; bare names of path /console/ over plain HTTP (development).
func TestConsoleCookies(t *testing.T) {
	t.Parallel()

	// signIn signs in through env's handler in process, over TLS or not, and returns the
	// sign-in and session cookies it was given.
	signIn := func(t *testing.T, env *apitest.Env, project *apitest.Project, overTLS bool) (signInCookie, session *http.Cookie) {
		serve := func(req *http.Request, cookies ...*http.Cookie) *http.Response {
			if overTLS {
				req.TLS = &tls.ConnectionState{}
			}
			for _, c := range cookies {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			env.Server.Handler().ServeHTTP(rec, req)
			return rec.Result()
		}
		page := serve(httptest.NewRequest(http.MethodGet, "/console/sign-in", nil))
		require.Len(t, page.Cookies(), 1)
		signInCookie = page.Cookies()[0]
		body, err := io.ReadAll(page.Body)
		require.NoError(t, err)
		form := url.Values{"csrf": {csrf(t, string(body))}, "key": {project.Key}}
		req := httptest.NewRequest(http.MethodPost, "/console/sign-in", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		signedIn := serve(req, signInCookie)
		require.Equal(t, http.StatusSeeOther, signedIn.StatusCode)
		for _, c := range signedIn.Cookies() {
			if c.MaxAge > 0 {
				session = c
			}
		}
		require.NotNil(t, session)
		// The session works with its cookie as given, and not under the other name.
		require.Equal(t, http.StatusOK, serve(httptest.NewRequest(http.MethodGet, "/console/prompts", nil), session).StatusCode)
		renamed := *session
		renamed.Name = strings.TrimPrefix(session.Name, "__Host-")
		if renamed.Name == session.Name {
			renamed.Name = "__Host-" + session.Name
		}
		require.Equal(t, http.StatusSeeOther, serve(httptest.NewRequest(http.MethodGet, "/console/prompts", nil), &renamed).StatusCode)
		return signInCookie, session
	}
	hostPrefixed := func(t *testing.T, cookies ...*http.Cookie) {
		for _, c := range cookies {
			require.True(t, strings.HasPrefix(c.Name, "__Host-"), c.Name)
			require.True(t, c.Secure, c.Name)
			require.Equal(t, "/", c.Path, c.Name)
			require.Empty(t, c.Domain, c.Name)
			require.True(t, c.HttpOnly, c.Name)
			require.Equal(t, http.SameSiteStrictMode, c.SameSite, c.Name)
		}
	}

	t.Run("OverTLS", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		form, session := signIn(t, env, env.NewProject("TLS"), true)
		hostPrefixed(t, form, session)
		require.Equal(t, "__Host-promptops_console", session.Name)
	})

	t.Run("BehindTLSProxy", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.ConsoleSecureCookies = true })
		form, session := signIn(t, env, env.NewProject("Proxied"), false)
		hostPrefixed(t, form, session)
	})

	t.Run("PlainHTTP", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		form, session := signIn(t, env, env.NewProject("Plain"), false)
		for _, c := range []*http.Cookie{form, session} {
			require.False(t, c.Secure, c.Name)
			require.Equal(t, "/console/", c.Path, c.Name)
			require.False(t, strings.HasPrefix(c.Name, "__Host-"), c.Name)
		}
	})
}

// TestConsoleKeyCreatedOnce checks post/redirect/get on the keys page: the created key is
// shown once, and a reload of the page the post ends on shows it no more and creates
// nothing; in between, the key is kept only sealed.
func TestConsoleKeyCreatedOnce(t *testing.T) {
	t.Parallel()
	env := apitest.New(t) // it reads every session's one-time messages
	project := env.NewProject("Keys")
	b := newBrowser(t, env)
	b.signIn(project.Key)
	_, page := b.get("/console/keys")
	form := url.Values{"csrf": {csrf(t, page)}, "environment": {"dev"}, "label": {"ci"}}
	fullKey := regexp.MustCompile(`id="full-key" readonly value="([^"]+)"`)

	// Sent as the page sends it, following redirects; resp.Request is what a reload sends
	// again: the post itself if it was answered directly, else the page it led to.
	resp, err := b.http.PostForm(env.URL+"/console/keys", form)
	require.NoError(t, err)
	status, page := read(t, resp)
	require.Contains(t, []int{http.StatusOK, http.StatusCreated}, status, page)
	full := fullKey.FindStringSubmatch(page)
	require.NotNil(t, full, page)
	require.True(t, strings.HasPrefix(full[1], "po_live_"))
	require.Equal(t, int64(2), env.Rows().ApiKeys)

	reload, err := http.NewRequest(resp.Request.Method, resp.Request.URL.String(), nil)
	require.NoError(t, err)
	if resp.Request.GetBody != nil {
		reload.Body, err = resp.Request.GetBody()
		require.NoError(t, err)
		reload.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err = b.http.Do(reload)
	require.NoError(t, err)
	status, page = read(t, resp)
	require.Equal(t, int64(2), env.Rows().ApiKeys, "the reload created nothing")
	require.Equal(t, http.StatusOK, status)
	require.NotContains(t, page, full[1], "shown once")
	require.Nil(t, fullKey.FindStringSubmatch(page))

	// Between the post and its page, the key is kept sealed, and taken by the page.
	noFollow := *b.http
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = noFollow.PostForm(env.URL+"/console/keys", form)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	var sealed []byte
	require.NoError(t, env.Pool.QueryRow(t.Context(), "SELECT sealed FROM console_flashes").Scan(&sealed))
	_, page = b.get("/console/keys")
	full = fullKey.FindStringSubmatch(page)
	require.NotNil(t, full, page)
	require.NotContains(t, string(sealed), full[1][len("po_live_"):len("po_live_")+12])
	var flashes int
	require.NoError(t, env.Pool.QueryRow(t.Context(), "SELECT count(*) FROM console_flashes").Scan(&flashes))
	require.Zero(t, flashes)

	// Two posts before either page is read (two tabs): the first key waits for its page,
	// the second is shown at once in its answer; neither is lost.
	resp, err = noFollow.PostForm(env.URL+"/console/keys", form)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, err = noFollow.PostForm(env.URL+"/console/keys", form)
	require.NoError(t, err)
	status, page = read(t, resp)
	require.Contains(t, []int{http.StatusOK, http.StatusCreated}, status, page)
	second := fullKey.FindStringSubmatch(page)
	require.NotNil(t, second, "the second key is shown in its own answer")
	_, page = b.get("/console/keys")
	first := fullKey.FindStringSubmatch(page)
	require.NotNil(t, first, "the first key is still shown on its page")
	require.NotEqual(t, first[1], second[1])
	require.Equal(t, int64(5), env.Rows().ApiKeys)
}
