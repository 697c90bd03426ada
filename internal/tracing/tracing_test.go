package tracing_test

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/dbtest"
	"github.com/promptops/promptops/internal/tracing"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// TestOffWithoutEndpoint: without an OTLP endpoint, or with the SDK disabled, tracing is
// nil: no exporter, no tracer for the hot path to call.
func TestOffWithoutEndpoint(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]map[string]string{
		"Nothing":        {},
		"NameOnly":       {"OTEL_SERVICE_NAME": "promptops-x", "OTEL_TRACES_SAMPLER": "always_on"},
		"Disabled":       {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_SDK_DISABLED": "true"},
		"TracesDisabled": {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:1/v1/traces", "OTEL_SDK_DISABLED": "TRUE"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tr, err := tracing.FromEnv(context.Background(), func(k string) string { return env[k] }, "test")
			require.NoError(t, err)
			require.Nil(t, tr)
			require.Nil(t, tr.Tracer())
			require.NoError(t, tr.Shutdown(context.Background()))
		})
	}
}

// TestUnknownProtocol: a protocol PromptOps cannot export with is an error at start, not
// traces silently lost.
func TestUnknownProtocol(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}
	_, err := tracing.FromEnv(context.Background(), func(k string) string { return env[k] }, "test")
	require.ErrorContains(t, err, "http/json")
}

