package httpapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/apitest"
	"github.com/promptops/promptops/internal/server"
)

// benchHandler is the whole handler chain (routing, auth, rate limit, validation, access
// log at info level into io.Discard) on a project with one prompt live in production.
func benchHandler(b *testing.B, opts ...apitest.Option) (http.Handler, string) {
	b.Helper()
	opts = append(opts, func(o *server.Options) {
		o.RateLimit = 1 << 30
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	})
	env := apitest.New(b, opts...)
	p := env.NewProject("bench")
	prompt := env.NewPrompt(p, "hot")
	v := env.NewVersion(p, prompt.Id, "Hello {{userName}}, welcome to {{plan}}!")
	env.Promote(p, prompt.Id, v.Id, api.EnvironmentProduction)
	return env.Server.Handler(), env.NewKey(p, api.CreateApiKeyRequest{Environment: api.EnvironmentProduction})
}

func benchRequests(b *testing.B, h http.Handler, newReq func() *http.Request) {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, newReq())
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), newReq())
	}
}

func resolveRequest(key string) func() *http.Request {
	return func() *http.Request {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/prompts/hot/resolve", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		return req
	}
}

// BenchmarkResolve is resolve through the whole chain, answered from the cache.
func BenchmarkResolve(b *testing.B) {
	h, key := benchHandler(b)
	benchRequests(b, h, resolveRequest(key))
}

// BenchmarkResolveUncached is resolve with the cache off: a key read and a resolve read
// from PostgreSQL per request.
func BenchmarkResolveUncached(b *testing.B) {
	h, key := benchHandler(b, func(o *server.Options) { o.CacheDisabled = true })
	benchRequests(b, h, resolveRequest(key))
}

// BenchmarkRender is render through the whole chain (it reads the version from the
// database each time).
func BenchmarkRender(b *testing.B) {
	h, key := benchHandler(b)
	benchRequests(b, h, func() *http.Request {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/hot/render",
			strings.NewReader(`{"variables":{"userName":"Ada","plan":"Pro"}}`))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		return req
	})
}
