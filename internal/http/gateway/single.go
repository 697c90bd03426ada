package gateway

import (
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/runtime"

	"github.com/promptops/promptops/gen/api"
)

// A parameter that takes one value, sent more than once, is refused with the generated
// binding's own error, which the validation does not give: kin-openapi checks the first
// value. Checking it here, with the rest of the request, makes the edge, which checks
// requests with this package but has no generated binding, refuse it as the server does.

// singleParam is a parameter that takes one value: a header, or a query parameter that
// is not a list.
type singleParam struct {
	name   string // as the spec names it, and the errors
	header string // its canonical header name; "" for a query parameter
}

// singlesOf lists params's single-valued parameters in the order the generated binding
// reads them: the query's, then the headers', each in the spec's order.
func singlesOf(params openapi3.Parameters) []singleParam {
	var query, headers []singleParam
	for _, param := range params {
		v := param.Value
		switch {
		case v.In == openapi3.ParameterInQuery && (v.Schema == nil || !v.Schema.Value.Type.Is(openapi3.TypeArray)):
			query = append(query, singleParam{name: v.Name})
		case v.In == openapi3.ParameterInHeader:
			headers = append(headers, singleParam{name: v.Name, header: http.CanonicalHeaderKey(v.Name)})
		}
	}
	return append(query, headers...)
}

// checkSingles refuses the first of params that r (its query parsed: nil for none) sends
// more than once, with the error the generated binding gives it.
func checkSingles(r *http.Request, query url.Values, params []singleParam) *Error {
	for _, p := range params {
		if p.header != "" {
			if n := len(r.Header[p.header]); n > 1 {
				return badParameter(&api.TooManyValuesForParamError{ParamName: p.name, Count: n})
			}
			continue
		}
		if len(query[p.name]) > 1 {
			var value string // the binding refuses the repeat before it reads the value
			err := runtime.BindQueryParameterWithOptions("form", true, false, p.name, query, &value, runtime.BindQueryParameterOptions{Type: "string"})
			return badParameter(&api.InvalidParamFormatError{ParamName: p.name, Err: err})
		}
	}
	return nil
}

// badParameter is BadRequest's error.
func badParameter(err error) *Error {
	return &Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR, Message: "The request is not valid: " + err.Error()}
}
