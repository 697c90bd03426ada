package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	"github.com/promptops/promptops/internal/prompt/promptfile"
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

// TestLineEndings: template text is stored with LF line endings, whatever a client posts
// (a browser's text area posts CRLF), and the content hash, the server's and the one the
// prompts-as-code commands compute from a file, is that of the LF text.
func TestLineEndings(t *testing.T) {
	t.Parallel()

	t.Run("CreateStoresLF", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		version := b.create(t, `{"systemPrompt": "Be brief.\r\nBe kind.\rThanks.", "userTemplate": "Hi {{name}}\r\n\r\nBye"}`)
		require.Equal(t, "Be brief.\nBe kind.\nThanks.", version.SystemPrompt)
		require.Equal(t, "Hi {{name}}\n\nBye", version.UserTemplate)
		require.Equal(t, lfHash(t, `{"systemPrompt": "Be brief.\nBe kind.\nThanks.", "userTemplate": "Hi {{name}}\n\nBye"}`), version.ContentHash)

		resp := b.env.Do(b.env.Request(http.MethodGet, "/api/v1/prompts/weather/resolve", b.p.Key, "", ""))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var resolved api.ResolvedPromptResponse
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&resolved))
		require.Equal(t, "Be brief.\nBe kind.\nThanks.", resolved.Data.SystemPrompt)
		require.Equal(t, "Hi {{name}}\n\nBye", resolved.Data.UserTemplate)
	})

	t.Run("Messages", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		version := b.create(t, `{"messages": [{"role": "system", "content": "A\r\nB"}, {"role": "user", "content": "C\rD\r\n"}]}`)
		require.Equal(t, []api.Message{{Role: api.MessageRoleSystem, Content: "A\nB"}, {Role: api.MessageRoleUser, Content: "C\nD\n"}}, version.Messages)
		require.Equal(t, "A\nB", version.SystemPrompt)
		require.Equal(t, lfHash(t, `{"messages": [{"role": "system", "content": "A\nB"}, {"role": "user", "content": "C\nD\n"}]}`), version.ContentHash)
	})

	t.Run("PromptFile", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		// What pull wrote before the fix for a CRLF version, saved with CRLF line endings.
		file := strings.ReplaceAll("name: Weather\nsystemPrompt: \"Be brief.\\r\\nBe kind.\"\nuserTemplate: |\n  Hi {{name}}\n  Bye\n", "\n", "\r\n")
		f, err := promptfile.Parse("weather"+promptfile.Ext, []byte(file))
		require.NoError(t, err)
		computed, err := f.ContentHash()
		require.NoError(t, err)
		body, err := f.VersionRequest("")
		require.NoError(t, err)
		resp, err := b.p.Client.CreateVersionWithResponse(context.Background(), b.prompt.Id.String(), nil, body)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "Be brief.\nBe kind.", resp.JSON201.Data.SystemPrompt)
		require.Equal(t, computed, resp.JSON201.Data.ContentHash)
	})
}

// create posts a version body as written and decodes the 201.
func (b *contentBundle) create(t *testing.T, body string) api.Version {
	t.Helper()
	resp := b.createRaw(t, body)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var out api.VersionResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out.Data
}

// lfHash is the content hash contenthash.OfRequest gives body.
func lfHash(t *testing.T, body string) string {
	t.Helper()
	var req api.CreateVersionRequest
	require.NoError(t, json.Unmarshal([]byte(body), &req))
	content, err := contenthash.OfRequest(&req)
	require.NoError(t, err)
	sum, err := contenthash.Sum(content)
	require.NoError(t, err)
	return sum
}
