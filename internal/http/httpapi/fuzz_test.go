package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/openapi"
)

// FuzzRequestBody sends arbitrary bytes as the JSON body of every operation that takes
// one (POST and PATCH), through the whole pipeline: the gateway's validation and the
// generated strict decoding, then the handler. Whatever the bytes, the answer is no 5xx,
// and a 4xx is the JSON error envelope; every answer must match the spec. op picks the
// operation: an index into the operations with a body, by operationId.
func FuzzRequestBody(f *testing.F) {
	fz := newFuzzAPI(f)
	ops := fz.operations(func(op *openapi3.Operation) bool { return op.RequestBody != nil })
	for i, op := range ops {
		for _, seed := range append(op.examples, "", "{}", "null", "[]", `{"":0}`, "{", `"x"`, "1e999", `{"name":"caf\u00e9 \ud83d\ude00"}`) {
			f.Add(uint8(i), []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		o := ops[int(op)%len(ops)]
		fz.check(t, o, o.method, o.path, body)
	})
}

// FuzzTrackBody sends track bodies built from fragments the fuzzer picks, spliced raw into
// an event (so that each may be any JSON, or break it): the integers, a number, the
// timestamp's text, the environment's and the metadata. Its seeds are the inputs that were
// 500s (1e9 tokens, a leap second, a lone surrogate in metadata). Expectations are
// FuzzRequestBody's: never a 5xx, every 4xx the error envelope, every answer the spec's.
func FuzzTrackBody(f *testing.F) {
	fz := newFuzzAPI(f)
	// The fuzz server runs without the partition job (see newFuzzAPI): make today's.
	_, err := analytics.Maintain(context.Background(), fz.env.Pool, time.Now(), config.DefaultAnalyticsRetention)
	require.NoError(f, err)
	op := fuzzOperation{id: "TrackEvents", method: http.MethodPost, path: "/api/v1/analytics/track"}
	type seed struct{ version, tokens, cost, timestamp, environment, metadata string }
	for _, s := range []seed{
		{"1", "10", "0.5", "", "dev", `{"user":"u1"}`},
		{"1", "1e9", "1e6", "", "production", `{}`},
		{"1.0", "0", "0", "2016-12-31T23:59:60Z", "staging", `null`},
		{"2147483647", "1000000000", "1000000", "9999-12-31T23:59:59Z", "dev", `{"a":"\ud800"}`},
		{"1E0", "-0", "1e-300", "2024-01-15T10:30:00.1234567891234Z", `dev\u0000`, `{"\udc00":[1e400]}`},
	} {
		f.Add(s.version, s.tokens, s.cost, s.timestamp, s.environment, s.metadata)
	}
	f.Fuzz(func(t *testing.T, version, tokens, cost, timestamp, environment, metadata string) {
		event := `{"type":"prompt.used","slug":"fuzz","versionNumber":` + version + `,"latencyMs":` + cost +
			`,"inputTokens":` + tokens + `,"outputTokens":` + tokens + `,"costUsd":` + cost + `,"success":true` +
			`,"environment":"` + environment + `","metadata":` + metadata
		if timestamp != "" {
			event += `,"timestamp":"` + timestamp + `"`
		}
		event += "}"
		fz.check(t, op, op.method, op.path, []byte(`{"events":[`+event+`,`+event+`]}`))
	})
}

// FuzzVersionBody sends version bodies built from fragments the fuzzer picks, spliced raw:
// the template's text, maxTokens, the variables schema, a tool's parameters and the
// metadata. Its seeds are the inputs that were 500s (a lone surrogate in a JSON Schema).
func FuzzVersionBody(f *testing.F) {
	fz := newFuzzAPI(f)
	op := fuzzOperation{id: "CreateVersion", method: http.MethodPost, path: "/api/v1/prompts/" + fz.ids["promptId"] + "/versions"}
	type seed struct{ template, maxTokens, variables, parameters, metadata string }
	for _, s := range []seed{
		{"Hello {{ name }}", "100", `{"type":"object","properties":{"name":{"type":"string"}}}`, `{"type":"object"}`, `{}`},
		{"x", "100", `{"type":"object","description":"\ud800"}`, `{"type":"object"}`, `{}`},
		{"y", "5", `{"type":"object"}`, `{"type":"object","title":"\udfff"}`, `{"a":"\ud83d\ude00"}`},
		{"z", "1e3", `{"type":"object"}`, `{"type":"object"}`, `{}`},
		{`\ud800 {{#a}}{{/a}}`, "1.0", `{"type":"object","minProperties":1e400}`, `{"$ref":"#/x"}`, `{"\u0000":1}`},
		{"{{", "10000000", `{"type":"object","properties":{"n":{"type":"integer","maximum":1e308}}}`, `{"type":"object","required":["\udc00"]}`, `null`},
	} {
		f.Add(s.template, s.maxTokens, s.variables, s.parameters, s.metadata)
	}
	f.Fuzz(func(t *testing.T, template, maxTokens, variables, parameters, metadata string) {
		body := `{"systemPrompt":"s","userTemplate":"` + template + `","maxTokens":` + maxTokens +
			`,"variablesSchema":` + variables + `,"tools":[{"type":"function","function":{"name":"f","parameters":` + parameters +
			`}}],"metadata":` + metadata + `}`
		fz.check(t, op, op.method, op.path, []byte(body))
	})
}

// FuzzListQuery sends an arbitrary query string to every GET operation that has query
// parameters (the lists, and any other), with the same expectations as FuzzRequestBody.
// Bytes a request line cannot carry are percent-encoded, so every input is sent.
func FuzzListQuery(f *testing.F) {
	fz := newFuzzAPI(f)
	ops := fz.operations(func(op *openapi3.Operation) bool {
		return slices.ContainsFunc(op.Parameters, func(p *openapi3.ParameterRef) bool { return p.Value.In == openapi3.ParameterInQuery })
	})
	seeds := []string{"", "page=2&limit=5", "limit=100", "page=0", "limit=101", "page=x", "sort=createdAt:asc",
		"sort=name:sideways", "fields=id,slug", "fields=nope", "q=hello&environment=production", "environment=prod",
		"revoked=true", "revoked=maybe", "page=1&page=2", "%zz", "a=1;b=2", "limit=1e2", "page=-1", "version=2",
		"since=2024-01-15T10:30:00Z", "since=2024-01-15", "type=prompt.created"}
	for i := range ops {
		for _, seed := range seeds {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, query string) {
		o := ops[int(op)%len(ops)]
		raw := requestLineQuery(query)
		fz.check(t, o, http.MethodGet, o.path+"?"+raw, nil)
	})
}

// requestLineQuery is s with every byte an HTTP request line cannot carry (controls,
// space, non-ASCII, '#') percent-encoded; the rest, malformed escapes included, as is.
func requestLineQuery(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '#' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fuzzAPI is the one API server a fuzz target sends every input to, with a project that
// has a prompt, a version and a webhook for the operations' path parameters to name.
type fuzzAPI struct {
	tb     *fuzzTB
	env    *apitest.Env
	key    string
	ids    map[string]string
	client *http.Client
}

// fuzzOperation is an operation of the spec, with its path parameters filled in.
type fuzzOperation struct {
	id, method, path string
	// examples are the request body examples the spec gives, as JSON.
	examples []string
}

func newFuzzAPI(f *testing.F) *fuzzAPI {
	tb := &fuzzTB{F: f}
	env := apitest.New(tb, func(o *server.Options) {
		o.RateLimit, o.SignupRateLimit = 1_000_000_000, 1_000_000_000
		// Inputs that are valid keep reaching the database, past the quotas' defaults.
		o.Quotas.Versions, o.Quotas.Prompts = 1_000_000_000, 1_000_000_000
		// The fuzzer creates webhooks to any URL, and deliveries must not leave the machine:
		// on a pool of its own (same database) the server runs without delivery workers, as
		// apitest does for any pool but its own, and webhooks are only recorded.
		pool, err := pgxpool.NewWithConfig(context.Background(), o.Pool.Config())
		require.NoError(f, err)
		f.Cleanup(pool.Close)
		o.Pool = pool
	})
	p := env.NewProject("fuzz")
	prompt := env.NewPrompt(p, "fuzz")
	version := env.NewVersion(p, prompt.Id, "Hello {{ name }}")
	hook, err := p.Client.CreateWebhookWithResponse(context.Background(), nil, api.CreateWebhookRequest{
		Url: "http://127.0.0.1:9/fuzz", Events: api.WebhookEventFilter{"*"}})
	require.NoError(f, err)
	require.Equal(f, http.StatusCreated, hook.StatusCode(), string(hook.Body))
	// Bounded, so that an input the server never answers fails as itself.
	client := &http.Client{Timeout: 30 * time.Second}
	f.Cleanup(client.CloseIdleConnections)
	return &fuzzAPI{tb: tb, env: env, key: p.Key, client: client, ids: map[string]string{
		"prompts": prompt.Id.String(), "promptId": prompt.Id.String(), "versionId": version.Id.String(),
		"slug": prompt.Slug, "webhooks": hook.JSON201.Data.Id.String(),
	}}
}

// operations are the spec's operations that keep says to, by operationId.
func (fz *fuzzAPI) operations(keep func(*openapi3.Operation) bool) []fuzzOperation {
	spec, err := openapi.Shared()
	require.NoError(fz.tb, err)
	var ops []fuzzOperation
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if !keep(op) {
				continue
			}
			ops = append(ops, fuzzOperation{id: op.OperationID, method: method, path: fz.fill(path), examples: bodyExamples(fz.tb, op)})
		}
	}
	require.NotEmpty(fz.tb, ops)
	slices.SortFunc(ops, func(a, b fuzzOperation) int { return strings.Compare(a.id, b.id) })
	return ops
}

