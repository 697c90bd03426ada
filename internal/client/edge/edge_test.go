package edge_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// bundle is a server with a project whose production environment has "greet" (v1, which
// includes the partial "footer") and "footer" live, "greet" v2 in dev only, and a
// production read key for the edge.
type bundle struct {
	env    *apitest.Env
	p      *apitest.Project
	greet  api.Prompt
	footer api.Prompt
	v1, v2 api.Version
	key    string
	keyID  uuid.UUID
}

func setup(t testing.TB, opts ...apitest.OptionFunc) *bundle {
	t.Helper()
	env := apitest.Instance(t, opts...)
	p := env.NewProject("edge")
	b := &bundle{env: env, p: p, greet: env.NewPrompt(p, "greet"), footer: env.NewPrompt(p, "footer")}
	fv := env.NewVersion(p, b.footer.Id, "Bye {{name}}.")
	env.Promote(p, b.footer.Id, fv.Id, "production")
	b.v1 = env.NewVersion(p, b.greet.Id, "Hi {{name}}! {{> footer}}")
	env.Promote(p, b.greet.Id, b.v1.Id, "production")
	b.v2 = env.NewVersion(p, b.greet.Id, "Hello {{name}}")
	resp, err := p.Client.CreateApiKeyWithResponse(context.Background(), nil, api.CreateApiKeyRequest{
		Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	b.key, b.keyID = resp.JSON201.Data.FullKey, resp.JSON201.Data.Id
	return b
}

// answer is a response, with what may differ between two servers left out (the request
// id of an error).
type answer struct {
	Status      int
	ContentType string
	ETag        string
	Body        string
}

func do(t *testing.T, base, method, path, key, body string, header ...string) (answer, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"), Body: string(raw)}
	if resp.StatusCode >= 400 {
		var e map[string]map[string]any
		require.NoError(t, json.Unmarshal(raw, &e), string(raw))
		delete(e["error"], "requestId")
		norm, _ := json.Marshal(e)
		a.Body = string(norm)
	}
	return a, resp.Header
}

func versionOf(t *testing.T, a answer) int {
	t.Helper()
	require.Equal(t, http.StatusOK, a.Status, a.Body)
	var r api.ResolvedPromptResponse
	require.NoError(t, json.Unmarshal([]byte(a.Body), &r))
	return r.Data.VersionNumber
}

func TestEdgeAnswersAsTheServer(t *testing.T) {
	t.Parallel()
	b := setup(t)
	e := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, e)

	first, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
	wrong := "po_live_" + strings.Repeat("x", 40)
	cases := []struct {
		name, method, path, key, body string
		header                        []string
		status                        int // the answer's, when the case is about it
	}{
		{name: "Resolve", method: "GET", path: "/api/v1/prompts/greet/resolve", key: b.key},
		{name: "ResolvePartial", method: "GET", path: "/api/v1/prompts/footer/resolve", key: b.key},
		{name: "Composed", method: "GET", path: "/api/v1/prompts/greet/resolve?compose=true", key: b.key},
		{name: "NotModified", method: "GET", path: "/api/v1/prompts/greet/resolve", key: b.key, header: []string{"If-None-Match", first.ETag}},
		{name: "Pinned", method: "GET", path: "/api/v1/prompts/greet/resolve?version=1", key: b.key},
		{name: "UnknownSlug", method: "GET", path: "/api/v1/prompts/nope/resolve", key: b.key},
		{name: "BadSlug", method: "GET", path: "/api/v1/prompts/Not%20A%20Slug/resolve", key: b.key},
		{name: "BadCompose", method: "GET", path: "/api/v1/prompts/greet/resolve?compose=maybe", key: b.key},
		{name: "NoKey", method: "GET", path: "/api/v1/prompts/greet/resolve"},
		{name: "WrongMethodResolve", method: "DELETE", path: "/api/v1/prompts/greet/resolve", key: b.key},
		{name: "WrongMethodRender", method: "GET", path: "/api/v1/prompts/greet/render", key: b.key},
		{name: "WrongKey", method: "GET", path: "/api/v1/prompts/greet/resolve", key: wrong},
		{name: "MalformedKey", method: "GET", path: "/api/v1/prompts/greet/resolve", key: "nope"},
		{name: "Render", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada \"<&>\"\n"}}`},
		{name: "RenderWarnings", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada","plan":"Pro"}}`},
		{name: "RenderProvider", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada"},"format":"anthropic"}`},
		{name: "RenderPinned", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada"},"version":1}`},
		{name: "RenderMissing", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{}`},
		{name: "RenderBadBody", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"notAField":1}`},
		{name: "RenderTrailingBytes", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada"}} {}`},
		{name: "RenderBadFormat", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"format":"smoke-signals"}`},
		{name: "RenderUnknownSlug", method: "POST", path: "/api/v1/prompts/nope/render", key: b.key, body: `{}`},
		{name: "RenderNoKey", method: "POST", path: "/api/v1/prompts/greet/render", body: `{}`},
		// An API key names no environment but its own, and the edge's is the key's.
		{name: "OwnEnvironment", method: "GET", path: "/api/v1/prompts/greet/resolve?environment=production", key: b.key, status: http.StatusOK},
		{name: "OtherEnvironment", method: "GET", path: "/api/v1/prompts/greet/resolve?environment=staging", key: b.key, status: http.StatusBadRequest},
		{name: "OtherEnvironmentUnknownSlug", method: "GET", path: "/api/v1/prompts/nope/resolve?environment=staging", key: b.key, status: http.StatusBadRequest},
		{name: "RenderOtherEnvironment", method: "POST", path: "/api/v1/prompts/greet/render?environment=dev", key: b.key, body: `{"variables":{"name":"Ada"}}`, status: http.StatusBadRequest},
		// The query, as the check parsed it, gives the subject and compose.
		{name: "QuerySubject", method: "GET", path: "/api/v1/prompts/greet/resolve?subject=user-1&compose=true", key: b.key, status: http.StatusOK},
		{name: "EmptyQuerySubject", method: "GET", path: "/api/v1/prompts/greet/resolve?subject=", key: b.key, status: http.StatusBadRequest},
		{name: "QuerySubjectNotTheHeader", method: "GET", path: "/api/v1/prompts/greet/resolve?subject=a", key: b.key, header: []string{"PromptOps-Subject", "b"}, status: http.StatusBadRequest},
		{name: "RenderQuerySubject", method: "POST", path: "/api/v1/prompts/greet/render?subject=user-1", key: b.key, body: `{"variables":{"name":"Ada"}}`, status: http.StatusOK},
		// A parameter that takes one value, sent twice.
		{name: "TwoIfNoneMatch", method: "GET", path: "/api/v1/prompts/greet/resolve", key: b.key, header: []string{"If-None-Match", first.ETag, "If-None-Match", first.ETag}, status: http.StatusBadRequest},
		{name: "TwoSubjectHeaders", method: "GET", path: "/api/v1/prompts/greet/resolve", key: b.key, header: []string{"PromptOps-Subject", "a", "PromptOps-Subject", "b"}, status: http.StatusBadRequest},
		{name: "TwoSubjects", method: "GET", path: "/api/v1/prompts/greet/resolve?subject=a&subject=b", key: b.key, status: http.StatusBadRequest},
		{name: "TwoComposes", method: "GET", path: "/api/v1/prompts/greet/resolve?compose=true&compose=false", key: b.key, status: http.StatusBadRequest},
		{name: "RenderTwoSubjectHeaders", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada"}}`, header: []string{"PromptOps-Subject", "a", "PromptOps-Subject", "b"}, status: http.StatusBadRequest},
		{name: "RenderTwoIdempotencyKeys", method: "POST", path: "/api/v1/prompts/greet/render", key: b.key, body: `{"variables":{"name":"Ada"}}`, header: []string{"Idempotency-Key", "a", "Idempotency-Key", "b"}, status: http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, _ := do(t, b.env.URL, c.method, c.path, c.key, c.body, c.header...)
			got, header := do(t, e.URL, c.method, c.path, c.key, c.body, c.header...)
			if c.status != 0 {
				require.Equal(t, c.status, want.Status, want.Body)
			}
			require.Equal(t, want, got)
			require.Empty(t, header.Get(edge.StaleHeader))
		})
	}

	t.Run("RenderProviderWarnsOfTheModel", func(t *testing.T) {
		// greet's model is the default, gpt-4, an OpenAI model: the edge warns as the server does.
		got, _ := do(t, e.URL, "POST", "/api/v1/prompts/greet/render", b.key, `{"variables":{"name":"Ada"},"format":"anthropic"}`)
		require.Equal(t, http.StatusOK, got.Status, got.Body)
		require.Contains(t, got.Body, `"warnings":["model gpt-4 is an OpenAI model; rendered for anthropic as written"]`)
	})

	t.Run("KeyWithoutScheme", func(t *testing.T) {
		want, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/greet/resolve", "", "", "Authorization", b.key)
		got, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", "", "", "Authorization", b.key)
		require.Equal(t, http.StatusUnauthorized, got.Status, got.Body)
		require.Contains(t, got.Body, "send Authorization: Bearer po_live_…")
		require.Equal(t, want, got)
	})

	t.Run("LocalToken", func(t *testing.T) {
		want, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
		got, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", localToken, "")
		require.Equal(t, want, got)
	})
}

