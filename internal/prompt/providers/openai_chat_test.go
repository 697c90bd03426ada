package providers

import (
	"encoding/json"
	"math"
	"testing"
)

func TestOpenAIChat(t *testing.T) {
	t.Parallel()

	const base = `"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":0.7`
	withTool := func(c *Call) { c.Tools = []Tool{{Name: "lookup"}} }
	const tool = `"tools":[{"type":"function","function":{"name":"lookup"}}]`

	runMappings(t, FormatOpenAIChat, map[string]mappingCase{
		"Minimal": {nil, `{` + base + `}`},
		"TemperatureZeroIsSent": {func(c *Call) { c.Temperature = 0 },
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":0}`},
		"TemperatureTwo": {func(c *Call) { c.Temperature = 2 },
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"temperature":2}`},
		"RolesAsGiven": {func(c *Call) {
			c.Messages = []Message{
				{Role: RoleSystem, Content: "sys"},
				{Role: RoleDeveloper, Content: "dev"},
				{Role: RoleUser, Content: "u1"},
				{Role: RoleAssistant, Content: "a1"},
				{Role: RoleSystem, Content: "late"},
				{Role: RoleUser, Content: ""},
			}
		}, `{"model":"gpt-4o","messages":[
			{"role":"system","content":"sys"},{"role":"developer","content":"dev"},
			{"role":"user","content":"u1"},{"role":"assistant","content":"a1"},
			{"role":"system","content":"late"},{"role":"user","content":""}],"temperature":0.7}`},
		"MaxTokensIsMaxCompletionTokens": {func(c *Call) { c.MaxTokens = new(256) },
			`{` + base + `,"max_completion_tokens":256}`},
		"TopP":             {func(c *Call) { c.Parameters.TopP = new(0.25) }, `{` + base + `,"top_p":0.25}`},
		"TopPZeroIsSent":   {func(c *Call) { c.Parameters.TopP = new(0.0) }, `{` + base + `,"top_p":0}`},
		"StopOne":          {func(c *Call) { c.Parameters.Stop = []string{"END"} }, `{` + base + `,"stop":["END"]}`},
		"StopFour":         {func(c *Call) { c.Parameters.Stop = []string{"a", "b", "c", "d"} }, `{` + base + `,"stop":["a","b","c","d"]}`},
		"StopEmptyIsUnset": {func(c *Call) { c.Parameters.Stop = []string{} }, `{` + base + `}`},
		"PresencePenalty":  {func(c *Call) { c.Parameters.PresencePenalty = new(-1.5) }, `{` + base + `,"presence_penalty":-1.5}`},
		"FrequencyPenalty": {func(c *Call) { c.Parameters.FrequencyPenalty = new(0.5) },
			`{` + base + `,"frequency_penalty":0.5}`},
		"PenaltiesZeroAreSent": {func(c *Call) {
			c.Parameters.PresencePenalty, c.Parameters.FrequencyPenalty = new(0.0), new(0.0)
		}, `{` + base + `,"presence_penalty":0,"frequency_penalty":0}`},
		"Seed":             {func(c *Call) { c.Parameters.Seed = new(42) }, `{` + base + `,"seed":42}`},
		"SeedZeroIsSent":   {func(c *Call) { c.Parameters.Seed = new(0) }, `{` + base + `,"seed":0}`},
		"ReasoningMinimal": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningMinimal }, `{` + base + `,"reasoning_effort":"minimal"}`},
		"ReasoningHigh":    {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningHigh }, `{` + base + `,"reasoning_effort":"high"}`},
		"ToolMinimal":      {withTool, `{` + base + `,` + tool + `}`},
		"ToolNullParametersAreOmitted": {func(c *Call) {
			c.Tools = []Tool{{Name: "lookup", Parameters: json.RawMessage(" null ")}}
		}, `{` + base + `,` + tool + `}`},
		"ToolFull": {func(c *Call) {
			c.Tools = []Tool{{
				Name: "get_weather", Description: "Weather for a city", Strict: new(true),
				Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}`),
			}}
		}, `{` + base + `,"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
			"parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false},
			"strict":true}}]}`},
		"ToolStrictFalseIsSent": {func(c *Call) { c.Tools = []Tool{{Name: "lookup", Strict: new(false)}} },
			`{` + base + `,"tools":[{"type":"function","function":{"name":"lookup","strict":false}}]}`},
		"TwoToolsInOrder": {func(c *Call) { c.Tools = []Tool{{Name: "b"}, {Name: "a"}} },
			`{` + base + `,"tools":[{"type":"function","function":{"name":"b"}},{"type":"function","function":{"name":"a"}}]}`},
		"ToolChoiceAuto": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceAuto} },
			`{` + base + `,` + tool + `,"tool_choice":"auto"}`},
		"ToolChoiceNone": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceNone} },
			`{` + base + `,` + tool + `,"tool_choice":"none"}`},
		"ToolChoiceRequired": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceRequired} },
			`{` + base + `,` + tool + `,"tool_choice":"required"}`},
		"ToolChoiceFunction": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Function: "lookup"} },
			`{` + base + `,` + tool + `,"tool_choice":{"type":"function","function":{"name":"lookup"}}}`},
		"ResponseFormatText": {func(c *Call) { c.ResponseFormat = &ResponseFormat{Type: ResponseFormatText} },
			`{` + base + `,"response_format":{"type":"text"}}`},
		"ResponseFormatJSONObject": {func(c *Call) { c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONObject} },
			`{` + base + `,"response_format":{"type":"json_object"}}`},
		"ResponseFormatJSONSchemaFull": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{
				Name: "answer", Description: "The answer", Strict: new(true),
				Schema: json.RawMessage(`{"type":"object","properties":{"a":{"type":"string"}}}`),
			}}
		}, `{` + base + `,"response_format":{"type":"json_schema","json_schema":{"name":"answer","description":"The answer",
			"schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}}}`},
		"ResponseFormatJSONSchemaStrictFalse": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{
				Name: "answer", Strict: new(false), Schema: json.RawMessage(`{"type":"object"}`),
			}}
		}, `{` + base + `,"response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":false}}}`},
		"ResponseFormatJSONSchemaWithoutSchema": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{Name: "answer"}}
		}, `{` + base + `,"response_format":{"type":"json_schema","json_schema":{"name":"answer"}}}`},
		"Everything": {func(c *Call) {
			c.Model = "o4-mini"
			c.Temperature = 1
			c.MaxTokens = new(1000)
			c.Messages = []Message{{Role: RoleDeveloper, Content: "Be brief."}, {Role: RoleUser, Content: "Weather?"}}
			c.Parameters = Parameters{
				TopP: new(0.9), Stop: []string{"\n\n"}, PresencePenalty: new(0.1), FrequencyPenalty: new(0.2),
				Seed: new(7), ReasoningEffort: ReasoningMedium,
			}
			c.Tools = []Tool{{Name: "weather", Parameters: json.RawMessage(`{"type":"object"}`)}}
			c.ToolChoice = &ToolChoice{Mode: ToolChoiceRequired}
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONObject}
			c.Metadata = map[string]any{"author": "team-ai"}
		}, `{"model":"o4-mini","messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Weather?"}],
			"temperature":1,"max_completion_tokens":1000,"top_p":0.9,"stop":["\n\n"],"presence_penalty":0.1,
			"frequency_penalty":0.2,"seed":7,"reasoning_effort":"medium",
			"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}],
			"tool_choice":"required","response_format":{"type":"json_object"}}`},
	})
}

func TestOpenAIChatRefusals(t *testing.T) {
	t.Parallel()

	runRefusals(t, FormatOpenAIChat, map[string]refusalCase{
		"TemperatureAboveTwo": {func(c *Call) { c.Temperature = 2.5 }, []string{"/temperature"}},
		"TemperatureNegative": {func(c *Call) { c.Temperature = -0.1 }, []string{"/temperature"}},
		"MoreThanFourStops":   {func(c *Call) { c.Parameters.Stop = []string{"a", "b", "c", "d", "e"} }, []string{"/modelParameters/stop"}},
		"JSONSchemaWithoutName": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{Schema: json.RawMessage(`{}`)}}
		}, []string{"/responseFormat/jsonSchema/name"}},
		"NonFinitePenalties": {func(c *Call) {
			c.Parameters.PresencePenalty = new(math.Inf(-1))
			c.Parameters.FrequencyPenalty = new(math.NaN())
		}, []string{"/modelParameters/presencePenalty", "/modelParameters/frequencyPenalty"}},
		"CommonAndOwn": {func(c *Call) {
			c.Model = ""
			c.Temperature = 3
		}, []string{"/model", "/temperature"}},
	})
}
