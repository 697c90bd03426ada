package console

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
)

// Kinds of variable field on Try it, from the type the variables schema gives a variable.
const (
	fieldText    = "text"    // a string, or no type known: multi-line text
	fieldNumber  = "number"  // a number input
	fieldInteger = "integer" // a number input of whole steps
	fieldBoolean = "boolean" // a checkbox
	fieldJSON    = "json"    // an object or a list, written as JSON
)

// variableField is one variable's field on Try it: its kind, what was typed in it, and the
// problems the API found with its value.
type variableField struct {
	Name     string
	Kind     string
	Value    string
	Checked  bool
	Problems []string
}

// variableFields are the fields of the variables a render of the version reads (resolve
// lists its partials' too), typed from its variables schema when it has one. Dotted names
// (`{{customer.name}}`) read fields of one value: they share one field, of JSON unless the
// schema says otherwise.
func variableFields(resolved api.ResolvedPrompt) []variableField {
	types := schemaTypes(resolved.VariablesSchema)
	var fields []variableField
	index := map[string]int{}
	for _, name := range resolved.Variables {
		top, _, dotted := strings.Cut(name, ".")
		kind := fieldKind(types[top])
		if dotted && types[top] == "" {
			kind = fieldJSON
		}
		if i, seen := index[top]; seen {
			if dotted && types[top] == "" {
				fields[i].Kind = fieldJSON
			}
			continue
		}
		index[top] = len(fields)
		fields = append(fields, variableField{Name: top, Kind: kind})
	}
	return fields
}

// schemaTypes reads the type of each property of a variables schema: a string, or the
// first of a list that is not "null". A schema that says nothing of a variable leaves it out.
func schemaTypes(schema nullable.Nullable[json.RawMessage]) map[string]string {
	raw, err := schema.Get()
	if err != nil || len(raw) == 0 {
		return nil
	}
	var s struct {
		Properties map[string]struct {
			Type json.RawMessage `json:"type"`
		} `json:"properties"`
	}
	if json.Unmarshal(raw, &s) != nil {
		return nil
	}
	types := map[string]string{}
	for name, p := range s.Properties {
		var one string
		var many []string
		if json.Unmarshal(p.Type, &one) == nil {
			types[name] = one
		} else if json.Unmarshal(p.Type, &many) == nil {
			for _, t := range many {
				if t != "null" {
					types[name] = t
					break
				}
			}
		}
	}
	return types
}

// fieldKind is the field for a JSON Schema type.
func fieldKind(schemaType string) string {
	switch schemaType {
	case "number":
		return fieldNumber
	case "integer":
		return fieldInteger
	case "boolean":
		return fieldBoolean
	case "object", "array":
		return fieldJSON
	}
	return fieldText
}

// read takes the field's value from a posted form and returns it as render takes it, and
// whether it was left blank. Text is sent as typed, blank too (render warns, not refuses);
// numbers and JSON are decoded as the API decodes a request's variables, and sent as typed
// when they do not decode, so that the API's check of the variables schema names the
// problem; a blank one is not sent, and the API says whether it was needed.
func (f *variableField) read(r *http.Request) (value api.VariableValue, send, blank bool) {
	key := "var." + f.Name
	if f.Kind == fieldBoolean {
		f.Checked = r.PostFormValue(key) == "true"
		return f.Checked, true, false
	}
	f.Value = r.PostFormValue(key)
	if strings.TrimSpace(f.Value) == "" {
		return f.Value, f.Kind == fieldText, true
	}
	if f.Kind == fieldText {
		return f.Value, true, false
	}
	var decoded any
	if json.Unmarshal([]byte(f.Value), &decoded) != nil {
		return f.Value, true, false
	}
	return decoded, true, false
}

// problemsAt are the API's problems with the variable name's value, or within it.
func problemsAt(apiErr *api.Error, name string) []string {
	if apiErr == nil || apiErr.Error.Details == nil || apiErr.Error.Details.Fields == nil {
		return nil
	}
	pointer := "/variables/" + name
	var out []string
	for _, p := range *apiErr.Error.Details.Fields {
		if p.Field == pointer || strings.HasPrefix(p.Field, pointer+"/") {
			out = append(out, p.Problem)
		}
	}
	return out
}