// TestEdgeRefusesAMethodAsTheServer compares the headers of a 405, which the server's
// router writes before any operation's headers: the edge's are the server's.
func TestEdgeRefusesAMethodAsTheServer(t *testing.T) {
	t.Parallel()
	b := setup(t)
	e := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, e)
	for _, c := range []struct{ method, path string }{
		{"OPTIONS", "/api/v1/prompts/greet/resolve"},
		{"DELETE", "/api/v1/prompts/greet/resolve"},
		{"GET", "/api/v1/prompts/greet/render"},
	} {
		t.Run(c.method+c.path, func(t *testing.T) {
			want, wantHeader := do(t, b.env.URL, c.method, c.path, b.key, "")
			got, gotHeader := do(t, e.URL, c.method, c.path, b.key, "")
			require.Equal(t, http.StatusMethodNotAllowed, want.Status, want.Body)
			require.Equal(t, want, got)
			for _, name := range []string{"Allow", "Cache-Control", "X-Content-Type-Options", "Content-Length"} {
				require.Equal(t, wantHeader.Values(name), gotHeader.Values(name), name)
			}
		})
	}
}

func TestEdgePropagation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	e := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, e)
	resolve := func() answer {
		a, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
		return a
	}
	require.Equal(t, 1, versionOf(t, resolve()))

	t.Run("Promote", func(t *testing.T) {
		start := time.Now()
		b.env.Promote(b.p, b.greet.Id, b.v2.Id, "production")
		require.Eventually(t, func() bool { return versionOf(t, resolve()) == 2 }, 5*time.Second, time.Millisecond)
		t.Logf("promote visible at the edge %v after the request began", time.Since(start))
	})

	t.Run("Rollback", func(t *testing.T) {
		resp, err := b.p.Client.RollbackPromptWithResponse(context.Background(), b.greet.Id.String(), nil, api.RollbackRequest{Environment: "production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Eventually(t, func() bool { return versionOf(t, resolve()) == 1 }, 5*time.Second, time.Millisecond)
	})

	t.Run("PartialChangesItsIncluders", func(t *testing.T) {
		before := resolve().ETag
		fv := b.env.NewVersion(b.p, b.footer.Id, "See you, {{name}}.")
		b.env.Promote(b.p, b.footer.Id, fv.Id, "production")
		require.Eventually(t, func() bool {
			a, _ := do(t, e.URL, "POST", "/api/v1/prompts/greet/render", b.key, `{"variables":{"name":"Ada"}}`)
			return strings.Contains(a.Body, "See you, Ada.")
		}, 5*time.Second, time.Millisecond)
		want, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
		require.NotEqual(t, before, want.ETag)
		require.Equal(t, want, resolve())
	})

	t.Run("Revoke", func(t *testing.T) {
		resp, err := b.p.Client.RevokeApiKeyWithResponse(context.Background(), b.keyID)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		revoked := time.Now()
		require.Eventually(t, func() bool { return resolve().Status == http.StatusUnauthorized }, time.Second, time.Millisecond)
		t.Logf("revocation stopped the edge %v after it was answered", time.Since(revoked))
		local, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", localToken, "")
		require.Equal(t, http.StatusUnauthorized, local.Status, "the local token stops too")
		require.Equal(t, "revoked", e.Edge.Health().Status)
	})
}

// TestEdgeCatchesUpAfterLosingTheServer loses the server, closed or gone silent without
// closing anything (packets dropped, no reset, which the edge's pings of the feed detect):
// the edge marks its answers stale meanwhile, and once the server is heard again it catches
// up on a change it missed before calling itself current.
func TestEdgeCatchesUpAfterLosingTheServer(t *testing.T) {
	t.Parallel()
	for name, lose := range map[string]func(*cutProxy){
		"Closed": (*cutProxy).cut,
		"Silent": (*cutProxy).freeze,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			proxy := newCutProxy(t, b.env.URL)
			e := startEdge(t, proxy.URL(), b.key, "", func(o *edge.Options) { o.FeedPingInterval = 50 * time.Millisecond })
			awaitCurrent(t, e)

			lose(proxy)
			require.Eventually(t, func() bool { return e.Edge.Health().Upstream == "disconnected" }, 5*time.Second, time.Millisecond)
			a, header := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
			require.Equal(t, 1, versionOf(t, a), "answered from memory while the server is lost")
			require.Equal(t, "true", header.Get(edge.StaleHeader))
			require.NotEmpty(t, header.Get("Age"))

			// A change made while the edge cannot hear it.
			b.env.Promote(b.p, b.greet.Id, b.v2.Id, "production")
			proxy.restore()
			awaitCurrent(t, e)
			a, header = do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
			require.Equal(t, 2, versionOf(t, a), "caught up before calling itself current")
			require.Empty(t, header.Get(edge.StaleHeader))
			want, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
			require.Equal(t, want, a)
		})
	}
}

