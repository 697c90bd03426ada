package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// render posts a render request as written and decodes a 200.
func (b *contentBundle) render(t *testing.T, body string) api.RenderedPrompt {
	t.Helper()
	resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts/weather/render", b.p.Key, "application/json", body))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out api.RenderedPromptResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out.Data
}

func (b *contentBundle) renderRefused(t *testing.T, body string) api.ErrorBody {
	t.Helper()
	resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/prompts/weather/render", b.p.Key, "application/json", body))
	return decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
}

// request decodes a provider request body.
func request(t *testing.T, r api.RenderedPrompt) map[string]any {
	t.Helper()
	require.NotNil(t, r.Request)
	var out map[string]any
	require.NoError(t, json.Unmarshal(*r.Request, &out))
	return out
}

func TestRenderContent(t *testing.T) {
	t.Parallel()

	t.Run("Messages", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		r := b.render(t, `{"variables":{"city":"Lyon"}}`)
		require.Equal(t, api.RenderedPromptFormatMessages, r.Format)
		require.Len(t, r.Messages, 5)
		require.Equal(t, api.ChatMessage{Role: api.ChatMessageRoleUser, Content: "Weather in Lyon?"}, r.Messages[4])
		require.Equal(t, api.ChatMessageRoleDeveloper, r.Messages[1].Role)
		require.Equal(t, "get_weather", r.Tools[0].Function.Name)
		require.JSONEq(t, `{"type":"function","function":{"name":"get_weather"}}`, string(*r.ToolChoice))
		require.Equal(t, api.ResponseFormatTypeJsonSchema, r.ResponseFormat.MustGet().Type)
		require.Equal(t, "low", string(*r.ModelParameters.ReasoningEffort))
		require.Empty(t, r.Warnings)
		require.Nil(t, r.Request)
	})

	t.Run("UnusedVariablesWarn", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		r := b.render(t, `{"variables":{"city":"Lyon","mood":"sunny"}}`)
		require.Equal(t, []string{`variable "mood" is not used by the templates`}, r.Warnings)
	})

	t.Run("VariablesSchemaChecked", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		e := b.renderRefused(t, `{"variables":{"city":"L"}}`)
		require.Equal(t, []string{"/variables/city"}, fieldNames(e))
		e = b.renderRefused(t, `{"variables":{"town":"Lyon"}}`)
		require.Contains(t, fieldNames(e), "/variables", "city is required by the schema")
	})

	t.Run("OpenAIChat", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		r := b.render(t, `{"variables":{"city":"Lyon"},"format":"openai-chat"}`)
		require.Equal(t, api.RenderedPromptFormatOpenaiChat, r.Format)
		req := request(t, r)
		require.Equal(t, "gpt-4o", req["model"])
		require.Equal(t, 0.2, req["temperature"])
		require.Equal(t, float64(300), req["max_completion_tokens"])
		require.Equal(t, 0.9, req["top_p"])
		require.Equal(t, []any{"END"}, req["stop"])
		require.Equal(t, float64(7), req["seed"])
		require.Equal(t, "low", req["reasoning_effort"])
		messages := req["messages"].([]any)
		require.Len(t, messages, 5)
		require.Equal(t, map[string]any{"role": "developer", "content": "Use the tool for live data."}, messages[1])
		require.Equal(t, map[string]any{"role": "user", "content": "Weather in Lyon?"}, messages[4])
		tool := req["tools"].([]any)[0].(map[string]any)
		require.Equal(t, "function", tool["type"])
		require.Equal(t, "get_weather", tool["function"].(map[string]any)["name"])
		require.Equal(t, true, tool["function"].(map[string]any)["strict"])
		require.Equal(t, map[string]any{"type": "function", "function": map[string]any{"name": "get_weather"}}, req["tool_choice"])
		rf := req["response_format"].(map[string]any)
		require.Equal(t, "json_schema", rf["type"])
		require.Equal(t, "weather", rf["json_schema"].(map[string]any)["name"])
		require.NotContains(t, req, "metadata")
	})

	t.Run("ProviderRefusesWhatItCannotSay", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		e := b.renderRefused(t, `{"variables":{"city":"Lyon"},"format":"openai-responses"}`)
		require.ElementsMatch(t, []string{"/modelParameters/seed", "/modelParameters/stop"}, fieldNames(e))
		e = b.renderRefused(t, `{"variables":{"city":"Lyon"},"format":"anthropic"}`)
		require.Contains(t, fieldNames(e), "/modelParameters/seed")
	})

	t.Run("AnthropicAndResponses", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		var body map[string]any
		require.NoError(t, json.Unmarshal([]byte(chatVersion), &body))
		body["modelParameters"] = map[string]any{"topP": 0.9, "reasoningEffort": "low"}
		raw, _ := json.Marshal(body)
		require.Equal(t, http.StatusCreated, b.createRaw(t, string(raw)).StatusCode)

		anthropic := request(t, b.render(t, `{"variables":{"city":"Lyon"},"format":"anthropic"}`))
		require.Equal(t, "You answer weather questions.\n\nUse the tool for live data.", anthropic["system"])
		require.Equal(t, float64(300), anthropic["max_tokens"])
		messages := anthropic["messages"].([]any)
		require.Len(t, messages, 3, "system and developer messages go to system")
		require.Equal(t, "assistant", messages[1].(map[string]any)["role"])
		tool := anthropic["tools"].([]any)[0].(map[string]any)
		require.Equal(t, "get_weather", tool["name"])
		require.Contains(t, tool, "input_schema")
		require.Equal(t, map[string]any{"type": "tool", "name": "get_weather"}, anthropic["tool_choice"])

		responses := request(t, b.render(t, `{"variables":{"city":"Lyon"},"format":"openai-responses"}`))
		require.Equal(t, float64(300), responses["max_output_tokens"])
		require.Equal(t, map[string]any{"effort": "low"}, responses["reasoning"])
		rtool := responses["tools"].([]any)[0].(map[string]any)
		require.Equal(t, "get_weather", rtool["name"], "tools are flat in the Responses API")
		require.Equal(t, "json_schema", responses["text"].(map[string]any)["format"].(map[string]any)["type"])
	})

	t.Run("ReferenceVersionAsProviderBody", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.env.NewVersion(b.p, b.prompt.Id, "Hello {{name}}")
		req := request(t, b.render(t, `{"variables":{"name":"Ada"},"format":"openai-chat"}`))
		require.Equal(t, []any{
			map[string]any{"role": "system", "content": "You are a helpful assistant."},
			map[string]any{"role": "user", "content": "Hello Ada"},
		}, req["messages"])
		require.NotContains(t, req, "tools")
	})
}

func TestDiffVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("AgainstThePreviousVersion", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.env.NewVersion(b.p, b.prompt.Id, "Weather in {{city}}?")
		v2 := b.createChat(t)
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), v2.Id.String(), nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		d := resp.JSON200.Data
		require.True(t, d.Changed)
		require.Equal(t, 1, d.AgainstVersionNumber.MustGet())
		fields := map[string]api.FieldDiff{}
		for _, f := range d.Fields {
			fields[f.Field] = f
		}
		require.NotContains(t, fields, "systemPrompt", "a conversation lists its messages, not their legacy views")
		require.NotContains(t, fields, "userTemplate")
		require.Equal(t, api.FieldDiffStatusModified, *fields["messages/0"].Status, "the system message paired with its counterpart")
		require.Equal(t, 0, *fields["messages/0"].OldIndex)
		for _, name := range []string{"messages/1", "messages/2", "messages/3"} {
			require.Equal(t, api.FieldDiffStatusAdded, *fields[name].Status, name)
		}
		require.Equal(t, api.FieldDiffStatusUnchanged, *fields["messages/4"].Status, "the same question, moved down")
		require.Equal(t, 1, *fields["messages/4"].OldIndex)
		require.False(t, fields["messages/4"].Changed)
		require.True(t, fields["tools"].Changed)
		require.Equal(t, api.PointerChangeOpAdd, *(*fields["tools"].Changes)[0].Op)
		require.JSONEq(t, `0.7`, string(*fields["temperature"].Old))
		require.JSONEq(t, `0.2`, string(*fields["temperature"].New))
	})

	t.Run("InsertedMessageIsOneInsertionWithWordMarks", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		inserted := strings.Replace(chatVersion, `{"role": "assistant", "content": "Sunny, 21°C."},`,
			`{"role": "assistant", "content": "Sunny, 21°C."}, {"role": "user", "content": "Weather in Oslo?"}, {"role": "assistant", "content": "Rain, 9°C."},`, 1)
		inserted = strings.Replace(inserted, "Use the tool for live data.", "Always use the tool for live data.", 1)
		v2 := b.createRaw(t, inserted)
		require.Equal(t, http.StatusCreated, v2.StatusCode)
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), "2", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		var statuses []string
		for _, f := range resp.JSON200.Data.Fields {
			if f.Status != nil {
				statuses = append(statuses, f.Field+" "+string(*f.Status))
			}
		}
		require.Equal(t, []string{"messages/0 unchanged", "messages/1 modified", "messages/2 unchanged", "messages/3 unchanged",
			"messages/4 added", "messages/5 added", "messages/6 unchanged"}, statuses)
		developer := resp.JSON200.Data.Fields[1]
		require.Equal(t, []api.DiffLine{{
			Kind: api.DiffLineKindChanged, OldLine: new(1), NewLine: new(1),
			Old: []api.DiffSpan{{Text: "Use", Changed: true}, {Text: " the tool for live data."}},
			New: []api.DiffSpan{{Text: "Always use", Changed: true}, {Text: " the tool for live data."}},
		}}, *developer.Lines)
	})

	t.Run("ReferenceVersionsListTheirViews", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.env.NewVersion(b.p, b.prompt.Id, "Weather in {{city}}?")
		v2 := b.env.NewVersion(b.p, b.prompt.Id, "Weather in {{city}} today?")
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), v2.Id.String(), nil)
		require.NoError(t, err)
		var names []string
		for _, f := range resp.JSON200.Data.Fields {
			names = append(names, f.Field)
			if f.Field == "userTemplate" {
				require.Equal(t, []api.DiffSpan{{Text: "Weather in {{city}}"}, {Text: " today", Changed: true}, {Text: "?"}}, (*f.Lines)[0].New)
			}
		}
		require.Equal(t, []string{"systemPrompt", "userTemplate", "model", "temperature", "maxTokens", "provider", "tools",
			"toolChoice", "responseFormat", "modelParameters", "variablesSchema", "metadata"}, names)
	})

	t.Run("RemovedMessageNamedByItsOldIndex", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		removed := strings.Replace(chatVersion, `{"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "Sunny, 21°C."},`, "", 1)
		require.Equal(t, http.StatusCreated, b.createRaw(t, removed).StatusCode)
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), "2", nil)
		require.NoError(t, err)
		f := resp.JSON200.Data.Fields[2]
		require.Equal(t, "a/messages/2", f.Field)
		require.Equal(t, api.FieldDiffStatusRemoved, *f.Status)
		require.Nil(t, f.NewIndex)
		require.Equal(t, "user", *f.OldRole)
	})

	t.Run("SameContent", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		b.createChat(t)
		v2 := b.createChat(t)
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), v2.Id.String(), nil)
		require.NoError(t, err)
		require.False(t, resp.JSON200.Data.Changed)
	})

	t.Run("FirstVersionAgainstNothing", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		v1 := b.createChat(t)
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), v1.Id.String(), nil)
		require.NoError(t, err)
		require.True(t, resp.JSON200.Data.AgainstVersionId.IsNull())
		require.True(t, resp.JSON200.Data.Changed)
	})

	t.Run("AgainstAnotherPromptsVersion", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		v1 := b.createChat(t)
		other := b.env.NewPrompt(b.p, "other")
		ov := b.env.NewVersion(b.p, other.Id, "x")
		resp, err := b.p.Client.DiffVersionWithResponse(ctx, b.prompt.Id.String(), v1.Id.String(), &api.DiffVersionParams{Against: new(ov.Id.String())})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})
}

