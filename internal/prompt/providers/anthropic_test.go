package providers

import (
	"encoding/json"
	"testing"
)

func TestAnthropic(t *testing.T) {
	t.Parallel()

	const base = `"model":"gpt-4o","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],"temperature":0.7`
	withTool := func(c *Call) { c.Tools = []Tool{{Name: "lookup"}} }
	const tool = `"tools":[{"name":"lookup","input_schema":{"type":"object"}}]`
	schema := func(c *Call, s JSONSchema) {
		c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &s}
	}

	runMappings(t, FormatAnthropic, map[string]mappingCase{
		"MinimalHasDefaultMaxTokens": {nil, `{` + base + `}`},
		"MaxTokens": {func(c *Call) { c.MaxTokens = new(1) },
			`{"model":"gpt-4o","max_tokens":1,"messages":[{"role":"user","content":"Hi"}],"temperature":0.7}`},
		"TemperatureZeroIsSent": {func(c *Call) { c.Temperature = 0 },
			`{"model":"gpt-4o","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],"temperature":0}`},
		"TemperatureOne": {func(c *Call) { c.Temperature = 1 },
			`{"model":"gpt-4o","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],"temperature":1}`},
		"SystemAndDeveloperJoinedByABlankLine": {func(c *Call) {
			c.Messages = []Message{
				{Role: RoleSystem, Content: "You are terse."},
				{Role: RoleDeveloper, Content: "Answer in French."},
				{Role: RoleUser, Content: "u1"},
				{Role: RoleAssistant, Content: "a1"},
				{Role: RoleSystem, Content: "Late rule."},
				{Role: RoleUser, Content: "u2"},
			}
		}, `{"model":"gpt-4o","max_tokens":4096,"system":"You are terse.\n\nAnswer in French.\n\nLate rule.",
			"messages":[{"role":"user","content":"u1"},{"role":"assistant","content":"a1"},{"role":"user","content":"u2"}],
			"temperature":0.7}`},
		"EmptySystemMessagesAddNothing": {func(c *Call) {
			c.Messages = []Message{{Role: RoleSystem, Content: ""}, {Role: RoleDeveloper, Content: "D"}, {Role: RoleUser, Content: "U"}}
		}, `{"model":"gpt-4o","max_tokens":4096,"system":"D","messages":[{"role":"user","content":"U"}],"temperature":0.7}`},
		"OnlyEmptySystemMessagesMeanNoSystem": {func(c *Call) {
			c.Messages = []Message{{Role: RoleSystem, Content: ""}, {Role: RoleUser, Content: "U"}}
		}, `{"model":"gpt-4o","max_tokens":4096,"messages":[{"role":"user","content":"U"}],"temperature":0.7}`},
		"AssistantFirstIsSentAsIs": {func(c *Call) {
			c.Messages = []Message{
				{Role: RoleSystem, Content: "S"},
				{Role: RoleAssistant, Content: "How can I help?"},
				{Role: RoleUser, Content: "Sky colour?"},
			}
		}, `{"model":"gpt-4o","max_tokens":4096,"system":"S",
			"messages":[{"role":"assistant","content":"How can I help?"},{"role":"user","content":"Sky colour?"}],"temperature":0.7}`},
		"FinalAssistantPrefill": {func(c *Call) {
			c.Messages = append(c.Messages, Message{Role: RoleAssistant, Content: "The answer is ("})
		}, `{"model":"gpt-4o","max_tokens":4096,
			"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"The answer is ("}],"temperature":0.7}`},
		"TopP":             {func(c *Call) { c.Parameters.TopP = new(0.8) }, `{` + base + `,"top_p":0.8}`},
		"StopSequences":    {func(c *Call) { c.Parameters.Stop = []string{"a", "b", "c", "d", "e"} }, `{` + base + `,"stop_sequences":["a","b","c","d","e"]}`},
		"StopEmptyIsUnset": {func(c *Call) { c.Parameters.Stop = []string{} }, `{` + base + `}`},
		"ReasoningLowIsEffort": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningLow },
			`{` + base + `,"output_config":{"effort":"low"}}`},
		"ReasoningMediumIsEffort": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningMedium },
			`{` + base + `,"output_config":{"effort":"medium"}}`},
		"ReasoningHighIsEffort": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningHigh },
			`{` + base + `,"output_config":{"effort":"high"}}`},
		"ToolWithoutParametersGetsAnObjectSchema": {withTool, `{` + base + `,` + tool + `}`},
		"ToolNullParametersGetAnObjectSchema": {func(c *Call) { c.Tools = []Tool{{Name: "lookup", Parameters: json.RawMessage("null")}} },
			`{` + base + `,` + tool + `}`},
		"ToolFull": {func(c *Call) {
			c.Tools = []Tool{{
				Name: "get_weather", Description: "Weather for a city", Strict: new(true),
				Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`),
			}}
		}, `{` + base + `,"tools":[{"name":"get_weather","description":"Weather for a city",
			"input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}]}`},
		"ToolStrictFalseIsSent": {func(c *Call) { c.Tools = []Tool{{Name: "lookup", Strict: new(false)}} },
			`{` + base + `,"tools":[{"name":"lookup","input_schema":{"type":"object"},"strict":false}]}`},
		"ToolChoiceAuto": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceAuto} },
			`{` + base + `,` + tool + `,"tool_choice":{"type":"auto"}}`},
		"ToolChoiceNone": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceNone} },
			`{` + base + `,` + tool + `,"tool_choice":{"type":"none"}}`},
		"ToolChoiceRequiredIsAny": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Mode: ToolChoiceRequired} },
			`{` + base + `,` + tool + `,"tool_choice":{"type":"any"}}`},
		"ToolChoiceFunctionIsTool": {func(c *Call) { withTool(c); c.ToolChoice = &ToolChoice{Function: "lookup"} },
			`{` + base + `,` + tool + `,"tool_choice":{"type":"tool","name":"lookup"}}`},
		"ResponseFormatTextIsTheDefault": {func(c *Call) { c.ResponseFormat = &ResponseFormat{Type: ResponseFormatText} },
			`{` + base + `}`},
		"ResponseFormatJSONSchemaIsOutputFormat": {func(c *Call) {
			schema(c, JSONSchema{Name: "answer", Schema: json.RawMessage(`{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}`)})
		}, `{` + base + `,"output_config":{"format":{"type":"json_schema",
			"schema":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}}}}`},
		"ResponseFormatJSONSchemaStrictTrue": {func(c *Call) {
			schema(c, JSONSchema{Name: "answer", Strict: new(true), Schema: json.RawMessage(`{"type":"object"}`)})
		}, `{` + base + `,"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}}}`},
		"EffortAndFormatShareOutputConfig": {func(c *Call) {
			c.Parameters.ReasoningEffort = ReasoningHigh
			schema(c, JSONSchema{Name: "answer", Schema: json.RawMessage(`{"type":"object"}`)})
		}, `{` + base + `,"output_config":{"effort":"high","format":{"type":"json_schema","schema":{"type":"object"}}}}`},
		"Everything": {func(c *Call) {
			c.Model = "claude-sonnet-4-5"
			c.Temperature = 0.2
			c.MaxTokens = new(8000)
			c.Messages = []Message{{Role: RoleSystem, Content: "Be brief."}, {Role: RoleUser, Content: "Weather?"}}
			c.Parameters = Parameters{TopP: new(0.95), Stop: []string{"\n\nHuman:"}, ReasoningEffort: ReasoningMedium}
			c.Tools = []Tool{{Name: "weather", Description: "d", Parameters: json.RawMessage(`{"type":"object"}`)}}
			c.ToolChoice = &ToolChoice{Mode: ToolChoiceAuto}
			c.Metadata = map[string]any{"author": "team-ai", "count": 2}
		}, `{"model":"claude-sonnet-4-5","max_tokens":8000,"system":"Be brief.",
			"messages":[{"role":"user","content":"Weather?"}],"temperature":0.2,"top_p":0.95,
			"stop_sequences":["\n\nHuman:"],
			"tools":[{"name":"weather","description":"d","input_schema":{"type":"object"}}],
			"tool_choice":{"type":"auto"},"output_config":{"effort":"medium"}}`},
	})
}

