package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// bindingEnv is a production key's project with hot live at v1 and v2 on half its subjects
// (a split release), both versions including the partial sign (so that compose changes
// the answer), both handlers of the server, and hot's current ETag.
type bindingEnv struct {
	fast, generated http.Handler
	key, etag       string
}

func newBindingEnv(tb testing.TB) *bindingEnv {
	tb.Helper()
	env := apitest.New(tb, func(o *server.Options) { o.RateLimit = 1 << 30 })
	p := env.NewProject("bound")
	sign := env.NewPrompt(p, "sign")
	env.Promote(p, sign.Id, env.NewVersion(p, sign.Id, "The {{plan}} team").Id, "production")
	prompt := env.NewPrompt(p, "hot")
	v1 := env.NewVersion(p, prompt.Id, "Hello {{userName}}, welcome to {{plan}}! {{> sign}}")
	env.Promote(p, prompt.Id, v1.Id, "production")
	env.NewVersion(p, prompt.Id, "Hi {{userName}}, {{plan}} is yours. {{> sign}}")
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
		// Queries, which the binding reads as the gateway parsed them.
		{"QueryComposed", http.MethodGet, resolve + "?subject=user-42&compose=true", nil, ""},
		{"QueryEverything", http.MethodGet, resolve + "?environment=production&subject=user-2&version=2&compose=false", []string{"PromptOps-Subject", "user-2", "If-None-Match", `"other"`}, ""},
		{"QuerySameSubjects", http.MethodGet, resolve + "?subject=user-1", []string{"PromptOps-Subject", "user-1"}, ""},
		{"QueryNotModified", http.MethodGet, resolve + "?subject=user-1", []string{"If-None-Match", b.etag}, ""},
		{"QueryPinnedUnknown", http.MethodGet, resolve + "?version=9", nil, ""},
		{"QueryOwnEnvironment", http.MethodGet, resolve + "?environment=production", nil, ""},
		{"QueryOtherEnvironment", http.MethodGet, resolve + "?environment=dev", nil, ""},
		{"QueryLackingEnvironment", http.MethodGet, resolve + "?environment=qa", nil, ""},
		{"QueryComposeSpellings", http.MethodGet, resolve + "?compose=1", nil, ""},
		{"QueryComposeTitle", http.MethodGet, resolve + "?compose=True", nil, ""},
		{"QueryComposeYes", http.MethodGet, resolve + "?compose=yes", nil, ""},
		{"QueryVersionSigned", http.MethodGet, resolve + "?version=+1", nil, ""},
		{"QueryVersionZeros", http.MethodGet, resolve + "?version=01", nil, ""},
		{"QueryVersionNegative", http.MethodGet, resolve + "?version=-1", nil, ""},
		{"QueryVersionExponent", http.MethodGet, resolve + "?version=1e0", nil, ""},
		{"QueryVersionHuge", http.MethodGet, resolve + "?version=99999999999999999999", nil, ""},
		{"QueryRepeatedSubject", http.MethodGet, resolve + "?subject=a&subject=b", nil, ""},
		{"QueryRepeatedSame", http.MethodGet, resolve + "?subject=a&subject=a", nil, ""},
		{"QueryRepeatedVersion", http.MethodGet, resolve + "?version=1&version=1", nil, ""},
		{"QueryRepeatedCompose", http.MethodGet, resolve + "?compose=true&compose=true", nil, ""},
		{"QueryRepeatedEnvironment", http.MethodGet, resolve + "?environment=production&environment=production", nil, ""},
		{"QueryUnknownKey", http.MethodGet, resolve + "?colour=red", nil, ""},
		{"QueryUnknownBesides", http.MethodGet, resolve + "?subject=user-1&colour=red&compose=true", nil, ""},
		{"QueryKeyCase", http.MethodGet, resolve + "?Subject=user-1", nil, ""},
		{"QueryEncodedValue", http.MethodGet, resolve + "?subject=user%2D1&compose=%74rue", nil, ""},
		{"QueryEncodedKey", http.MethodGet, resolve + "?sub%6Aect=user-1&%76ersion=1", nil, ""},
		{"QueryPlus", http.MethodGet, resolve + "?subject=user+1", nil, ""},
		{"QueryUTF8", http.MethodGet, resolve + "?subject=%C3%A9l%C3%A8ve", nil, ""},
		{"QueryNotUTF8", http.MethodGet, resolve + "?subject=%FF", nil, ""},
		{"QueryNUL", http.MethodGet, resolve + "?subject=%00", nil, ""},
		{"QueryBadEscape", http.MethodGet, resolve + "?subject=%zz&compose=true", nil, ""},
		{"QuerySemicolon", http.MethodGet, resolve + "?subject=a;compose=true", nil, ""},
		{"QueryEmptySubject", http.MethodGet, resolve + "?subject=", nil, ""},
		{"QueryEmptyVersion", http.MethodGet, resolve + "?version=", nil, ""},
		{"QueryEmptyCompose", http.MethodGet, resolve + "?compose=", nil, ""},
		{"QueryEmptyEnvironment", http.MethodGet, resolve + "?environment=", nil, ""},
		{"QueryKeyAlone", http.MethodGet, resolve + "?compose", nil, ""},
		{"QueryOnlyMark", http.MethodGet, resolve + "?", nil, ""},
		{"QueryOnlyAmpersands", http.MethodGet, resolve + "?&&", nil, ""},
		{"QueryTooLongSubject", http.MethodGet, resolve + "?subject=" + strings.Repeat("a", 257), nil, ""},
		{"RenderQueryEverything", http.MethodPost, render + "?environment=production&subject=user-2", []string{"PromptOps-Subject", "user-2", "Idempotency-Key", "k-2"}, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderQuerySubjectsDiffer", http.MethodPost, render + "?subject=user-1", []string{"PromptOps-Subject", "user-2"}, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderQueryOtherEnvironment", http.MethodPost, render + "?environment=staging", nil, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderQueryRepeated", http.MethodPost, render + "?subject=a&subject=a", nil, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderQueryResolveOnly", http.MethodPost, render + "?version=1&compose=true", nil, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
		{"RenderQueryEncoded", http.MethodPost, render + "?subject=%75ser-1&colour=", nil, `{"variables":{"userName":"Ada","plan":"Pro"},"version":1}`},
		{"RenderQueryEmptySubject", http.MethodPost, render + "?subject=", nil, `{"variables":{"userName":"Ada","plan":"Pro"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b.sameAnswer(t, tt.method, tt.target, tt.header, tt.body)
		})
	}
}

// TestHandBindingQuery: a resolve with a query (the README's example) is bound by hand,
// from the query the gateway parsed: it makes at least 20 allocations fewer than the
// generated binding, which parses the query once per parameter and binds each through
// reflection (25 fewer when this was written). Not parallel: allocations are counted
// process-wide.
func TestHandBindingQuery(t *testing.T) {
	b := newBindingEnv(t)
	allocs := func(h http.Handler) float64 {
		return testing.AllocsPerRun(200, func() {
			h.ServeHTTP(httptest.NewRecorder(), b.request(http.MethodGet, "/api/v1/prompts/hot/resolve?subject=user-42&compose=true", nil, ""))
		})
	}
	fast, generated := allocs(b.fast), allocs(b.generated)
	require.GreaterOrEqual(t, generated-fast, 20.0, "allocations of a resolve with a query: by hand %v, generated %v", fast, generated)
}

// TestHandBindingParameters: the hand binding binds every parameter resolve and render
// take. A parameter added to the spec fails this test until bind.go binds it (the generated
// wrapper would, and the two would answer differently), then is added here.
func TestHandBindingParameters(t *testing.T) {
	t.Parallel()
	for params, bound := range map[any][]string{
		api.ResolvePromptParams{}: {"Environment", "Subject", "Version", "Compose", "PromptOpsSubject", "IfNoneMatch"},
		api.RenderPromptParams{}:  {"Environment", "Subject", "PromptOpsSubject", "IdempotencyKey"},
	} {
		var fields []string
		for field := range reflect.TypeOf(params).Fields() {
			fields = append(fields, field.Name)
		}
		require.Equal(t, bound, fields, "%T", params)
	}
}

// FuzzHandBinding: whatever the slug, query, subject, If-None-Match and body, resolve and
// render answer as the generated binding does. Bytes a request line cannot carry in the
// query are percent-encoded (requestLineQuery), so every query is sent.
func FuzzHandBinding(f *testing.F) {
	f.Add(false, "hot", "", "user-1", "", "")
	f.Add(false, "hot", "subject=x&version=2", "", `"abc"`, "")
	f.Add(true, "hot", "", "user-9", "", `{"variables":{"userName":"Ada","plan":"Pro"},"format":"anthropic"}`)
	f.Add(true, "hot", "", "", "", `{"variables":{"userName":1}}`)
	f.Add(true, "hot", "", "", "", `{"variables":{"userName":[1.5,{"a":2}],"plan":true},"version":2}`)
	b := newBindingEnv(f)
	for _, query := range []string{
		"subject=user-42&compose=true", "environment=production&subject=user-2&version=1&compose=false",
		"version=2", "version=9", "version=+1", "version=01", "version=1e0", "version=", "compose=1",
		"compose=True", "compose=", "compose", "subject=", "environment=dev", "environment=qa",
		"subject=a&subject=a", "version=1&version=2", "compose=true&compose=true", "colour=red",
		"subject=user-1&colour=", "sub%6Aect=user%2D1", "subject=%C3%A9", "subject=%FF", "subject=%00",
		"%zz", "&&", "subject=a;compose=true", "subject=a+b",
	} {
		f.Add(false, "hot", query, "", "", "")
		f.Add(false, "hot", query, "user-2", b.etag, "")
		f.Add(true, "hot", query, "", "", `{"variables":{"userName":"Ada","plan":"Pro"}}`)
	}
	f.Fuzz(func(t *testing.T, render bool, slug, query, subject, ifNoneMatch, body string) {
		target := "/api/v1/prompts/" + slug + "/resolve"
		method := http.MethodGet
		if render {
			target, method = "/api/v1/prompts/"+slug+"/render", http.MethodPost
		}
		if query != "" {
			target += "?" + requestLineQuery(query)
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
