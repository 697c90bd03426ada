package providers

import (
	"encoding/json"
	"testing"
)

func TestOpenAIResponses(t *testing.T) {
	t.Parallel()

	const base = `"model":"gpt-4o","input":[{"role":"user","content":"Hi"}],"temperature":0.7`
	withTool := func(c *Call) { c.Tools = []Tool{{Name: "lookup"}} }
	const tool = `"tools":[{"type":"function","name":"lookup","parameters":null,"strict":false}]`

	runMappings(t, FormatOpenAIResponses, map[string]mappingCase{
		"Minimal": {nil, `{` + base + `}`},
		"TemperatureZeroIsSent": {func(c *Call) { c.Temperature = 0 },
			`{"model":"gpt-4o","input":[{"role":"user","content":"Hi"}],"temperature":0}`},
		"EveryRoleStaysInInput": {func(c *Call) {
			c.Messages = []Message{
				{Role: RoleSystem, Content: "sys"},
				{Role: RoleDeveloper, Content: "dev"},
				{Role: RoleUser, Content: "u1"},
				{Role: RoleAssistant, Content: "a1"},
				{Role: RoleDeveloper, Content: "late"},
				{Role: RoleUser, Content: "u2"},
			}
		}, `{"model":"gpt-4o","input":[
			{"role":"system","content":"sys"},{"role":"developer","content":"dev"},
			{"role":"user","content":"u1"},{"role":"assistant","content":"a1"},
			{"role":"developer","content":"late"},{"role":"user","content":"u2"}],"temperature":0.7}`},
		"MaxTokensIsMaxOutputTokens": {func(c *Call) { c.MaxTokens = new(64) }, `{` + base + `,"max_output_tokens":64}`},
		"TopP":                       {func(c *Call) { c.Parameters.TopP = new(0.5) }, `{` + base + `,"top_p":0.5}`},
		"StopEmptyIsUnset":           {func(c *Call) { c.Parameters.Stop = []string{} }, `{` + base + `}`},
		"ReasoningMinimal": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningMinimal },
			`{` + base + `,"reasoning":{"effort":"minimal"}}`},
		"ReasoningLow": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningLow },
			`{` + base + `,"reasoning":{"effort":"low"}}`},
		"ToolWithoutParametersOrStrict": {withTool, `{` + base + `,` + tool + `}`},
		"ToolFull": {func(c *Call) {
			c.Tools = []Tool{{
				Name: "get_weather", Description: "Weather for a city", Strict: new(true),
				Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}}}`),
			}}
		}, `{` + base + `,"tools":[{"type":"function","name":"get_weather","description":"Weather for a city",
			"parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}]}`},
		"ToolStrictFalse": {func(c *Call) {
			c.Tools = []Tool{{Name: "lookup", Strict: new(false), Parameters: json.RawMessage(`{"type":"object"}`)}}
		}, `{` + base + `,"tools":[{"type":"function","name":"lookup","parameters":{"type":"object"},"strict":false}]}`},
		"ToolChoiceAuto": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceAuto} },
			`{` + base + `,` + tool + `,"tool_choice":"auto"}`},
		"ToolChoiceNone": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceNone} },
			`{` + base + `,` + tool + `,"tool_choice":"none"}`},
		"ToolChoiceRequired": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceRequired} },
			`{` + base + `,` + tool + `,"tool_choice":"required"}`},
		"ToolChoiceFunction": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Function: "lookup"} },
			`{` + base + `,` + tool + `,"tool_choice":{"type":"function","name":"lookup"}}`},
		"TextFormatText": {func(c *Call) { c.ResponseFormat = &ResponseFormat{Type: ResponseFormatText} },
			`{` + base + `,"text":{"format":{"type":"text"}}}`},
		"TextFormatJSONObject": {func(c *Call) { c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONObject} },
			`{` + base + `,"text":{"format":{"type":"json_object"}}}`},
		"TextFormatJSONSchemaFull": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{
				Name: "answer", Description: "The answer", Strict: new(true),
				Schema: json.RawMessage(`{"type":"object","properties":{"a":{"type":"string"}}}`),
			}}
		}, `{` + base + `,"text":{"format":{"type":"json_schema","name":"answer","description":"The answer",
			"schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}}}`},
		"TextFormatJSONSchemaMinimal": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{
				Name: "answer", Schema: json.RawMessage(`{"type":"object"}`),
			}}
		}, `{` + base + `,"text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"}}}}`},
		"Everything": {func(c *Call) {
			c.Model = "gpt-5"
			c.Temperature = 1
			c.MaxTokens = new(2000)
			c.Messages = []Message{{Role: RoleSystem, Content: "Be brief."}, {Role: RoleUser, Content: "Weather?"}}
			c.Parameters = Parameters{TopP: new(1.0), ReasoningEffort: ReasoningHigh}
			c.Tools = []Tool{{Name: "weather", Parameters: json.RawMessage(`{"type":"object"}`), Strict: new(true)}}
			c.ToolChoice = &ToolChoice{Function: "weather"}
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatText}
			c.Metadata = map[string]any{"author": "team-ai"}
		}, `{"model":"gpt-5","input":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather?"}],
			"temperature":1,"top_p":1,"max_output_tokens":2000,
			"tools":[{"type":"function","name":"weather","parameters":{"type":"object"},"strict":true}],
			"tool_choice":{"type":"function","name":"weather"},"text":{"format":{"type":"text"}},
			"reasoning":{"effort":"high"}}`},
	})
}

func TestOpenAIResponsesRefusals(t *testing.T) {
	t.Parallel()

	runRefusals(t, FormatOpenAIResponses, map[string]refusalCase{
		"Stop":             {func(c *Call) { c.Parameters.Stop = []string{"END"} }, []string{"/modelParameters/stop"}},
		"PresencePenalty":  {func(c *Call) { c.Parameters.PresencePenalty = new(0.0) }, []string{"/modelParameters/presencePenalty"}},
		"FrequencyPenalty": {func(c *Call) { c.Parameters.FrequencyPenalty = new(1.0) }, []string{"/modelParameters/frequencyPenalty"}},
		"Seed":             {func(c *Call) { c.Parameters.Seed = new(0) }, []string{"/modelParameters/seed"}},
		"AllFourAtOnce": {func(c *Call) {
			c.Parameters = Parameters{Stop: []string{"x"}, PresencePenalty: new(1.0), FrequencyPenalty: new(1.0), Seed: new(1)}
		}, []string{"/modelParameters/stop", "/modelParameters/presencePenalty", "/modelParameters/frequencyPenalty", "/modelParameters/seed"}},
		"TemperatureAboveTwo": {func(c *Call) { c.Temperature = 2.01 }, []string{"/temperature"}},
		"JSONSchemaWithoutName": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{Schema: json.RawMessage(`{}`)}}
		}, []string{"/responseFormat/jsonSchema/name"}},
		"JSONSchemaWithoutSchema": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{Name: "x", Schema: json.RawMessage(`null`)}}
		}, []string{"/responseFormat/jsonSchema/schema"}},
	})
}