// fill names the fuzz project's resources in path's parameters: {id} by the collection
// before it, others by name, and a random id for any resource the project lacks.
func (fz *fuzzAPI) fill(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		name, ok := strings.CutPrefix(s, "{")
		if !ok {
			continue
		}
		name = strings.TrimSuffix(name, "}")
		if name == "id" {
			name = segs[i-1]
		}
		if segs[i], ok = fz.ids[name]; !ok {
			segs[i] = uuid.NewString()
		}
	}
	return strings.Join(segs, "/")
}

// bodyExamples are the JSON examples of op's request body.
func bodyExamples(tb testing.TB, op *openapi3.Operation) []string {
	if op.RequestBody == nil {
		return nil
	}
	media := op.RequestBody.Value.Content.Get("application/json")
	if media == nil {
		return nil
	}
	values := []any{media.Example}
	for _, ex := range media.Examples {
		values = append(values, ex.Value.Value)
	}
	var out []string
	for _, v := range values {
		if v != nil {
			b, err := json.Marshal(v)
			require.NoError(tb, err)
			out = append(out, string(b))
		}
	}
	return out
}

// check sends one request and fails t on a 5xx, or a 4xx that is not the error envelope
// with the request's id. (Spec violations fail t too: the test server validates every
// response, and fuzzTB hands its failures to t.)
func (fz *fuzzAPI) check(t *testing.T, op fuzzOperation, method, path string, body []byte) {
	fz.tb.current.Store(t)
	defer fz.tb.current.Store(nil)
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, fz.env.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+fz.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := fz.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Less(t, resp.StatusCode, 500, "%s %s %q → %d %s", op.id, path, body, resp.StatusCode, got)
	if resp.StatusCode < 400 {
		return
	}
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"), "%s %s %q → %d %s", op.id, path, body, resp.StatusCode, got)
	var envelope struct {
		Error *struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestId"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(got, &envelope), "%s %s %q → %d %s", op.id, path, body, resp.StatusCode, got)
	require.NotNil(t, envelope.Error, "%s %s %q → %d %s", op.id, path, body, resp.StatusCode, got)
	require.NotEmpty(t, envelope.Error.Code)
	require.NotEmpty(t, envelope.Error.Message)
	require.Equal(t, resp.Header.Get("X-Request-Id"), envelope.Error.RequestID)
}

// fuzzTB is the fuzz target's testing.F, given to apitest for the server's whole life,
// whose Errorf goes to the input being run: apitest reports a response that breaks the
// spec with Errorf from the server's goroutine, and inside the fuzz function only the
// input's *testing.T may fail (F's methods panic there).
type fuzzTB struct {
	*testing.F
	current atomic.Pointer[testing.T]
}

func (f *fuzzTB) Errorf(format string, args ...any) {
	if t := f.current.Load(); t != nil {
		t.Errorf(format, args...)
		return
	}
	f.F.Errorf(format, args...)
}
