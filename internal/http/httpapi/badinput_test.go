package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestPageBeyondInt32 asks for pages whose offset does not fit the queries' int4 OFFSET:
// such a page is past the end of the list, so empty, not a 500.
func TestPageBeyondInt32(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "listed")
	env.NewVersion(p, prompt.Id, "u")
	lists := []string{
		"/api/v1/prompts", "/api/v1/api-keys", "/api/v1/events", "/api/v1/webhooks",
		"/api/v1/prompts/" + prompt.Id.String() + "/versions", "/api/v1/prompts/" + prompt.Id.String() + "/deployments",
	}
	for _, page := range []string{"21474838", "9223372036854775807"} {
		for _, list := range lists {
			resp := env.Do(env.Request(http.MethodGet, list+"?page="+page+"&limit=100", p.Key, "", ""))
			require.Equal(t, http.StatusOK, resp.StatusCode, "%s page %s", list, page)
			require.JSONEq(t, `[]`, mustJSON(t, readAll(t, resp), "data"), list)
		}
	}
}

// TestPinnedVersionBeyondInt32: version numbers are int4, and 2^32+1 must not pin version 1.
func TestPinnedVersionBeyondInt32(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	env.NewVersion(p, env.NewPrompt(p, "pinned").Id, "u")

	resolve := env.Do(env.Request(http.MethodGet, "/api/v1/prompts/pinned/resolve?version=4294967297", p.Key, "", ""))
	require.Equal(t, []string{"version"}, fieldNames(decodeError(t, resolve, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)))
	render := env.Do(env.Request(http.MethodPost, "/api/v1/prompts/pinned/render", p.Key, "application/json", `{"version":4294967297}`))
	require.Equal(t, []string{"/version"}, fieldNames(decodeError(t, render, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)))
}

func TestNULCharacter(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "texts")
	versions := "/api/v1/prompts/" + prompt.Id.String() + "/versions"

	// An escaped backslash before "u0000" is text (and written before the subtests below,
	// which count rows).
	resp := env.Do(env.Request(http.MethodPost, versions, p.Key, "application/json", `{"systemPrompt":"C:\\u0000","userTemplate":"u"}`))
	body := readAll(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	require.Contains(t, string(body), `"systemPrompt":"C:\\u0000"`)

	for name, tc := range map[string]struct{ path, body, field string }{
		"Field":        {"/api/v1/prompts", `{"slug":"nul","name":"a\u0000b"}`, "/name"},
		"NestedValue":  {versions, `{"systemPrompt":"s","userTemplate":"u","metadata":{"x":{"y":["ok","\u0000"]}}}`, "/metadata/x/y/1"},
		"MemberName":   {versions, `{"systemPrompt":"s","userTemplate":"u","metadata":{"a/b":{"k\u0000":1}}}`, "/metadata/a~1b/k\x00"},
		"AfterEscapes": {versions, `{"systemPrompt":"\"\\\u0000","userTemplate":"u"}`, "/systemPrompt"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := env.RowsOf(p)
			resp := env.Do(env.Request(http.MethodPost, tc.path, p.Key, "application/json", tc.body))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{tc.field}, fieldNames(e))
			require.Contains(t, e.Message, "NUL")
			require.Equal(t, before, env.RowsOf(p))
		})
	}

	for name, tc := range map[string]struct{ path, field string }{
		"Query":           {"/api/v1/prompts?q=%00", "q"},
		"SecondQuery":     {"/api/v1/prompts?q=ok&sort=%00", "sort"},
		"QueryName":       {"/api/v1/prompts?q=a&%00=1", "\x00"},
		"Path":            {"/api/v1/prompts/a%00b/resolve", "slug"},
		"Unauthenticated": {"/api/explorer/swagger%00ui.css", "asset"},
	} {
		t.Run("Parameter"+name, func(t *testing.T) {
			t.Parallel()
			e := decodeError(t, env.Do(env.Request(http.MethodGet, tc.path, p.Key, "", "")), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{tc.field}, fieldNames(e), tc.path)
			require.Contains(t, e.Message, "NUL")
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "texts")
	versions := "/api/v1/prompts/" + prompt.Id.String() + "/versions"

	// Valid text, U+FFFD included, is kept as sent (before the subtests below, which count
	// rows).
	fine, err := p.Client.CreatePromptWithResponse(context.Background(), nil, api.CreatePromptRequest{Slug: "fine", Name: "café \uFFFD 🙂"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, fine.StatusCode())
	require.Equal(t, "café \uFFFD 🙂", fine.JSON201.Data.Name)

	for name, tc := range map[string]struct{ path, body, field string }{
		"Field":          {"/api/v1/prompts", "{\"slug\":\"bad\",\"name\":\"caf\xe9\"}", "/name"},
		"LongTemplate":   {versions, "{\"systemPrompt\":\"s\",\"userTemplate\":\"" + strings.Repeat("é", 1000) + "\xff\"}", "/userTemplate"},
		"MemberName":     {versions, "{\"systemPrompt\":\"s\",\"userTemplate\":\"u\",\"metadata\":{\"\xc3\":1}}", "/metadata/\uFFFD"},
		"OutsideStrings": {"/api/v1/prompts", "{\"slug\":\"bad\",\"name\":\"x\"}\xff", "body"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := env.RowsOf(p)
			resp := env.Do(env.Request(http.MethodPost, tc.path, p.Key, "application/json", tc.body))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{tc.field}, fieldNames(e))
			require.Contains(t, e.Message, "UTF-8")
			require.Equal(t, before, env.RowsOf(p))
		})
	}

	for path, field := range map[string]string{"/api/v1/prompts?q=%ff": "q", "/api/v1/prompts/caf%e9/resolve": "slug"} {
		e := decodeError(t, env.Do(env.Request(http.MethodGet, path, p.Key, "", "")), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{field}, fieldNames(e), path)
		require.Contains(t, e.Message, "UTF-8", path)
	}

}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return body
}

