package httpapi_test

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestCreateVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env    *apitest.Env
		p      *apitest.Project
		prompt api.Prompt
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		return &testBundle{env: env, p: p, prompt: env.NewPrompt(p, "versioned")}
	}

	t.Run("DefaultsAndDevDeployment", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		v := b.env.NewVersion(b.p, b.prompt.Id, `Answer as {"a": {"b": 1}} for {{ topic }} and {{topic}}`)
		require.Equal(t, "gpt-4", v.Model)
		require.InDelta(t, 0.7, v.Temperature, 1e-9)
		require.True(t, v.MaxTokens.IsNull())
		require.JSONEq(t, `{}`, string(v.Metadata))
		require.True(t, v.Message.IsNull())
		require.Equal(t, []string{"topic"}, v.Variables)

		detail, err := b.p.Client.GetPromptWithResponse(ctx, b.prompt.Id.String())
		require.NoError(t, err)
		require.Equal(t, []api.Deployment{{Environment: "dev", ActiveVersionId: v.Id, VersionNumber: 1,
			PromotedAt: detail.JSON200.Data.Deployments[0].PromotedAt}}, detail.JSON200.Data.Deployments)
	})

	t.Run("VariablesOfBothTemplates", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), nil, api.CreateVersionRequest{
			SystemPrompt: new("You write for {{company}} in {{tone}}."), UserTemplate: new("{{tone}} reply to {{user.name}}"),
			Model: new("claude-3"), Temperature: new(0.0), MaxTokens: new(1),
		})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode())
		require.Equal(t, []string{"company", "tone", "user.name"}, resp.JSON201.Data.Variables)
		require.Equal(t, "claude-3", resp.JSON201.Data.Model)
		require.Zero(t, resp.JSON201.Data.Temperature)
	})

	for name, tc := range map[string]struct {
		body  string
		field string
	}{
		"UnclosedPlaceholder": {`{"systemPrompt":"s","userTemplate":"Hello {{name"}`, "/userTemplate"},
		"EmptyPlaceholder":    {`{"systemPrompt":"oops {{}}","userTemplate":"u"}`, "/systemPrompt"},
		"TemperatureTooHigh":  {`{"systemPrompt":"s","userTemplate":"u","temperature":2.5}`, "/temperature"},
		"TemperatureNegative": {`{"systemPrompt":"s","userTemplate":"u","temperature":-0.1}`, "/temperature"},
		"MaxTokensZero":       {`{"systemPrompt":"s","userTemplate":"u","maxTokens":0}`, "/maxTokens"},
		"MaxTokensFraction":   {`{"systemPrompt":"s","userTemplate":"u","maxTokens":1.5}`, "/maxTokens"},
		"MissingTemplate":     {`{"systemPrompt":"s"}`, "/userTemplate"},
		"MetadataNotObject":   {`{"systemPrompt":"s","userTemplate":"u","metadata":[1]}`, "/metadata"},
		"EmptyModel":          {`{"systemPrompt":"s","userTemplate":"u","model":""}`, "/model"},
		"UnknownField":        {`{"systemPrompt":"s","userTemplate":"u","stream":true}`, "/stream"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			before := b.env.RowsOf(b.p)
			resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts/"+b.prompt.Id.String()+"/versions", b.p.Key, "application/json", tc.body))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Contains(t, fieldNames(e), tc.field)
			require.Equal(t, before, b.env.RowsOf(b.p))
		})
	}

	t.Run("TemplateErrorNamesPosition", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new("ok"), UserTemplate: new("line one\nsay {{ hi")})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Contains(t, (*resp.JSON400.Error.Details.Fields)[0].Problem, "line 2, column 5")
	})

	t.Run("UnknownPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		unknown := uuid.New()
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, unknown.String(), nil, api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("u")})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
		require.Equal(t, api.ErrorCodeRESOURCENOTFOUND, resp.JSON404.Error.Code)
		require.Equal(t, "No prompt with this id or slug in the project.", resp.JSON404.Error.Message)
		require.Equal(t, before, b.env.RowsOf(b.p), "nothing was written")
	})

	t.Run("ConcurrentCreatesNumberConsecutively", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		const n = 50
		numbers := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.prompt.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new("s"), UserTemplate: new("u")})
				if err == nil && resp.JSON201 != nil {
					numbers[i] = resp.JSON201.Data.VersionNumber
				}
			})
		}
		wg.Wait()
		sort.Ints(numbers)
		for i, got := range numbers {
			require.Equal(t, i+1, got, "version numbers %v", numbers)
		}
		list, err := b.p.Client.ListVersionsWithResponse(ctx, b.prompt.Id.String(), &api.ListVersionsParams{Limit: new(100)})
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, n)
		require.Equal(t, n, list.JSON200.Data[0].VersionNumber)
	})
}

func TestListVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "listed")
	for range 5 {
		env.NewVersion(p, prompt.Id, "u")
	}

	resp, err := p.Client.ListVersionsWithResponse(ctx, prompt.Id.String(), &api.ListVersionsParams{Limit: new(2), Page: new(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	require.Equal(t, api.Pagination{Total: 5, Page: 2, Limit: 2, Pages: 3}, resp.JSON200.Meta.Pagination)
	require.Equal(t, []int{3, 2}, []int{resp.JSON200.Data[0].VersionNumber, resp.JSON200.Data[1].VersionNumber})

	asc := api.ListVersionsParamsSortVersionNumberAsc
	resp, err = p.Client.ListVersionsWithResponse(ctx, prompt.Id.String(), &api.ListVersionsParams{Sort: &asc})
	require.NoError(t, err)
	require.Equal(t, 1, resp.JSON200.Data[0].VersionNumber)

	missing, err := p.Client.ListVersionsWithResponse(ctx, uuid.New().String(), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
}

func TestGetVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	a := env.NewPrompt(p, "a")
	b := env.NewPrompt(p, "b")
	va := env.NewVersion(p, a.Id, "hello {{x}}")

	resp, err := p.Client.GetVersionWithResponse(ctx, a.Id.String(), va.Id.String())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	require.Equal(t, va, resp.JSON200.Data)

	// A version is found only under its own prompt.
	wrong, err := p.Client.GetVersionWithResponse(ctx, b.Id.String(), va.Id.String())
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, wrong.StatusCode())
}
