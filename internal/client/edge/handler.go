package edge

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/tracing"
)

// StaleHeader is set to "true", with Age, on every answer given while the edge is not
// connected to the server (what it serves may be behind).
const StaleHeader = "X-Promptops-Stale"

// Shared header values, never modified, so that setting them allocates nothing.
var (
	nosniff    = []string{"nosniff"}
	noStore    = []string{"no-store"}
	staleValue = []string{"true"}
	bearerRe   = `Bearer realm="promptops"`
)

// operations name the spans of the edge's routes as the server names its own.
var operations = map[string]string{
	"GET /api/v1/prompts/{slug}/resolve": "ResolvePrompt",
	"POST /api/v1/prompts/{slug}/render": "RenderPrompt",
	"GET /health":                        "GetHealth",
}

// Handler answers resolve, render and /health; every other request is a 404. With a
// Tracer, each request has a server span.
func (e *Edge) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/prompts/{slug}/resolve", e.resolve)
	mux.HandleFunc("POST /api/v1/prompts/{slug}/render", e.render)
	mux.HandleFunc("GET /health", e.health)
	// Other methods on the two paths: 405 naming the allowed one, as the server answers.
	mux.HandleFunc("/api/v1/prompts/{slug}/resolve", e.methodNotAllowed(http.MethodGet))
	mux.HandleFunc("/api/v1/prompts/{slug}/render", e.methodNotAllowed(http.MethodPost))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		e.fail(w, r, &gateway.Error{Status: http.StatusNotFound, Code: api.ErrorCodeRESOURCENOTFOUND,
			Message: "The edge serves GET /api/v1/prompts/{slug}/resolve, POST /api/v1/prompts/{slug}/render and GET /health; send everything else to the server."})
	})
	return traced(e.o.Tracer, mux)
}

// traced gives each request mux serves a server span (nothing when tracer is nil), named
// by the operation of the pattern that matched, as the server names its own.
func traced(tracer trace.Tracer, mux *http.ServeMux) http.Handler {
	if tracer == nil {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, span := tracing.StartServer(tracer, r)
		r = r.WithContext(ctx)
		rec := &gateway.Recorder{ResponseWriter: w}
		mux.ServeHTTP(rec, r)
		// The mux sets the pattern it matched on the request it serves.
		name, route := r.Pattern, r.Pattern
		if op, ok := operations[r.Pattern]; ok {
			name = op
		}
		if _, path, found := strings.Cut(route, " "); found {
			route = path
		}
		tracing.EndServer(span, r, name, route, rec.Status())
	})
}

// methodNotAllowed answers a method the path does not take, with the server's words and
// headers: its router answers before any operation's, so without Cache-Control.
func (e *Edge) methodNotAllowed(allowed string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		e.common(w, r)
		delete(w.Header(), "Cache-Control")
		apiErr := &gateway.Error{Status: http.StatusMethodNotAllowed, Code: api.ErrorCodeMETHODNOTALLOWED,
			Message: r.Method + " is not allowed on " + r.URL.Path + "; allowed: " + allowed + ".",
			Header:  http.Header{"Allow": {allowed}}}
		apiErr.Write(w, w.Header().Get("X-Request-Id"))
	}
}

// resolve answers as the server's ResolvePrompt does.
func (e *Edge) resolve(w http.ResponseWriter, r *http.Request) {
	defer e.serve.Resolve(time.Now())
	if !e.authorized(w, r) {
		return
	}
	_, query, ok := e.checked(w, r, "ResolvePrompt")
	if !ok {
		return
	}
	if query.Has("version") {
		e.forward(w, r)
		return
	}
	composed := false
	if v := query.Get("compose"); v != "" { // ParseBool("") allocates its error
		composed, _ = strconv.ParseBool(v)
	}
	subject, ok := e.subject(w, r, query)
	if !ok {
		return
	}
	d := e.lookup(w, r)
	if d == nil {
		return
	}
	live := d.For(subject)
	var ifNoneMatch *string
	if v := r.Header.Get("If-None-Match"); v != "" {
		ifNoneMatch = &v
	}
	live.Trace(r.Context(), uuid.Nil) // the edge is not told its project's id
	e.answer(w, r)
	_ = live.Resolved(ifNoneMatch, composed).VisitResolvePromptResponse(w)
}

