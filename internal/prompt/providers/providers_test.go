package providers

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// baseCall is the smallest call every format accepts.
func baseCall() Call {
	return Call{
		Provider:    "openai",
		Model:       "gpt-4o",
		Temperature: 0.7,
		Messages:    []Message{{Role: RoleUser, Content: "Hi"}},
	}
}

// mappingCase is a change to baseCall and the whole body it must give.
type mappingCase struct {
	mutate func(*Call)
	want   string
}

func runMappings(t *testing.T, format string, cases map[string]mappingCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := baseCall()
			if tc.mutate != nil {
				tc.mutate(&c)
			}
			got, err := Request(format, c)
			require.NoError(t, err)
			require.JSONEq(t, tc.want, string(got))
		})
	}
}

// refusalCase is a change to baseCall and every field the format must name, in order.
type refusalCase struct {
	mutate func(*Call)
	fields []string
}

func runRefusals(t *testing.T, format string, cases map[string]refusalCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := baseCall()
			tc.mutate(&c)
			got, err := Request(format, c)
			require.Error(t, err)
			require.Nil(t, got)

			var first *UnsupportedError
			require.ErrorAs(t, err, &first)
			require.Equal(t, format, first.Format)
			require.Equal(t, tc.fields[0], first.Field)
			require.NotEmpty(t, first.Reason)

			var fields []string
			for _, e := range Unsupported(err) {
				require.Equal(t, format, e.Format)
				fields = append(fields, e.Field)
			}
			require.Equal(t, tc.fields, fields)
		})
	}
}

func TestRequest(t *testing.T) {
	t.Parallel()

	t.Run("UnknownFormat", func(t *testing.T) {
		t.Parallel()
		got, err := Request("gemini", baseCall())
		require.ErrorIs(t, err, ErrUnknownFormat)
		require.Nil(t, got)
		require.Contains(t, err.Error(), `"gemini"`)
		require.Empty(t, Unsupported(err))
	})

	t.Run("EveryFormatAcceptsTheBaseCall", func(t *testing.T) {
		t.Parallel()
		require.Equal(t, []string{"openai-chat", "openai-responses", "anthropic"}, Formats())
		for _, format := range Formats() {
			got, err := Request(format, baseCall())
			require.NoError(t, err, format)
			require.True(t, json.Valid(got), format)
		}
	})

	t.Run("MetadataIsNeverSent", func(t *testing.T) {
		t.Parallel()
		for _, format := range Formats() {
			with := baseCall()
			with.Metadata = map[string]any{"author": "team-ai", "tags": []any{"a"}, "rev": 3.0, "nested": map[string]any{"k": nil}}
			got, err := Request(format, with)
			require.NoError(t, err, format)
			want, err := Request(format, baseCall())
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), format)
		}
	})

	t.Run("ProviderIsInformational", func(t *testing.T) {
		t.Parallel()
		for _, format := range Formats() {
			other := baseCall()
			other.Provider = "something else entirely"
			got, err := Request(format, other)
			require.NoError(t, err)
			want, err := Request(format, baseCall())
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), format)
		}
	})

	// Deterministic pins the exact bytes, and so the field order, of a call that sets
	// every field each format takes.
	t.Run("Deterministic", func(t *testing.T) {
		t.Parallel()
		full := func() Call {
			return Call{
				Model:       "m",
				Temperature: 0.5,
				MaxTokens:   new(100),
				Messages: []Message{
					{Role: RoleSystem, Content: "S"},
					{Role: RoleUser, Content: "U"},
				},
				Parameters: Parameters{TopP: new(0.9), ReasoningEffort: ReasoningLow},
				Tools: []Tool{{
					Name: "f", Description: "D", Strict: new(true),
					Parameters: json.RawMessage(`{ "type": "object", "properties": {"z": {}, "a": {}} }`),
				}},
				ToolChoice: &ToolChoice{Function: "f"},
				ResponseFormat: &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{
					Name: "out", Schema: json.RawMessage(`{"type":"object","required":["b","a"]}`),
				}},
			}
		}
		for format, want := range map[string]string{
			FormatOpenAIChat: `{"model":"m","messages":[{"role":"system","content":"S"},{"role":"user","content":"U"}],` +
				`"temperature":0.5,"max_completion_tokens":100,"top_p":0.9,"reasoning_effort":"low",` +
				`"tools":[{"type":"function","function":{"name":"f","description":"D","parameters":{"type":"object","properties":{"z":{},"a":{}}},"strict":true}}],` +
				`"tool_choice":{"type":"function","function":{"name":"f"}},` +
				`"response_format":{"type":"json_schema","json_schema":{"name":"out","schema":{"type":"object","required":["b","a"]}}}}`,
			FormatOpenAIResponses: `{"model":"m","input":[{"role":"system","content":"S"},{"role":"user","content":"U"}],` +
				`"temperature":0.5,"top_p":0.9,"max_output_tokens":100,` +
				`"tools":[{"type":"function","name":"f","description":"D","parameters":{"type":"object","properties":{"z":{},"a":{}}},"strict":true}],` +
				`"tool_choice":{"type":"function","name":"f"},` +
				`"text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object","required":["b","a"]}}},` +
				`"reasoning":{"effort":"low"}}`,
			FormatAnthropic: `{"model":"m","max_tokens":100,"system":"S","messages":[{"role":"user","content":"U"}],` +
				`"temperature":0.5,"top_p":0.9,` +
				`"tools":[{"name":"f","description":"D","input_schema":{"type":"object","properties":{"z":{},"a":{}}},"strict":true}],` +
				`"tool_choice":{"type":"tool","name":"f"},` +
				`"output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object","required":["b","a"]}}}}`,
		} {
			first, err := Request(format, full())
			require.NoError(t, err, format)
			require.Equal(t, want, string(first), format)
			for range 10 {
				again, err := Request(format, full())
				require.NoError(t, err)
				require.Equal(t, string(first), string(again), format)
			}
		}
	})
}

