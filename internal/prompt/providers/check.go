package providers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// The PromptOps field paths that errors name.
const (
	fieldModel            = "/model"
	fieldTemperature      = "/temperature"
	fieldMaxTokens        = "/maxTokens"
	fieldMessages         = "/messages"
	fieldTools            = "/tools"
	fieldToolChoice       = "/toolChoice"
	fieldResponseFormat   = "/responseFormat"
	fieldJSONSchema       = "/responseFormat/jsonSchema"
	fieldTopP             = "/modelParameters/topP"
	fieldStop             = "/modelParameters/stop"
	fieldPresencePenalty  = "/modelParameters/presencePenalty"
	fieldFrequencyPenalty = "/modelParameters/frequencyPenalty"
	fieldSeed             = "/modelParameters/seed"
	fieldReasoningEffort  = "/modelParameters/reasoningEffort"
)

func messageField(i int, name string) string {
	return fieldMessages + "/" + strconv.Itoa(i) + "/" + name
}

func toolField(i int, name string) string {
	return fieldTools + "/" + strconv.Itoa(i) + "/function/" + name
}

// problems collects the fields of a call that a format refuses.
type problems struct {
	format string
	list   []error
}

func (p *problems) add(field, reason string, args ...any) {
	p.list = append(p.list, &UnsupportedError{Format: p.format, Field: field, Reason: fmt.Sprintf(reason, args...)})
}

// err returns nil, the one problem, or every problem joined.
func (p *problems) err() error {
	switch len(p.list) {
	case 0:
		return nil
	case 1:
		return p.list[0]
	}
	return errors.Join(p.list...)
}

// checkCommon records what no format accepts: a call without a model or messages, values
// outside PromptOps' own enumerations, schemas that are not JSON objects, a tool choice
// naming no tool of the call.
func checkCommon(p *problems, c Call) {
	if c.Model == "" {
		p.add(fieldModel, "is required")
	}
	if len(c.Messages) == 0 {
		p.add(fieldMessages, "at least one message is required")
	}
	for i, m := range c.Messages {
		switch m.Role {
		case RoleSystem, RoleDeveloper, RoleUser, RoleAssistant:
		default:
			p.add(messageField(i, "role"), "unknown role %q (want system, developer, user or assistant)", m.Role)
		}
	}
	if c.MaxTokens != nil && *c.MaxTokens < 1 {
		p.add(fieldMaxTokens, "must be at least 1, not %d", *c.MaxTokens)
	}
	for i, t := range c.Tools {
		if t.Name == "" {
			p.add(toolField(i, "name"), "is required")
		}
		if !isEmptyJSON(t.Parameters) && !isJSONObject(t.Parameters) {
			p.add(toolField(i, "parameters"), "must be a JSON Schema object")
		}
	}
	if tc := c.ToolChoice; tc != nil {
		switch {
		case tc.Mode != "" && tc.Function != "":
			p.add(fieldToolChoice, "is a mode or a function, not both")
		case tc.Function != "":
			if !hasTool(c.Tools, tc.Function) {
				p.add(fieldToolChoice, "names the function %q, which is not one of the tools", tc.Function)
			}
		case tc.Mode == ToolChoiceAuto, tc.Mode == ToolChoiceNone, tc.Mode == ToolChoiceRequired:
		default:
			p.add(fieldToolChoice, "unknown mode %q (want auto, none, required or a function)", tc.Mode)
		}
	}
	if rf := c.ResponseFormat; rf != nil {
		switch rf.Type {
		case ResponseFormatText, ResponseFormatJSONObject:
			if rf.JSONSchema != nil {
				p.add(fieldJSONSchema, "is only for the json_schema type, not %s", rf.Type)
			}
		case ResponseFormatJSONSchema:
			if rf.JSONSchema == nil {
				p.add(fieldJSONSchema, "is required for the json_schema type")
			} else if !isEmptyJSON(rf.JSONSchema.Schema) && !isJSONObject(rf.JSONSchema.Schema) {
				p.add(fieldJSONSchema+"/schema", "must be a JSON Schema object")
			}
		default:
			p.add(fieldResponseFormat+"/type", "unknown type %q (want text, json_object or json_schema)", rf.Type)
		}
	}
	for _, f := range []struct {
		field string
		value *float64
	}{
		{fieldTopP, c.Parameters.TopP},
		{fieldPresencePenalty, c.Parameters.PresencePenalty},
		{fieldFrequencyPenalty, c.Parameters.FrequencyPenalty},
	} {
		if f.value != nil && (math.IsNaN(*f.value) || math.IsInf(*f.value, 0)) {
			p.add(f.field, "must be a finite number")
		}
	}
	switch c.Parameters.ReasoningEffort {
	case "", ReasoningMinimal, ReasoningLow, ReasoningMedium, ReasoningHigh:
	default:
		p.add(fieldReasoningEffort, "unknown effort %q (want minimal, low, medium or high)", c.Parameters.ReasoningEffort)
	}
}

// checkTemperature records a temperature outside the provider's documented range.
func checkTemperature(p *problems, t, max float64) {
	if !(t >= 0 && t <= max) { // NaN too
		p.add(fieldTemperature, "must be between 0 and %g for this provider, not %g", max, t)
	}
}

// jsonSchema returns the call's JSON schema when its response format is json_schema.
func jsonSchema(c Call) *JSONSchema {
	if c.ResponseFormat == nil || c.ResponseFormat.Type != ResponseFormatJSONSchema {
		return nil
	}
	return c.ResponseFormat.JSONSchema
}

// rawOrNil returns raw, or nil when it holds no value, so that omitempty drops it.
func rawOrNil(raw json.RawMessage) json.RawMessage {
	if isEmptyJSON(raw) {
		return nil
	}
	return raw
}

func isEmptyJSON(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || string(trimmed) == "null"
}

func isJSONObject(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed)
}

func hasTool(tools []Tool, name string) bool {
	for _, t := range tools {
		if t.Name == name {
			return true
		}
	}
	return false
}
