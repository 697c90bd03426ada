package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// bindingEnv is a production key's project with hot live at v1 and v2 on half its subjects
// (a split release), both handlers of the server, and hot's current ETag.
type bindingEnv struct {
	fast, generated http.Handler
	key, etag       string
}

func newBindingEnv(tb testing.TB) *bindingEnv {
	tb.Helper()
	env := apitest.New(tb, func(o *server.Options) { o.RateLimit = 1 << 30 })
	p := env.NewProject("bound")
	prompt := env.NewPrompt(p, "hot")
	v1 := env.NewVersion(p, prompt.Id, "Hello {{userName}}, welcome to {{plan}}!")
	env.Promote(p, prompt.Id, v1.Id, "production")
	env.NewVersion(p, prompt.Id, "Hi {{userName}}, {{plan}} is yours.")
	c := env.Client(p.Key)
	var v api.ReleaseChangeRequest_Version
	require.NoError(tb, v.FromReleaseChangeRequestVersion0(2))
	resp, err := c.CreateReleaseWithResponse(tb.Context(), nil, api.CreateReleaseRequest{
		Environment: "production", Changes: []api.ReleaseChangeRequest{{Prompt: "hot", Version: v}},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0)},
	})
	require.NoError(tb, err)
	require.Equal(tb, http.StatusAccepted, resp.StatusCode(), string(resp.Body))
	b := &bindingEnv{fast: env.Server.Handler(), generated: env.Server.GeneratedHandler(),
		key: env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})}
	rec := httptest.NewRecorder()
	b.fast.ServeHTTP(rec, b.request(http.MethodGet, "/api/v1/prompts/hot/resolve", nil, ""))
	require.Equal(tb, http.StatusOK, rec.Code, rec.Body.String())
	b.etag = rec.Header().Get("ETag")
	return b
}

// request is a request with the env's key and a fixed request id, so that two answers
// to it can be compared byte for byte; header is name, value pairs, a name repeated adds
// a value.
func (b *bindingEnv) request(method, target string, header []string, body string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+b.key)
	req.Header.Set("X-Request-Id", "bound-1")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	return req
}

// sameAnswer serves the request through both handlers and requires the same status,
// headers (the rate limit's figures apart, which each request moves) and body.
func (b *bindingEnv) sameAnswer(tb testing.TB, method, target string, header []string, body string) {
	tb.Helper()
	fast, generated := httptest.NewRecorder(), httptest.NewRecorder()
	b.fast.ServeHTTP(fast, b.request(method, target, header, body))
	b.generated.ServeHTTP(generated, b.request(method, target, header, body))
	require.Equal(tb, generated.Code, fast.Code, "%s %s %q: %s", method, target, header, fast.Body)
	for _, h := range []http.Header{fast.Header(), generated.Header()} {
		h.Del("X-Ratelimit-Remaining")
		h.Del("X-Ratelimit-Reset")
	}
	require.Equal(tb, generated.Header(), fast.Header(), "%s %s %q", method, target, header)
	require.Equal(tb, generated.Body.String(), fast.Body.String(), "%s %s %q", method, target, header)
}

