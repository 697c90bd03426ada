package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/promptops/promptops/gen/api"
)

// RetryAfterUnavailable is the Retry-After, in seconds, sent while the database is down.
const RetryAfterUnavailable = 5

// Error is an error outcome decided outside a typed handler response: by the pipeline
// (routing, authentication, limits, validation) or by mapping an unexpected handler error.
type Error struct {
	Status  int
	Code    api.ErrorCode
	Message string
	Details *api.ErrorDetails
	// Header holds extra response headers, such as Retry-After or Allow, under canonical keys.
	Header http.Header
}

// Body is the envelope of every error response to the request in ctx.
func Body(ctx context.Context, code api.ErrorCode, message string, details *api.ErrorDetails) api.Error {
	return api.Error{Error: api.ErrorBody{Code: code, Message: message, Details: details, RequestId: RequestID(ctx)}}
}

// WriteError is the one writer of error bodies outside typed handler responses, with the
// request id of r.
func WriteError(w http.ResponseWriter, r *http.Request, e *Error) {
	e.Write(w, RequestID(r.Context()))
}

// Write writes e as the spec's Error envelope with requestID: WriteError for the server,
// and the edge, which names its requests itself.
func (e *Error) Write(w http.ResponseWriter, requestID string) {
	h := w.Header()
	for k, v := range e.Header {
		h[k] = v
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(api.Error{Error: api.ErrorBody{Code: e.Code, Message: e.Message, Details: e.Details, RequestId: requestID}})
}

// HandlerError answers an error a handler (or the generated code around it) returned, as
// Failure maps it.
func (g *Gateway) HandlerError(w http.ResponseWriter, r *http.Request, err error) {
	if e := g.Failure(r.Context(), err); e != nil {
		WriteError(w, r, e)
	}
}

// Failure maps an error a handler returned to its answer, and logs it: the database being
// unreachable is a 503, anything else a bug, a 500 whose detail goes only to the log. It is
// nil when the client went away: no one will read an answer, and it is no fault of ours.
// The API and the console answer their failures with it.
func (g *Gateway) Failure(ctx context.Context, err error) *Error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		g.logger.InfoContext(ctx, "client went away", slog.String("request_id", RequestID(ctx)))
		return nil
	}
	if Unavailable(err) {
		g.logger.WarnContext(ctx, "database unavailable", slog.String("error", err.Error()))
		return &Error{Status: http.StatusServiceUnavailable, Code: api.ErrorCodeSERVICEUNAVAILABLE,
			Message: "The database is unavailable; try again shortly.",
			Header:  http.Header{"Retry-After": {strconv.Itoa(RetryAfterUnavailable)}}}
	}
	g.logger.ErrorContext(ctx, "internal error", slog.String("error", err.Error()), slog.String("request_id", RequestID(ctx)))
	return &Error{Status: http.StatusInternalServerError, Code: api.ErrorCodeINTERNALERROR,
		Message: "Something went wrong on our side; the request id identifies it in the server's log."}
}

// BadRequest answers a request the generated code could not decode (a path or query
// parameter, or a body), which validation should have caught first.
func BadRequest(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(w, r, badParameter(err))
}

// Unavailable reports whether err means the database cannot be reached (as opposed to a
// query that failed), which is worth a 503 and a retry rather than a 500. That includes
// the server shutting its sessions down (SQLSTATE class 57P: a restart in progress).
func Unavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	return errors.As(err, &connectErr) || errors.As(err, &netErr) || pgconn.SafeToRetry(err) ||
		errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "57P") ||
		errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled)
}

// ProblemsMessage is the message of a 400 about problems: the first one, and how many more.
func ProblemsMessage(problems []api.FieldProblem) string {
	if len(problems) == 0 {
		return "The request is not valid."
	}
	msg := "The request is not valid: " + problems[0].Field + ": " + problems[0].Problem
	if len(problems) > 1 {
		msg += " (and " + strconv.Itoa(len(problems)-1) + " more)"
	}
	return msg
}

// validationError turns kin-openapi's request validation failure into a 400 naming every
// offending field.
func validationError(err error) *Error { return problemsError(fieldProblems(err, nil)) }

func problemsError(problems []api.FieldProblem) *Error {
	return &Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR, Message: ProblemsMessage(problems),
		Details: &api.ErrorDetails{Fields: &problems}}
}

