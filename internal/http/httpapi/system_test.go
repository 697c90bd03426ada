package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/schemas"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/openapi"
)

func TestGetHealth(t *testing.T) {
	t.Parallel()

	t.Run("Ok", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		resp, err := env.Anonymous.GetHealthWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, api.HealthStatusOk, resp.JSON200.Status)
		require.NotEmpty(t, resp.HTTPResponse.Header.Get("X-Request-Id"))
	})

	t.Run("DatabaseDown", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, unreachableDatabase(t))
		resp, err := env.Anonymous.GetHealthWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode())
		require.Equal(t, api.HealthStatusUnavailable, resp.JSON503.Status)
		require.Equal(t, "5", resp.HTTPResponse.Header.Get("Retry-After"))
	})
}

func TestOpenApiDocument(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)

	jsonResp, err := env.Anonymous.GetOpenApiJsonWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, jsonResp.StatusCode())
	doc := *jsonResp.JSON200
	require.Equal(t, "3.0.3", doc["openapi"])
	require.Contains(t, doc["paths"], "/api/v1/prompts/{slug}/resolve")

	yamlResp, err := env.Anonymous.GetOpenApiYamlWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, yamlResp.StatusCode())
	require.Equal(t, "application/yaml", yamlResp.HTTPResponse.Header.Get("Content-Type"))
	require.Equal(t, openapi.YAML, yamlResp.Body)
}

// TestPromptFileSchema: the schema of prompt files is served without a key, as the binary
// embeds it, and is a JSON Schema that compiles.
func TestPromptFileSchema(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	resp, err := env.Anonymous.GetPromptFileSchemaWithResponse(context.Background())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	require.Equal(t, "application/json", resp.HTTPResponse.Header.Get("Content-Type"))
	require.JSONEq(t, string(openapi.PromptFileSchema), string(resp.Body))
	_, problems := schemas.Compile(resp.Body)
	require.Empty(t, problems)
}
