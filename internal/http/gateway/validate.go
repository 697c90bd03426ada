package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	segmentjson "github.com/segmentio/encoding/json"

	"github.com/promptops/promptops/gen/api"
)

// validationOptions are kin-openapi's, for every request.
var validationOptions = &openapi3filter.Options{
	MultiError:          true,
	SkipSettingDefaults: true,
	// Keys are checked by authenticate, which knows more than the spec can say.
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
}

// validate checks the request against the spec: body size and media type first (413, 415),
// then its text (400 for a NUL character, invalid UTF-8 or a lone surrogate in any string,
// which PostgreSQL cannot store and encoding/json would silently change) and that it is one
// JSON value, then parameters and body with kin-openapi (400 naming every offending
// field), then that its integers are written as the handlers decode them. The query is
// parsed once, and kept for the rest of the pipeline and the handler's binding (Query).
//
// A request to an operation without required headers takes a fast path when each optional
// header and each query parameter it sends passes a quick check and it sends every
// required query parameter (a header or parameter sent twice, a value the check refuses or
// cannot decide, or a query parameter the operation does not declare takes the full
// validation): its path parameters, those headers and query parameters are checked against
// their schemas directly and its body alone is given to kin-openapi, which is all the full
// validation would check, at a fraction of the cost. FuzzHeaderFastPath and
// FuzzQueryFastPath hold the two to the same answers.
func (g *Gateway) validate(rt *route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		var value any
		if rt.policy.body {
			var apiErr *Error
			if body, value, apiErr = g.readJSON(w, r); apiErr != nil {
				WriteError(w, r, apiErr)
				return
			}
		}
		query := queryOf(r)
		if apiErr := check(r, query, rt, body, value); apiErr != nil {
			WriteError(w, r, apiErr)
			return
		}
		keepQuery(r, query)
		next.ServeHTTP(w, r)
	})
}

// check validates the request's parameters and its body (as read, nil when it has none,
// and its value as readJSON decoded it): against the spec, then that each parameter that
// takes one value was sent once. query is the request's query as queryOf parses it, which
// every check reads rather than parse it again.
func check(r *http.Request, query url.Values, rt *route, body []byte, value any) *Error {
	if apiErr := checkSpec(r, query, rt, body, value); apiErr != nil {
		return apiErr
	}
	return checkSingles(r, query, rt.policy.singles)
}

// queryOf parses r's query, as r.URL.Query does (what does not parse is left out: the
// validation reports it); nil when r has none.
func queryOf(r *http.Request) url.Values {
	if r.URL.RawQuery == "" {
		return nil
	}
	return r.URL.Query()
}

// checkSpec is check's validation against the spec.
func checkSpec(r *http.Request, query url.Values, rt *route, body []byte, value any) *Error {
	if apiErr := checkParamText(r, query, rt.policy.pathParams); apiErr != nil {
		return apiErr
	}
	if !takesFastPath(r, query, &rt.policy) {
		input := &openapi3filter.RequestValidationInput{Request: r, Route: rt.spec, Options: validationOptions,
			PathParams: pathValues(r, rt.policy.pathParams), QueryParams: query}
		if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
			return validationError(err)
		}
		return checkIntegers(body, rt.policy.bodySchema, rt.policy.integerNames)
	}
	if apiErr := checkPathParams(r, rt.policy.pathParams); apiErr != nil {
		return apiErr
	}
	if rt.policy.body {
		if value == nil || rt.policy.bodyCheck == nil || !rt.policy.bodyCheck(value) {
			input := &openapi3filter.RequestValidationInput{Request: r, Route: rt.spec, Options: validationOptions}
			if err := openapi3filter.ValidateRequestBody(r.Context(), input, rt.spec.Operation.RequestBody.Value); err != nil {
				return validationError(err)
			}
		} else if c, ok := r.Body.(*bodyCopy); ok {
			// The generated binding takes the value validated rather than decoding the body
			// again (oapi-codegen's runtime.BindJSONBody).
			c.value = value
			r.Body = (*validatedBody)(c)
		}
	}
	return checkIntegers(body, rt.policy.bodySchema, rt.policy.integerNames)
}

// readJSON reads a JSON request body and checks what the spec cannot: its size and media
// type, its text, and that it is one JSON value, which it returns decoded as kin-openapi
// decodes it (numbers as json.Number; nil for an empty body). It leaves r.Body a copy of
// the body, which the handler reads again (kin-openapi too, which puts it back).
func (g *Gateway) readJSON(w http.ResponseWriter, r *http.Request) ([]byte, any, *Error) {
	body, apiErr := g.readBody(w, r)
	if apiErr == nil {
		apiErr = CheckBodyText(body)
	}
	if apiErr != nil {
		return nil, nil, apiErr
	}
	c := new(bodyCopy)
	c.Reset(body)
	r.Body = c
	value, apiErr := decodeOne(body)
	return body, value, apiErr
}

// decodeOne decodes a body that is exactly one JSON value, or refuses it as checkOneValue
// does. Decoding it checks that too, so the body is not scanned twice. Segment's decoder
// decodes as encoding/json does in half the time and with fewer allocations; a body it
// refuses is decoded by encoding/json, whose answer stands (FuzzDecodeOne holds the two to
// the same values).
func decodeOne(body []byte) (any, *Error) {
	if len(body) == 0 {
		return nil, nil
	}
	if bytes.Count(body, openArray)+bytes.Count(body, openObject) <= segmentBrackets {
		into := decoded.Get().(*any)
		rest, err := segmentjson.Parse(body, into, segmentjson.UseNumber)
		value := *into
		*into = nil
		decoded.Put(into)
		if err == nil && len(bytes.TrimLeft(rest, " \t\r\n")) == 0 {
			return value, nil
		}
	}
	return decodeStandard(body)
}

