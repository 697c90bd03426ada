package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oapi-codegen/runtime"
	segmentjson "github.com/segmentio/encoding/json"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

// TestValidatedBody: a body found valid is handed on with the value validated, which the
// generated binding takes instead of decoding the body again, to the same result; the
// body's bytes still read as sent.
func TestValidatedBody(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	var render *route
	for _, rt := range routesOf(spec, metrics.New()) {
		if rt.spec.Operation.OperationID == "RenderPrompt" {
			render = rt
		}
	}
	require.NotNil(t, render)
	body := []byte(`{"variables":{"userName":"Ada","count":3},"format":"openai-chat","version":2}`)
	r := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/hot/render", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.SetPathValue("slug", "hot")
	r.Body = copyOf(body) // as readJSON leaves it
	require.Nil(t, check(r, queryOf(r), render, body, decodedBody(t, body)))

	validated, ok := r.Body.(interface{ ValidatedValue() any })
	require.True(t, ok, "the body carries its validated value")
	require.NotNil(t, validated.ValidatedValue())
	var bound, decoded api.RenderRequest
	require.NoError(t, runtime.BindJSONBody(r, &bound))
	require.NoError(t, json.Unmarshal(body, &decoded))
	require.Equal(t, decoded, bound)
	read, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	require.Equal(t, body, read)

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		bad := []byte(`{"variables":{"userName":"Ada"},"format":"nowhere"}`)
		r := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/hot/render", bytes.NewReader(bad))
		r.Header.Set("Content-Type", "application/json")
		r.SetPathValue("slug", "hot")
		r.Body = copyOf(bad)
		require.NotNil(t, check(r, queryOf(r), render, bad, decodedBody(t, bad)))
		_, ok := r.Body.(interface{ ValidatedValue() any })
		require.False(t, ok)
	})
}

// FuzzHeaderFastPath: whatever the subject and Idempotency-Key headers, sent once, twice
// or empty, a request of resolve or render that takes the fast path is answered as the
// full validation (kin-openapi's) answers it.
func FuzzHeaderFastPath(f *testing.F) {
	spec, err := openapi.Load()
	require.NoError(f, err)
	routes := map[string]*route{}
	for _, rt := range routesOf(spec, metrics.New()) {
		routes[rt.spec.Operation.OperationID] = rt
	}
	f.Add(false, "user-42", "", false)
	f.Add(true, "", "k-1", true)
	f.Add(false, strings.Repeat("é", 257), "", false)
	f.Add(true, "\x00", strings.Repeat("k", 256), false)
	f.Fuzz(func(t *testing.T, render bool, subject, idempotencyKey string, twice bool) {
		rt, target, body := routes["ResolvePrompt"], "/api/v1/prompts/hot/resolve", []byte(nil)
		if render {
			rt, target, body = routes["RenderPrompt"], "/api/v1/prompts/hot/render", []byte(`{"variables":{"a":"b"}}`)
		}
		full := *rt
		full.policy.fastPath = false
		answer := func(rt *route) *Error {
			r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.SetPathValue("slug", "hot")
			for name, value := range map[string]string{"PromptOps-Subject": subject, "Idempotency-Key": idempotencyKey} {
				if value == "-" {
					continue // not sent
				}
				r.Header[name] = []string{value}
				if twice {
					r.Header[name] = append(r.Header[name], value)
				}
			}
			return check(r, queryOf(r), rt, body, decodedBody(t, body))
		}
		require.Equal(t, answer(&full), answer(rt))
	})
}

