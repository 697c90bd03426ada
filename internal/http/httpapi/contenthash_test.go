package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/contenthash"
)

// TestContentHashOfRequest: the hash contenthash.OfRequest gives a request is the
// contentHash of the version the server creates from it, for every shape of content (the
// prompts-as-code commands decide "changed" by it).
func TestContentHashOfRequest(t *testing.T) {
	t.Parallel()
	b := setupContent(t)
	for name, body := range map[string]string{
		"Classic":         `{"systemPrompt": "You help.", "userTemplate": "Hi {{name}}"}`,
		"ClassicEmpty":    `{"systemPrompt": "", "userTemplate": "Hi"}`,
		"ClassicSettings": `{"systemPrompt": "S", "userTemplate": "U", "model": "gpt-4o", "temperature": 1.0, "maxTokens": 5, "metadata": {"b": [1.0, {"z": null, "a": "x"}], "a": 2}}`,
		"Chat":            chatVersion,
		"EmptyLists":      `{"messages": [{"role": "user", "content": "U"}], "tools": [], "modelParameters": {}, "metadata": {}}`,
		"SchemaNumbers":   `{"messages": [{"role": "user", "content": "U"}], "variablesSchema": {"type": "object", "properties": {"n": {"type": "number", "minimum": 1.50, "maximum": 1e3}}}}`,
		"TextFormat":      `{"systemPrompt": "S", "userTemplate": "U", "responseFormat": {"type": "text"}, "toolChoice": "none", "provider": "anthropic"}`,
	} {
		t.Run(name, func(t *testing.T) {
			var req api.CreateVersionRequest
			require.NoError(t, json.Unmarshal([]byte(body), &req))
			content, err := contenthash.OfRequest(&req)
			require.NoError(t, err)
			want, err := contenthash.Sum(content)
			require.NoError(t, err)

			resp := b.createRaw(t, body)
			require.Equal(t, http.StatusCreated, resp.StatusCode)
			var out api.VersionResponse
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
			require.Equal(t, want, out.Data.ContentHash)
		})
	}
}
