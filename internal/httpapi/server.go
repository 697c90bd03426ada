// Package httpapi serves the PromptOps API: it implements the strict server interface that
// oapi-codegen generates from openapi/openapi.yaml, behind middleware that routes, validates,
// authenticates and rate-limits every request against the same document.
package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/events"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/realtime"
	"github.com/promptops/promptops/internal/webhooks"
	"github.com/promptops/promptops/openapi"
)

var _ api.StrictServerInterface = (*Server)(nil)

// DefaultBodyLimit is the largest request body accepted unless Options say otherwise.
const DefaultBodyLimit = 1 << 20

// Options configure a Server.
type Options struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// RateLimit is the number of requests a key may make per minute.
	RateLimit int
	// SignupRateLimit is the number of projects one client address may create per hour;
	// 0 closes sign-up.
	SignupRateLimit int
	// BodyLimit is the largest request body in bytes (DefaultBodyLimit when 0).
	BodyLimit int64
	// Now returns the current time; tests replace it (time.Now when nil).
	Now func() time.Time
	// Webhooks queues deliveries and checks webhook URLs.
	Webhooks *webhooks.Service
	// CacheEntries bounds the resolve cache (DefaultCacheEntries when 0); CacheDisabled
	// answers every resolve and authentication from the database.
	CacheEntries  int
	CacheDisabled bool
	// Metrics collects request and cache metrics (a fresh set when nil).
	Metrics *metrics.Metrics
}

// DefaultCacheEntries is how many resolve responses are kept unless Options say otherwise.
const DefaultCacheEntries = 100_000

// keyCacheEntries bounds the authenticated-key cache.
const keyCacheEntries = 10_000

// Server implements api.StrictServerInterface on a PostgreSQL pool.
type Server struct {
	db        *pgxpool.Pool
	q         *dbsqlc.Queries
	logger    *slog.Logger
	routes    *routeTable
	policies  map[*openapi3.Operation]policy
	keyLimit  *ratelimit.Limiter[uuid.UUID]
	signup    *ratelimit.Limiter[string]
	bodyLimit int64
	now       func() time.Time
	// specJSON is the embedded spec decoded once, for GetOpenApiJson.
	specJSON map[string]any
	events   *events.Recorder
	webhooks *webhooks.Service
	hub      *realtime.Hub
	// resolves and keys are nil when caching is off.
	resolves *cache.Resolves
	keys     *cache.Keys
	metrics  *metrics.Metrics
	// unmatched counts requests no route matched.
	unmatched              *metrics.Route
	resolveCount, keyCount metrics.CacheCounts
}

// New builds a Server from the embedded OpenAPI document.
func New(opts Options) (*Server, error) {
	registerFormats()
	spec, err := openapi.Load()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	specJSON, err := decodeSpec(spec)
	if err != nil {
		return nil, err
	}
	if opts.Metrics == nil {
		opts.Metrics = metrics.New()
	}
	if opts.RateLimit < 1 {
		return nil, fmt.Errorf("rate limit must be at least 1 request per minute, got %d", opts.RateLimit)
	}
	s := &Server{
		db:           opts.Pool,
		q:            dbsqlc.New(),
		logger:       opts.Logger,
		routes:       newRouteTable(spec),
		policies:     policies(spec, opts.Metrics),
		keyLimit:     ratelimit.New[uuid.UUID](opts.RateLimit, time.Minute),
		bodyLimit:    opts.BodyLimit,
		now:          opts.Now,
		specJSON:     specJSON,
		events:       events.NewRecorder(opts.Webhooks),
		webhooks:     opts.Webhooks,
		hub:          realtime.NewHub(opts.Logger),
		metrics:      opts.Metrics,
		unmatched:    opts.Metrics.Route("unmatched", ""),
		resolveCount: opts.Metrics.Cache("resolve"),
		keyCount:     opts.Metrics.Cache("key"),
	}
	if !opts.CacheDisabled {
		size := opts.CacheEntries
		if size == 0 {
			size = DefaultCacheEntries
		}
		s.resolves, s.keys = cache.NewResolves(size), cache.NewKeys(keyCacheEntries)
	}
	if opts.SignupRateLimit > 0 {
		s.signup = ratelimit.New[string](opts.SignupRateLimit, time.Hour)
	}
	if s.bodyLimit == 0 {
		s.bodyLimit = DefaultBodyLimit
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Handler is the whole API: middleware (outermost first) around the generated handlers.
func (s *Server) Handler() http.Handler {
	strict := api.NewStrictHandlerWithOptions(s, nil, api.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  badRequestError,
		ResponseErrorHandlerFunc: s.handlerError,
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", s.ConnectWebSocket)
	api.HandlerWithOptions(strict, api.StdHTTPServerOptions{
		BaseRouter:       mux,
		ErrorHandlerFunc: badRequestError,
	})
	var h http.Handler = s.dispatch(s.routes.handlersFrom(mux))
	h = selectFields(h)
	h = s.validate(h)
	h = s.authenticate(h)
	h = s.route(h)
	h = s.observe(h)
	return h
}

// dispatch calls the generated handler of the route the request was routed to, so the
// request is matched once, not again by the generated mux. The path parameters found by
// routing are handed on as the mux would.
func (s *Server) dispatch(handlers map[string]http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		for name, value := range ri.pathParams {
			r.SetPathValue(name, value)
		}
		handlers[ri.pattern].ServeHTTP(w, r)
	})
}

// decodeSpec turns the spec into the generic JSON value GetOpenApiJson answers with.
func decodeSpec(spec *openapi3.T) (map[string]any, error) {
	raw, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("encode spec: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("decode spec: %w", err)
	}
	return out, nil
}

var registerOnce sync.Once

// registerFormats teaches kin-openapi the string formats the spec uses that it does not
// check by default. The registry is global to kin-openapi, hence once.
func registerFormats() {
	registerOnce.Do(func() {
		openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	})
}

// requestInfo is what the middleware learns about a request, shared down the chain and
// read back by the access log.
type requestInfo struct {
	id         string
	clientAddr string
	route      *routers.Route
	pathParams map[string]string
	policy     policy
	pattern    string
	// key is the authenticated key (nil on paths that need none).
	key *auth.Key
}

type infoKey struct{}

// keyFrom is the request's authenticated key.
func keyFrom(ctx context.Context) *auth.Key { return infoFrom(ctx).key }

func infoFrom(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}
