package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// noFlush keeps an instance from flushing usage on its own during a test: only
// FlushUsage (and the instance's shutdown) writes counts.
func noFlush(o *server.Options) { o.UsageFlushInterval = time.Hour }

// storedRequests sums the request counts the database holds per key id, over every day.
func storedRequests(t *testing.T, pool *pgxpool.Pool, projectID string) map[uuid.UUID]int64 {
	t.Helper()
	rows, err := dbsqlc.New().UsageRequestDays(context.Background(), pool, dbsqlc.UsageRequestDaysParams{
		ProjectID: uuid.MustParse(projectID), Since: time.Now().AddDate(0, 0, -40), KeysPerDay: 1000,
	})
	require.NoError(t, err)
	out := map[uuid.UUID]int64{}
	for _, r := range rows {
		out[r.KeyID] += r.Requests
	}
	return out
}

// storedResolves sums the resolve counts the database holds per slug and version.
func storedResolves(t *testing.T, pool *pgxpool.Pool, projectID string) map[string]int64 {
	t.Helper()
	rows, err := dbsqlc.New().UsageResolves(context.Background(), pool, dbsqlc.UsageResolvesParams{
		ProjectID: uuid.MustParse(projectID), Since: time.Now().Add(-72 * time.Hour), RowLimit: 1000,
	})
	require.NoError(t, err)
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Slug+" v"+strconv.Itoa(int(r.VersionNumber))] += r.Calls
	}
	return out
}

// keyIDOf is the id of a full key, read without a request.
func keyIDOf(t *testing.T, env *apitest.Env, fullKey string) uuid.UUID {
	t.Helper()
	k, err := dbsqlc.New().ApiKeyGetByHash(context.Background(), env.Pool, hashOf(fullKey))
	require.NoError(t, err)
	return k.ID
}

func hashOf(fullKey string) []byte {
	h := auth.Hash(fullKey)
	return h[:]
}

// prefixOf is a full key's display prefix, as the API lists it.
func prefixOf(fullKey string) string { return fullKey[:auth.PrefixLen] }

// getN sends n GET /api/v1/projects/me with the client's key.
func getN(t *testing.T, c *api.ClientWithResponses, n int) {
	t.Helper()
	for range n {
		resp, err := c.GetCurrentProjectWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
}

func resolveN(t *testing.T, c *api.ClientWithResponses, slug string, n int) {
	t.Helper()
	for range n {
		resp, err := c.ResolvePromptWithResponse(context.Background(), slug, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
}

// TestUsageCounting: requests cost no database write; a flush writes exact sums, and two
// instances on one database flush into the same rows.
func TestUsageCounting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("NoWritePerRequest", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, noFlush)
		p := env.NewProject("counted")
		adminID := keyIDOf(t, env, p.Key)
		prompt := env.NewPrompt(p, "hot")
		v := env.NewVersion(p, prompt.Id, "Hello {{name}}")
		env.Promote(p, prompt.Id, v.Id, "dev")
		getN(t, p.Client, 20)
		resolveN(t, p.Client, "hot", 10)
		missing, err := p.Client.ResolvePromptWithResponse(ctx, "not-there", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, missing.StatusCode())

		require.Empty(t, storedRequests(t, env.Pool, p.ID), "a request must not write its count")
		require.Empty(t, storedResolves(t, env.Pool, p.ID))

		require.NoError(t, env.Server.FlushUsage(ctx))
		// prompt, version, promote, 20 reads, 10 resolves and the 404: every answer counts.
		require.Equal(t, map[uuid.UUID]int64{adminID: 3 + 20 + 10 + 1}, storedRequests(t, env.Pool, p.ID))
		require.Equal(t, map[string]int64{"hot v1": 10}, storedResolves(t, env.Pool, p.ID))

		require.NoError(t, env.Server.FlushUsage(ctx), "nothing new: nothing added")
		require.Equal(t, map[uuid.UUID]int64{adminID: 34}, storedRequests(t, env.Pool, p.ID))
	})

	t.Run("TwoInstancesSum", func(t *testing.T) {
		t.Parallel()
		first := apitest.New(t, noFlush)
		second := first.NewInstance(noFlush)
		p := first.NewProject("scaled")
		adminID := keyIDOf(t, first, p.Key)
		prompt := first.NewPrompt(p, "shared")
		v := first.NewVersion(p, prompt.Id, "Hi")
		first.Promote(p, prompt.Id, v.Id, "dev")
		onSecond := second.Client(p.Key)
		getN(t, p.Client, 7)
		resolveN(t, p.Client, "shared", 4)
		getN(t, onSecond, 5)
		resolveN(t, onSecond, "shared", 6)

		var wg sync.WaitGroup
		for _, env := range []*apitest.Env{first, second} {
			wg.Go(func() { require.NoError(t, env.Server.FlushUsage(ctx)) })
		}
		wg.Wait()
		// The first: a prompt, a version, a promote, 7 reads and 4 resolves; the second: 5 and 6.
		sum := int64(3 + 7 + 4 + 5 + 6)
		require.Equal(t, map[uuid.UUID]int64{adminID: sum}, storedRequests(t, first.Pool, p.ID))
		require.Equal(t, map[string]int64{"shared v1": 4 + 6}, storedResolves(t, first.Pool, p.ID))

		// Another round on both: the same rows go on adding up.
		getN(t, p.Client, 2)
		getN(t, onSecond, 3)
		for _, env := range []*apitest.Env{first, second} {
			require.NoError(t, env.Server.FlushUsage(ctx))
		}
		require.Equal(t, map[uuid.UUID]int64{adminID: sum + 2 + 3}, storedRequests(t, first.Pool, p.ID))
	})
}