// fieldProblems flattens kin-openapi's nested errors into one problem per field. It
// switches on concrete types: errors.As would look through a RequestError into the
// MultiError it wraps and lose the parameter's name.
func fieldProblems(err error, out []api.FieldProblem) []api.FieldProblem {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			out = fieldProblems(inner, out)
		}
		return out
	case *openapi3filter.RequestError:
		return requestErrorProblems(e, out)
	case *openapi3.SchemaError:
		return append(out, schemaProblem(e, ""))
	}
	return append(out, api.FieldProblem{Field: "request", Problem: err.Error()})
}

func requestErrorProblems(e *openapi3filter.RequestError, out []api.FieldProblem) []api.FieldProblem {
	param := ""
	if e.Parameter != nil {
		param = e.Parameter.Name
	}
	if multi, ok := e.Err.(openapi3.MultiError); ok {
		for _, inner := range multi {
			out = nestedProblems(inner, param, e.Reason, out)
		}
		return out
	}
	return nestedProblems(e.Err, param, e.Reason, out)
}

// nestedProblems appends the problems of one failure inside a RequestError: one, except
// for a value matching none of a oneOf's schemas, whose problems are those of the schema
// it is closest to (see closestBranch) rather than kin-openapi's bare "doesn't match any
// schema", so a batch's bad item is named by its pointer (/events/3/latencyMs), and one
// matching none of an anyOf's, described by what they accept (see anyOfProblems).
func nestedProblems(err error, param, reason string, out []api.FieldProblem) []api.FieldProblem {
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) && schemaErr.SchemaField == "oneOf" {
		if branch := closestBranch(schemaErr); branch != nil {
			for _, inner := range branch {
				out = nestedProblems(inner, param, reason, out)
			}
			return out
		}
	}
	if errors.As(err, &schemaErr) && schemaErr.SchemaField == "anyOf" {
		if problems, ok := anyOfProblems(schemaErr, param, reason); ok {
			return append(out, problems...)
		}
	}
	return append(out, nestedProblem(err, param, reason))
}

// anyOfProblems describes a value matching none of an anyOf's branches by what they
// accept, where kin-openapi says only that it "doesn't match any schema": a value of a
// type no branch takes (a null variable) "must be a string, number, boolean, list or
// object"; one of a type a single branch takes has that branch's problems (a string
// variable "is longer than 65536 characters", a list's null item "must not be null"). Not
// ok when several branches take its type: which one was meant is anyone's guess.
func anyOfProblems(e *openapi3.SchemaError, param, reason string) ([]api.FieldProblem, bool) {
	at := schemaProblem(e, param).Field
	typ := jsonType(e.Value)
	var taking []*openapi3.Schema
	var words []string
	for _, ref := range e.Schema.AnyOf {
		b := ref.Value
		if b == nil || b.Type == nil {
			return nil, false
		}
		if b.Type.Permits(typ) || typ == openapi3.TypeNumber && b.Type.Permits(openapi3.TypeInteger) {
			taking = append(taking, b)
		}
		for _, t := range b.Type.Slice() {
			words = append(words, typeWords[t])
		}
	}
	switch len(taking) {
	case 0:
		if len(words) == 0 {
			return nil, false
		}
		list := strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
		if len(words) == 1 {
			list = words[0]
		}
		article := "a "
		if strings.ContainsRune("aeiou", rune(list[0])) {
			article = "an "
		}
		return []api.FieldProblem{{Field: at, Problem: "must be " + article + list}}, true
	case 1:
		err := taking[0].VisitJSON(e.Value, openapi3.MultiErrors())
		if err == nil {
			return nil, false
		}
		var failures openapi3.MultiError
		if !errors.As(err, &failures) {
			failures = openapi3.MultiError{err}
		}
		var out []api.FieldProblem
		for _, f := range failures {
			out = nestedProblems(f, "", reason, out)
		}
		for i := range out { // pointers into the value, from where it is
			if rel := out[i].Field; rel != "/" {
				out[i].Field = strings.TrimSuffix(at, "/") + rel
			} else {
				out[i].Field = at
			}
		}
		return out, true
	}
	return nil, false
}

// jsonType is the JSON Schema type of a value as kin-openapi decodes it.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return openapi3.TypeNull
	case bool:
		return openapi3.TypeBoolean
	case string:
		return openapi3.TypeString
	case []any:
		return openapi3.TypeArray
	case map[string]any:
		return openapi3.TypeObject
	}
	return openapi3.TypeNumber
}

