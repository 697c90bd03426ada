package edge_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/internal/client/edge"
)

// TestEdgeTraces: with a tracer, the edge's resolve and render are server spans named as
// the server names them, in the caller's trace, carrying the prompt's name and the version
// served; the catch-all's span is named by its pattern. (The server's spans are checked
// against a real Jaeger in package tracing.)
func TestEdgeTraces(t *testing.T) {
	t.Parallel()
	b := setup(t)
	recorder := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	e := startEdge(t, b.env.URL, b.key, "", func(o *edge.Options) { o.Tracer = provider.Tracer("test") })
	awaitCurrent(t, e)

	const caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	resolved, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "", "traceparent", caller)
	require.Equal(t, http.StatusOK, resolved.Status)
	rendered, _ := do(t, e.URL, "POST", "/api/v1/prompts/greet/render", b.key, `{"variables":{"name":"Ada"}}`)
	require.Equal(t, http.StatusOK, rendered.Status)
	missing, _ := do(t, e.URL, "GET", "/nowhere", b.key, "")
	require.Equal(t, http.StatusNotFound, missing.Status)

	spans := recorder.Ended()
	require.Len(t, spans, 3)
	for i, name := range []string{"ResolvePrompt", "RenderPrompt"} {
		s := spans[i]
		require.Equal(t, name, s.Name())
		require.Equal(t, trace.SpanKindServer, s.SpanKind())
		attrs := attribute.NewSet(s.Attributes()...)
		for key, want := range map[attribute.Key]string{
			"gen_ai.prompt.name": "greet", "gen_ai.prompt.version": "1", "promptops.environment": "production",
			"http.route": "/api/v1/prompts/{slug}/" + map[int]string{0: "resolve", 1: "render"}[i],
		} {
			got, ok := attrs.Value(key)
			require.True(t, ok, "%s has %s", name, key)
			require.Equal(t, want, got.AsString(), "%s's %s", name, key)
		}
		status, _ := attrs.Value("http.response.status_code")
		require.EqualValues(t, http.StatusOK, status.AsInt64())
		require.False(t, attrs.HasValue("promptops.project.id"), "the edge is not told its project")
	}
	require.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", spans[0].SpanContext().TraceID().String(), "the resolve is in the caller's trace")
	require.Equal(t, "00f067aa0ba902b7", spans[0].Parent().SpanID().String())
	require.Equal(t, "/", spans[2].Name()) // the catch-all's pattern
}