// TestEdgeRetriesAServerSilentWhileItConnects starts the edge on a server that accepts its
// connections and then says nothing (packets dropped, no reset), before the WebSocket
// handshake's answer or after it (the wait for auth_ok): the edge gives each connection up
// within FeedPingInterval and tries again, and gets current once the server is heard again.
func TestEdgeRetriesAServerSilentWhileItConnects(t *testing.T) {
	t.Parallel()
	for name, silence := range map[string]func(*cutProxy){
		"AtTheHandshake":    (*cutProxy).freeze,
		"AfterTheHandshake": (*cutProxy).muteAfterHandshake,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			proxy := newCutProxy(t, b.env.URL)
			silence(proxy)
			e := startEdge(t, proxy.URL(), b.key, "", func(o *edge.Options) { o.FeedPingInterval = 50 * time.Millisecond })
			require.Eventually(t, func() bool { return proxy.connections() >= 3 }, 5*time.Second, time.Millisecond,
				"connects again after a server that does not answer")
			require.Equal(t, "disconnected", e.Edge.Health().Upstream)

			b.env.Promote(b.p, b.greet.Id, b.v2.Id, "production")
			proxy.restore()
			awaitCurrent(t, e)
			a, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
			require.Equal(t, 2, versionOf(t, a), "current once the server is heard again")
		})
	}
}

