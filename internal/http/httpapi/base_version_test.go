package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestCreatePromptWithVersion: a prompt and its first version are created in one request,
// both or neither; the reference's request and answer are unchanged.
func TestCreatePromptWithVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		return &testBundle{env: env, p: env.NewProject("p")}
	}

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "welcome", Name: "Welcome",
			Version: &api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("Hello {{userName}} ${x}"), Message: new("first")}})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		require.Equal(t, 1, resp.JSON201.Data.VersionCount)
		v := resp.JSON201.Version
		require.Equal(t, 1, v.VersionNumber)
		require.Equal(t, resp.JSON201.Data.Id, v.PromptId)
		require.Equal(t, "first", v.Message.MustGet())
		require.Len(t, *resp.JSON201.Warnings, 1)

		detail, err := b.p.Client.GetPromptWithResponse(ctx, "welcome")
		require.NoError(t, err)
		require.Equal(t, v.Id, detail.JSON200.Data.Deployments[0].ActiveVersionId, "live in dev")
		for _, eventType := range []api.EventType{api.EventTypePromptCreated, api.EventTypeVersionCreated} {
			list, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &eventType})
			require.NoError(t, err)
			require.Len(t, list.JSON200.Data, 1, eventType)
		}
	})

	t.Run("ReferenceRequestUnchanged", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := post(t, b.env, b.p.Key, "/api/v1/prompts", "", `{"slug":"welcome-email","name":"Welcome Email","description":"Generates welcome emails"}`)
		require.Equal(t, http.StatusCreated, a.status, a.body)
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(a.body), &raw))
		require.Equal(t, []string{"data"}, keysOf(raw), "no version, no warnings")
	})

	t.Run("RefusedVersionLeavesNoPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		e := decodeError(t, b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts", b.p.Key, "application/json",
			`{"slug":"welcome","name":"Welcome","version":{"systemPrompt":"s","userTemplate":"{{> no-such-partial}}"}}`)),
			http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/version/userTemplate"}, fieldNames(e))
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("RefusedInTheTransactionLeavesNoPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		e := decodeError(t, b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts", b.p.Key, "application/json",
			`{"slug":"welcome","name":"Welcome","version":{"systemPrompt":"s","userTemplate":"u","baseVersion":2}}`)),
			http.StatusConflict, api.ErrorCodeVERSIONCONFLICT)
		require.Equal(t, api.ErrorDetails{BaseVersion: new(2), LatestVersion: new(0)}, *e.Details)
		require.Equal(t, before, b.env.RowsOf(b.p), "the prompt created before the version was refused is rolled back")
	})
}

// TestBaseVersion: a version made from a version that is no longer the newest is refused
// with 409 VERSION_CONFLICT naming both numbers, and changes nothing; without baseVersion a
// version is made on top of whatever is newest.
func TestBaseVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env    *apitest.Env
		p      *apitest.Project
		prompt api.Prompt
	}
	// setup makes a prompt with two versions: a pull at version 1, then an edit in the console.
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		prompt := env.NewPrompt(p, "greeting")
		env.NewVersion(p, prompt.Id, "Hello {{name}}")
		env.NewVersion(p, prompt.Id, "Hello there, {{name}}")
		return &testBundle{env: env, p: p, prompt: prompt}
	}
	create := func(b *testBundle, base *int) (*api.CreateVersionResponse, error) {
		return b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), nil,
			api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("Hi {{name}}"), BaseVersion: base})
	}

	t.Run("Stale", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		e := decodeError(t, b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts/"+b.prompt.Id.String()+"/versions", b.p.Key, "application/json",
			`{"systemPrompt":"s","userTemplate":"Hi {{name}}","baseVersion":1}`)), http.StatusConflict, api.ErrorCodeVERSIONCONFLICT)
		require.Equal(t, api.ErrorDetails{BaseVersion: new(1), LatestVersion: new(2)}, *e.Details)
		require.Contains(t, e.Message, "made from version 1, but the prompt's newest version is 2")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("StaleWhenValidateOnly", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), &api.CreateVersionParams{ValidateOnly: new(true)},
			api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("u"), BaseVersion: new(1)})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeVERSIONCONFLICT, resp.JSON409.Error.Code)
	})

	t.Run("Newest", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := create(b, new(2))
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		require.Equal(t, 3, resp.JSON201.Data.VersionNumber)
	})

	t.Run("AbsentOverrides", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := create(b, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		require.Equal(t, 3, resp.JSON201.Data.VersionNumber)
	})

	t.Run("ConcurrentEditsOfOneBase", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		const n = 8
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				resp, err := create(b, new(2))
				if err == nil {
					statuses[i] = resp.StatusCode()
				}
			})
		}
		wg.Wait()
		counts := map[int]int{}
		for _, s := range statuses {
			counts[s]++
		}
		require.Equal(t, map[int]int{http.StatusCreated: 1, http.StatusConflict: n - 1}, counts)
	})
}

func keysOf(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