// TestTracesInJaeger exports to a real Jaeger on loopback, set up as serve sets it up
// (the OTEL_* variables of the process), and reads the traces back: a resolve sent with a
// caller's traceparent is in the caller's trace, under the caller's span, named by its
// operation, with the prompt's name and version and a database span below it; a render
// too; a promote's webhook delivery is a client span inside River's job span, and its
// trace context reaches the receiver. Then, with the SDK disabled, nothing is sent. (Not
// parallel: it sets the process's environment, which the exporter reads.)
func TestTracesInJaeger(t *testing.T) {
	jaeger := apitest.StartJaeger(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", jaeger.OTLPEndpoint)
	t.Setenv("OTEL_SERVICE_NAME", "promptops-traced")
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")
	t.Setenv("OTEL_BSP_SCHEDULE_DELAY", "100") // milliseconds: export soon after each span
	tr, err := tracing.FromEnv(context.Background(), os.Getenv, "v9.9.9")
	require.NoError(t, err)
	require.NotNil(t, tr)
	t.Cleanup(func() { require.NoError(t, tr.Shutdown(context.Background())) })

	env := apitest.New(t, apitest.WithTracing(tr))
	p := env.NewProject("traced")
	receiver := apitest.NewReceiver(t)
	hook, err := p.Client.CreateWebhookWithResponse(context.Background(), nil, api.CreateWebhookRequest{Url: receiver.URL, Events: []string{"deployment.promoted"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))
	prompt := env.NewPrompt(p, "greeting")
	env.NewVersion(p, prompt.Id, "Hello {{ name }}")
	v2 := env.NewVersion(p, prompt.Id, "Hi {{ name }}!")

	const callerTrace, callerSpan = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	resolve := env.Request(http.MethodGet, "/api/v1/prompts/greeting/resolve", p.Key, "", "")
	resolve.Header.Set("traceparent", "00-"+callerTrace+"-"+callerSpan+"-01")
	require.Equal(t, http.StatusOK, env.Do(resolve).StatusCode)

	spans := jaeger.Trace(t, callerTrace, func(spans []apitest.JaegerSpan) bool { return has(spans, "ResolvePrompt") })
	resolved := find(t, spans, "ResolvePrompt")
	require.Equal(t, callerSpan, resolved.Parent(), "the resolve is a child of the caller's span")
	require.Equal(t, "server", resolved.Tag("span.kind"))
	require.Equal(t, "greeting", resolved.Tag("gen_ai.prompt.name"))
	require.Equal(t, "2", resolved.Tag("gen_ai.prompt.version"))
	require.Equal(t, p.ID, resolved.Tag("promptops.project.id"))
	require.Equal(t, "dev", resolved.Tag("promptops.environment"))
	require.Equal(t, "/api/v1/prompts/{slug}/resolve", resolved.Tag("http.route"))
	require.Equal(t, "GET", resolved.Tag("http.request.method"))
	require.Equal(t, "200", resolved.Tag("http.response.status_code"))
	require.True(t, slices.ContainsFunc(spans, func(s apitest.JaegerSpan) bool {
		return s.Parent() == resolved.SpanID && s.Tag("db.system.name") == "postgresql"
	}), "a database span below the resolve: %v", spans)

	render := env.Request(http.MethodPost, "/api/v1/prompts/greeting/render", p.Key, "application/json", `{"variables": {"name": "Ada"}}`)
	require.Equal(t, http.StatusOK, env.Do(render).StatusCode)
	env.Promote(p, prompt.Id, v2.Id, "staging")
	delivered := receiver.WaitFor(t, 30*time.Second, func(ds []apitest.Delivery) bool { return len(apitest.Succeeded(ds)) > 0 })

	spans = jaeger.Traces(t, "promptops-traced", func(spans []apitest.JaegerSpan) bool {
		return has(spans, "RenderPrompt") && has(spans, "webhook delivery") && has(spans, "river.work/webhook_delivery") && has(spans, "PromotePrompt")
	})
	rendered := find(t, spans, "RenderPrompt")
	require.Equal(t, "greeting", rendered.Tag("gen_ai.prompt.name"))
	require.Equal(t, "2", rendered.Tag("gen_ai.prompt.version"))
	// The first delivery that succeeded, found by the trace context the receiver was sent.
	first := apitest.Succeeded(delivered)[0]
	parts := strings.Split(first.Traceparent, "-")
	require.Len(t, parts, 4, "the receiver is sent a traceparent: %q", first.Traceparent)
	i := slices.IndexFunc(spans, func(s apitest.JaegerSpan) bool { return s.TraceID == parts[1] && s.SpanID == parts[2] })
	require.GreaterOrEqual(t, i, 0, "the traceparent the receiver got names a delivery span")
	delivery := spans[i]
	require.Equal(t, "webhook delivery", delivery.OperationName)
	require.Equal(t, "client", delivery.Tag("span.kind"))
	require.Equal(t, hook.JSON201.Data.Id.String(), delivery.Tag("promptops.webhook.id"))
	require.Equal(t, first.Type, delivery.Tag("promptops.event.type"))
	require.Equal(t, "1", delivery.Tag("promptops.webhook.attempt"))
	require.Equal(t, "200", delivery.Tag("http.response.status_code"))
	j := slices.IndexFunc(spans, func(s apitest.JaegerSpan) bool { return s.SpanID == delivery.Parent() })
	require.GreaterOrEqual(t, j, 0, "the delivery span has its parent in the trace")
	require.Equal(t, "river.work/webhook_delivery", spans[j].OperationName, "the delivery attempt runs inside River's job span")

	t.Run("Disabled", func(t *testing.T) {
		t.Setenv("OTEL_SERVICE_NAME", "promptops-untraced")
		t.Setenv("OTEL_SDK_DISABLED", "true")
		off, err := tracing.FromEnv(context.Background(), os.Getenv, "v9.9.9")
		require.NoError(t, err)
		require.Nil(t, off)
		untraced := apitest.New(t, apitest.WithTracing(off))
		q := untraced.NewProject("untraced")
		require.Equal(t, http.StatusOK, untraced.Do(untraced.Request(http.MethodGet, "/health", q.Key, "", "")).StatusCode)
		// The traced instance's spans arrive after a flush; the untraced one's never.
		require.NoError(t, tr.Shutdown(context.Background()))
		services := jaeger.Services(t)
		require.Contains(t, services, "promptops-traced")
		require.NotContains(t, services, "promptops-untraced")
	})
}

// has says whether spans include one named name.
func has(spans []apitest.JaegerSpan, name string) bool {
	return slices.ContainsFunc(spans, func(s apitest.JaegerSpan) bool { return s.OperationName == name })
}

// find is the span named name.
func find(t *testing.T, spans []apitest.JaegerSpan, name string) apitest.JaegerSpan {
	t.Helper()
	i := slices.IndexFunc(spans, func(s apitest.JaegerSpan) bool { return s.OperationName == name })
	require.GreaterOrEqual(t, i, 0, "no span %s among %d", name, len(spans))
	return spans[i]
}
