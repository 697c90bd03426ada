package tracing

import (
	"context"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Attributes of the resolve and render spans. gen_ai.prompt.name is the GenAI semantic
// conventions' (the prompt's slug here); the conventions have no prompt version yet, so
// gen_ai.prompt.version follows the name the prompt-management tools use, as a string
// like their other versions. The rest are PromptOps's own.
const (
	PromptNameKey     = attribute.Key("gen_ai.prompt.name")
	PromptVersionKey  = attribute.Key("gen_ai.prompt.version")
	ProjectIDKey      = attribute.Key("promptops.project.id")
	EnvironmentKey    = attribute.Key("promptops.environment")
	ReleaseIDKey      = attribute.Key("promptops.release.id")
	ReleaseVariantKey = attribute.Key("promptops.release.variant")
)

// Served is the prompt version a resolve or render served.
type Served struct {
	// ProjectID is the project's id (uuid.Nil where unknown: the edge is not told it).
	ProjectID   uuid.UUID
	Environment string
	Slug        string
	Version     int
	// ReleaseID and Variant name the rolling release that assigned the version (zero
	// outside one).
	ReleaseID uuid.UUID
	Variant   string
}

// Recording is ctx's span when it records, else nil: one context lookup when tracing is
// off, so that callers build their attributes only for a span that keeps them.
func Recording(ctx context.Context) trace.Span {
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		return span
	}
	return nil
}

// SetServed puts on span what a resolve or render served (the project when known), in
// one call: each call takes the span's lock.
func SetServed(span trace.Span, s Served) {
	var buf [6]attribute.KeyValue
	attrs := append(buf[:0], PromptNameKey.String(s.Slug), PromptVersionKey.String(strconv.Itoa(s.Version)),
		EnvironmentKey.String(s.Environment))
	if s.ProjectID != uuid.Nil {
		attrs = append(attrs, ProjectIDKey.String(s.ProjectID.String()))
	}
	if s.ReleaseID != uuid.Nil {
		attrs = append(attrs, ReleaseIDKey.String(s.ReleaseID.String()), ReleaseVariantKey.String(s.Variant))
	}
	span.SetAttributes(attrs...)
}

// StartServer starts the server span of an incoming request, in the caller's trace when
// the request carries one (traceparent, tracestate, baggage), and returns the request's
// context with the span, for the caller to give the request along with its own values (one
// copy of the request, not two). The span is named by the method until EndServer names it
// by its operation.
func StartServer(tracer trace.Tracer, r *http.Request) (context.Context, trace.Span) {
	ctx := Propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	return tracer.Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer))
}

// EndServer names the span of a request by its operation (name; the method when no
// route matched, route then ""), records its method, route and status, marks a 5xx as an
// error, and ends it.
func EndServer(span trace.Span, r *http.Request, name, route string, status int) {
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, semconv.HTTPRequestMethodKey.String(r.Method), semconv.HTTPResponseStatusCode(status))
	if route != "" {
		span.SetName(name)
		attrs = append(attrs, semconv.HTTPRoute(route))
	}
	span.SetAttributes(attrs...)
	if status >= http.StatusInternalServerError {
		span.SetStatus(codes.Error, http.StatusText(status))
	}
	span.End()
}