// FuzzQueryFastPath: whatever the query of a request of resolve, render or a few list
// operations (parameters valid or not, repeated, unknown, empty, percent-encoded, not
// UTF-8, not parsing), with or without a subject header, a request that takes the fast
// path is answered as the full validation (kin-openapi's) answers it.
func FuzzQueryFastPath(f *testing.F) {
	routes := routesByID(f)
	operations := []string{"ResolvePrompt", "RenderPrompt", "ListPrompts", "GetSnapshot", "GetPromptAnalytics", "ListApiKeys", "ListEvents"}
	for _, query := range []string{
		"subject=user-42", "subject=user-42&compose=true", "compose=false&version=3", "environment=production",
		"environment=dev&subject=x&version=2147483647&compose=false", "version=2147483648", "version=0",
		"version=-1", "version=-0", "version=007", "version=+3", "version=1e3", "version=", "compose=True",
		"compose=1", "compose=", "compose", "subject=", "subject=" + strings.Repeat("a", 257), "subject=%75ser-42",
		"subject=%C3%A9", "subject=%ff", "subject=%00", "subject=a&subject=a", "compose=true&compose=false",
		"version=3&version=3", "Subject=x", "nope=1", "subject=x&nope=", "environment=Prod", "%zz", "&",
		"subject=x;compose=true", "environment=" + strings.Repeat("a", 41), "limit=10", "limit=0", "limit=101",
		"limit=99999999999999999999", "page=2", "q=hello", "tag=x", "slug=a&slug=b", "revoked=true",
		"from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", "from=yesterday", "interval=day", "since=1",
	} {
		for op := range operations {
			f.Add(uint8(op), query, "-")
		}
		f.Add(uint8(0), query, "user-42")
	}
	f.Fuzz(func(t *testing.T, op uint8, query, subjectHeader string) {
		rt := routes[operations[int(op)%len(operations)]]
		var body []byte
		if rt.policy.body {
			body = []byte(`{"variables":{"a":"b"}}`) // render's
		}
		full := *rt
		full.policy.fastPath = false
		answer := func(rt *route) *Error {
			r := httptest.NewRequest(rt.spec.Method, samplePath.ReplaceAllString(rt.spec.Path, "hot"), bytes.NewReader(body))
			r.URL.RawQuery = query
			r.Header.Set("Content-Type", "application/json")
			if subjectHeader != "-" {
				r.Header.Set("PromptOps-Subject", subjectHeader)
			}
			for _, p := range rt.policy.pathParams {
				r.SetPathValue(p.name, "hot")
			}
			return check(r, queryOf(r), rt, body, decodedBody(t, body))
		}
		require.Equal(t, answer(&full), answer(rt))
	})
}

// TestQueryFastPath: a request of resolve whose query sends declared parameters once each,
// with values their quick checks pass, takes the fast path; one sending any other query
// takes the full validation.
func TestQueryFastPath(t *testing.T) {
	t.Parallel()
	resolve := routesByID(t)["ResolvePrompt"]
	for query, fast := range map[string]bool{
		"":                             true,
		"subject=user-42":              true,
		"subject=user-42&compose=true": true,
		"environment=dev&version=2&compose=false": true,
		"compose=1":           false, // kin-openapi's to read
		"version=07":          false,
		"version=0":           false,
		"subject=":            false,
		"subject=a&subject=a": false,
		"subject=a&unknown=1": false,
		"environment=Prod":    false,
	} {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/prompts/hot/resolve?"+query, nil)
		r.SetPathValue("slug", "hot")
		require.Equal(t, fast, takesFastPath(r, queryOf(r), &resolve.policy), "query %q", query)
		if fast {
			require.Nil(t, check(r, queryOf(r), resolve, nil, nil), "query %q", query)
		}
	}
}

// routesByID are the spec's routes by operationId.
func routesByID(t testing.TB) map[string]*route {
	spec, err := openapi.Load()
	require.NoError(t, err)
	routes := map[string]*route{}
	for _, rt := range routesOf(spec, metrics.New()) {
		routes[rt.spec.Operation.OperationID] = rt
	}
	return routes
}

// copyOf is body as readJSON leaves it for check.
func copyOf(body []byte) *bodyCopy {
	c := new(bodyCopy)
	c.Reset(body)
	return c
}