func TestEdgeRestartsFromItsSnapshotFile(t *testing.T) {
	t.Parallel()
	b := setup(t)
	proxy := newCutProxy(t, b.env.URL)
	file := snapshotFile(t)
	first := startEdge(t, proxy.URL(), b.key, file)
	awaitCurrent(t, first)
	cursor := first.Edge.Health().Cursor
	require.Eventually(t, func() bool {
		raw, err := os.ReadFile(file)
		return err == nil && strings.Contains(string(raw), strings.Trim(cursor, `"`))
	}, 5*time.Second, time.Millisecond)
	info, err := os.Stat(file)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	first.stop()

	proxy.cut() // the server is unreachable from here on
	second := startEdge(t, proxy.URL(), b.key, file)
	h := second.Edge.Health()
	require.Equal(t, edge.Health{Status: "stale", Upstream: "disconnected", StaleSeconds: h.StaleSeconds, Prompts: 2, Cursor: cursor}, h)
	for _, path := range []string{"/api/v1/prompts/greet/resolve", "/api/v1/prompts/footer/resolve?compose=true"} {
		want, _ := do(t, b.env.URL, "GET", path, b.key, "")
		got, header := do(t, second.URL, "GET", path, b.key, "")
		require.Equal(t, want, got)
		require.Equal(t, "true", header.Get(edge.StaleHeader))
	}
	want, _ := do(t, b.env.URL, "POST", "/api/v1/prompts/greet/render", b.key, `{"variables":{"name":"Ada"}}`)
	got, _ := do(t, second.URL, "POST", "/api/v1/prompts/greet/render", b.key, `{"variables":{"name":"Ada"}}`)
	require.Equal(t, want, got)

	t.Run("AnotherKeyIgnoresIt", func(t *testing.T) {
		other := startEdge(t, proxy.URL(), b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "production"}), file)
		require.Equal(t, "starting", other.Edge.Health().Status)
	})

	proxy.restore()
	awaitCurrent(t, second)
	require.Equal(t, cursor, second.Edge.Health().Cursor)
}