func TestPromptsBySlugAndTags(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("SlugInPlaceOfID", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		got, err := b.p.Client.GetPromptWithResponse(ctx, "weather")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, got.StatusCode())
		require.Equal(t, b.prompt.Id, got.JSON200.Data.Id)
		updated, err := b.p.Client.UpdatePromptWithResponse(ctx, "weather", api.UpdatePromptRequest{Name: new("Weather")})
		require.NoError(t, err)
		require.Equal(t, "Weather", updated.JSON200.Data.Name)
		missing, err := b.p.Client.GetPromptWithResponse(ctx, "no-such-prompt")
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, missing.StatusCode())
		deleted, err := b.p.Client.DeletePromptWithResponse(ctx, "weather")
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, deleted.StatusCode())
	})

	t.Run("UUIDShapedSlugRefused", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "123e4567-e89b-12d3-a456-426614174000", Name: "n"})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, "/slug", (*resp.JSON400.Error.Details.Fields)[0].Field)
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("Tags", func(t *testing.T) {
		t.Parallel()
		b := setupContent(t)
		require.Empty(t, b.prompt.Tags)
		tagged, err := b.p.Client.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "tagged", Name: "t", Tags: &[]string{"support", "v2"}})
		require.NoError(t, err)
		require.Equal(t, []string{"support", "v2"}, tagged.JSON201.Data.Tags)
		list, err := b.p.Client.ListPromptsWithResponse(ctx, &api.ListPromptsParams{Tag: new("support")})
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, 1)
		require.Equal(t, "tagged", list.JSON200.Data[0].Slug)
		updated, err := b.p.Client.UpdatePromptWithResponse(ctx, "weather", api.UpdatePromptRequest{Tags: &[]string{"support"}})
		require.NoError(t, err)
		require.Equal(t, []string{"support"}, updated.JSON200.Data.Tags)
		list, err = b.p.Client.ListPromptsWithResponse(ctx, &api.ListPromptsParams{Tag: new("support")})
		require.NoError(t, err)
		require.Len(t, list.JSON200.Data, 2)
	})
}