// typeWords are the types of JSON Schema as a user says them.
var typeWords = map[string]string{
	openapi3.TypeString: "string", openapi3.TypeNumber: "number", openapi3.TypeInteger: "integer",
	openapi3.TypeBoolean: "boolean", openapi3.TypeArray: "list", openapi3.TypeObject: "object",
	openapi3.TypeNull: "null",
}

// closestBranch is the failures of the oneOf branch whose shape the value has: the one
// with the fewest missing or unsupported properties at the value's top level (the first on
// a tie). Nil when kin-openapi gave no per-branch failures.
func closestBranch(e *openapi3.SchemaError) openapi3.MultiError {
	var branches openapi3.MultiError
	if !errors.As(e.Origin, &branches) {
		return nil
	}
	var best openapi3.MultiError
	bestMisfits := -1
	for _, b := range branches {
		failures, ok := b.(openapi3.MultiError)
		if !ok {
			failures = openapi3.MultiError{b}
		}
		if misfits := shapeMisfits(failures, len(e.JSONPointer())); bestMisfits < 0 || misfits < bestMisfits {
			best, bestMisfits = failures, misfits
		}
	}
	return best
}

// shapeMisfits counts the failures that say the value at depth has another shape: a
// property missing or unsupported there.
func shapeMisfits(failures openapi3.MultiError, depth int) int {
	n := 0
	for _, f := range failures {
		var se *openapi3.SchemaError
		if errors.As(f, &se) && len(se.JSONPointer()) <= depth+1 &&
			(se.SchemaField == "required" || se.SchemaField == "properties" && strings.HasSuffix(se.Reason, " is unsupported")) {
			n++
		}
	}
	return n
}

// nestedProblem describes one failure inside a RequestError, about parameter param or,
// when param is "", the body.
func nestedProblem(err error, param, reason string) api.FieldProblem {
	field := param
	if field == "" {
		field = "body"
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		return schemaProblem(schemaErr, param)
	}
	var parseErr *openapi3filter.ParseError
	if errors.As(err, &parseErr) {
		if param == "" {
			return api.FieldProblem{Field: field, Problem: "is not valid JSON: " + parseErr.Error()}
		}
		return api.FieldProblem{Field: field, Problem: "is not valid: " + parseErr.Reason}
	}
	if reason == "" && err != nil {
		reason = err.Error()
	}
	return api.FieldProblem{Field: field, Problem: reason}
}

// schemaProblem names the failing value by JSON pointer into the body ("/name"), or by the
// parameter's name when the value is a parameter ("limit", or "fields/1" for an item).
func schemaProblem(e *openapi3.SchemaError, param string) api.FieldProblem {
	// kin-openapi's pointer is the path's names as they are: each is escaped here (RFC 6901).
	path := e.JSONPointer()
	for i, name := range path {
		path[i] = pointerEscaper.Replace(name)
	}
	pointer := "/" + strings.Join(path, "/")
	if e.SchemaField == "properties" && strings.HasSuffix(e.Reason, " is unsupported") {
		// An unknown property: kin-openapi points at the object; the reason names it.
		if name, ok := quotedName(e.Reason); ok {
			pointer = strings.TrimSuffix(pointer, "/") + "/" + pointerEscaper.Replace(name)
		}
	}
	problem := e.Reason
	switch {
	case e.SchemaField == "format" && e.Schema != nil:
		// The default reason quotes the whole pattern behind the format.
		problem = "is not a valid " + e.Schema.Format
	case e.SchemaField == "pattern" && e.Schema != nil && e.Schema.Title != "":
		// The default reason quotes the regular expression; the schema's title says it in words.
		problem = "is not " + e.Schema.Title
	case e.SchemaField == "maxLength" && e.Schema != nil && e.Schema.MaxLength != nil:
		// Characters: code points, as JSON Schema counts them (kin-openapi's UTF-16 units,
		// which are the same for a Go string, which holds no surrogate).
		problem = "is longer than " + strconv.FormatUint(*e.Schema.MaxLength, 10) + " characters"
	case e.SchemaField == "nullable":
		problem = "must not be null" // not "Value is not nullable"
	}
	if param == "" {
		return api.FieldProblem{Field: pointer, Problem: problem}
	}
	if pointer == "/" {
		return api.FieldProblem{Field: param, Problem: problem}
	}
	return api.FieldProblem{Field: param + pointer, Problem: problem}
}

// quotedName extracts the property name from reasons such as `property "name" is missing`.
func quotedName(reason string) (string, bool) {
	_, rest, ok := strings.Cut(reason, `"`)
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, `"`)
	return name, ok
}
