package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/template"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// systemPrompt is what apitest's NewVersion puts in every version's system prompt.
const systemPrompt = "You are a helpful assistant."

func TestRenderLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	// setup makes a prompt "amp" whose user template is userTemplate, live in dev.
	setup := func(t *testing.T, userTemplate string, opts ...apitest.OptionFunc) *testBundle {
		t.Helper()
		env := apitest.Instance(t, opts...)
		p := env.NewProject("p")
		env.NewVersion(p, env.NewPrompt(p, "amp").Id, userTemplate)
		return &testBundle{env: env, p: p}
	}

	t.Run("AmplifiedRenderRefused", func(t *testing.T) {
		t.Parallel()
		// 20,000 placeholders (100,000 characters, the most a template may hold, stored
		// before placeholders were counted) times a 5,000-character value: 100 MB.
		b := setup(t, "x")
		_, err := b.env.Pool.Exec(ctx, `UPDATE prompt_versions SET user_template = $1 WHERE prompt_id = $2`,
			strings.Repeat("{{a}}", 20_000), promptID(t, b.p, "amp"))
		require.NoError(t, err)
		resp, err := b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"a": strings.Repeat("v", 5_000)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), "%.300s", resp.Body)
		require.Less(t, len(resp.Body), 1024, "the refusal is a short error, not the text")
		e := resp.JSON400.Error
		require.Equal(t, api.ErrorCodeVALIDATIONERROR, e.Code)
		require.Equal(t, 1<<20, *e.Details.Limit)
		require.Equal(t, []string{"/variables"}, fieldNames(e))
		require.Contains(t, e.Message, "1048576 bytes")
	})

	t.Run("BothMessagesCount", func(t *testing.T) {
		t.Parallel()
		const limit = 2048
		b := setup(t, "{{a}}", func(o *server.Options) { o.RenderLimit = limit })
		fits := strings.Repeat("v", limit-len(systemPrompt))
		resp, err := b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"a": fits}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "a render of exactly the limit")

		resp, err = b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"a": fits + "v"}})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, limit, *resp.JSON400.Error.Details.Limit)
	})

	t.Run("OneBudgetForEveryMessage", func(t *testing.T) {
		t.Parallel()
		// The case scaled down: 100 messages of two nested sections over a list of
		// 40 items take about 3,400 steps each, 340,000 together; each message alone fits
		// the budget, the render does not.
		b := setup(t, "x")
		messages := make([]api.Message, 100)
		for i := range messages {
			messages[i] = api.Message{Role: api.MessageRoleUser, Content: "{{#l}}{{#l}}{{.}}{{/l}}{{/l}}"}
		}
		created, err := b.p.Client.CreateVersionWithResponse(ctx, promptID(t, b.p, "amp").String(), nil, api.CreateVersionRequest{Messages: &messages})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		items := make([]any, 40)
		for i := range items {
			items[i] = 1
		}
		start := time.Now()
		resp, err := b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"l": items}})
		require.NoError(t, err)
		t.Logf("refused in %s", time.Since(start))
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), "%.300s", resp.Body)
		e := resp.JSON400.Error
		require.Equal(t, template.MaxSteps, *e.Details.Limit)
		require.Equal(t, []string{"/variables"}, fieldNames(e))
		require.Contains(t, e.Message, "would take more than the render budget of 131072 steps (all messages and partials together")

		one := messages[:1]
		created, err = b.p.Client.CreateVersionWithResponse(ctx, promptID(t, b.p, "amp").String(), nil, api.CreateVersionRequest{Messages: &one})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		resp, err = b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"l": items}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "one such message fits")
	})

	t.Run("LongValueRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "{{a}}")
		resp, err := b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"a": strings.Repeat("é", 65_536)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), "65,536 characters are allowed")

		resp, err = b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"a": strings.Repeat("v", 65_537)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, []string{"/variables/a"}, fieldNames(resp.JSON400.Error))
	})

	t.Run("MegabyteValueRefused", func(t *testing.T) {
		t.Parallel()
		// With room for a 1 MiB value in the body, the value's own limit refuses it.
		b := setup(t, "{{a}}", func(o *server.Options) { o.BodyLimit = 4 << 20 })
		resp, err := b.p.Client.RenderPromptWithResponse(ctx, "amp", nil, api.RenderRequest{Variables: &map[string]any{"a": strings.Repeat("v", 1<<20)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, []string{"/variables/a"}, fieldNames(resp.JSON400.Error))
		require.Less(t, len(resp.Body), 4096)
	})
}

func TestPlaceholderLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	prompt := env.NewPrompt(p, "many")

	for field, body := range map[string]api.CreateVersionRequest{
		"/userTemplate": {SystemPrompt: new("s"), UserTemplate: new(strings.Repeat("{{a}} ", 1001))},
		"/systemPrompt": {SystemPrompt: new(strings.Repeat("{{a}}{{b}}", 501)), UserTemplate: new("u")},
	} {
		before := env.RowsOf(p)
		resp, err := p.Client.CreateVersionWithResponse(ctx, prompt.Id.String(), nil, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), field)
		e := resp.JSON400.Error
		require.Equal(t, []string{field}, fieldNames(e))
		require.Equal(t, 1000, *e.Details.Limit)
		require.Contains(t, e.Message, "at most 1000")
		require.Equal(t, before, env.RowsOf(p))
	}

	resp, err := p.Client.CreateVersionWithResponse(ctx, prompt.Id.String(), nil, api.CreateVersionRequest{
		SystemPrompt: new(strings.Repeat("{{a}}", 1000)), UserTemplate: new(strings.Repeat("{{b}}", 1000)),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), "1,000 placeholders per template are allowed")
}

// promptID is the id of the prompt slug of p's project.
func promptID(t *testing.T, p *apitest.Project, slug string) uuid.UUID {
	t.Helper()
	resp, err := p.Client.GetPromptWithResponse(context.Background(), slug)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.Id
}
