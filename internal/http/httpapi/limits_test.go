package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/httpapi"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
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
		fresh := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"})
		require.Equal(t, http.StatusOK, get(env, fresh).StatusCode)

		clock.Add(int64(5 * time.Second))
		_, misses = keyLookups(t, env)
		decodeError(t, get(env, unknown), http.StatusUnauthorized, api.ErrorCodeAUTHINVALID)
		_, m = keyLookups(t, env)
		require.Equal(t, misses+1, m, "after 5 s the unknown key is read again")
	})
}

// quotaOf checks a 409 QUOTA_EXCEEDED body and returns its quota.
func quotaOf(t *testing.T, status int, e *api.Error) api.Quota {
	t.Helper()
	require.Equal(t, http.StatusConflict, status)
	require.NotNil(t, e)
	require.Equal(t, api.ErrorCodeQUOTAEXCEEDED, e.Error.Code)
	require.NotNil(t, e.Error.Details)
	require.NotNil(t, e.Error.Details.Quota)
	return *e.Error.Details.Quota
}

func TestQuotas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	withQuotas := func(q httpapi.Quotas) apitest.OptionFunc {
		return func(o *server.Options) { o.Quotas = q }
	}

	t.Run("Prompts", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, withQuotas(httpapi.Quotas{Prompts: 2}))
		p := env.NewProject("p")
		first := env.NewPrompt(p, "one")
		env.NewPrompt(p, "two")
		before := env.Rows()
		resp, err := p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "three", Name: "Three"})
		require.NoError(t, err)
		require.Equal(t, api.Quota{Resource: api.QuotaResourcePrompts, Limit: 2}, quotaOf(t, resp.StatusCode(), resp.JSON409))
		require.Contains(t, resp.JSON409.Error.Message, "quota of 2 prompts")
		require.Equal(t, before, env.Rows())

		// The slug conflict is still a CONFLICT, and another project has its own quota.
		taken, err := p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "one", Name: "One"})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, taken.StatusCode())
		env.NewPrompt(env.NewProject("q"), "three")

		del, err := p.Client.DeletePromptWithResponse(ctx, first.Id.String())
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, del.StatusCode())
		env.NewPrompt(p, "three")
	})

	t.Run("Versions", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, withQuotas(httpapi.Quotas{Versions: 2}))
		p := env.NewProject("p")
		prompt := env.NewPrompt(p, "versioned")
		env.NewVersion(p, prompt.Id, "one")
		env.NewVersion(p, prompt.Id, "two")
		before := env.Rows()
		resp, err := p.Client.CreateVersionWithResponse(ctx, prompt.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("three")})
		require.NoError(t, err)
		require.Equal(t, api.Quota{Resource: api.QuotaResourceVersions, Limit: 2}, quotaOf(t, resp.StatusCode(), resp.JSON409))
		require.Contains(t, resp.JSON409.Error.Message, "The prompt has reached its quota of 2 versions")
		require.Equal(t, before, env.Rows())

		got, err := p.Client.GetPromptWithResponse(ctx, prompt.Id.String())
		require.NoError(t, err)
		require.Equal(t, 2, got.JSON200.Data.VersionCount, "the refused version took no number")
		env.NewVersion(p, env.NewPrompt(p, "other").Id, "another prompt has its own quota")
	})

	t.Run("APIKeysCountActiveOnes", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, withQuotas(httpapi.Quotas{APIKeys: 3}))
		p := env.NewProject("p") // its first key is one
		env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"})
		second := env.NewKey(p, api.CreateApiKeyRequest{Environment: "staging"})
		before := env.Rows()
		resp, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "production"})
		require.NoError(t, err)
		require.Equal(t, api.Quota{Resource: api.QuotaResourceApiKeys, Limit: 3}, quotaOf(t, resp.StatusCode(), resp.JSON409))
		require.Contains(t, resp.JSON409.Error.Message, "quota of 3 active API keys")
		require.Equal(t, before, env.Rows())

		// A revoked key no longer counts.
		list, err := p.Client.ListApiKeysWithResponse(ctx, nil)
		require.NoError(t, err)
		for _, k := range list.JSON200.Data {
			if k.KeyPrefix == second[:12] {
				revoked, err := p.Client.RevokeApiKeyWithResponse(ctx, k.Id)
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, revoked.StatusCode())
			}
		}
		env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})
	})

	t.Run("Webhooks", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, withQuotas(httpapi.Quotas{Webhooks: 1}))
		p := env.NewProject("p")
		receiver := apitest.NewReceiver(t)
		newWebhook(t, p, receiver.URL, "deployment.rolled_back")
		before := env.Rows()
		resp, err := p.Client.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: receiver.URL, Events: []string{"deployment.rolled_back"}})
		require.NoError(t, err)
		require.Equal(t, api.Quota{Resource: api.QuotaResourceWebhooks, Limit: 1}, quotaOf(t, resp.StatusCode(), resp.JSON409))
		require.Equal(t, before, env.Rows())
	})

	// A version holds at most the quota of distinct check names, racing reports too; a name
	// reported already is still replaced at the quota, and another version has its own.
	t.Run("ChecksPerVersion", func(t *testing.T) {
		t.Parallel()
		const quota = 2
		env := apitest.New(t, withQuotas(httpapi.Quotas{Checks: quota}))
		p := env.NewProject("p")
		prompt := env.NewPrompt(p, "checked")
		env.NewVersion(p, prompt.Id, "one")
		env.NewVersion(p, prompt.Id, "two")
		report := func(version, name string) *api.ReportVersionCheckResponse {
			t.Helper()
			resp, err := p.Client.ReportVersionCheckWithResponse(ctx, "checked", version, nil, api.ReportCheckRequest{Name: name, Status: api.CheckStatusPassed})
			require.NoError(t, err)
			return resp
		}
		var reported []string
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 4 {
			wg.Go(func() {
				name := "check-" + strconv.Itoa(i)
				resp := report("1", name)
				if resp.StatusCode() == http.StatusCreated {
					mu.Lock()
					reported = append(reported, name)
					mu.Unlock()
					return
				}
				assert.Equal(t, api.Quota{Resource: api.QuotaResourceChecks, Limit: quota}, quotaOf(t, resp.StatusCode(), resp.JSON409))
			})
		}
		wg.Wait()
		require.Len(t, reported, quota)
		before := env.Rows()
		refused := report("1", "one-too-many")
		require.Equal(t, api.Quota{Resource: api.QuotaResourceChecks, Limit: quota}, quotaOf(t, refused.StatusCode(), refused.JSON409))
		require.Contains(t, refused.JSON409.Error.Message, "The version has reached its quota of 2 distinct checks")
		require.Equal(t, before, env.Rows())

		again := report("1", reported[0])
		require.Equal(t, http.StatusOK, again.StatusCode(), string(again.Body))
		require.Equal(t, http.StatusCreated, report("2", "one-too-many").StatusCode())
	})

	// A person belongs to at most the quota of projects, however they would join another:
	// creating one (concurrent creates too), being added, accepting an invitation (which
	// stays pending). So their session lists at most the quota.
	t.Run("MembershipsPerPerson", func(t *testing.T) {
		t.Parallel()
		const quota = 2
		tm := newTeam(t, withQuotas(httpapi.Quotas{Memberships: quota})) // ada owns Team: one
		createProject := func(c *api.ClientWithResponses, name string) *api.CreateProjectResponse {
			t.Helper()
			resp, err := c.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: name})
			require.NoError(t, err)
			return resp
		}
		var created atomic.Int32
		var wg sync.WaitGroup
		for i := range 4 { // racing creates: exactly the quota's worth succeed
			wg.Go(func() {
				resp := createProject(tm.owner, "racer-"+strconv.Itoa(i))
				if resp.StatusCode() == http.StatusCreated {
					created.Add(1)
					return
				}
				assert.Equal(t, api.Quota{Resource: api.QuotaResourceMemberships, Limit: quota}, quotaOf(t, resp.StatusCode(), resp.JSON409))
			})
		}
		wg.Wait()
		require.EqualValues(t, quota-1, created.Load())
		before := tm.env.Rows()
		refused := createProject(tm.owner, "one too many")
		require.Equal(t, api.Quota{Resource: api.QuotaResourceMemberships, Limit: quota}, quotaOf(t, refused.StatusCode(), refused.JSON409))
		require.Contains(t, refused.JSON409.Error.Message, "The person has reached its quota of 2 projects")
		require.Equal(t, before, tm.env.Rows())

		// Bob belongs to two projects of his own: adding him is refused, and so is
		// accepting an invitation, which stays pending.
		tm.env.NewUser("bob@example.com")
		bob := tm.env.Client(signIn(t, tm.env, "bob@example.com"))
		own := createProject(bob, "Bob's")
		require.Equal(t, http.StatusCreated, own.StatusCode(), string(own.Body))
		require.Equal(t, http.StatusCreated, createProject(bob, "Bob's other").StatusCode())
		added, err := tm.owner.AddMemberWithResponse(ctx, tm.project, nil, api.AddMemberRequest{Email: "bob@example.com", Role: api.RoleViewer})
		require.NoError(t, err)
		require.Equal(t, api.Quota{Resource: api.QuotaResourceMemberships, Limit: quota}, quotaOf(t, added.StatusCode(), added.JSON409))
		inv, err := tm.owner.CreateInvitationWithResponse(ctx, tm.project, nil, api.CreateInvitationRequest{Email: "bob@example.com", Role: api.InvitationRoleViewer})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, inv.StatusCode(), string(inv.Body))
		accept := api.AcceptInvitationRequest{Token: inv.JSON201.Data.Token}
		accepted, err := bob.AcceptInvitationWithResponse(ctx, accept)
		require.NoError(t, err)
		require.Equal(t, api.Quota{Resource: api.QuotaResourceMemberships, Limit: quota}, quotaOf(t, accepted.StatusCode(), accepted.JSON409))
		session, err := bob.GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Len(t, *session.JSON200.Data.Memberships, quota)

		// Once he leaves a project (deleting it), the invitation can be accepted.
		del, err := bob.DeleteProjectWithResponse(ctx, own.JSON201.Data.Project.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, del.StatusCode(), string(del.Body))
		accepted, err = bob.AcceptInvitationWithResponse(ctx, accept)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, accepted.StatusCode(), string(accepted.Body))
	})

	// A person's active tokens are bounded, sign-in's counted; signing in is never refused
	// for it, and making a token purges theirs revoked or expired over 30 days ago.
	t.Run("PersonalTokensCountActiveOnes", func(t *testing.T) {
		t.Parallel()
		const quota = 4
		tm := newTeam(t, withQuotas(httpapi.Quotas{PersonalTokens: quota})) // signed in: one
		create := func(name string) *api.CreateTokenResponse {
			t.Helper()
			resp, err := tm.owner.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: name})
			require.NoError(t, err)
			return resp
		}
		var made []uuid.UUID
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 8 { // racing creates: exactly the quota's worth succeed
			wg.Go(func() {
				resp := create("racer-" + strconv.Itoa(i))
				if resp.StatusCode() == http.StatusCreated {
					mu.Lock()
					made = append(made, resp.JSON201.Data.Id)
					mu.Unlock()
					return
				}
				assert.Equal(t, api.Quota{Resource: api.QuotaResourcePersonalTokens, Limit: quota}, quotaOf(t, resp.StatusCode(), resp.JSON409))
			})
		}
		wg.Wait()
		require.Len(t, made, quota-1)
		refused := create("one too many")
		require.Contains(t, refused.JSON409.Error.Message, "quota of 4 active personal tokens")

		// Signing in still works; a revoked token no longer counts.
		signIn(t, tm.env, "ada@example.com")
		revoke, err := tm.owner.RevokeTokenWithResponse(ctx, made[0])
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoke.StatusCode(), string(revoke.Body))
		revoke, err = tm.owner.RevokeTokenWithResponse(ctx, made[1])
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoke.StatusCode(), string(revoke.Body))

		// One revoked 31 days ago goes with the next token made; one revoked now stays listed.
		_, err = tm.env.Pool.Exec(ctx, `UPDATE personal_tokens SET revoked_at = now() - interval '31 days' WHERE id = $1`, made[0])
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, create("after revoking").StatusCode())
		list, err := tm.owner.ListTokensWithResponse(ctx, &api.ListTokensParams{Limit: new(100)})
		require.NoError(t, err)
		listed := map[uuid.UUID]bool{}
		for _, tok := range list.JSON200.Data {
			listed[tok.Id] = true
		}
		require.False(t, listed[made[0]], "revoked 31 days ago: purged")
		require.True(t, listed[made[1]], "revoked now: still listed")
	})

	// A project's pending invitations are bounded; expired ones do not count, and making one
	// purges those expired or accepted over 30 days ago.
	t.Run("InvitationsCountPendingOnes", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t, withQuotas(httpapi.Quotas{Invitations: 2}))
		invite := func(email string) *api.CreateInvitationResponse {
			t.Helper()
			resp, err := tm.owner.CreateInvitationWithResponse(ctx, tm.project, nil, api.CreateInvitationRequest{Email: email, Role: api.InvitationRoleViewer})
			require.NoError(t, err)
			return resp
		}
		require.Equal(t, http.StatusCreated, invite("x@example.com").StatusCode())
		require.Equal(t, http.StatusCreated, invite("y@example.com").StatusCode())
		before := tm.env.Rows()
		refused := invite("z@example.com")
		require.Equal(t, api.Quota{Resource: api.QuotaResourceInvitations, Limit: 2}, quotaOf(t, refused.StatusCode(), refused.JSON409))
		require.Contains(t, refused.JSON409.Error.Message, "quota of 2 pending invitations")
		require.Equal(t, before, tm.env.Rows())

		expire := func(email, ago string) {
			t.Helper()
			_, err := tm.env.Pool.Exec(ctx, `UPDATE invitations SET expires_at = now() - $2::interval WHERE email = $1`, email, ago)
			require.NoError(t, err)
		}
		expire("x@example.com", "31 days")
		expire("y@example.com", "1 hour")
		require.Equal(t, http.StatusCreated, invite("z@example.com").StatusCode(), "expired ones do not count")
		var left []string
		rows, err := tm.env.Pool.Query(ctx, `SELECT email FROM invitations WHERE project_id = $1 ORDER BY email`, tm.project)
		require.NoError(t, err)
		left, err = pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		require.Equal(t, []string{"y@example.com", "z@example.com"}, left, "expired 31 days ago: purged")

		// Usage counts as the quota does: z pending, y expired.
		usage, err := tm.env.Client(tm.key).GetUsageWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, usage.StatusCode(), string(usage.Body))
		require.Equal(t, api.ResourceUsage{Used: 1, Limit: 2}, usage.JSON200.Data.Resources.Invitations)
	})

	// Concurrent creates take turns under a lock: exactly the quota's worth succeed, however
	// many race, on two instances.
	t.Run("ConcurrentCreatesNeverExceed", func(t *testing.T) {
		t.Parallel()
		const quota, racers = 3, 12
		// Environments count dev, staging and production too.
		quotas := withQuotas(httpapi.Quotas{Prompts: quota, Versions: quota, APIKeys: quota, Webhooks: quota,
			Connections: quota, Environments: quota + 3})
		a := apitest.New(t, quotas)
		b := a.NewInstance(quotas)
		p := a.NewProject("p")
		prompt := a.NewPrompt(p, "versioned")
		receiver, provider := apitest.NewReceiver(t), apitest.NewProvider(t)
		onB := b.Client(p.Key)
		creates := map[string]func(c *api.ClientWithResponses, i int) (int, error){
			"prompts": func(c *api.ClientWithResponses, i int) (int, error) {
				r, err := c.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "racer-" + strconv.Itoa(i), Name: "Racer"})
				return statusOf(r, err)
			},
			"versions": func(c *api.ClientWithResponses, i int) (int, error) {
				r, err := c.CreateVersionWithResponse(ctx, prompt.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("u")})
				return statusOf(r, err)
			},
			"apiKeys": func(c *api.ClientWithResponses, i int) (int, error) {
				r, err := c.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "dev"})
				return statusOf(r, err)
			},
			"webhooks": func(c *api.ClientWithResponses, i int) (int, error) {
				r, err := c.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: receiver.URL, Events: []string{"deployment.rolled_back"}})
				return statusOf(r, err)
			},
			"environments": func(c *api.ClientWithResponses, i int) (int, error) {
				r, err := c.CreateEnvironmentWithResponse(ctx, nil, api.CreateEnvironmentRequest{Name: "racer-" + strconv.Itoa(i)})
				return statusOf(r, err)
			},
			"connections": func(c *api.ClientWithResponses, i int) (int, error) {
				r, err := c.CreateConnectionWithResponse(ctx, nil, api.CreateConnectionRequest{
					Name: "racer-" + strconv.Itoa(i), Provider: api.ConnectionProviderOpenai, BaseUrl: provider.URL, ApiKey: providerKey,
				})
				return statusOf(r, err)
			},
		}
		for resource, create := range creates {
			statuses := make(chan int, racers)
			var wg sync.WaitGroup
			for i := range racers {
				wg.Go(func() {
					c := p.Client
					if i%2 == 1 {
						c = onB
					}
					status, err := create(c, i)
					assert.NoError(t, err)
					statuses <- status
				})
			}
			wg.Wait()
			close(statuses)
			counts := map[int]int{}
			for s := range statuses {
				counts[s]++
			}
			want := quota
			if resource == "prompts" || resource == "apiKeys" {
				want = quota - 1 // the versioned prompt, the project's first key
			}
			require.Equal(t, map[int]int{http.StatusCreated: want, http.StatusConflict: racers - want}, counts, resource)
		}
		rows := a.Rows()
		require.Equal(t, []int64{quota, quota, quota, quota, quota + 3}, []int64{rows.Prompts, rows.PromptVersions, rows.ApiKeys, rows.Webhooks, rows.Environments},
			"prompts, versions, keys, webhooks, environments")

		// Usage reports every quota full, counted as the quota counts.
		usage, err := onB.GetUsageWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, usage.StatusCode(), string(usage.Body))
		full := api.ResourceUsage{Used: quota, Limit: quota}
		total := quota
		got := usage.JSON200.Data.Resources
		require.Equal(t, []api.ResourceUsage{full, {Used: quota, Limit: quota, Total: &total}, full, full, {Used: quota + 3, Limit: quota + 3}, full},
			[]api.ResourceUsage{got.Prompts, got.Versions, got.ApiKeys, got.Webhooks, got.Environments, got.Connections},
			"prompts, versions, keys, webhooks, environments, connections")
	})
}

// statusOf is the status of a generated client's response.
func statusOf(r interface{ StatusCode() int }, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return r.StatusCode(), nil
}
