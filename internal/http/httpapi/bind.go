package httpapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/oapi-codegen/runtime"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/gateway"
)

// The generated wrapper binds each parameter through reflection and parses the query
// string once per query parameter: most of what resolve allocated. Resolve and render, the
// calls applications make on every LLM request, are bound by hand instead: their query
// parameters from the query the gateway parsed to validate the request (gateway.Query),
// their headers from the header map. The binding fills the same request object, calls the
// same method and writes its answer the same way. A request it cannot bind exactly as the
// generated wrapper would goes to the generated wrapper, which says what is wrong with it:
// one whose query the gateway did not parse, or that sends a parameter more than once or a
// version or compose the wrapper cannot read. TestHandBinding and FuzzHandBinding hold the
// two to the same bytes.

// Header parameters by their canonical names, as a request's header map holds them.
var (
	subjectHeader     = http.CanonicalHeaderKey("PromptOps-Subject")
	ifNoneMatchHeader = http.CanonicalHeaderKey("If-None-Match")
	idempotencyHeader = http.CanonicalHeaderKey("Idempotency-Key")
)

// Errors are answered as the generated strict handler answers them.
type Errors struct {
	// Request answers a body that cannot be decoded (the strict handler's request error).
	Request func(http.ResponseWriter, *http.Request, error)
	// Response answers an error a method returned, or one writing its answer.
	Response func(http.ResponseWriter, *http.Request, error)
}

// HandBound is mux for the generated router (api.StdHTTPServerOptions.BaseRouter): the
// operations bound by hand are registered as their binding, with the generated handler
// behind it for every other request.
func (s *Server) HandBound(mux *http.ServeMux, errs Errors) api.ServeMux {
	return handBound{ServeMux: mux, bound: map[string]func(http.Handler) http.Handler{
		"GET /api/v1/prompts/{slug}/resolve": func(generated http.Handler) http.Handler { return s.bindResolve(generated, errs) },
		"POST /api/v1/prompts/{slug}/render": func(generated http.Handler) http.Handler { return s.bindRender(generated, errs) },
	}}
}

// handBound registers what the generated router hands it, swapping in the hand bindings.
type handBound struct {
	*http.ServeMux
	bound map[string]func(generated http.Handler) http.Handler
}

func (m handBound) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	if bind, ok := m.bound[pattern]; ok {
		m.Handle(pattern, bind(http.HandlerFunc(handler)))
		return
	}
	m.ServeMux.HandleFunc(pattern, handler)
}

// bindResolve is ResolvePrompt bound by hand.
func (s *Server) bindResolve(generated http.Handler, errs Errors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req api.ResolvePromptRequestObject
		if !resolveParams(r, &req.Params) {
			generated.ServeHTTP(w, r)
			return
		}
		req.Slug = r.PathValue("slug")
		answer, err := s.ResolvePrompt(r.Context(), req)
		answerWith(w, r, errs, answer, err, api.ResolvePromptResponseObject.VisitResolvePromptResponse)
	})
}

// bindRender is RenderPrompt bound by hand.
func (s *Server) bindRender(generated http.Handler, errs Errors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req api.RenderPromptRequestObject
		if !renderParams(r, &req.Params) {
			generated.ServeHTTP(w, r)
			return
		}
		req.Slug = r.PathValue("slug")
		body, ok := renderBody(r.Body)
		if !ok {
			if err := runtime.BindJSONBody(r, &body); err != nil {
				errs.Request(w, r, fmt.Errorf("can't decode JSON body: %w", err))
				return
			}
		}
		req.Body = &body
		answer, err := s.RenderPrompt(r.Context(), req)
		answerWith(w, r, errs, answer, err, api.RenderPromptResponseObject.VisitRenderPromptResponse)
	})
}

// resolveParams binds r's parameters into p, or reports false for the generated wrapper
// to bind them (see the top of this file).
func resolveParams(r *http.Request, p *api.ResolvePromptParams) bool {
	query, ok := gateway.Query(r)
	return ok && single(query, "environment", &p.Environment) && single(query, "subject", &p.Subject) &&
		singleParsed(query, "version", strconv.Atoi, &p.Version) &&
		singleParsed(query, "compose", strconv.ParseBool, &p.Compose) &&
		single(r.Header, subjectHeader, &p.PromptOpsSubject) && single(r.Header, ifNoneMatchHeader, &p.IfNoneMatch)
}