// TestSnapshotCursorMatchesTheEdges checks that the edge's own cursor, after changes it
// applied one by one, is the server's cursor of the same prompts.
func TestSnapshotCursorMatchesTheEdges(t *testing.T) {
	t.Parallel()
	b := setup(t)
	e := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, e)
	b.env.Promote(b.p, b.greet.Id, b.v2.Id, "production")
	client := b.env.Client(b.key)
	require.Eventually(t, func() bool {
		resp, err := client.GetSnapshotWithResponse(context.Background(), nil)
		require.NoError(t, err)
		return resp.JSON200.Data.Cursor == e.Edge.Health().Cursor
	}, 5*time.Second, 5*time.Millisecond)
	resp, err := client.GetSnapshotWithResponse(context.Background(), nil)
	require.NoError(t, err)
	var slugs []string
	for _, p := range resp.JSON200.Data.Prompts {
		slugs = append(slugs, p.Prompt.Slug)
	}
	require.True(t, sort.StringsAreSorted(slugs))
}

// TestEdgeCatchesUpOnceSubscribed: the server takes a socket's subscription when it reads
// it, and sends the socket only the events published after that. A change made after the
// edge's catch-up but before the server read the edge's subscriptions would never reach
// the edge: it waits for the server to confirm them before it catches up.
func TestEdgeCatchesUpOnceSubscribed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	proxy := newCutProxy(t, b.env.URL)
	proxy.delaySubscriptions()
	observer := b.env.Subscribe(b.key, "prompts")
	e := startEdge(t, proxy.URL(), b.key, "")
	require.Eventually(t, func() bool { return proxy.holding() > 0 }, 5*time.Second, time.Millisecond)
	// Time for an edge that does not wait for its subscriptions to catch up.
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline) && e.Edge.Health().Status != "ok"; {
		time.Sleep(5 * time.Millisecond)
	}

	b.env.Promote(b.p, b.greet.Id, b.v2.Id, "production")
	for {
		msg := observer.Read(5 * time.Second)
		if event, ok := msg["event"].(map[string]any); ok && event["type"] == "deployment.promoted" {
			break // published: sent to every socket subscribed by now
		}
	}
	proxy.restore()
	awaitCurrent(t, e)
	require.Eventually(t, func() bool {
		a, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
		return versionOf(t, a) == 2
	}, 5*time.Second, 5*time.Millisecond, "the change made while its subscriptions were on their way reaches the edge")
}
