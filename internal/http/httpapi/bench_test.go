package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// benchHandler is the whole handler chain (routing, auth, rate limit, validation, metrics,
// access log at info level into io.Discard) on a project with one prompt live in production.
func benchHandler(b *testing.B, opts ...apitest.OptionFunc) (http.Handler, string) {
	b.Helper()
	env, key := benchEnv(b, opts...)
	return env.Server.Handler(), key
}

// benchEnv is benchHandler's server, with its production key.
func benchEnv(b *testing.B, opts ...apitest.OptionFunc) (*apitest.Env, string) {
	b.Helper()
	opts = append(opts, func(o *server.Options) {
		o.RateLimit = 1 << 30
		o.Logger = logging.New(io.Discard, "text", "info") // the server's own logger
	})
	env := apitest.New(b, opts...)
	p := env.NewProject("bench")
	prompt := env.NewPrompt(p, "hot")
	v := env.NewVersion(p, prompt.Id, "Hello {{userName}}, welcome to {{plan}}!")
	env.Promote(p, prompt.Id, v.Id, "production")
	return env, env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})
}

// benchRequests serves one request over and over. The request and the response writer are
// reused, so that the allocations counted are the server's, not the harness's.
func benchRequests(b *testing.B, h http.Handler, req *http.Request, body []byte) {
	b.Helper()
	rd := &rewindBody{}
	rd.Reset(body)
	req.Body, req.ContentLength = rd, int64(len(body))
	w := &discardWriter{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status/100 != 2 {
		b.Fatalf("status %d", w.status)
	}
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		clear(w.header)
		w.status = 0
		h.ServeHTTP(w, req)
	}
}

