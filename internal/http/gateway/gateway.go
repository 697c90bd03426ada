// Package gateway is the request pipeline PromptOps puts in front of its handlers, built
// from the OpenAPI document: it routes each request to its operation, applies what the
// spec says of that operation (its scope, its parameters and body, its `fields`, its
// Idempotency-Key), and owns everything that is not a handler's business: request ids, the
// access log and metrics, authentication, rate limits, validation, replays of idempotent
// requests and the error envelope.
//
// The gateway knows operations and policies; the handlers behind it know prompts. The two
// share only the request's info (its id, client address, key and query as parsed), read
// with Key, RequestID, ClientAddr and Query.
package gateway

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/store/idempotency"
	"github.com/promptops/promptops/internal/store/usage"
)

// Options configure a Gateway.
type Options struct {
	// Pool is where keys are looked up.
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// Metrics receives request and key-cache metrics.
	Metrics *metrics.Metrics
	// RateLimit is the number of requests a key may make per minute (at least 1).
	RateLimit int
	// BodyLimit is the largest request body in bytes (at least 1).
	BodyLimit int64
	// AuthFailureLimit is the number of failed authentications a client address
	// (ratelimit.AddrPrefix) may make per minute (at least 1); past it, it is refused before
	// any key lookup.
	AuthFailureLimit int
	// Buckets holds the key and auth-failure limits' buckets, shared by every instance on
	// the database (nil: this process's alone).
	Buckets *ratelimit.Buckets
	// Keys caches authenticated keys; nil reads every key from the database.
	Keys *cache.Keys
	// Idempotency keeps the answers of the requests sent with an Idempotency-Key.
	Idempotency *idempotency.Store
	// Usage counts every authenticated request (nil counts none).
	Usage *usage.Counter
	// NowFunc returns the current time; tests replace it (time.Now when nil). Latencies
	// are measured with time.Now whatever it is.
	NowFunc func() time.Time
	// Tracer makes each request's server span (nil: tracing is off).
	Tracer trace.Tracer
}

// Gateway routes, authenticates, limits and validates requests before a handler runs.
type Gateway struct {
	db     *pgxpool.Pool
	q      *dbsqlc.Queries
	logger *slog.Logger
	access *logging.Access
	routes []*route
	// byOperation finds a route by its operationId (Scope, Allows), byPattern by its
	// pattern (Admit), for in-process calls.
	byOperation map[string]*route
	byPattern   map[string]*route
	metrics     *metrics.Metrics
	unmatched   *metrics.Route
	allowed     *http.ServeMux
	keys        *cache.Keys
	keyCount    metrics.CacheCounts
	keyLimit    *ratelimit.Shared[uuid.UUID]
	// authFailures counts failed authentications per client address.
	authFailures *ratelimit.Shared[netip.Prefix]
	limitText    *rateLimitText
	bodyLimit    int64
	usage        *usage.Counter
	nowFunc      func() time.Time
	tracer       trace.Tracer

	idempotency *idempotency.Store
}

// New reads every operation's policy from spec once, so that no request reads the spec.
// The spec is openapi.Load's, which has taught kin-openapi the formats it uses.
func New(spec *openapi3.T, opts Options) (*Gateway, error) {
	if opts.RateLimit < 1 {
		return nil, fmt.Errorf("rate limit must be at least 1 request per minute, got %d", opts.RateLimit)
	}
	if opts.AuthFailureLimit < 1 {
		return nil, fmt.Errorf("auth failure limit must be at least 1 a minute, got %d", opts.AuthFailureLimit)
	}
	if opts.BodyLimit < 1 {
		return nil, fmt.Errorf("body limit must be at least 1 byte, got %d", opts.BodyLimit)
	}
	g := &Gateway{
		db: opts.Pool, q: dbsqlc.New(), logger: opts.Logger,
		routes:    routesOf(spec, opts.Metrics),
		metrics:   opts.Metrics,
		unmatched: opts.Metrics.Route("unmatched", ""),
		keys:      opts.Keys, keyCount: opts.Metrics.Cache("key"),
		keyLimit:     ratelimit.NewShared[uuid.UUID](opts.Buckets, "key", opts.RateLimit, time.Minute),
		limitText:    newRateLimitText(opts.RateLimit),
		authFailures: ratelimit.NewShared[netip.Prefix](opts.Buckets, "auth_failure", opts.AuthFailureLimit, time.Minute),
		bodyLimit:    opts.BodyLimit,
		usage:        opts.Usage,
		nowFunc:      opts.NowFunc,
		tracer:       opts.Tracer,

		idempotency: opts.Idempotency,
	}
	for _, rt := range g.routes {
		// Keys are kept per API key: only a request with one can use them.
		if rt.policy.idempotent && (!rt.policy.authenticated || rt.policy.noProject) {
			return nil, fmt.Errorf("%s takes %s but needs no API key or concerns no project", rt.pattern, idempotencyHeader)
		}
	}
	g.access = logging.NewAccess(opts.Logger)
	g.byOperation, g.byPattern = make(map[string]*route, len(g.routes)), make(map[string]*route, len(g.routes))
	for _, rt := range g.routes {
		g.byOperation[rt.spec.Operation.OperationID], g.byPattern[rt.pattern] = rt, rt
	}
	g.allowed = http.NewServeMux()
	for _, rt := range g.routes {
		g.allowed.Handle(rt.pattern, http.NotFoundHandler()) // only the pattern is used
	}
	return g, nil
}

// clock is NowFunc's time.
func (g *Gateway) clock() time.Time {
	if g.nowFunc != nil {
		return g.nowFunc()
	}
	return time.Now()
}

// Handler serves every operation of the spec through the pipeline, calling the handler
// that mux (the generated router) has for it. Each route's chain is built once; the
// standard mux matches a request once, and sets its path values for the handler.
func (g *Gateway) Handler(mux *http.ServeMux) http.Handler {
	handlers := handlersFrom(mux, g.routes)
	routed := http.NewServeMux()
	for _, rt := range g.routes {
		routed.Handle(rt.pattern, g.chain(rt, handlers[rt.pattern]))
	}
	// Everything no operation matches: 405 when the path has other methods, else 404.
	routed.HandleFunc("/", g.unrouted)
	return g.observe(routed)
}

// chain is one operation's pipeline, outermost first.
func (g *Gateway) chain(rt *route, h http.Handler) http.Handler {
	if rt.policy.fields {
		h = selectFields(h)
	}
	if rt.policy.idempotent {
		h = g.idempotent(rt, h)
	}
	if rt.policy.authenticated {
		h = g.act(rt, h)
	}
	h = g.validate(rt, h)
	if rt.policy.authenticated {
		h = g.authenticate(rt, h)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info(r.Context()).route = rt
		h.ServeHTTP(w, r)
	})
}