// TestRequestRefusesInvalidCalls covers what every format refuses alike.
func TestRequestRefusesInvalidCalls(t *testing.T) {
	t.Parallel()

	cases := map[string]refusalCase{
		"NoModel":    {func(c *Call) { c.Model = "" }, []string{"/model"}},
		"NoMessages": {func(c *Call) { c.Messages = nil }, []string{"/messages"}},
		"UnknownRole": {func(c *Call) {
			c.Messages = append(c.Messages, Message{Role: "tool", Content: "x"})
		}, []string{"/messages/1/role"}},
		"MaxTokensZero":     {func(c *Call) { c.MaxTokens = new(0) }, []string{"/maxTokens"}},
		"MaxTokensNegative": {func(c *Call) { c.MaxTokens = new(-5) }, []string{"/maxTokens"}},
		"ToolWithoutName":   {func(c *Call) { c.Tools = []Tool{{Description: "d"}} }, []string{"/tools/0/function/name"}},
		"ToolParametersNotAnObject": {func(c *Call) {
			c.Tools = []Tool{{Name: "a"}, {Name: "b", Parameters: json.RawMessage(`["type"]`)}}
		}, []string{"/tools/1/function/parameters"}},
		"ToolParametersInvalidJSON": {func(c *Call) {
			c.Tools = []Tool{{Name: "a", Parameters: json.RawMessage(`{"type":`)}}
		}, []string{"/tools/0/function/parameters"}},
		"ToolChoiceModeAndFunction": {func(c *Call) {
			c.Tools = []Tool{{Name: "a"}}
			c.ToolChoice = &ToolChoice{Mode: ToolChoiceAuto, Function: "a"}
		}, []string{"/toolChoice"}},
		"ToolChoiceEmpty":       {func(c *Call) { c.ToolChoice = &ToolChoice{} }, []string{"/toolChoice"}},
		"ToolChoiceUnknownMode": {func(c *Call) { c.ToolChoice = &ToolChoice{Mode: "any"} }, []string{"/toolChoice"}},
		"ToolChoiceUnknownFunction": {func(c *Call) {
			c.Tools = []Tool{{Name: "a"}}
			c.ToolChoice = &ToolChoice{Function: "b"}
		}, []string{"/toolChoice"}},
		"ResponseFormatUnknownType": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: "xml"}
		}, []string{"/responseFormat/type"}},
		"ResponseFormatTextWithSchema": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatText, JSONSchema: &JSONSchema{Name: "x"}}
		}, []string{"/responseFormat/jsonSchema"}},
		"ResponseFormatJSONSchemaWithoutSchema": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema}
		}, []string{"/responseFormat/jsonSchema"}},
		"ResponseFormatSchemaNotAnObject": {func(c *Call) {
			c.ResponseFormat = &ResponseFormat{Type: ResponseFormatJSONSchema, JSONSchema: &JSONSchema{
				Name: "x", Schema: json.RawMessage(`"object"`),
			}}
		}, []string{"/responseFormat/jsonSchema/schema"}},
		"TemperatureNaN":      {func(c *Call) { c.Temperature = math.NaN() }, []string{"/temperature"}},
		"TemperatureInfinite": {func(c *Call) { c.Temperature = math.Inf(1) }, []string{"/temperature"}},
		"TopPNaN":             {func(c *Call) { c.Parameters.TopP = new(math.NaN()) }, []string{"/modelParameters/topP"}},
		"UnknownReasoningEffort": {func(c *Call) {
			c.Parameters.ReasoningEffort = "extreme"
		}, []string{"/modelParameters/reasoningEffort"}},
		"SeveralAtOnce": {func(c *Call) {
			c.Model = ""
			c.Messages = append([]Message{{Role: "bot", Content: "x"}}, c.Messages...)
			c.Parameters.ReasoningEffort = "extreme"
		}, []string{"/model", "/messages/0/role", "/modelParameters/reasoningEffort"}},
	}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			runRefusals(t, format, cases)
		})
	}
}

func TestUnsupported(t *testing.T) {
	t.Parallel()

	a := &UnsupportedError{Format: "f", Field: "/a", Reason: "r"}
	b := &UnsupportedError{Format: "f", Field: "/b", Reason: "r"}
	require.Nil(t, Unsupported(nil))
	require.Nil(t, Unsupported(errors.New("other")))
	require.Equal(t, []*UnsupportedError{a}, Unsupported(a))
	require.Equal(t, []*UnsupportedError{a, b}, Unsupported(errors.Join(a, b)))
	require.Equal(t, []*UnsupportedError{a, b}, Unsupported(errors.Join(a, errors.New("x"), errors.Join(b))))
	require.Equal(t, []*UnsupportedError{b}, Unsupported(fmt.Errorf("render: %w", b)))
	require.Equal(t, "f: /a: r", a.Error())
}