// TestGetUsage checks every figure of GET /api/v1/usage, with counts both flushed and
// pending, on a clock that stands still.
func TestGetUsage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Now().UTC()
	frozen := func(o *server.Options) {
		o.NowFunc = func() time.Time { return now }
		o.RateLimit = 100
	}
	env := apitest.New(t, noFlush, frozen)
	p := env.NewProject("usage")
	adminID := keyIDOf(t, env, p.Key)
	checkout, laptop := "checkout", "laptop"
	prodKey := env.NewKey(p, api.CreateApiKeyRequest{Environment: "production", Label: &checkout})
	read := []api.Scope{api.ScopePromptsRead}
	devKey := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Label: &laptop, Scopes: &read})
	prompt := env.NewPrompt(p, "welcome")
	v1 := env.NewVersion(p, prompt.Id, "Hello {{name}}")
	v2 := env.NewVersion(p, prompt.Id, "Welcome, {{name}}")
	env.Promote(p, prompt.Id, v2.Id, "production")
	env.Promote(p, prompt.Id, v1.Id, "dev")
	const adminRequests = 7 // two keys, a prompt, two versions, two promotes

	prod, dev := env.Client(prodKey), env.Client(devKey)
	prodID, devID := keyIDOf(t, env, prodKey), keyIDOf(t, env, devKey)
	resolveN(t, prod, "welcome", 3)
	require.NoError(t, env.Server.FlushUsage(ctx)) // these are read from the database, the rest pending
	name := "Ada"
	for range 2 {
		resp, err := prod.RenderPromptWithResponse(ctx, "welcome", nil, api.RenderRequest{Variables: &map[string]api.VariableValue{"name": name}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
	resolveN(t, dev, "welcome", 1)
	missing, err := dev.ResolvePromptWithResponse(ctx, "not-there", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())

	resp, err := dev.GetUsageWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	u := resp.JSON200.Data
	require.Equal(t, p.ID, u.ProjectId.String())

	t.Run("RequestsPerDay", func(t *testing.T) {
		require.Len(t, u.RequestsPerDay, 30)
		today := now.Truncate(24 * time.Hour)
		for i, d := range u.RequestsPerDay[:29] {
			require.Equal(t, today.AddDate(0, 0, i-29).Format(time.DateOnly), d.Date.Format(time.DateOnly))
			require.Zero(t, d.Requests)
			require.Empty(t, d.Keys)
		}
		last := u.RequestsPerDay[29]
		require.Equal(t, today.Format(time.DateOnly), last.Date.Format(time.DateOnly))
		// Production: 3 resolves and 2 renders; dev: a resolve, a 404 and this request.
		adminN, prodN, devN := int64(adminRequests), int64(5), int64(3)
		require.Equal(t, adminN+prodN+devN, last.Requests)
		require.Equal(t, adminN+devN, last.Environments.Dev)
		require.Equal(t, int64(0), last.Environments.Staging)
		require.Equal(t, prodN, last.Environments.Production)
		require.Equal(t, map[string]int64{"dev": adminN + devN, "production": prodN}, last.ByEnvironment)
		require.Empty(t, u.RequestsPerDay[0].ByEnvironment)
		require.Equal(t, []api.KeyRequests{
			{KeyId: adminID, KeyPrefix: prefixOf(p.Key), KeyLabel: nullable.NewNullNullable[string](), Environment: "dev", Requests: adminN},
			{KeyId: prodID, KeyPrefix: prefixOf(prodKey), KeyLabel: nullable.NewNullableWithValue(checkout), Environment: "production", Requests: prodN},
			{KeyId: devID, KeyPrefix: prefixOf(devKey), KeyLabel: nullable.NewNullableWithValue(laptop), Environment: "dev", Requests: devN},
		}, last.Keys)
		require.Equal(t, 3, last.KeysTotal)
	})

	t.Run("RateLimitAsHeaders", func(t *testing.T) {
		h := resp.HTTPResponse.Header
		require.Equal(t, h.Get("X-RateLimit-Limit"), strconv.Itoa(u.RateLimit.Limit))
		require.Equal(t, h.Get("X-RateLimit-Remaining"), strconv.Itoa(u.RateLimit.Remaining))
		require.Equal(t, h.Get("X-RateLimit-Reset"), strconv.FormatInt(u.RateLimit.Reset, 10))
		// The dev key's third request, on a clock that stands still.
		require.Equal(t, api.RateLimitWindow{Limit: 100, Remaining: 97, Reset: u.RateLimit.Reset}, u.RateLimit)
		require.Greater(t, u.RateLimit.Reset, now.Unix())
	})

	t.Run("Resources", func(t *testing.T) {
		two := 2
		require.Equal(t, api.UsageResources{
			Prompts:  api.ResourceUsage{Used: 1, Limit: config.DefaultQuotaPrompts},
			Versions: api.ResourceUsage{Used: 2, Limit: config.DefaultQuotaVersions, Total: &two},
			ApiKeys:  api.ResourceUsage{Used: 3, Limit: config.DefaultQuotaKeys},
			Webhooks: api.ResourceUsage{Used: 0, Limit: config.DefaultQuotaWebhooks},
			// dev, staging and production; neither a connection nor an invitation.
			Environments: api.ResourceUsage{Used: 3, Limit: config.DefaultQuotaEnvironments},
			Connections:  api.ResourceUsage{Used: 0, Limit: config.DefaultQuotaConnections},
			Invitations:  api.ResourceUsage{Used: 0, Limit: config.DefaultQuotaInvitations},
			// Neither a tracked event nor a request with an Idempotency-Key.
			AnalyticsBytes:   api.ResourceUsage{Used: 0, Limit: config.DefaultQuotaAnalyticsBytes},
			IdempotencyBytes: api.ResourceUsage{Used: 0, Limit: config.DefaultQuotaIdempotencyBytes},
		}, u.Resources)
	})

	t.Run("Resolves", func(t *testing.T) {
		hour := now.Truncate(time.Hour)
		require.Equal(t, []api.VersionCalls{
			{KeyId: prodID, KeyPrefix: prefixOf(prodKey), KeyLabel: nullable.NewNullableWithValue(checkout), PromptId: prompt.Id,
				Slug: "welcome", VersionNumber: 2, Environment: "production", Calls: 5, LastCalledAt: hour},
			{KeyId: devID, KeyPrefix: prefixOf(devKey), KeyLabel: nullable.NewNullableWithValue(laptop), PromptId: prompt.Id,
				Slug: "welcome", VersionNumber: 1, Environment: "dev", Calls: 1, LastCalledAt: hour},
		}, u.Resolves)
		require.Equal(t, 2, u.ResolvesTotal)
	})

	// Last, since each request counts.
	t.Run("Days", func(t *testing.T) {
		week := 7
		resp, err := dev.GetUsageWithResponse(ctx, &api.GetUsageParams{Days: &week})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		days := resp.JSON200.Data.RequestsPerDay
		require.Len(t, days, 7)
		require.Equal(t, now.Truncate(24*time.Hour).AddDate(0, 0, -6).Format(time.DateOnly), days[0].Date.Format(time.DateOnly))
		require.Equal(t, u.RequestsPerDay[29].ByEnvironment["production"], days[6].ByEnvironment["production"])
	})

	t.Run("DaysOutOfRange", func(t *testing.T) {
		for _, days := range []int{0, 31} {
			resp, err := dev.GetUsageWithResponse(ctx, &api.GetUsageParams{Days: &days})
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			require.Equal(t, api.ErrorCodeVALIDATIONERROR, resp.JSON400.Error.Code)
		}
	})
}

// TestUsageBounded: a day lists its 100 busiest keys and the answer the 1,000 busiest
// versions, however many there are, each saying how many there are in all; the day's
// totals count every key.
func TestUsageBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, noFlush)
	p := env.NewProject("busy")
	projectID := uuid.MustParse(p.ID)
	prompt := env.NewPrompt(p, "busy")
	q := dbsqlc.New()
	// Fixtures written as flushes would: 120 more keys with requests today (the project's
	// own key has its requests pending), and calls of 1,100 versions by one key.
	for range 120 {
		_, prefix, hash := auth.NewKey()
		_, err := q.ApiKeyCreate(ctx, env.Pool, dbsqlc.ApiKeyCreateParams{ProjectID: projectID, KeyHash: hash, KeyPrefix: prefix, Environment: auth.EnvProduction, Scopes: auth.AllScopes})
		require.NoError(t, err)
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	_, err := env.Pool.Exec(ctx, `INSERT INTO usage_requests_daily (project_id, day, key_id, requests)
		SELECT project_id, $2::date, id, 1000 FROM api_keys WHERE project_id = $1 AND environment = 'production'`, projectID, today)
	require.NoError(t, err)
	_, err = env.Pool.Exec(ctx, `INSERT INTO usage_resolves_hourly (project_id, hour, key_id, prompt_id, version_number, calls)
		SELECT $1, $2, $3, $4, n, n FROM generate_series(1, 1100) n`, projectID, time.Now().UTC().Truncate(time.Hour), keyIDOf(t, env, p.Key), prompt.Id)
	require.NoError(t, err)

	resp, err := p.Client.GetUsageWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	u := resp.JSON200.Data
	last := u.RequestsPerDay[len(u.RequestsPerDay)-1]
	require.Len(t, last.Keys, 100)
	require.Equal(t, 121, last.KeysTotal)
	require.Equal(t, int64(120*1000+2), last.Requests, "every key's requests: 120 keys, and the prompt and this request of the first")
	require.Equal(t, map[string]int64{"production": 120 * 1000, "dev": 2}, last.ByEnvironment)
	require.Len(t, u.Resolves, 1000)
	require.Equal(t, 1100, u.ResolvesTotal)
	require.Equal(t, 1100, u.Resolves[0].VersionNumber, "the versions with the most calls")
}

// TestUsageIsolation: a project's usage shows its own keys and prompts only, flushed or
// pending, even where another project has a prompt of the same slug.
func TestUsageIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, noFlush)
	type tenant struct {
		p       *apitest.Project
		keyID   uuid.UUID
		prompt  api.Prompt
		resolve int
	}
	tenants := []*tenant{{resolve: 2}, {resolve: 5}}
	for i, tn := range tenants {
		tn.p = env.NewProject("tenant " + strconv.Itoa(i))
		tn.keyID = keyIDOf(t, env, tn.p.Key)
		tn.prompt = env.NewPrompt(tn.p, "same-slug")
		v := env.NewVersion(tn.p, tn.prompt.Id, "Hi")
		env.Promote(tn.p, tn.prompt.Id, v.Id, "dev")
		resolveN(t, tn.p.Client, "same-slug", tn.resolve)
		if i == 0 {
			require.NoError(t, env.Server.FlushUsage(ctx)) // the first tenant's in the database, the second's pending
		}
	}
	for _, tn := range tenants {
		resp, err := tn.p.Client.GetUsageWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		u := resp.JSON200.Data
		today := u.RequestsPerDay[len(u.RequestsPerDay)-1]
		require.Len(t, today.Keys, 1)
		require.Equal(t, tn.keyID, today.Keys[0].KeyId)
		// A prompt, a version, a promote, the resolves and this request.
		require.Equal(t, int64(3+tn.resolve+1), today.Requests)
		require.Len(t, u.Resolves, 1)
		require.Equal(t, tn.prompt.Id, u.Resolves[0].PromptId)
		require.Equal(t, int64(tn.resolve), u.Resolves[0].Calls)
	}
}
