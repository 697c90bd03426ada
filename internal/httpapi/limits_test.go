package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/apitest"
	"github.com/promptops/promptops/internal/server"
)

// keyLookups reads the key cache's counters: hits are answered from memory, misses read
// the database.
func keyLookups(t *testing.T, env *apitest.Env) (hits, misses int) {
	t.Helper()
	rec := httptest.NewRecorder()
	env.Server.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	count := func(name string) int {
		m := regexp.MustCompile(name + `\{cache="key"\} (\d+)`).FindStringSubmatch(rec.Body.String())
		if m == nil {
			return 0
		}
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		return n
	}
	return count("promptops_cache_hits_total"), count("promptops_cache_misses_total")
}

// fakeClock is a server clock the test moves.
func fakeClock() (*atomic.Int64, apitest.OptionFunc) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	return &clock, func(o *server.Options) { o.NowFunc = func() time.Time { return time.Unix(0, clock.Load()) } }
}

func TestAuthFailureLimit(t *testing.T) {
	t.Parallel()
	unknown := "po_live_" + strings.Repeat("u", 40)
	get := func(env *apitest.Env, key string) *http.Response {
		return env.Do(env.Request(http.MethodGet, "/api/v1/projects/me", key, "", ""))
	}

	t.Run("RefusedBeforeAnyLookup", func(t *testing.T) {
		t.Parallel()
		clock, withClock := fakeClock()
		env := apitest.New(t, withClock, func(o *server.Options) { o.AuthFailureLimit = 3 })
		p := env.NewProject("p")
		for _, key := range []string{"po_live_short", unknown, unknown} {
			decodeError(t, get(env, key), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)
		}

		// Past the limit even a good key is refused, and nothing is looked up: neither the
		// key cache nor the database is asked.
		hits, misses := keyLookups(t, env)
		before := env.Rows()
		resp := get(env, p.Key)
		e := decodeError(t, resp, http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
		require.Contains(t, e.Message, "failed authentications")
		require.Equal(t, "20", resp.Header.Get("Retry-After"))
		decodeError(t, get(env, "po_live_"+strings.Repeat("n", 40)), http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
		decodeError(t, env.Do(env.Request(http.MethodPost, "/api/v1/prompts", p.Key, "application/json", `{"slug":"s","name":"n"}`)),
			http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
		require.Equal(t, before, env.Rows())
		h, m := keyLookups(t, env)
		require.Equal(t, []int{hits, misses}, []int{h, m}, "a refused address costs no lookup")

		// A missing key is no failed authentication, and is still told to send one.
		decodeError(t, get(env, ""), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)

		clock.Add(int64(20 * time.Second)) // one failure's worth refilled
		require.Equal(t, http.StatusOK, get(env, p.Key).StatusCode, "a success counts nothing")
		require.Equal(t, http.StatusOK, get(env, p.Key).StatusCode)
		decodeError(t, get(env, unknown), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)
		decodeError(t, get(env, p.Key), http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
	})

	t.Run("UnknownKeysRememberedForAFewSeconds", func(t *testing.T) {
		t.Parallel()
		clock, withClock := fakeClock()
		env := apitest.New(t, withClock)
		p := env.NewProject("p")

		_, misses := keyLookups(t, env)
		for range 3 {
			decodeError(t, get(env, unknown), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)
		}
		_, m := keyLookups(t, env)
		require.Equal(t, misses+1, m, "only the first of three reads the database")

		// A key created meanwhile has a hash of its own, so it works at once.
		fresh := env.NewKey(p, api.CreateApiKeyRequest{Environment: api.EnvironmentDev})
		require.Equal(t, http.StatusOK, get(env, fresh).StatusCode)

		clock.Add(int64(5 * time.Second))
		_, misses = keyLookups(t, env)
		decodeError(t, get(env, unknown), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)
		_, m = keyLookups(t, env)
		require.Equal(t, misses+1, m, "after 5 s the unknown key is read again")
	})
}
