package rendering

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/providers"
)

// frameVersion is a chat version in a release with a tool, a response schema, model
// parameters and metadata, whose metadata and tool hold text that looks like the frames'
// marks and that HTML escaping changes; its last message renders empty without a note.
const frameVersion = `{"slug":"weather","versionId":"7f1b08d8-f2fb-4b9d-8dce-4a533599b1fc","versionNumber":3,
 "environment":"production","contentHash":"h","systemPrompt":"","userTemplate":"",
 "messages":[{"role":"system","content":"You answer <weather> & \"more\"."},
             {"role":"user","content":"Weather in {{city}}? {{note}}"},
             {"role":"system","content":"{{note}}"}],
 "model":"gpt-4o","temperature":0.2,"maxTokens":300,
 "metadata":{"mark":"promptops-content-0","warnings":["promptops:warnings"],"html":"<b>&</b>"},
 "modelParameters":{"topP":0.9},"partials":[],"provider":"openai",
 "release":{"id":"58259e66-56ef-4349-857b-36191285d2cd","variant":"candidate"},
 "responseFormat":{"type":"json_schema","jsonSchema":{"name":"answer","strict":true,
   "schema":{"type":"object","properties":{"summary":{"type":"string","description":"promptops:request"}},"required":["summary"]}}},
 "toolChoice":"auto",
 "tools":[{"type":"function","function":{"name":"get_weather","description":"<Current> weather",
   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}}],
 "variables":["city","note"],"variablesSchema":null}`

func frameLive(t testing.TB) *Live {
	t.Helper()
	var data api.ResolvedPrompt
	require.NoError(t, json.Unmarshal([]byte(frameVersion), &data))
	live, err := Parse(data)
	require.NoError(t, err)
	require.NoError(t, live.Finish(Partials{}, 1<<20))
	return live
}

var renderFormats = append([]api.RenderRequestFormat{api.RenderRequestFormatMessages}, func() (out []api.RenderRequestFormat) {
	for _, f := range providerFormats {
		out = append(out, api.RenderRequestFormat(f))
	}
	return out
}()...)

// sameAsGenerated renders variables in format and requires the framed response to be the
// bytes the generated handler's encoder writes for the same data, with the same headers
// (Content-Length aside, which the frame sets and net/http otherwise works out).
func sameAsGenerated(t *testing.T, live *Live, format api.RenderRequestFormat, variables map[string]any) {
	t.Helper()
	out, err := live.Render(api.RenderRequest{Variables: &variables, Format: &format}, 1<<20)
	require.NoError(t, err)
	require.Empty(t, out.Problems)
	framed := httptest.NewRecorder()
	require.NoError(t, out.Response.VisitRenderPromptResponse(framed))

	data, ok := RenderedData(out.Response)
	require.True(t, ok)
	require.Equal(t, api.RenderedPromptFormat(format), data.Format)
	if format != api.RenderRequestFormatMessages {
		// The provider's body, framed unless a message is empty, is providers.Request's.
		call := live.call
		for _, m := range data.Messages {
			call.Messages = append(call.Messages, providers.Message{Role: string(m.Role), Content: m.Content})
		}
		want, err := providers.Request(string(format), call)
		require.NoError(t, err)
		require.Equal(t, string(want), string(*data.Request))
		empty := slices.ContainsFunc(data.Messages, func(m api.ChatMessage) bool { return m.Content == "" })
		require.Equal(t, empty, out.Response.(renderedResponse).request != nil, "framed unless a message is empty")
	}
	general := httptest.NewRecorder()
	require.NoError(t, api.RenderPrompt200JSONResponse{Body: api.RenderedPromptResponse{Data: data},
		Headers: api.RenderPrompt200ResponseHeaders{PromptOpsRelease: &live.releaseHeader[0]}}.VisitRenderPromptResponse(general))

	require.Equal(t, general.Code, framed.Code)
	require.Equal(t, general.Body.String(), framed.Body.String(), "%s %q", format, variables)
	require.Equal(t, []string{strconv.Itoa(framed.Body.Len())}, framed.Header()["Content-Length"])
	framed.Header().Del("Content-Length")
	require.Equal(t, general.Header(), framed.Header())
}

// TestRenderFrames: in every format, a framed render answers the bytes the generated
// handler would write for the same data.
func TestRenderFrames(t *testing.T) {
	t.Parallel()
	live := frameLive(t)
	for _, format := range renderFormats {
		for _, variables := range []map[string]any{
			{"city": "Lyon", "note": ""},
			{"city": "<Paris> & \"Nice\"", "note": "line\nbreak\ttab \u2028\u2029 \x01 \xff é 🎉"},
			{"city": 12.5, "note": []any{"a", map[string]any{"b": true}}, "unused": "x"},
		} {
			sameAsGenerated(t, live, format, variables)
		}
	}
}

// FuzzRenderFrames: whatever the variables, a framed render in any format is the
// generated handler's bytes.
func FuzzRenderFrames(f *testing.F) {
	f.Add(uint8(0), "Lyon", "")
	f.Add(uint8(1), "<b>", "\u2028\xff\"")
	f.Add(uint8(3), "promptops-content-0", `["promptops:warnings"]`)
	live := frameLive(f)
	f.Fuzz(func(t *testing.T, format uint8, city, note string) {
		sameAsGenerated(t, live, renderFormats[int(format)%len(renderFormats)], map[string]any{"city": city, "note": note})
	})
}