func authorized(method, target, key string) *http.Request {
	req := httptest.NewRequest(method, target, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	return req
}

// BenchmarkResolve is resolve through the whole chain, answered from the cache.
func BenchmarkResolve(b *testing.B) {
	h, key := benchHandler(b)
	benchRequests(b, h, authorized(http.MethodGet, "/api/v1/prompts/hot/resolve", key), nil)
}

// BenchmarkResolveQuery is BenchmarkResolve with a query (a subject and compose), which the
// pipeline checks and the generated binding reads.
func BenchmarkResolveQuery(b *testing.B) {
	h, key := benchHandler(b)
	benchRequests(b, h, authorized(http.MethodGet, "/api/v1/prompts/hot/resolve?subject=user-42&compose=true", key), nil)
}

// BenchmarkResolveUncached is resolve with the cache off: a key read and a resolve read
// from PostgreSQL per request.
func BenchmarkResolveUncached(b *testing.B) {
	h, key := benchHandler(b, func(o *server.Options) { o.CacheDisabled = true })
	benchRequests(b, h, authorized(http.MethodGet, "/api/v1/prompts/hot/resolve", key), nil)
}

// BenchmarkRender is render through the whole chain with two variables.
func BenchmarkRender(b *testing.B) {
	h, key := benchHandler(b)
	req := authorized(http.MethodPost, "/api/v1/prompts/hot/render", key)
	req.Header.Set("Content-Type", "application/json")
	benchRequests(b, h, req, []byte(`{"variables":{"userName":"Ada","plan":"Pro"}}`))
}

// BenchmarkRenderChat is render through the whole chain of a chat version with a tool, a
// response schema and a variables schema, to OpenAI's chat completions: make bench's chat
// render.
func BenchmarkRenderChat(b *testing.B) {
	env, _ := benchEnv(b)
	p := env.NewProject("chat")
	prompt := env.NewPrompt(p, "weather")
	resp := env.Do(env.Request(http.MethodPost, "/api/v1/prompts/"+prompt.Id.String()+"/versions", p.Key, "application/json", chatVersion))
	if resp.StatusCode != http.StatusCreated {
		b.Fatalf("creating the chat version: %d", resp.StatusCode)
	}
	key := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"}) // a new version is live in dev
	req := authorized(http.MethodPost, "/api/v1/prompts/weather/render", key)
	req.Header.Set("Content-Type", "application/json")
	benchRequests(b, env.Server.Handler(), req, []byte(`{"variables":{"city":"Lyon"},"format":"openai-chat"}`))
}

// BenchmarkTrack is a batch of 500 events through the whole chain: validation, the one
// lookup, COPY and the rollup upsert in one transaction.
func BenchmarkTrack(b *testing.B) {
	h, key := benchHandler(b)
	req := authorized(http.MethodPost, "/api/v1/analytics/track", key)
	req.Header.Set("Content-Type", "application/json")
	benchRequests(b, h, req, trackBatch(500))
	b.ReportMetric(500*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// trackBatch is a batch of n events of the benchmarks' prompt, as an application would send
// them (timestamps left to the server, so the batch stays valid however long it runs).
func trackBatch(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"events":[`)
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"type":"prompt.used","slug":"hot","versionNumber":1,"latencyMs":%d,"inputTokens":%d,"outputTokens":%d,`+
			`"costUsd":0.00162,"success":%t,"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"}`,
			50+i*7%3000, 300+i%200, 80+i%50, i%50 != 0)
	}
	buf.WriteString(`]}`)
	return buf.Bytes()
}

// rewindBody is a request body that can be read again.
type rewindBody struct{ bytes.Reader }

func (r *rewindBody) Close() error { return nil }

// discardWriter is a ResponseWriter that keeps the status and drops the body.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}

// BenchmarkResolveParallel is BenchmarkResolve from every core at once, with one key: what
// the hot path's shared state (caches, limiter, counters) costs when cores contend for it.
// Its ns/op is wall time; times GOMAXPROCS, it is the CPU a resolve costs under load.
func BenchmarkResolveParallel(b *testing.B) {
	h, key := benchHandler(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := authorized(http.MethodGet, "/api/v1/prompts/hot/resolve", key)
		w := &discardWriter{header: http.Header{}}
		for pb.Next() {
			clear(w.header)
			w.status = 0
			h.ServeHTTP(w, req)
		}
	})
}

// BenchmarkResolveColdCaches is BenchmarkResolve with the core's caches emptied before each
// request, by writing 4 MiB (twice its L2 cache) between requests: a resolve as a loaded
// server serves it, where the kernel, the load generator and net/http evict what the
// handler used between two requests. Only the handler is timed (handler-ns/op); ns/op
// includes the eviction. Under wrk the handler costs between this and BenchmarkResolve.
// "bare" is the same for a handler that sets resolve's headers and writes its body, as
// make bench's bare server does.
func BenchmarkResolveColdCaches(b *testing.B) {
	h, key := benchHandler(b)
	req := authorized(http.MethodGet, "/api/v1/prompts/hot/resolve", key)
	answer := httptest.NewRecorder()
	h.ServeHTTP(answer, req)
	header, body := answer.Header(), answer.Body.Bytes()
	bare := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		for name, values := range header {
			h[name] = values
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
	b.Run("resolve", func(b *testing.B) { serveCold(b, h, req) })
	b.Run("bare", func(b *testing.B) { serveCold(b, bare, req) })
}

// serveCold serves req over and over, emptying the caches before each, and reports the
// time h took alone.
func serveCold(b *testing.B, h http.Handler, req *http.Request) {
	w := &discardWriter{header: http.Header{}}
	other := make([]byte, 4<<20)
	var handler time.Duration
	b.ReportAllocs()
	for b.Loop() {
		evict(other)
		clear(w.header)
		w.status = 0
		start := time.Now()
		h.ServeHTTP(w, req)
		handler += time.Since(start)
	}
	if w.status != http.StatusOK {
		b.Fatalf("status %d", w.status)
	}
	b.ReportMetric(float64(handler.Nanoseconds())/float64(b.N), "handler-ns/op")
}

// evict writes a byte of every cache line of buf, so that buf fills the caches.
func evict(buf []byte) {
	for i := 0; i < len(buf); i += 64 {
		buf[i]++
	}
}
