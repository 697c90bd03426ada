package rendering

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/promptops/promptops/gen/api"
)

// TestTrace: a recording span is given the version served, its project and the release
// that assigned it; a version outside a release gives no release attributes.
func TestTrace(t *testing.T) {
	t.Parallel()
	recorder := tracetest.NewSpanRecorder()
	tracer := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder)).Tracer("test")
	project := uuid.MustParse("0b5c3a57-33d5-4f3e-9b4e-6a0f0d7a2c11")

	var data api.ResolvedPrompt
	require.NoError(t, json.Unmarshal([]byte(frameVersion), &data))
	data.Release.SetNull()
	outside, err := Parse(data)
	require.NoError(t, err)
	for _, live := range []*Live{frameLive(t), outside} {
		ctx, span := tracer.Start(context.Background(), "resolve")
		live.Trace(ctx, project)
		span.End()
	}
	ended := recorder.Ended()
	require.Len(t, ended, 2)
	want := map[attribute.Key]string{
		"gen_ai.prompt.name": "weather", "gen_ai.prompt.version": "3", "promptops.environment": "production",
		"promptops.project.id": project.String(),
		"promptops.release.id": "58259e66-56ef-4349-857b-36191285d2cd", "promptops.release.variant": "candidate",
	}
	for i, span := range ended {
		got := map[attribute.Key]string{}
		for _, kv := range span.Attributes() {
			got[kv.Key] = kv.Value.AsString()
		}
		if i == 1 {
			delete(want, "promptops.release.id")
			delete(want, "promptops.release.variant")
		}
		require.Equal(t, want, got)
	}
}
