package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/store/idempotency"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   string
}

func (a answer) replayed() bool { return a.header.Get("Idempotent-Replayed") == "true" }

// post sends a POST to path with an Idempotency-Key (none when idemKey is "") and a JSON
// body (none when body is "").
func post(t *testing.T, env *apitest.Env, apiKey, path, idemKey, body string) answer {
	t.Helper()
	a, err := sendPost(env, apiKey, path, idemKey, body)
	require.NoError(t, err)
	return a
}

// postLater is post on another goroutine: its answer arrives on the channel (a zero
// answer, the test failed, when the request did).
func postLater(t *testing.T, env *apitest.Env, apiKey, path, idemKey, body string) <-chan answer {
	out := make(chan answer, 1)
	go func() {
		a, err := sendPost(env, apiKey, path, idemKey, body)
		assert.NoError(t, err)
		out <- a
	}()
	return out
}

func sendPost(env *apitest.Env, apiKey, path, idemKey, body string) (answer, error) {
	req, err := http.NewRequest(http.MethodPost, env.URL+path, strings.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}, err
}

const promptBody = `{"slug":"welcome","name":"Welcome"}`

func TestIdempotency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	setup := func(t *testing.T, opts ...apitest.OptionFunc) *testBundle {
		t.Helper()
		env := apitest.Instance(t, opts...)
		return &testBundle{env: env, p: env.NewProject("p")}
	}
	// private is setup on an instance of the subtest's own, for one that changes the
	// schema or counts every project.
	private := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.New(t)
		return &testBundle{env: env, p: env.NewProject("p")}
	}

	t.Run("ReplaysTheFirstAnswer", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		key := uuid.NewString()
		params := &api.CreatePromptParams{IdempotencyKey: &key}
		first, err := b.p.Client.CreatePromptWithResponse(ctx, params, api.CreatePromptRequest{Slug: "welcome", Name: "Welcome"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, first.StatusCode(), string(first.Body))
		require.Empty(t, first.HTTPResponse.Header.Get("Idempotent-Replayed"))
		before := b.env.RowsOf(b.p)

		again, err := b.p.Client.CreatePromptWithResponse(ctx, params, api.CreatePromptRequest{Slug: "welcome", Name: "Welcome"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, again.StatusCode())
		require.Equal(t, "true", again.HTTPResponse.Header.Get("Idempotent-Replayed"))
		require.Equal(t, "application/json", again.HTTPResponse.Header.Get("Content-Type"))
		require.Equal(t, string(first.Body), string(again.Body))
		require.NotEqual(t, first.HTTPResponse.Header.Get("X-Request-Id"), again.HTTPResponse.Header.Get("X-Request-Id"))
		require.NotEmpty(t, again.HTTPResponse.Header.Get("X-RateLimit-Remaining"))
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("ReplaysAStoredError", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		path := "/api/v1/prompts/" + uuid.NewString() + "/versions"
		body := `{"systemPrompt":"s","userTemplate":"u"}`
		first := post(t, b.env, b.p.Key, path, "k", body)
		require.Equal(t, http.StatusNotFound, first.status, first.body)
		before := b.env.RowsOf(b.p)
		again := post(t, b.env, b.p.Key, path, "k", body)
		require.Equal(t, http.StatusNotFound, again.status)
		require.True(t, again.replayed())
		require.Equal(t, first.body, again.body)
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("AnotherBodyIsAConflict", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody)
		require.Equal(t, http.StatusCreated, first.status, first.body)
		before := b.env.RowsOf(b.p)
		other := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", `{"slug":"other","name":"Other"}`)
		require.Equal(t, http.StatusConflict, other.status, other.body)
		require.Contains(t, other.body, `"code":"CONFLICT"`)
		require.Contains(t, other.body, "Idempotency-Key")
		require.False(t, other.replayed())
		require.Equal(t, before, b.env.RowsOf(b.p))
		// The first answer is still the key's.
		require.True(t, post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody).replayed())
	})

	// AReadKeysClaimBlocksNoWrite: a prompts:read key that used an Idempotency-Key first
	// (on track, the POST it may make) leaves it free for the admin key's rollback; each
	// key then replays its own answer.
	t.Run("AReadKeysClaimBlocksNoWrite", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		reader := b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		prompt := b.env.NewPrompt(b.p, "welcome")
		v1 := b.env.NewVersion(b.p, prompt.Id, "one")
		b.env.NewVersion(b.p, prompt.Id, "two")
		track := `{"type":"prompt.used","slug":"welcome","versionNumber":1,"latencyMs":1,"success":true}`
		rollbackPath, rollback := "/api/v1/prompts/"+prompt.Id.String()+"/rollback", `{"environment":"dev"}`

		claimed := post(t, b.env, reader, "/api/v1/analytics/track", "rollback-dev", track)
		require.Equal(t, http.StatusAccepted, claimed.status, claimed.body)
		done := post(t, b.env, b.p.Key, rollbackPath, "rollback-dev", rollback)
		require.Equal(t, http.StatusOK, done.status, done.body)
		require.False(t, done.replayed())
		require.Contains(t, done.body, v1.Id.String())

		again := post(t, b.env, reader, "/api/v1/analytics/track", "rollback-dev", track)
		require.True(t, again.replayed())
		require.Equal(t, claimed.body, again.body)
		require.True(t, post(t, b.env, b.p.Key, rollbackPath, "rollback-dev", rollback).replayed())
	})

	// TwoAPIKeysOneIdempotencyKey: two keys sending the same request with the same
	// Idempotency-Key each have it done once, and see neither the other's answer nor a 409.
	t.Run("TwoAPIKeysOneIdempotencyKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		other := b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "production"})
		prompt := b.env.NewPrompt(b.p, "welcome")
		path, body := "/api/v1/prompts/"+prompt.Id.String()+"/versions", `{"systemPrompt":"s","userTemplate":"u"}`
		first := post(t, b.env, b.p.Key, path, "k", body)
		require.Equal(t, http.StatusCreated, first.status, first.body)
		second := post(t, b.env, other, path, "k", body)
		require.Equal(t, http.StatusCreated, second.status, second.body)
		require.False(t, second.replayed())
		require.Contains(t, first.body, `"versionNumber":1`)
		require.Contains(t, second.body, `"versionNumber":2`)
		// Another request with a key the first key used is the other key's first, not a
		// 409; within one API key, another request with its key still is.
		require.Equal(t, http.StatusCreated, post(t, b.env, b.p.Key, "/api/v1/prompts", "k-first", `{"slug":"a","name":"A"}`).status)
		third := post(t, b.env, other, "/api/v1/prompts", "k-first", `{"slug":"b","name":"B"}`)
		require.Equal(t, http.StatusCreated, third.status, third.body)
		require.Equal(t, http.StatusConflict, post(t, b.env, b.p.Key, "/api/v1/prompts", "k-first", `{"slug":"c","name":"C"}`).status)
		for key, want := range map[string]answer{b.p.Key: first, other: second} {
			a := post(t, b.env, key, path, "k", body)
			require.True(t, a.replayed())
			require.Equal(t, want.body, a.body)
		}
		require.Equal(t, int64(2), b.env.RowsOf(b.p).PromptVersions)
	})

	t.Run("KeysArePerProject", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		q := b.env.NewProject("q")
		require.Equal(t, http.StatusCreated, post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody).status)
		before := b.env.RowsOf(q)
		other := post(t, b.env, q.Key, "/api/v1/prompts", "k", promptBody)
		require.Equal(t, http.StatusCreated, other.status, other.body)
		require.False(t, other.replayed())
		require.Equal(t, before.Prompts+1, b.env.RowsOf(q).Prompts)
	})

	t.Run("ConcurrentRequestsDoTheWorkOnce", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		var pending []<-chan answer
		for range 10 {
			pending = append(pending, postLater(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody))
		}
		var answers []answer
		for _, c := range pending {
			answers = append(answers, <-c)
		}
		replays := 0
		for _, a := range answers {
			require.Equal(t, http.StatusCreated, a.status, a.body)
			require.Equal(t, answers[0].body, a.body)
			if a.replayed() {
				replays++
			}
		}
		require.Equal(t, 9, replays)
		require.Equal(t, before.Prompts+1, b.env.RowsOf(b.p).Prompts)
	})

	t.Run("ReplaysOnAnotherInstance", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody)
		require.Equal(t, http.StatusCreated, first.status, first.body)
		before := b.env.RowsOf(b.p)
		again := post(t, b.env.NewInstance(), b.p.Key, "/api/v1/prompts", "k", promptBody)
		require.Equal(t, http.StatusCreated, again.status)
		require.True(t, again.replayed())
		require.Equal(t, first.body, again.body)
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("WaitsForTheFirstRequestThenReplays", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		prompt := b.env.NewPrompt(b.p, "held")
		release := holdPrompt(t, b.env, prompt.Id)
		path := "/api/v1/prompts/" + prompt.Id.String() + "/versions"
		body := `{"systemPrompt":"s","userTemplate":"u"}`
		first := postLater(t, b.env, b.p.Key, path, "k", body)
		waitForClaims(t, b.env, b.p, 1)

		second := postLater(t, b.env, b.p.Key, path, "k", body)
		time.Sleep(300 * time.Millisecond) // the second request is waiting
		release()
		a, w := <-first, <-second
		require.Equal(t, http.StatusCreated, a.status, a.body)
		require.Equal(t, http.StatusCreated, w.status, w.body)
		require.True(t, w.replayed())
		require.Equal(t, a.body, w.body)
		require.Equal(t, int64(1), b.env.RowsOf(b.p).PromptVersions)
	})

	t.Run("StillInProgressIsAConflict", func(t *testing.T) {
		t.Parallel()
		b := setup(t, func(o *server.Options) { o.IdempotencyWait = 200 * time.Millisecond })
		prompt := b.env.NewPrompt(b.p, "held")
		release := holdPrompt(t, b.env, prompt.Id)
		path := "/api/v1/prompts/" + prompt.Id.String() + "/versions"
		body := `{"systemPrompt":"s","userTemplate":"u"}`
		first := postLater(t, b.env, b.p.Key, path, "k", body)
		waitForClaims(t, b.env, b.p, 1)

		busy := post(t, b.env, b.p.Key, path, "k", body)
		require.Equal(t, http.StatusConflict, busy.status, busy.body)
		require.Contains(t, busy.body, "still in progress")
		require.Equal(t, "1", busy.header.Get("Retry-After"))
		release()
		require.Equal(t, http.StatusCreated, (<-first).status)
		require.True(t, post(t, b.env, b.p.Key, path, "k", body).replayed())
		require.Equal(t, int64(1), b.env.RowsOf(b.p).PromptVersions)
	})

	t.Run("ServerErrorFreesTheKey", func(t *testing.T) {
		t.Parallel()
		b := private(t) // its trigger refuses every project's prompts
		_, err := b.env.Pool.Exec(ctx, `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
			CREATE TRIGGER refuse BEFORE INSERT ON prompts FOR EACH ROW EXECUTE FUNCTION refuse()`)
		require.NoError(t, err)
		failed := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody)
		require.Equal(t, http.StatusInternalServerError, failed.status, failed.body)
		require.Zero(t, b.env.RowsOf(b.p).IdempotencyKeys)

		_, err = b.env.Pool.Exec(ctx, `DROP TRIGGER refuse ON prompts`)
		require.NoError(t, err)
		retried := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody)
		require.Equal(t, http.StatusCreated, retried.status, retried.body)
		require.False(t, retried.replayed())
	})

	t.Run("RefusedRequestStoresNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		invalid := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", `{"slug":"Not A Slug","name":"x"}`)
		require.Equal(t, http.StatusBadRequest, invalid.status, invalid.body)
		require.Equal(t, before, b.env.RowsOf(b.p))
		require.Equal(t, http.StatusCreated, post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody).status)
	})

	for name, key := range map[string]string{"Empty": "", "TooLong": strings.Repeat("k", 256)} {
		t.Run("BadKey"+name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			before := b.env.RowsOf(b.p)
			req := b.env.Request(http.MethodPost, "/api/v1/prompts", b.p.Key, "application/json", promptBody)
			req.Header["Idempotency-Key"] = []string{key}
			e := decodeError(t, b.env.Do(req), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{"Idempotency-Key"}, fieldNames(e))
			require.Equal(t, before, b.env.RowsOf(b.p))
		})
	}

	t.Run("LongestKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		key := strings.Repeat("k", 255)
		require.Equal(t, http.StatusCreated, post(t, b.env, b.p.Key, "/api/v1/prompts", key, promptBody).status)
		require.True(t, post(t, b.env, b.p.Key, "/api/v1/prompts", key, promptBody).replayed())
	})

	// RenderKeepsNothing: render changes nothing, so it takes the header but keeps no
	// answer (one per render was storage any read key could fill, a 1 KB request keeping
	// up to the render limit): each render is done anew.
	t.Run("RenderKeepsNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		reader := b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		prompt := b.env.NewPrompt(b.p, "welcome")
		b.env.NewVersion(b.p, prompt.Id, "Hello {{ name }}")
		for range 2 {
			a := post(t, b.env, reader, "/api/v1/prompts/welcome/render", "k", `{"variables":{"name":"Ada"}}`)
			require.Equal(t, http.StatusOK, a.status, a.body)
			require.False(t, a.replayed())
		}
		// Another body with the key is no conflict: nothing holds it.
		other := post(t, b.env, reader, "/api/v1/prompts/welcome/render", "k", `{"variables":{"name":"Bo"}}`)
		require.Equal(t, http.StatusOK, other.status, other.body)
		require.Contains(t, other.body, "Hello Bo")
		require.Zero(t, b.env.RowsOf(b.p).IdempotencyKeys)
		var counted int64
		require.NoError(t, b.env.Pool.QueryRow(ctx, "SELECT count(*) FROM storage_usage WHERE project_id = $1", b.p.ID).Scan(&counted))
		require.Zero(t, counted)
	})

	// PastTheQuotaAnswersAreNotKept: once the project's kept answers are at their quota,
	// a request with a key is still done once and answered, but a retry is a 409
	// QUOTA_EXCEEDED saying it was done, and is not done again.
	t.Run("PastTheQuotaAnswersAreNotKept", func(t *testing.T) {
		t.Parallel()
		const quota = 1500
		b := setup(t, func(o *server.Options) { o.Quotas.IdempotencyBytes = quota })
		var kept []string
		for i := range 5 {
			body := fmt.Sprintf(`{"slug":"p%d","name":"P"}`, i)
			a := post(t, b.env, b.p.Key, "/api/v1/prompts", fmt.Sprint("k", i), body)
			require.Equal(t, http.StatusCreated, a.status, a.body)
			if again := post(t, b.env, b.p.Key, "/api/v1/prompts", fmt.Sprint("k", i), body); again.status == http.StatusCreated {
				require.True(t, again.replayed())
				kept = append(kept, body)
				continue
			}
			before := b.env.RowsOf(b.p)
			again := post(t, b.env, b.p.Key, "/api/v1/prompts", fmt.Sprint("k", i), body)
			e := decodeError(t, &http.Response{StatusCode: again.status, Header: again.header, Body: io.NopCloser(strings.NewReader(again.body))},
				http.StatusConflict, api.ErrorCodeQUOTAEXCEEDED)
			require.Equal(t, api.Quota{Resource: api.QuotaResourceIdempotencyBytes, Limit: quota}, *e.Details.Quota)
			require.Contains(t, e.Message, "was done (answered 201)")
			require.Equal(t, before, b.env.RowsOf(b.p), "not done again")
		}
		require.NotEmpty(t, kept)
		require.Less(t, len(kept), 5)
		require.EqualValues(t, 5, b.env.RowsOf(b.p).Prompts)

		usage, err := b.p.Client.GetUsageWithResponse(ctx, nil)
		require.NoError(t, err)
		got := usage.JSON200.Data.Resources.IdempotencyBytes
		require.Equal(t, quota, got.Limit)
		require.Greater(t, got.Used, 0)
		require.LessOrEqual(t, got.Used, quota)
	})

	t.Run("WithoutTheHeaderNothingIsKept", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		prompt := b.env.NewPrompt(b.p, "plain")
		path := "/api/v1/prompts/" + prompt.Id.String() + "/versions"
		body := `{"systemPrompt":"s","userTemplate":"u"}`
		for _, want := range []string{`"versionNumber":1`, `"versionNumber":2`} {
			a := post(t, b.env, b.p.Key, path, "", body)
			require.Equal(t, http.StatusCreated, a.status, a.body)
			require.Contains(t, a.body, want)
			require.False(t, a.replayed())
		}
		require.Zero(t, b.env.RowsOf(b.p).IdempotencyKeys)
	})

	t.Run("SignupIgnoresTheHeader", func(t *testing.T) {
		t.Parallel()
		b := private(t) // it counts every project
		before := b.env.Rows()
		for range 2 {
			a := post(t, b.env, "", "/api/v1/projects", "k", `{"name":"same"}`)
			require.Equal(t, http.StatusCreated, a.status, a.body)
			require.False(t, a.replayed())
		}
		after := b.env.Rows()
		require.Equal(t, before.Projects+2, after.Projects)
		require.Zero(t, after.IdempotencyKeys)
	})

	t.Run("ExpiredKeysArePurged", func(t *testing.T) {
		t.Parallel()
		var offset atomic.Int64
		b := setup(t, func(o *server.Options) {
			o.NowFunc = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
			o.IdempotencyPurgeEvery = 50 * time.Millisecond
		})
		require.Equal(t, http.StatusCreated, post(t, b.env, b.p.Key, "/api/v1/prompts", "k", promptBody).status)
		time.Sleep(200 * time.Millisecond) // purges have run: the key is young
		require.Equal(t, int64(1), b.env.RowsOf(b.p).IdempotencyKeys)

		offset.Store(int64(idempotency.Retention + time.Minute))
		require.Eventually(t, func() bool { return b.env.RowsOf(b.p).IdempotencyKeys == 0 }, 10*time.Second, 20*time.Millisecond)
		// The key is free for a new request.
		other := post(t, b.env, b.p.Key, "/api/v1/prompts", "k", `{"slug":"other","name":"Other"}`)
		require.Equal(t, http.StatusCreated, other.status, other.body)
		require.False(t, other.replayed())
	})
}