func TestAnthropicRefusals(t *testing.T) {
	t.Parallel()

	schema := func(c *Call, s JSONSchema) {
		c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &s}
	}
	runRefusals(t, FormatAnthropic, map[string]refusalCase{
		"TemperatureAboveOne": {func(c *Call) { c.Temperature = 1.2 }, []string{"/temperature"}},
		"TemperatureNegative": {func(c *Call) { c.Temperature = -1 }, []string{"/temperature"}},
		"PresencePenalty":     {func(c *Call) { c.Parameters.PresencePenalty = new(0.0) }, []string{"/modelParameters/presencePenalty"}},
		"FrequencyPenalty":    {func(c *Call) { c.Parameters.FrequencyPenalty = new(0.3) }, []string{"/modelParameters/frequencyPenalty"}},
		"Seed":                {func(c *Call) { c.Parameters.Seed = new(9) }, []string{"/modelParameters/seed"}},
		"ReasoningMinimal": {func(c *Call) { c.Parameters.ReasoningEffort = ReasoningMinimal },
			[]string{"/modelParameters/reasoningEffort"}},
		"ResponseFormatJSONObject": {func(c *Call) { c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONObject} },
			[]string{"/responseFormat"}},
		"JSONSchemaDescription": {func(c *Call) {
			schema(c, JSONSchema{Name: "a", Description: "what it is", Schema: json.RawMessage(`{"type":"object"}`)})
		}, []string{"/responseFormat/jsonSchema/description"}},
		"JSONSchemaStrictFalse": {func(c *Call) {
			schema(c, JSONSchema{Name: "a", Strict: new(false), Schema: json.RawMessage(`{"type":"object"}`)})
		}, []string{"/responseFormat/jsonSchema/strict"}},
		"JSONSchemaWithoutSchema": {func(c *Call) { schema(c, JSONSchema{Name: "a"}) },
			[]string{"/responseFormat/jsonSchema/schema"}},
		"ToolSchemaNotOfTypeObject": {func(c *Call) {
			c.Tools = []Tool{{Name: "a", Parameters: json.RawMessage(`{"type":"object"}`)}, {Name: "b", Parameters: json.RawMessage(`{"type":"string"}`)}}
		}, []string{"/tools/1/function/parameters"}},
		"ToolSchemaWithoutType": {func(c *Call) {
			c.Tools = []Tool{{Name: "a", Parameters: json.RawMessage(`{"properties":{}}`)}}
		}, []string{"/tools/0/function/parameters"}},
		"OnlySystemMessages": {func(c *Call) {
			c.Messages = []Message{{Role: RoleSystem, Content: "S"}, {Role: RoleDeveloper, Content: "D"}}
		}, []string{"/messages"}},
		"NoUserMessage": {func(c *Call) {
			c.Messages = []Message{{Role: RoleSystem, Content: "S"}, {Role: RoleAssistant, Content: "Hello"}}
		}, []string{"/messages"}},
		"Several": {func(c *Call) {
			c.Temperature = 1.5
			c.Parameters.Seed = new(1)
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONObject}
		}, []string{"/temperature", "/modelParameters/seed", "/responseFormat"}},
	})
}