// decodedBody is body's value as readJSON hands it to check.
func decodedBody(t *testing.T, body []byte) any {
	t.Helper()
	value, apiErr := decodeOne(body)
	require.Nil(t, apiErr)
	return value
}

// FuzzDecodeOne: decoding a body accepts exactly what checkOneValue accepts, and refuses
// the rest with its error; a body encoding/json decodes, Segment's decoder decodes to the
// same value (so that the fallback is for what both refuse).
func FuzzDecodeOne(f *testing.F) {
	for _, body := range []string{`{"a":1}`, ` [1, "x"] `, `{} {}`, `1 2`, `"a"x`, `{"a":`, "", " ", `1e999`, "{\"a\":\"\xff\"}\n"} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		value, apiErr := decodeOne(body)
		require.Equal(t, checkOneValue(body), apiErr)
		if apiErr == nil && len(body) > 0 {
			var want any
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&want))
			require.Equal(t, want, value)
			var segments any
			_, err := segmentjson.Parse(body, &segments, segmentjson.UseNumber)
			require.NoError(t, err)
			require.Equal(t, want, segments)
		}
	})
}

// TestDecodeOneDeepBody: a body nested as deep as the body limit allows is refused (by
// encoding/json, at 10,000 levels) without being given to Segment's decoder, which would
// take hours over it.
func TestDecodeOneDeepBody(t *testing.T) {
	t.Parallel()
	for _, body := range []string{strings.Repeat("[", 1<<19) + strings.Repeat("]", 1<<19), strings.Repeat(`{"a":`, 1<<17) + "1" + strings.Repeat("}", 1<<17)} {
		value, apiErr := decodeOne([]byte(body))
		require.Nil(t, value)
		require.NotNil(t, apiErr)
		require.Contains(t, apiErr.Message+fmt.Sprint(apiErr.Details), "exceeded max depth")
	}
}

// TestReadBody: a small body of known length, a larger one and a chunked one (unknown
// length) are read alike, within the limit and past it (413), and a body shorter than its
// Content-Length (the client gone) is a 400.
func TestReadBody(t *testing.T) {
	t.Parallel()
	large := strings.Repeat("7", smallBody+1)
	g := &Gateway{bodyLimit: int64(len(large))}
	for _, length := range []int64{int64(len(large)), -1} {
		r := httptest.NewRequest(http.MethodPost, "/", io.NopCloser(strings.NewReader(large)))
		r.ContentLength = length
		r.Header.Set("Content-Type", "application/json")
		body, apiErr := g.readBody(httptest.NewRecorder(), r)
		require.Nil(t, apiErr)
		require.Equal(t, large, string(body))
	}
	g = &Gateway{bodyLimit: 16}
	read := func(body string, length int64, contentType string) ([]byte, *Error) {
		r := httptest.NewRequest(http.MethodPost, "/", io.NopCloser(strings.NewReader(body)))
		r.ContentLength = length
		r.Header.Set("Content-Type", contentType)
		return g.readBody(httptest.NewRecorder(), r)
	}
	for _, length := range []int64{8, -1} {
		body, apiErr := read(`{"a":"b"}`[:8], length, "application/json")
		require.Nil(t, apiErr)
		require.Equal(t, `{"a":"b"`, string(body))
	}
	for _, length := range []int64{17, -1} {
		_, apiErr := read(strings.Repeat("1", 17), length, "application/json")
		require.Equal(t, http.StatusRequestEntityTooLarge, apiErr.Status, "length %d", length)
	}
	_, apiErr := read("123", 8, "application/json")
	require.Equal(t, http.StatusBadRequest, apiErr.Status)
	require.Contains(t, apiErr.Message, "could not be read")

	body, apiErr := read("1", 1, "application/json; charset=utf-8")
	require.Nil(t, apiErr)
	require.Equal(t, "1", string(body))
	_, apiErr = read("1", 1, "text/plain")
	require.Equal(t, http.StatusUnsupportedMediaType, apiErr.Status)
}
