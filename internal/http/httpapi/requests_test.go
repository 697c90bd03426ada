package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// decodeError reads an error envelope and checks its status and code.
func decodeError(t *testing.T, resp *http.Response, status int, code api.ErrorCode) api.ErrorBody {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode, string(body))
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var e api.Error
	require.NoError(t, json.Unmarshal(body, &e), string(body))
	require.Equal(t, code, e.Error.Code)
	require.Equal(t, resp.Header.Get("X-Request-Id"), e.Error.RequestId)
	return e.Error
}

func fieldNames(e api.ErrorBody) []string {
	var names []string
	if e.Details != nil && e.Details.Fields != nil {
		for _, f := range *e.Details.Fields {
			names = append(names, f.Field)
		}
	}
	return names
}

func TestBadBodies(t *testing.T) {
	t.Parallel()
	env := apitest.New(t)

	for name, tc := range map[string]struct {
		contentType string
		body        string
		status      int
		code        api.ErrorCode
		field       string
		// createOnly: the case breaks the create schema only (a patch has no required field).
		createOnly bool
	}{
		"MalformedJSON":    {"application/json", `{"name":`, 400, api.ErrorCodeVALIDATIONERROR, "body", false},
		"MissingRequired":  {"application/json", `{"description":"x"}`, 400, api.ErrorCodeVALIDATIONERROR, "/name", true},
		"WrongType":        {"application/json", `{"name":42}`, 400, api.ErrorCodeVALIDATIONERROR, "/name", false},
		"UnknownField":     {"application/json", `{"name":"x","colour":"red"}`, 400, api.ErrorCodeVALIDATIONERROR, "/colour", false},
		"TooLong":          {"application/json", `{"name":"` + strings.Repeat("x", 201) + `"}`, 400, api.ErrorCodeVALIDATIONERROR, "/name", false},
		"EmptyBody":        {"application/json", ``, 400, api.ErrorCodeVALIDATIONERROR, "body", false},
		"Oversized":        {"application/json", `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, 413, api.ErrorCodePAYLOADTOOLARGE, "", false},
		"NotJSON":          {"text/plain", `{"name":"x"}`, 415, api.ErrorCodeUNSUPPORTEDMEDIATYPE, "", false},
		"MissingMediaType": {"", `{"name":"x"}`, 415, api.ErrorCodeUNSUPPORTEDMEDIATYPE, "", false},
	} {
		// Not parallel: each counts every row of the test's one instance, since a refused
		// sign-up must not make a project either.
		t.Run(name, func(t *testing.T) {
			env := env.For(t)
			paths := []string{"/api/v1/projects", "/api/v1/projects/me"}
			if tc.createOnly {
				paths = paths[:1]
			}
			for _, path := range paths {
				p := env.NewProject("p")
				before := env.Rows()
				method := http.MethodPost
				if strings.HasSuffix(path, "/me") {
					method = http.MethodPatch
				}
				resp := env.Do(env.Request(method, path, p.Key, tc.contentType, tc.body))
				e := decodeError(t, resp, tc.status, tc.code)
				if tc.field != "" {
					require.Contains(t, fieldNames(e), tc.field)
				}
				require.Equal(t, before, env.Rows(), "a refused request changed the database")
			}
		})
	}
}

func TestBadQueries(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")

	for query, field := range map[string]string{
		"limit=0":          "limit",
		"limit=101":        "limit",
		"limit=ten":        "limit",
		"page=-1":          "page",
		"page=0":           "page",
		"sort=name:asc":    "sort",
		"sort=createdAt":   "sort",
		"fields=id,secret": "fields/1",
		"environment=qa":   "environment",
		"revoked=maybe":    "revoked",
	} {
		t.Run(query, func(t *testing.T) {
			t.Parallel()
			resp := env.Do(env.Request(http.MethodGet, "/api/v1/api-keys?"+query, p.Key, "", ""))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{field}, fieldNames(e))
		})
	}

	t.Run("BadPathID", func(t *testing.T) {
		t.Parallel()
		resp := env.Do(env.Request(http.MethodDelete, "/api/v1/api-keys/not-a-uuid", p.Key, "", ""))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"id"}, fieldNames(e))
	})
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	env := apitest.New(t, func(o *server.Options) {
		o.NowFunc = func() time.Time { return time.Unix(0, clock.Load()) }
	})
	p := env.NewProject("p")

	revoked := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}})
	list, err := p.Client.ListApiKeysWithResponse(ctx, nil)
	require.NoError(t, err)
	for _, k := range list.JSON200.Data {
		if k.KeyPrefix == revoked[:12] {
			r, err := p.Client.RevokeApiKeyWithResponse(ctx, k.Id)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, r.StatusCode())
		}
	}
	expiring := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", ExpiresAt: new(time.Now().Add(time.Hour))})
	clock.Add(int64(2 * time.Hour))

	for name, tc := range map[string]struct {
		header string
		says   string
	}{
		"Missing":   {"", "required"},
		"NotBearer": {"Basic dXNlcjpwYXNz", "does not name the Bearer scheme"},
		// A valid key without the scheme is refused, not taken as meant.
		"NoScheme":   {p.Key, "does not name the Bearer scheme: send Authorization: Bearer po_live_…"},
		"OnlyScheme": {"Bearer", "malformed"},
		"Garbage":    {"Bearer hello", "malformed"},
		"Unknown":    {"Bearer po_live_" + strings.Repeat("a", 40), "not known"},
		"Revoked":    {"Bearer " + revoked, "revoked"},
		"Expired":    {"Bearer " + expiring, "expired"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req := env.Request(http.MethodGet, "/api/v1/projects/me", "", "", "")
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			e := decodeError(t, env.Do(req), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)
			require.Contains(t, e.Message, tc.says)
		})
	}
}

// TestBearerSchemeCaseInsensitive: the scheme's name may be written in any case (RFC 7235).
func TestBearerSchemeCaseInsensitive(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			req := env.Request(http.MethodGet, "/api/v1/projects/me", "", "", "")
			req.Header.Set("Authorization", scheme+" "+p.Key)
			resp := env.Do(req)
			require.Equal(t, http.StatusOK, resp.StatusCode)
		})
	}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)

	t.Run("UnknownRoute", func(t *testing.T) {
		t.Parallel()
		decodeError(t, env.Do(env.Request(http.MethodGet, "/api/v1/nothing-here", "", "", "")), http.StatusNotFound, api.ErrorCodeRESOURCENOTFOUND)
	})

	t.Run("WrongMethod", func(t *testing.T) {
		t.Parallel()
		resp := env.Do(env.Request(http.MethodPut, "/api/v1/projects/me", "", "", ""))
		decodeError(t, resp, http.StatusMethodNotAllowed, api.ErrorCodeMETHODNOTALLOWED)
		// DELETE is routed too: to DeleteProject, whose {projectId} "me" is not (a 400).
		require.Equal(t, "GET, PATCH, DELETE", resp.Header.Get("Allow"))
	})

	t.Run("RequestIDEchoed", func(t *testing.T) {
		t.Parallel()
		req := env.Request(http.MethodGet, "/health", "", "", "")
		req.Header.Set("X-Request-Id", "trace-abc.123")
		require.Equal(t, "trace-abc.123", env.Do(req).Header.Get("X-Request-Id"))

		req.Header.Set("X-Request-Id", "no spaces or <tags>")
		got := env.Do(req).Header.Get("X-Request-Id")
		require.Regexp(t, `^[0-9a-f]{24}$`, got)
	})
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, func(o *server.Options) { o.RateLimit = 3 })
	p := env.NewProject("p")

	for want := 2; want >= 0; want-- {
		resp, err := p.Client.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		h := resp.HTTPResponse.Header
		require.Equal(t, "3", h.Get("X-RateLimit-Limit"))
		require.Equal(t, itoa(want), h.Get("X-RateLimit-Remaining"))
		require.NotEmpty(t, h.Get("X-RateLimit-Reset"))
	}
	resp, err := p.Client.GetCurrentProjectWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode())
	require.Equal(t, api.ErrorCodeRATELIMITEXCEEDED, resp.JSON429.Error.Code)
	require.Equal(t, "20", resp.HTTPResponse.Header.Get("Retry-After"))
	require.Equal(t, "0", resp.HTTPResponse.Header.Get("X-RateLimit-Remaining"))

	// Another key has its own allowance.
	ok, err := env.NewProject("q").Client.GetCurrentProjectWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, ok.StatusCode())
}

// TestRateLimitAcrossInstances: a key limited to N requests a minute gets N through three
// instances on one database, sent its requests in turn, not 3N; each answer's headers are
// true to within the tokens the other two instances hold in leases (N/50 each). The clock
// stands still, so the count is the full bucket's burst and nothing refills.
func TestRateLimitAcrossInstances(t *testing.T) {
	t.Parallel()
	const limit = 120
	_, withClock := fakeClock()
	limited := func(o *server.Options) { o.RateLimit = limit }
	a := apitest.New(t, withClock, limited)
	envs := []*apitest.Env{a, a.NewInstance(withClock, limited), a.NewInstance(withClock, limited)}
	p := a.NewProject("p")

	allowed := 0
	for i, refusedInARow := 0, 0; refusedInARow < len(envs); i++ {
		resp := envs[i%len(envs)].Do(envs[i%len(envs)].Request(http.MethodGet, "/api/v1/projects/me", p.Key, "", ""))
		h := resp.Header
		require.Equal(t, "120", h.Get("X-RateLimit-Limit"))
		remaining, err := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
		require.NoError(t, err)
		if resp.StatusCode == http.StatusTooManyRequests {
			decodeError(t, resp, http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
			require.Zero(t, remaining)
			require.Equal(t, "1", h.Get("Retry-After"), "half a second, rounded up")
			refusedInARow++
			continue
		}
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NoError(t, resp.Body.Close())
		refusedInARow = 0
		allowed++
		require.InDelta(t, limit-allowed, remaining, 2*limit/50)
	}
	require.Equal(t, limit, allowed, "within [N, 1.1N]: exactly N, as the clock stands still")
}

func TestDatabaseDown(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, unreachableDatabase(t))
	resp := env.Do(env.Request(http.MethodGet, "/api/v1/projects/me", "po_live_"+strings.Repeat("b", 40), "", ""))
	decodeError(t, resp, http.StatusServiceUnavailable, api.ErrorCodeSERVICEUNAVAILABLE)
	require.Equal(t, "5", resp.Header.Get("Retry-After"))
}

// unreachableDatabase gives the server a pool whose server does not exist: every
// connection attempt fails at once. (A server on a pool of its own is never started, so
// nothing of it waits on the database when the test ends.)
func unreachableDatabase(t *testing.T) apitest.OptionFunc {
	return func(o *server.Options) {
		pool, err := pgxpool.New(context.Background(), "postgres://nobody@/none?host=/nonexistent&connect_timeout=1")
		require.NoError(t, err)
		t.Cleanup(pool.Close)
		o.Pool = pool
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

// mustJSON returns the compact JSON of a top-level member of body.
func mustJSON(t *testing.T, body []byte, member string) string {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &m))
	return string(m[member])
}
