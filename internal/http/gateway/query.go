package gateway

import (
	"encoding/json"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
)

// queryParam is a query parameter an operation declares, as the fast path checks it.
type queryParam struct {
	name     string
	required bool
	// quickFunc checks a value as kin-openapi would, passing only values kin-openapi
	// passes (nil when the parameter is not one it can decide): see queryCheckOf.
	quickFunc func(string) bool
}

// queryParamOf is v, a query parameter, as the fast path checks it.
func queryParamOf(v *openapi3.Parameter) queryParam {
	return queryParam{name: v.Name, required: v.Required, quickFunc: queryCheckOf(v)}
}

// queryCheckOf is a quick check of a value of v: a scalar string (as quickCheck, its
// values remembered), boolean or integer of a schema compileSchema decides, sent in the
// default style. A boolean passes as "true" or "false" and an integer in its plain
// decimal form, which kin-openapi reads as such (strconv's ParseBool and ParseInt); any
// other spelling it may take too is left to it. nil for any other parameter: lists,
// objects, content, allowEmptyValue.
func queryCheckOf(v *openapi3.Parameter) func(string) bool {
	if v.Schema == nil || v.Schema.Value == nil || v.Content != nil || v.AllowEmptyValue ||
		v.Style != "" && v.Style != openapi3.SerializationForm {
		return nil
	}
	s := v.Schema.Value
	switch {
	case s.Type.Is(openapi3.TypeString):
		return quickCheck(s)
	case s.Type.Is(openapi3.TypeBoolean) && compilable(s):
		check := compileSchema(s)
		return func(raw string) bool { return (raw == "true" || raw == "false") && check(raw == "true") }
	case s.Type.Is(openapi3.TypeInteger) && s.Format == "" && compilable(s):
		check := compileSchema(s)
		return func(raw string) bool { return plainInteger(raw) && check(json.Number(raw)) }
	}
	return nil
}

// plainInteger reports whether raw is an integer written as JSON writes it, without a
// sign but a minus, or leading zeros, of at most 18 digits (so that it is an int64).
func plainInteger(raw string) bool {
	digits := raw
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 || digits[0] == '0' && len(digits) > 1 {
		return false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}

// queryPasses reports whether the query (nil for none) sends only parameters of params,
// each once, with a value its quick check passes, and every required one: then
// kin-openapi's validation of the query would pass too.
func queryPasses(query url.Values, params []queryParam) bool {
	sent := 0
	for _, p := range params {
		values, ok := query[p.name]
		switch {
		case !ok && p.required:
			return false
		case !ok:
			continue
		case len(values) != 1 || values[0] == "" || p.quickFunc == nil || !p.quickFunc(values[0]):
			return false
		}
		sent++
	}
	return sent == len(query) // none unknown
}
