package gateway

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/oapi-codegen/runtime"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

// TestValidatedBody: a body found valid is handed on with the value validated, which the
// generated binding takes instead of decoding the body again, to the same result; the
// body's bytes still read as sent.
func TestValidatedBody(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	var render *route
	for _, rt := range routesOf(spec, metrics.New()) {
		if rt.spec.Operation.OperationID == "RenderPrompt" {
			render = rt
		}
	}
	require.NotNil(t, render)
	body := []byte(`{"variables":{"userName":"Ada","count":3},"format":"openai-chat","version":2}`)
	r := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/hot/render", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.SetPathValue("slug", "hot")
	require.Nil(t, check(r, render, body))

	validated, ok := r.Body.(interface{ ValidatedValue() any })
	require.True(t, ok, "the body carries its validated value")
	require.NotNil(t, validated.ValidatedValue())
	var bound, decoded api.RenderRequest
	require.NoError(t, runtime.BindJSONBody(r, &bound))
	require.NoError(t, json.Unmarshal(body, &decoded))
	require.Equal(t, decoded, bound)
	read, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	require.Equal(t, body, read)

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		bad := []byte(`{"variables":{"userName":"Ada"},"format":"nowhere"}`)
		r := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/hot/render", bytes.NewReader(bad))
		r.Header.Set("Content-Type", "application/json")
		r.SetPathValue("slug", "hot")
		require.NotNil(t, check(r, render, bad))
		_, ok := r.Body.(interface{ ValidatedValue() any })
		require.False(t, ok)
	})
}