// TestRenderModelWarning: a render for one provider's format of a version whose model is
// the other provider's is done as written, with a warning naming the model and the
// format; a model of the format's provider, or one the rule does not know, warns nothing.
func TestRenderModelWarning(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		model, format string
		warnings      []string
	}{
		"OpenAIModelForAnthropic":    {"gpt-4", "anthropic", []string{"model gpt-4 is an OpenAI model; rendered for anthropic as written"}},
		"ReasoningModelForAnthropic": {"o3-mini", "anthropic", []string{"model o3-mini is an OpenAI model; rendered for anthropic as written"}},
		"ClaudeForOpenAIChat":        {"claude-sonnet-4-5", "openai-chat", []string{"model claude-sonnet-4-5 is an Anthropic model; rendered for openai-chat as written"}},
		"ClaudeForOpenAIResponses":   {"claude-3-5-haiku-latest", "openai-responses", []string{"model claude-3-5-haiku-latest is an Anthropic model; rendered for openai-responses as written"}},
		"ClaudeForAnthropic":         {"claude-sonnet-4-5", "anthropic", []string{}},
		"OpenAIModelForOpenAIChat":   {"chatgpt-4o-latest", "openai-chat", []string{}},
		"UnknownModel":               {"llama-3.1-70b", "anthropic", []string{}},
		"MessagesFormat":             {"claude-sonnet-4-5", "messages", []string{}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setupContent(t)
			created := b.createRaw(t, `{"systemPrompt": "Be brief.", "userTemplate": "Weather in {{city}}?", "model": "`+c.model+`"}`)
			require.Equal(t, http.StatusCreated, created.StatusCode)
			r := b.render(t, `{"variables":{"city":"Lyon"},"format":"`+c.format+`"}`)
			require.Equal(t, c.warnings, r.Warnings)
			if c.format != "messages" {
				require.Equal(t, c.model, request(t, r)["model"], "the model is sent as written")
			}
		})
	}
}