// decodeStandard is decodeOne by encoding/json.
func decodeStandard(body []byte) (any, *Error) {
	var value any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&value) == nil && len(bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n")) == 0 {
		return value, nil
	}
	return nil, checkOneValue(body)
}

// segmentBrackets bounds the brackets ([ and {, in strings too) of a body Segment's
// decoder is given: its time grows faster than the square of a body's nesting (10,000
// nested arrays took half a second, 30,000 seven), where encoding/json's grows with the
// body and stops at 10,000 levels.
const segmentBrackets = 256

var openArray, openObject = []byte("["), []byte("{")

// decoded are the variables Segment's decoder decodes into, reused: the decoder needs a
// pointer, and a new variable per body would be one more allocation.
var decoded = sync.Pool{New: func() any { return new(any) }}

// checkOneValue refuses a body that is not exactly one JSON value. kin-openapi and the
// generated decoders read the first value and ignore what follows it, so `{…} {…}` or a
// value followed by stray bytes would otherwise be half read and answered as if whole.
func checkOneValue(body []byte) *Error {
	if len(body) == 0 || json.Valid(body) {
		return nil
	}
	var first json.RawMessage
	err := json.Unmarshal(body, &first) // says what is wrong, and where
	return problemsError([]api.FieldProblem{{Field: "body", Problem: "is not valid JSON: " + err.Error()}})
}

// bodyCopy is a request body as read, to be read again.
type bodyCopy struct {
	bytes.Reader
	// value is the body's value, once validatedBody has it.
	value any
}

func (*bodyCopy) Close() error { return nil }

// validatedBody is a bodyCopy whose value was found valid. It carries that value, which
// oapi-codegen's runtime.BindJSONBody binds instead of decoding the body again (the
// interface kin-openapi's openapi3filter gives such bodies).
type validatedBody bodyCopy

func (*validatedBody) Close() error { return nil }

// ValidatedValue is the body's value as decoded and validated.
func (b *validatedBody) ValidatedValue() any { return b.value }

// takesFastPath reports whether r (its query parsed: nil for none), a request of an
// operation of policy p, is checked on the fast path (see validate).
func takesFastPath(r *http.Request, query url.Values, p *policy) bool {
	return p.fastPath && queryPasses(query, p.queryParams) && headersPass(r.Header, p.checkHeaders)
}

// headersPass reports whether each of params the request sends is sent once, with a value
// its quick check passes: then kin-openapi's validation of them would pass too.
func headersPass(h http.Header, params []headerParam) bool {
	for _, p := range params {
		values, sent := h[p.name]
		if sent && (len(values) != 1 || p.quickFunc == nil || !p.quickFunc(values[0])) {
			return false
		}
	}
	return true
}

// checkPathParams checks each path parameter, a string, against its schema.
func checkPathParams(r *http.Request, params []pathParam) *Error {
	var problems []api.FieldProblem
	for _, p := range params {
		value := r.PathValue(p.name)
		if p.quickFunc != nil && p.quickFunc(value) {
			continue
		}
		if err := p.schema.VisitJSON(value, openapi3.MultiErrors()); err != nil {
			problems = fieldProblems(&openapi3filter.RequestError{
				Parameter: &openapi3.Parameter{Name: p.name, In: openapi3.ParameterInPath}, Err: err,
			}, problems)
		}
	}
	if problems == nil {
		return nil
	}
	return problemsError(problems)
}

// pathValues are the request's path parameters as kin-openapi takes them.
func pathValues(r *http.Request, params []pathParam) map[string]string {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]string, len(params))
	for _, p := range params {
		out[p.name] = r.PathValue(p.name)
	}
	return out
}

// readBody reads a JSON request body of at most the configured size.
func (g *Gateway) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *Error) {
	if r.ContentLength > g.bodyLimit {
		return nil, g.tooLarge()
	}
	body, err := g.readAll(w, r)
	if err != nil {
		if maxErr := (*http.MaxBytesError)(nil); errors.As(err, &maxErr) {
			return nil, g.tooLarge()
		}
		return nil, &Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR,
			Message: "The request body could not be read: " + err.Error()}
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" && len(body) == 0 {
		return body, nil // validation reports the missing body
	}
	if ct == "application/json" { // as nearly every client sends it: nothing to parse
		return body, nil
	}
	if media, _, _ := mime.ParseMediaType(ct); media != "application/json" {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: api.ErrorCodeUNSUPPORTEDMEDIATYPE,
			Message: "The request body must be application/json, not " + strconv.Quote(ct) + "."}
	}
	return body, nil
}

// readAll reads r's body, of at most the body limit. A small body of known length is read
// into a slice of that length, as net/http's reader of it ends there. Any other (longer, or
// chunked) is read into a reused buffer that grows as its bytes arrive, so that a client
// announcing a large body and sending nothing holds no more memory than it sent, through a
// reader that stops at the limit (and has the connection closed after a body past it), then
// copied out.
func (g *Gateway) readAll(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength >= 0 && r.ContentLength <= smallBody {
		body := make([]byte, r.ContentLength)
		_, err := io.ReadFull(r.Body, body)
		return body, err
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer bodyBuffers.Put(buf)
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, g.bodyLimit))
	return bytes.Clone(buf.Bytes()), err
}

// smallBody is the largest body of known length readAll reads straight into its slice.
const smallBody = 16 << 10

func (g *Gateway) tooLarge() *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: api.ErrorCodePAYLOADTOOLARGE,
		Message: "The request body is larger than " + strconv.FormatInt(g.bodyLimit, 10) + " bytes."}
}

// bodyBuffers are reused to read bodies into, so a request allocates only its body's size.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
