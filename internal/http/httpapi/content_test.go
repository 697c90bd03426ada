package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// chatVersion is a version holding a whole call: a system, a few-shot pair and a user
// message, one tool, a named tool choice, a JSON-schema response format, model parameters,
// a provider and a variables schema.
const chatVersion = `{
  "messages": [
    {"role": "system", "content": "You answer weather questions."},
    {"role": "developer", "content": "Use the tool for live data."},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "Sunny, 21°C."},
    {"role": "user", "content": "Weather in {{city}}?"}
  ],
  "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}, "strict": true}}],
  "toolChoice": {"type": "function", "function": {"name": "get_weather"}},
  "responseFormat": {"type": "json_schema", "jsonSchema": {"name": "weather", "strict": true,
    "schema": {"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]}}},
  "modelParameters": {"topP": 0.9, "stop": ["END"], "seed": 7, "reasoningEffort": "low"},
  "provider": "openai",
  "model": "gpt-4o", "temperature": 0.2, "maxTokens": 300,
  "variablesSchema": {"type": "object", "properties": {"city": {"type": "string", "minLength": 2}}, "required": ["city"]}
}`

type contentBundle struct {
	env    *apitest.Env
	p      *apitest.Project
	prompt api.Prompt
}

func setupContent(t *testing.T) *contentBundle {
	t.Helper()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	return &contentBundle{env: env, p: p, prompt: env.NewPrompt(p, "weather")}
}

// createRaw posts a version body as written and returns the response.
func (b *contentBundle) createRaw(t *testing.T, body string) *http.Response {
	t.Helper()
	return b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts/"+b.prompt.Id.String()+"/versions", b.p.Key, "application/json", body))
}

func (b *contentBundle) createChat(t *testing.T) api.Version {
	t.Helper()
	resp := b.createRaw(t, chatVersion)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var out api.VersionResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out.Data
}

func TestVersionContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		created := b.createChat(t)
		require.Len(t, created.Messages, 5)
		require.Equal(t, api.MessageRoleDeveloper, created.Messages[1].Role)
		require.Equal(t, "get_weather", created.Tools[0].Function.Name)
		require.JSONEq(t, `{"type":"function","function":{"name":"get_weather"}}`, string(*created.ToolChoice))
		rf := created.ResponseFormat.MustGet()
		require.Equal(t, api.ResponseFormatTypeJsonSchema, rf.Type)
		require.JSONEq(t, `{"type":"object","properties":{"summary":{"type":"string"}},"required":["summary"]}`, string(rf.JsonSchema.Schema))
		require.Equal(t, 0.9, *created.ModelParameters.TopP)
		require.Equal(t, int64(7), *created.ModelParameters.Seed)
		require.Equal(t, "openai", created.Provider.MustGet())
		require.Equal(t, []string{"city"}, created.Variables)
		require.True(t, strings.HasPrefix(created.ContentHash, "sha256:"))

		got, err := b.p.Client.GetVersionWithResponse(ctx, b.prompt.Id.String(), created.Id.String())
		require.NoError(t, err)
		require.Equal(t, created, got.JSON200.Data)
		list, err := b.p.Client.ListVersionsWithResponse(ctx, b.prompt.Id.String(), nil)
		require.NoError(t, err)
		require.Equal(t, created, list.JSON200.Data[0])

		resolved, err := b.p.Client.ResolvePromptWithResponse(ctx, "weather", nil)
		require.NoError(t, err)
		r := resolved.JSON200.Data
		require.Equal(t, created.Messages, r.Messages)
		require.Equal(t, created.Tools, r.Tools)
		require.Equal(t, created.ContentHash, r.ContentHash)
		require.Equal(t, created.ModelParameters, r.ModelParameters)
		require.Empty(t, r.Partials)
	})

	t.Run("BothViews", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		created := b.createChat(t)
		require.Equal(t, "You answer weather questions.\n\nUse the tool for live data.", created.SystemPrompt)
		require.Equal(t, "Weather in {{city}}?", created.UserTemplate, "the last user message")

		reference := b.env.NewVersion(b.p, b.prompt.Id, "Hello {{name}}")
		require.Equal(t, []api.Message{
			{Role: api.MessageRoleSystem, Content: "You are a helpful assistant."},
			{Role: api.MessageRoleUser, Content: "Hello {{name}}"},
		}, reference.Messages)
		require.Empty(t, reference.Tools)
		require.Nil(t, reference.ToolChoice)
		require.True(t, reference.ResponseFormat.IsNull())
		require.True(t, reference.Provider.IsNull())
		require.True(t, reference.VariablesSchema.IsNull())
	})

	t.Run("ContentHash", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		first, second := b.createChat(t), b.createChat(t)
		require.NotEqual(t, first.Id, second.Id)
		require.Equal(t, first.ContentHash, second.ContentHash, "the same content, the same hash")
		other := b.env.NewVersion(b.p, b.prompt.Id, "Hello")
		require.NotEqual(t, first.ContentHash, other.ContentHash)
		// Key order and spacing are not content.
		reordered := strings.Replace(chatVersion, `"topP": 0.9, "stop": ["END"]`, `"stop": ["END"],   "topP": 0.9`, 1)
		resp := b.createRaw(t, reordered)
		var out api.VersionResponse
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		require.Equal(t, first.ContentHash, out.Data.ContentHash)
	})

	for name, tc := range map[string]struct {
		body, field string
	}{
		"BothShapes":            {`{"systemPrompt":"s","userTemplate":"u","messages":[{"role":"user","content":"x"}]}`, "/messages"},
		"NeitherShape":          {`{"model":"gpt-4"}`, "/systemPrompt"},
		"BadTemplateInAMessage": {`{"messages":[{"role":"system","content":"ok"},{"role":"user","content":"hi {{ name"}]}`, "/messages/1/content"},
		"DuplicateToolNames": {`{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"a"}}]}`,
			"/tools/1/function/name"},
		"ToolChoiceNamesNoTool": {`{"messages":[{"role":"user","content":"x"}],"toolChoice":{"type":"function","function":{"name":"nope"}}}`, "/toolChoice/function/name"},
		"InvalidParametersSchema": {`{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a","parameters":{"type":"object","properties":{"q":{"type":"strng"}}}}}]}`,
			"/tools/0/function/parameters/properties/q/type"},
		"JSONSchemaMissing":      {`{"messages":[{"role":"user","content":"x"}],"responseFormat":{"type":"json_schema"}}`, "/responseFormat/jsonSchema"},
		"JSONSchemaWithText":     {`{"messages":[{"role":"user","content":"x"}],"responseFormat":{"type":"text","jsonSchema":{"name":"n","schema":{}}}}`, "/responseFormat/jsonSchema"},
		"InvalidResponseSchema":  {`{"messages":[{"role":"user","content":"x"}],"responseFormat":{"type":"json_schema","jsonSchema":{"name":"n","schema":{"minLength":-1}}}}`, "/responseFormat/jsonSchema/schema/minLength"},
		"InvalidVariablesSchema": {`{"messages":[{"role":"user","content":"x"}],"variablesSchema":{"required":"city"}}`, "/variablesSchema/required"},
		"UnknownRole":            {`{"messages":[{"role":"tool","content":"x"}]}`, "/messages/0/role"},
		"TooManyStops":           {`{"messages":[{"role":"user","content":"x"}],"modelParameters":{"stop":["a","b","c","d","e"]}}`, "/modelParameters/stop"},
	} {
		t.Run("Refused"+name, func(t *testing.T) {
			t.Parallel()
			b := setupContent(t)
			before := b.env.RowsOf(b.p)
			e := decodeError(t, b.createRaw(t, tc.body), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Contains(t, fieldNames(e), tc.field, e.Message)
			require.Equal(t, before, b.env.RowsOf(b.p))
		})
	}
}