// render answers as the server's RenderPrompt does, within the same budget, and as
// often as the client address's rate limit allows.
func (e *Edge) render(w http.ResponseWriter, r *http.Request) {
	if !e.authorized(w, r) || !e.allowRender(w, r) {
		return
	}
	body, query, ok := e.checked(w, r, "RenderPrompt")
	if !ok {
		return
	}
	var req api.RenderRequest
	if err := json.Unmarshal(body, &req); err != nil {
		e.fail(w, r, &gateway.Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR, Message: "The request is not valid: " + err.Error()})
		return
	}
	start := time.Now()
	defer func() { e.serve.Render(string(rendering.Format(req)), start) }()
	if req.Version != nil {
		e.forward(w, r)
		return
	}
	subject, ok := e.subject(w, r, query)
	if !ok {
		return
	}
	d := e.lookup(w, r)
	if d == nil {
		return
	}
	live := d.For(subject)
	live.Trace(r.Context(), uuid.Nil)
	out, err := live.Render(req, e.o.RenderLimit)
	if err != nil {
		e.logger.ErrorContext(r.Context(), "edge render failed", "error", err.Error())
		e.fail(w, r, &gateway.Error{Status: http.StatusInternalServerError, Code: api.ErrorCodeINTERNALERROR,
			Message: "Something went wrong on our side; the request id identifies it in the edge's log."})
		return
	}
	if len(out.Problems) > 0 {
		problems := out.Problems
		details := out.Details
		details.Fields = &problems
		e.fail(w, r, &gateway.Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR,
			Message: gateway.ProblemsMessage(problems), Details: &details})
		return
	}
	e.answer(w, r)
	_ = out.Response.VisitRenderPromptResponse(w)
}

// allowRender takes a render from the client address's allowance, or answers 429 as the
// server's rate limit does. Resolves are not counted: they copy what the edge prepared.
func (e *Edge) allowRender(w http.ResponseWriter, r *http.Request) bool {
	d := e.renders.Allow(clientPrefix(r), e.o.NowFunc())
	if !d.Allowed {
		e.fail(w, r, gateway.TooManyRequests(d))
	}
	return d.Allowed
}

// lookup finds the request's slug in what the edge serves, or answers: 503 before the edge
// has anything, 409 for a slug that would compose past the render limit (as the server
// answers one past its own), 404 for a slug with nothing live.
func (e *Edge) lookup(w http.ResponseWriter, r *http.Request) *rendering.Deployed {
	s := e.state.Load()
	if s == nil {
		e.fail(w, r, &gateway.Error{Status: http.StatusServiceUnavailable, Code: api.ErrorCodeSERVICEUNAVAILABLE,
			Message: "The edge has not loaded its prompts yet; try again shortly.", Header: http.Header{"Retry-After": {"1"}}})
		return nil
	}
	slug := r.PathValue("slug")
	if en, ok := s.prompts[slug]; ok {
		return en.deployed
	}
	if refused, ok := s.refused[slug]; ok {
		message, details := refused.err.Refusal(rendering.NotServed(slug, s.env))
		e.fail(w, r, &gateway.Error{Status: http.StatusConflict, Code: api.ErrorCodeCONFLICT, Message: message, Details: &details})
		return nil
	}
	e.fail(w, r, &gateway.Error{Status: http.StatusNotFound, Code: api.ErrorCodeRESOURCENOTFOUND,
		Message: rendering.NotDeployedMessage(slug, s.env, nil)})
	return nil
}

// checked validates r as the server's pipeline validates a request of operationID with
// the edge's key, or answers its 400: against the spec, each parameter sent once, and no
// environment named but the one the edge serves (once it knows it). It returns the body
// read, if the operation takes one, and its query as the check parsed it (nil for none),
// which the edge reads rather than parse it again.
func (e *Edge) checked(w http.ResponseWriter, r *http.Request, operationID string) ([]byte, url.Values, bool) {
	body, query, apiErr := e.checker.Check(w, r, operationID)
	if s := e.state.Load(); apiErr == nil && s != nil {
		apiErr = e.checker.KeyActs(r, query, operationID, s.env)
	}
	if apiErr != nil {
		e.fail(w, r, apiErr)
		return nil, nil, false
	}
	return body, query, true
}

