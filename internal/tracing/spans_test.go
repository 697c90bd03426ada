package tracing_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/internal/tracing"
)

// TestEndServer: a request's span is named by its operation and carries its route and
// status; a 5xx is an error, a 4xx is not (the caller's mistake); without a route the span
// keeps the method for its name.
func TestEndServer(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		operation, route string
		status           int
		wantName         string
		wantError        bool
	}{
		"Success":     {"ResolvePrompt", "/api/v1/prompts/{slug}/resolve", http.StatusOK, "ResolvePrompt", false},
		"ClientError": {"ResolvePrompt", "/api/v1/prompts/{slug}/resolve", http.StatusNotFound, "ResolvePrompt", false},
		"ServerError": {"GetReadiness", "/health/ready", http.StatusServiceUnavailable, "GetReadiness", true},
		"Unmatched":   {"", "", http.StatusNotFound, "GET", false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			recorder := tracetest.NewSpanRecorder()
			tracer := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder)).Tracer("test")
			r := httptest.NewRequest(http.MethodGet, "/x", nil)
			ctx, span := tracing.StartServer(tracer, r)
			require.Equal(t, span, trace.SpanFromContext(ctx))
			tracing.EndServer(span, r, c.operation, c.route, c.status)
			ended := recorder.Ended()
			require.Len(t, ended, 1)
			require.Equal(t, c.wantName, ended[0].Name())
			attrs := attribute.NewSet(ended[0].Attributes()...)
			status, _ := attrs.Value("http.response.status_code")
			require.EqualValues(t, c.status, status.AsInt64())
			route, hasRoute := attrs.Value("http.route")
			require.Equal(t, c.route != "", hasRoute)
			require.Equal(t, c.route, route.AsString())
			require.Equal(t, c.wantError, ended[0].Status().Code == codes.Error)
		})
	}
}