// TestHandBinding: resolve and render bound by hand answer every request as the generated
// binding does: the common ones they bind, and the others they hand to it.
func TestHandBinding(t *testing.T) {
	t.Parallel()
	b := newBindingEnv(t)
	const resolve, render = "/api/v1/prompts/hot/resolve", "/api/v1/prompts/hot/render"
	for _, tt := range []struct {
		name, method, target string
		header               []string
		body                 string
	}{
		{"Resolve", http.MethodGet, resolve, nil, ""},
		{"Subjects", http.MethodGet, resolve, []string{"PromptOps-Subject", "user-1"}, ""},
		{"OtherSubject", http.MethodGet, resolve, []string{"PromptOps-Subject", "user-2"}, ""},
		{"EmptySubject", http.MethodGet, resolve, []string{"PromptOps-Subject", ""}, ""},
		{"SubjectTwice", http.MethodGet, resolve, []string{"PromptOps-Subject", "a", "PromptOps-Subject", "b"}, ""},
		{"NotModified", http.MethodGet, resolve, []string{"If-None-Match", b.etag}, ""},
		{"Modified", http.MethodGet, resolve, []string{"If-None-Match", `"other"`}, ""},
		{"IfNoneMatchTwice", http.MethodGet, resolve, []string{"If-None-Match", b.etag, "If-None-Match", b.etag}, ""},
		{"QuerySubject", http.MethodGet, resolve + "?subject=user-1", nil, ""},
		{"SubjectsDiffer", http.MethodGet, resolve + "?subject=user-1", []string{"PromptOps-Subject", "user-2"}, ""},
		{"Pinned", http.MethodGet, resolve + "?version=1", nil, ""},
		{"Composed", http.MethodGet, resolve + "?compose=true", nil, ""},
		{"BadQuery", http.MethodGet, resolve + "?version=x", nil, ""},
		{"UnknownSlug", http.MethodGet, "/api/v1/prompts/cold/resolve", nil, ""},
		{"BadSlug", http.MethodGet, "/api/v1/prompts/Not%20a%20slug/resolve", nil, ""},
		{"Render", http.MethodPost, render, nil, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderOpenAI", http.MethodPost, render, []string{"PromptOps-Subject", "user-1"}, `{"variables":{"userName":"Ada","plan":"Pro"},"format":"openai-chat"}`},
		{"RenderMissingVariable", http.MethodPost, render, nil, `{"variables":{"userName":"Ada"}}`},
		{"RenderNotJSON", http.MethodPost, render, nil, `{"variables":`},
		{"RenderUnknownField", http.MethodPost, render, nil, `{"variables":{},"colour":"red"}`},
		{"RenderIdempotent", http.MethodPost, render, []string{"Idempotency-Key", "k-1"}, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderQuery", http.MethodPost, render + "?subject=user-1", nil, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderNumbers", http.MethodPost, render, nil, `{"variables":{"userName":12.50,"plan":{"n":[1,2e3,{"x":-0.0}]}},"version":1}`},
		{"RenderPinned", http.MethodPost, render, nil, `{"variables":{"userName":"Ada","plan":"Pro"},"version":2,"format":"anthropic"}`},
		{"RenderPinnedUnknown", http.MethodPost, render, nil, `{"variables":{"userName":"Ada","plan":"Pro"},"version":9}`},
		{"RenderHugeNumber", http.MethodPost, render, nil, `{"variables":{"userName":"Ada","plan":[1,1e400]}}`},
		{"RenderNoVariables", http.MethodPost, render, nil, `{}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b.sameAnswer(t, tt.method, tt.target, tt.header, tt.body)
		})
	}
}

// FuzzHandBinding: whatever the slug, query, subject, If-None-Match and body, resolve and
// render answer as the generated binding does.
func FuzzHandBinding(f *testing.F) {
	f.Add(false, "hot", "", "user-1", "", "")
	f.Add(false, "hot", "subject=x&version=2", "", `"abc"`, "")
	f.Add(true, "hot", "", "user-9", "", `{"variables":{"userName":"Ada","plan":"Pro"},"format":"anthropic"}`)
	f.Add(true, "hot", "", "", "", `{"variables":{"userName":1}}`)
	f.Add(true, "hot", "", "", "", `{"variables":{"userName":[1.5,{"a":2}],"plan":true},"version":2}`)
	b := newBindingEnv(f)
	f.Fuzz(func(t *testing.T, render bool, slug, query, subject, ifNoneMatch, body string) {
		target := "/api/v1/prompts/" + slug + "/resolve"
		method := http.MethodGet
		if render {
			target, method = "/api/v1/prompts/"+slug+"/render", http.MethodPost
		}
		if query != "" {
			target += "?" + query
		}
		if !validTarget(target) {
			t.Skip("not a request line")
		}
		var header []string
		if subject != "" {
			header = append(header, "PromptOps-Subject", subject)
		}
		if ifNoneMatch != "" {
			header = append(header, "If-None-Match", ifNoneMatch)
		}
		b.sameAnswer(t, method, target, header, body)
	})
}

// validTarget reports whether target can be a request's target (httptest.NewRequest
// panics on one that cannot).
func validTarget(target string) (ok bool) {
	defer func() { ok = recover() == nil }()
	httptest.NewRequest(http.MethodGet, target, nil)
	return true
}