// holdPrompt locks a prompt's row, as a concurrent version create would, so that a version
// create of it waits; release lets it go on.
func holdPrompt(t *testing.T, env *apitest.Env, promptID uuid.UUID) (release func()) {
	t.Helper()
	ctx := context.Background()
	tx, err := env.Pool.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `SELECT 1 FROM prompts WHERE id = $1 FOR UPDATE`, promptID)
	require.NoError(t, err)
	var once sync.Once
	release = func() { once.Do(func() { require.NoError(t, tx.Rollback(ctx)) }) }
	t.Cleanup(release)
	return release
}

// waitForClaims waits until n idempotency keys of p are claimed.
func waitForClaims(t *testing.T, env *apitest.Env, p *apitest.Project, n int64) {
	t.Helper()
	require.Eventually(t, func() bool { return env.RowsOf(p).IdempotencyKeys == n }, 10*time.Second, 10*time.Millisecond)
}

// TestIdempotencyEveryPost sends every POST whose answers are kept for an Idempotency-Key
// twice with one key and the same request, which replays the first answer, and then with
// another request, which is a 409. (Render, which keeps none, is RenderKeepsNothing.)
func TestIdempotencyEveryPost(t *testing.T) {
	t.Parallel()
	prompt, webhook, delivery := uuid.NewString(), uuid.NewString(), uuid.NewString()
	for op, tc := range map[string]struct {
		path, body string
		// otherPath, otherBody is another request; otherPath is path when "".
		otherPath, otherBody string
	}{
		"CreateApiKey":             {path: "/api/v1/api-keys", body: `{"environment":"dev"}`, otherBody: `{"environment":"staging"}`},
		"CreatePrompt":             {path: "/api/v1/prompts", body: promptBody, otherBody: `{"slug":"other","name":"Other"}`},
		"CreateVersion":            {path: "/api/v1/prompts/" + prompt + "/versions", body: `{"systemPrompt":"s","userTemplate":"u"}`, otherBody: `{"systemPrompt":"s","userTemplate":"v"}`},
		"PromotePrompt":            {path: "/api/v1/prompts/" + prompt + "/promote", body: `{"environment":"dev","versionId":"` + prompt + `"}`, otherBody: `{"environment":"staging","versionId":"` + prompt + `"}`},
		"RollbackPrompt":           {path: "/api/v1/prompts/" + prompt + "/rollback", body: `{"environment":"dev"}`, otherBody: `{"environment":"staging"}`},
		"CreateWebhook":            {path: "/api/v1/webhooks", body: `{"url":"http://127.0.0.1:1/hook","events":["prompt.deleted"]}`, otherBody: `{"url":"http://127.0.0.1:2/hook","events":["prompt.deleted"]}`},
		"RedeliverWebhookDelivery": {path: "/api/v1/webhooks/" + webhook + "/deliveries/" + delivery + "/redeliver", otherPath: "/api/v1/webhooks/" + webhook + "/deliveries/" + uuid.NewString() + "/redeliver"},
		"TestWebhook":              {path: "/api/v1/webhooks/" + webhook + "/test", otherPath: "/api/v1/webhooks/" + uuid.NewString() + "/test"},
		"RotateWebhookSecret":      {path: "/api/v1/webhooks/" + webhook + "/rotate-secret", otherPath: "/api/v1/webhooks/" + uuid.NewString() + "/rotate-secret"},
		"TrackEvents": {path: "/api/v1/analytics/track", body: `{"type":"prompt.used","slug":"absent","versionNumber":1,"latencyMs":1,"success":true}`,
			otherBody: `{"type":"prompt.used","slug":"absent","versionNumber":1,"latencyMs":2,"success":true}`},
	} {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			env := apitest.Shared(t)
			p := env.NewProject("p")
			first := post(t, env, p.Key, tc.path, "k", tc.body)
			require.Less(t, first.status, 500, first.body)
			before := env.RowsOf(p)
			again := post(t, env, p.Key, tc.path, "k", tc.body)
			require.Equal(t, first.status, again.status)
			require.True(t, again.replayed())
			require.Equal(t, first.body, again.body)

			otherPath := tc.otherPath
			if otherPath == "" {
				otherPath = tc.path
			}
			other := post(t, env, p.Key, otherPath, "k", tc.otherBody)
			require.Equal(t, http.StatusConflict, other.status, other.body)
			require.Equal(t, before, env.RowsOf(p))
		})
	}
}