// subject is the request's subject (rendering.Subject) from its query (as parsed) and
// header, or answers the server's 400 when they differ.
func (e *Edge) subject(w http.ResponseWriter, r *http.Request, query url.Values) (string, bool) {
	var param, header *string
	if query.Has("subject") {
		v := query.Get("subject")
		param = &v
	}
	if v := r.Header["Promptops-Subject"]; len(v) > 0 {
		header = &v[0]
	}
	subject, problem := rendering.Subject(param, header)
	if problem != nil {
		problems := []api.FieldProblem{*problem}
		e.fail(w, r, &gateway.Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR,
			Message: gateway.ProblemsMessage(problems), Details: &api.ErrorDetails{Fields: &problems}})
		return "", false
	}
	return subject, true
}

// authorized checks the request's credentials (the edge's key or its local token, each
// compared in constant time), or answers 401 as the server would. As on the server, a
// client address past its failed tries is answered 429 before any comparison.
func (e *Edge) authorized(w http.ResponseWriter, r *http.Request) bool {
	if reason := e.refusal(); reason != nil {
		e.fail(w, r, unauthorized("The edge's API key can no longer be used ("+*reason+"); the edge serves nothing."))
		return false
	}
	header := r.Header.Get("Authorization")
	token, refused := gateway.BearerToken(header)
	if header == "" { // no header at all tried nothing, so it does not count as a failure
		e.fail(w, r, refused)
		return false
	}
	client, now := clientPrefix(r), e.o.NowFunc()
	if d := e.authFailures.Peek(client, now); !d.Allowed {
		e.fail(w, r, gateway.TooManyFailures(d))
		return false
	}
	if refused != nil {
		e.authFailures.Allow(client, now)
		e.fail(w, r, refused)
		return false
	}
	if subtle.ConstantTimeCompare([]byte(token), e.key) == 1 ||
		len(e.token) > 0 && subtle.ConstantTimeCompare([]byte(token), e.token) == 1 {
		return true
	}
	e.authFailures.Allow(client, now)
	if !auth.WellFormed(token) {
		e.fail(w, r, unauthorized(gateway.MalformedKey))
		return false
	}
	e.fail(w, r, unauthorized(gateway.UnknownKey))
	return false
}

func unauthorized(msg string) *gateway.Error {
	return &gateway.Error{Status: http.StatusUnauthorized, Code: api.ErrorCodeAUTHINVALID, Message: msg,
		Header: http.Header{"Www-Authenticate": {bearerRe}}}
}

// common sets the headers of every answer: those the server's pipeline sets, and the
// staleness of what the edge serves while it is disconnected; it reports whether the
// answer is stale.
func (e *Edge) common(w http.ResponseWriter, r *http.Request) (stale bool) {
	h := w.Header()
	h["X-Request-Id"] = []string{gateway.RequestIDOf(r.Header.Get("X-Request-Id"))}
	h["X-Content-Type-Options"] = nosniff
	h["Cache-Control"] = noStore
	if !e.connected.Load() {
		h["Age"] = []string{strconv.Itoa(int(e.staleFor().Seconds()))}
		h[StaleHeader] = staleValue
		return true
	}
	return false
}

// answer sets the headers of an answer with a prompt, and counts it when it is stale.
func (e *Edge) answer(w http.ResponseWriter, r *http.Request) {
	if e.common(w, r) {
		e.unreported.Add(1)
		e.o.Metrics.StaleAnswers(1)
	}
}

// fail answers with an error envelope.
func (e *Edge) fail(w http.ResponseWriter, r *http.Request, apiErr *gateway.Error) {
	e.common(w, r)
	apiErr.Write(w, w.Header().Get("X-Request-Id"))
}