// renderParams binds r's parameters into p, or reports false for the generated wrapper to
// bind them (see the top of this file).
func renderParams(r *http.Request, p *api.RenderPromptParams) bool {
	query, ok := gateway.Query(r)
	return ok && single(query, "environment", &p.Environment) && single(query, "subject", &p.Subject) &&
		single(r.Header, subjectHeader, &p.PromptOpsSubject) && single(r.Header, idempotencyHeader, &p.IdempotencyKey)
}

// answerWith answers as the strict handler does: the method's answer through visit, or the
// error the method returned or visit met.
func answerWith[A any](w http.ResponseWriter, r *http.Request, errs Errors, answer A, err error, visit func(A, http.ResponseWriter) error) {
	if err == nil {
		err = visit(answer, w)
	}
	if err != nil {
		errs.Response(w, r, err)
	}
}

// renderBody binds a render body from the value the gateway validated, as the generated
// binding does (runtime.BindJSONBody: numbers in variables become float64, the version an
// int) but in place, without its copy of every map and slice through reflection. It
// reports false, with an empty body, for a body not validated or of a shape this does not
// expect: the generated binding binds those.
func renderBody(b io.Reader) (api.RenderPromptJSONRequestBody, bool) {
	var body, none api.RenderPromptJSONRequestBody
	validated, isValidated := b.(interface{ ValidatedValue() any })
	if !isValidated {
		return none, false
	}
	members, isObject := validated.ValidatedValue().(map[string]any)
	if !isObject {
		return none, false
	}
	for name, member := range members {
		switch name {
		case "variables":
			variables, isObject := member.(map[string]any)
			if _, converted := floatNumbers(variables); !isObject || !converted {
				return none, false
			}
			body.Variables = &variables
		case "version":
			n, isNumber := member.(json.Number)
			version, err := strconv.ParseInt(string(n), 10, 0)
			if !isNumber || err != nil {
				return none, false
			}
			v := int(version)
			body.Version = &v
		case "format":
			f, isString := member.(string)
			if !isString {
				return none, false
			}
			format := api.RenderRequestFormat(f)
			body.Format = &format
		default:
			return none, false
		}
	}
	return body, true
}

// floatNumbers is v with its json.Numbers, nested ones too, turned into float64 as the
// generated binding turns them into values of type any; maps and slices are changed in
// place. ok is false when a number is not a float64's: v is then left partly converted,
// which the generated binding binds as it would the original (it turns a float64 and a
// json.Number of the same value into the same float64).
func floatNumbers(v any) (any, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	case map[string]any:
		for k, member := range v {
			converted, ok := floatNumbers(member)
			if !ok {
				return nil, false
			}
			v[k] = converted
		}
	case []any:
		for i, item := range v {
			converted, ok := floatNumbers(item)
			if !ok {
				return nil, false
			}
			v[i] = converted
		}
	}
	return v, true
}

// single points *to at the one value of a parameter (a header of a header map, or a query
// parameter of a parsed query), leaves it nil when the parameter is absent, and reports
// false when it is sent more than once (the generated wrapper's error to give).
func single(values map[string][]string, name string, to **string) bool {
	sent, ok := values[name]
	switch {
	case !ok:
		return true
	case len(sent) != 1:
		return false
	}
	*to = &sent[0]
	return true
}

// singleParsed is single for a query parameter that is not a string: its value read by
// parse as the generated wrapper reads it (runtime.BindStringToObject: strconv's ParseInt
// into an int, ParseBool), false when parse refuses it (the wrapper's error to give).
func singleParsed[T any](query map[string][]string, name string, parse func(string) (T, error), to **T) bool {
	var raw *string
	if !single(query, name, &raw) {
		return false
	}
	if raw == nil {
		return true
	}
	value, err := parse(*raw)
	if err != nil {
		return false
	}
	*to = &value
	return true
}