// TestTrailingBytes: a body must be one JSON value; what follows it is not ignored.
func TestTrailingBytes(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	before := env.RowsOf(p)
	for _, body := range []string{`{"slug":"a","name":"A"} {"slug":"b","name":"B"}`, `{"slug":"a","name":"A"}x`, `{"slug":"a","name":"A"`} {
		resp := env.Do(env.Request(http.MethodPost, "/api/v1/prompts", p.Key, "application/json", body))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"body"}, fieldNames(e), body)
		require.Contains(t, e.Message, "is not valid JSON", body)
	}
	require.Equal(t, before, env.RowsOf(p), "nothing is stored")
	// Whitespace after the value is still one value.
	resp := env.Do(env.Request(http.MethodPost, "/api/v1/prompts", p.Key, "application/json", "{\"slug\":\"a\",\"name\":\"A\"}\n \t"))
	require.Equal(t, http.StatusCreated, resp.StatusCode)
}

// TestInputThatWasA500: inputs that passed validation and then failed a decoder, the
// database or the answer's encoding are 400s naming the field, and store nothing.
func TestInputThatWasA500(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "welcome")
	env.NewVersion(p, prompt.Id, "Hello")
	versions := "/api/v1/prompts/" + prompt.Id.String() + "/versions"
	const ev = `"type":"prompt.used","slug":"welcome","latencyMs":1.5,"success":true`

	for name, tc := range map[string]struct{ path, body, field string }{
		"TrackExponentTokens":  {"/api/v1/analytics/track", `{` + ev + `,"versionNumber":1,"inputTokens":1e9}`, "/inputTokens"},
		"TrackFractionVersion": {"/api/v1/analytics/track", `{"events":[{` + ev + `,"versionNumber":1},{` + ev + `,"versionNumber":1.0}]}`, "/events/1/versionNumber"},
		"TrackLeapSecond":      {"/api/v1/analytics/track", `{` + ev + `,"versionNumber":1,"timestamp":"2016-12-31T23:59:60Z"}`, "/timestamp"},
		"TrackSurrogate":       {"/api/v1/analytics/track", `{` + ev + `,"versionNumber":1,"metadata":{"user":"\ud800"}}`, "/metadata/user"},
		"VersionMaxTokens":     {versions, `{"systemPrompt":"s","userTemplate":"u","maxTokens":1e3}`, "/maxTokens"},
		"VersionTemplate":      {versions, `{"systemPrompt":"s\udc00","userTemplate":"u"}`, "/systemPrompt"},
		"VersionMetadata":      {versions, `{"systemPrompt":"s","userTemplate":"u","metadata":{"a":["\ud83d"]}}`, "/metadata/a/0"},
		"VariablesSchema": {versions, `{"systemPrompt":"s","userTemplate":"u","variablesSchema":{"type":"object","description":"\ud800"}}`,
			"/variablesSchema/description"},
		"ToolParameters": {versions, `{"systemPrompt":"s","userTemplate":"u","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","title":"\udfff"}}}]}`,
			"/tools/0/function/parameters/title"},
		"KeyExpiresLeapSecond": {"/api/v1/api-keys", `{"environment":"dev","expiresAt":"2030-06-30T23:59:60Z"}`, "/expiresAt"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := env.RowsOf(p)
			resp := env.Do(env.Request(http.MethodPost, tc.path, p.Key, "application/json", tc.body))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{tc.field}, fieldNames(e))
			require.Equal(t, before, env.RowsOf(p))
		})
	}

	// A pair of surrogates is one character, kept as sent.
	resp := env.Do(env.Request(http.MethodPost, versions, p.Key, "application/json", `{"systemPrompt":"\ud83d\ude00","userTemplate":"u","metadata":{"e":"\ud83d\ude00"}}`))
	body := readAll(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	require.Contains(t, string(body), `"content":"😀"`)

	analytics := "/api/v1/prompts/" + prompt.Id.String() + "/analytics"
	for query, field := range map[string]string{
		analytics + "?to=9999-12-31T23:59:59Z":                                         "to",
		analytics + "?interval=hour&from=9999-12-31T00:00:00Z&to=9999-12-31T23:30:00Z": "from",
		analytics + "?to=2016-12-31T23:59:60Z":                                         "to",
		analytics + "?from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z":               "from",
		"/api/v1/analytics/summary?to=9999-12-31T23:59:59Z":                            "to",
		"/api/v1/analytics/summary?to=0001-01-01T00:00:00Z":                            "to",
	} {
		e := decodeError(t, env.Do(env.Request(http.MethodGet, query, p.Key, "", "")), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{field}, fieldNames(e), query)
	}
	ok := env.Do(env.Request(http.MethodGet, analytics+"?from=1970-01-01T00:00:00Z&to=1970-01-02T00:00:00Z", p.Key, "", ""))
	require.Equal(t, http.StatusOK, ok.StatusCode, string(readAll(t, ok)))
}
