package tracing

import (
	"context"
	"strings"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/rivertype"
	"github.com/riverqueue/rivercontrib/otelriver"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
)

// Database and job spans come from their libraries' instrumentation, given the provider
// rather than OpenTelemetry's global one, which PromptOps never sets.

// TracePool has cfg's connections make a span of each query, batch and copy done within
// a traced request or job (none when tracing is off).
func (t *Tracing) TracePool(cfg *pgxpool.Config) {
	if t == nil {
		return
	}
	cfg.ConnConfig.Tracer = otelpgx.NewTracer(
		otelpgx.WithTracerProvider(t.provider),
		// Metrics are Prometheus's (package metrics); OpenTelemetry's would go nowhere.
		otelpgx.WithMeterProvider(metricnoop.NewMeterProvider()),
		otelpgx.WithSpanNameCtxFunc(queryName),
	)
}

// queryName names a query's span by its sqlc name ("-- name: ResolveActive :one"), else by
// its operation (SELECT).
func queryName(ctx context.Context, sql string) string {
	if rest, ok := strings.CutPrefix(sql, "-- name: "); ok {
		if name, _, ok := strings.Cut(rest, " "); ok && name != "" {
			return name
		}
	}
	return otelpgx.SQLOperationName(ctx, sql)
}

// JobMiddleware is River's middleware that makes a span of each job worked, linked to the
// span that queued it (none when tracing is off).
func (t *Tracing) JobMiddleware() []rivertype.Middleware {
	if t == nil {
		return nil
	}
	return []rivertype.Middleware{otelriver.NewMiddleware(&otelriver.MiddlewareConfig{
		TracerProvider: t.provider, MeterProvider: metricnoop.NewMeterProvider(),
		EnableTracePropagation: true, EnableWorkSpanJobKindSuffix: true,
	})}
}
