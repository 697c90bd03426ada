package httpapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// providerKey is the API key the tests' connections hold: it must never come back.
const providerKey = "sk-test-never-answered-0123456789"

// newConnection stores a connection of p to the test's provider.
func newConnection(t *testing.T, p *apitest.Project, name string, provider api.ConnectionProvider, baseURL string) api.Connection {
	t.Helper()
	resp, err := p.Client.CreateConnectionWithResponse(context.Background(), nil, api.CreateConnectionRequest{
		Name: name, Provider: provider, BaseUrl: baseURL, ApiKey: providerKey,
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	require.NotContains(t, string(resp.Body), providerKey)
	return resp.JSON201.Data
}

// run runs version n of prompt through conn with variables and model.
func run(t *testing.T, p *apitest.Project, promptID uuid.UUID, n int, conn uuid.UUID, model string, vars map[string]api.VariableValue) *api.RunVersionResponse {
	t.Helper()
	body := api.RunRequest{Connection: conn}
	if vars != nil {
		body.Variables = &vars
	}
	if model != "" {
		body.Model = &model
	}
	resp, err := p.Client.RunVersionWithResponse(context.Background(), promptID.String(), api.VersionIdOrNumber(itoa(n)), nil, body)
	require.NoError(t, err)
	return resp
}

func TestConnectionCRUD(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("connections")
	provider := apitest.NewProvider(t)

	created := newConnection(t, p, "Local OpenAI", api.ConnectionProviderOpenai, provider.URL)
	require.Equal(t, api.ConnectionProviderOpenai, created.Provider)
	require.True(t, created.DefaultModel.IsNull())

	var sealed string
	require.NoError(t, env.Pool.QueryRow(ctx, "SELECT api_key FROM connections WHERE id = $1", created.Id).Scan(&sealed))
	require.True(t, strings.HasPrefix(sealed, "v1:"), "the key is stored sealed")
	require.NotContains(t, sealed, providerKey)

	got, err := p.Client.GetConnectionWithResponse(ctx, created.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	require.NotContains(t, string(got.Body), providerKey)

	updated, err := p.Client.UpdateConnectionWithResponse(ctx, created.Id, api.UpdateConnectionRequest{
		DefaultModel: nullable.NewNullableWithValue("gpt-4o-mini"), Name: new("OpenAI"),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, updated.StatusCode(), string(updated.Body))
	require.Equal(t, "gpt-4o-mini", updated.JSON200.Data.DefaultModel.MustGet())
	require.Equal(t, "OpenAI", updated.JSON200.Data.Name)

	other := newConnection(t, p, "Other", api.ConnectionProviderAnthropic, provider.URL)
	taken, err := p.Client.UpdateConnectionWithResponse(ctx, other.Id, api.UpdateConnectionRequest{Name: new("OpenAI")})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, taken.StatusCode(), "names are unique in a project")

	list, err := p.Client.ListConnectionsWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, list.StatusCode())
	require.Len(t, list.JSON200.Data, 2)
	require.NotContains(t, string(list.Body), providerKey)

	deleted, err := p.Client.DeleteConnectionWithResponse(ctx, created.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, deleted.StatusCode())
	gone, err := p.Client.GetConnectionWithResponse(ctx, created.Id)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, gone.StatusCode())

	// Every change is in the audit log, and no event holds the key.
	for eventType, n := range map[api.EventType]int{api.EventTypeConnectionCreated: 2, api.EventTypeConnectionUpdated: 1, api.EventTypeConnectionDeleted: 1} {
		list, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &eventType})
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, n, eventType)
		require.NotContains(t, string(list.Body), providerKey)
	}
}

