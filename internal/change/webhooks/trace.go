package webhooks

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/gen/dbsqlc"
)

// Attributes of a delivery attempt's span.
const (
	webhookIDKey = attribute.Key("promptops.webhook.id")
	eventTypeKey = attribute.Key("promptops.event.type")
	attemptKey   = attribute.Key("promptops.webhook.attempt")
)

// startAttemptSpan starts the client span of attempt number attempt of d, inside the
// job's span (nil when tracing is off).
func (s *Service) startAttemptSpan(ctx context.Context, d *dbsqlc.WebhookDelivery, attempt int32) (context.Context, trace.Span) {
	if s.cfg.Tracer == nil {
		return ctx, nil
	}
	return s.cfg.Tracer.Start(ctx, "webhook delivery", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		webhookIDKey.String(d.WebhookID.String()), eventTypeKey.String(d.EventType), attemptKey.Int(int(attempt)),
		semconv.HTTPRequestMethodKey.String(http.MethodPost)))
}

// endAttemptSpan records the receiver's status (0: none) and the attempt's error, if
// any, and ends span.
func endAttemptSpan(span trace.Span, status int, err error) {
	if span == nil {
		return
	}
	if status != 0 {
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
	}
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}