// TestConnectionHostNeedsKey: the sealed key is never shown again, so it goes only to the
// host it was given for. An admin who never saw it (another admin key) cannot point the
// connection elsewhere and run a version to have it sent there: a change of baseUrl or
// provider must bring a key, and a refused one changes nothing.
func TestConnectionHostNeedsKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("host-needs-key")
	provider, elsewhere := apitest.NewProvider(t), apitest.NewProvider(t)
	conn := newConnection(t, p, "OpenAI", api.ConnectionProviderOpenai, provider.URL)
	other := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &[]api.Scope{api.ScopeAdmin, api.ScopePromptsRead, api.ScopePromptsWrite}}))
	prompt := env.NewPrompt(p, "host")
	env.NewVersion(p, prompt.Id, "Hello")
	sealed := func() string {
		var key string
		require.NoError(t, env.Pool.QueryRow(ctx, "SELECT api_key FROM connections WHERE id = $1", conn.Id).Scan(&key))
		return key
	}
	stored := sealed()

	for name, change := range map[string]api.UpdateConnectionRequest{
		"BaseURL":         {BaseUrl: new(elsewhere.URL)},
		"Provider":        {Provider: new(api.ConnectionProviderAnthropic)},
		"BaseURLAndName":  {BaseUrl: new(elsewhere.URL), Name: new("Renamed")},
		"ProviderAndSame": {Provider: new(api.ConnectionProviderAnthropic), BaseUrl: new(provider.URL)},
	} {
		resp, err := other.UpdateConnectionWithResponse(ctx, conn.Id, change)
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), name)
		require.Equal(t, api.ErrorCodeVALIDATIONERROR, resp.JSON400.Error.Code)
		fields := *resp.JSON400.Error.Details.Fields
		require.Equal(t, "/apiKey", fields[0].Field, name)
		require.Contains(t, fields[0].Problem, "is required when baseUrl or provider changes", name)
	}
	got, err := other.GetConnectionWithResponse(ctx, conn.Id)
	require.NoError(t, err)
	require.Equal(t, conn, got.JSON200.Data, "the refusals changed nothing")
	require.Equal(t, stored, sealed())

	// The same host as stored is no change of host.
	same, err := other.UpdateConnectionWithResponse(ctx, conn.Id, api.UpdateConnectionRequest{
		BaseUrl: new(provider.URL), Provider: new(api.ConnectionProviderOpenai), Name: new("Same host"),
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, same.StatusCode(), string(same.Body))
	require.Equal(t, "Same host", same.JSON200.Data.Name)

	resp, err := other.RunVersionWithResponse(ctx, prompt.Id.String(), "1", nil, api.RunRequest{Connection: conn.Id, Model: new("gpt-4o-mini")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Equal(t, "Bearer "+providerKey, provider.Requests()[0].Header.Get("Authorization"))
	require.Empty(t, elsewhere.Requests())

	// A new host with its own key: that key goes there.
	const newKey = "sk-test-for-the-new-host-0123456789"
	moved, err := other.UpdateConnectionWithResponse(ctx, conn.Id, api.UpdateConnectionRequest{BaseUrl: new(elsewhere.URL), ApiKey: new(newKey)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, moved.StatusCode(), string(moved.Body))
	require.Equal(t, elsewhere.URL, moved.JSON200.Data.BaseUrl)
	resp, err = other.RunVersionWithResponse(ctx, prompt.Id.String(), "1", nil, api.RunRequest{Connection: conn.Id, Model: new("gpt-4o-mini")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Equal(t, "Bearer "+newKey, elsewhere.Requests()[0].Header.Get("Authorization"))
	require.Len(t, provider.Requests(), 1, "the old host got nothing more")
}

func TestConnectionQuota(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, func(o *server.Options) { o.Quotas.Connections = 1 })
	p := env.NewProject("quota")
	provider := apitest.NewProvider(t)
	newConnection(t, p, "one", api.ConnectionProviderOpenai, provider.URL)

	resp, err := p.Client.CreateConnectionWithResponse(context.Background(), nil, api.CreateConnectionRequest{
		Name: "two", Provider: api.ConnectionProviderOpenai, BaseUrl: provider.URL, ApiKey: providerKey,
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, resp.StatusCode())
	require.Equal(t, api.ErrorCodeQUOTAEXCEEDED, resp.JSON409.Error.Code)
	require.Equal(t, api.QuotaResourceConnections, (*resp.JSON409.Error.Details).Quota.Resource)
}

// TestConnectionAddressPolicy checks the rules of webhooks: without the operator's
// permission a loopback base URL is refused when saved, and when connecting (a connection
// saved by an instance that allowed it, run by one that does not).
func TestConnectionAddressPolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	lenient := apitest.New(t)
	strict := lenient.NewInstance(apitest.WithWebhooks(t, func(c *webhooks.Config) { c.AllowPrivate = false }))
	p := lenient.NewProject("policy")
	provider := apitest.NewProvider(t)

	refused, err := strict.Client(p.Key).CreateConnectionWithResponse(ctx, nil, api.CreateConnectionRequest{
		Name: "local", Provider: api.ConnectionProviderOpenai, BaseUrl: provider.URL, ApiKey: providerKey,
	})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, refused.StatusCode())
	require.Contains(t, string(refused.Body), "/baseUrl")
	require.Contains(t, string(refused.Body), "PROMPTOPS_WEBHOOK_ALLOW_PRIVATE")

	conn := newConnection(t, p, "local", api.ConnectionProviderOpenai, provider.URL)
	prompt := lenient.NewPrompt(p, "policy")
	lenient.NewVersion(p, prompt.Id, "Hi")
	resp, err := strict.Client(p.Key).RunVersionWithResponse(ctx, prompt.Id.String(), "1", nil, api.RunRequest{Connection: conn.Id})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadGateway, resp.StatusCode())
	require.Equal(t, api.ErrorCodePROVIDERERROR, resp.JSON502.Error.Code)
	require.Contains(t, resp.JSON502.Error.Message, "not global unicast")
	require.Empty(t, provider.Requests(), "nothing reached the refused address")
}

func TestRunVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	logs := &lockedBuffer{}
	env := apitest.New(t, func(o *server.Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		o.RunTimeout = 300 * time.Millisecond
	})
	p := env.NewProject("run")
	provider := apitest.NewProvider(t)
	openai := newConnection(t, p, "openai", api.ConnectionProviderOpenai, provider.URL)
	anthropic := newConnection(t, p, "anthropic", api.ConnectionProviderAnthropic, provider.URL)
	prompt := env.NewPrompt(p, "greet")
	env.NewVersion(p, prompt.Id, "Hello {{name}}")
	vars := map[string]api.VariableValue{"name": "Ada"}

	t.Run("OpenAI", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 1, openai.Id, "gpt-4o-mini", vars)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		d := resp.JSON200.Data
		require.Equal(t, "echo: gpt-4o-mini", d.Output)
		require.Equal(t, api.RunUsage{InputTokens: 20, OutputTokens: 5}, d.Usage)
		require.InDelta(t, (20*0.15+5*0.60)/1e6, d.CostUsd.MustGet(), 1e-12)
		require.Empty(t, d.ToolCalls)
		require.NotContains(t, string(resp.Body), providerKey)

		sent := provider.Requests()
		last := sent[len(sent)-1]
		require.Equal(t, "/v1/chat/completions", last.Path)
		require.Equal(t, "Bearer "+providerKey, last.Header.Get("Authorization"))
		messages := last.Body["messages"].([]any)
		require.Equal(t, "Hello Ada", messages[1].(map[string]any)["content"], "the body render gives")
	})

	t.Run("AnthropicToolCalls", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 1, anthropic.Id, "provider-tools", vars)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		d := resp.JSON200.Data
		require.Equal(t, "echo: provider-tools", d.Output)
		require.Equal(t, []api.ToolCall{{Name: "lookup", Arguments: `{"q":"ada"}`}}, d.ToolCalls)
		require.True(t, d.CostUsd.IsNull(), "an unknown model's cost is unknown")
		last := provider.Requests()[len(provider.Requests())-1]
		require.Equal(t, "/v1/messages", last.Path)
		require.Equal(t, providerKey, last.Header.Get("x-api-key"))
	})

	t.Run("ProviderError", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 1, openai.Id, "provider-error", vars)
		require.Equal(t, http.StatusBadGateway, resp.StatusCode())
		require.Equal(t, "The provider answered 500: the model is overloaded", resp.JSON502.Error.Message)
	})

	t.Run("ProviderTimeout", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 1, anthropic.Id, "provider-slow", vars)
		require.Equal(t, http.StatusBadGateway, resp.StatusCode())
		require.Contains(t, resp.JSON502.Error.Message, "did not answer within 300ms")
	})

	t.Run("UnknownConnection", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 1, uuid.New(), "", vars)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Contains(t, string(resp.Body), "/connection")
	})

	t.Run("MissingVariable", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 1, openai.Id, "", nil)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Contains(t, string(resp.Body), "/variables/name")
	})

	t.Run("UnknownVersion", func(t *testing.T) {
		resp := run(t, p, prompt.Id, 9, openai.Id, "", vars)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})

	t.Run("RecordedInPlayground", func(t *testing.T) {
		playground := api.Environment("playground")
		resp, err := p.Client.GetPromptAnalyticsWithResponse(ctx, prompt.Id.String(), &api.GetPromptAnalyticsParams{Environment: &playground})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Len(t, resp.JSON200.Data.Versions, 1)
		totals := resp.JSON200.Data.Versions[0].Totals
		require.EqualValues(t, 2, totals.Count, "the two successful runs")
		require.EqualValues(t, 27, totals.InputTokens)
	})

	require.NotContains(t, logs.String(), providerKey, "the key is never logged")
}

// lockedBuffer is a log destination the server's goroutines may write at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
