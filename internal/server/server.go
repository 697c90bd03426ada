// Package server assembles one PromptOps instance: the gateway in front of the handlers,
// the hot-path caches they share, the WebSocket hub and the event feed that keeps caches
// and sockets current across instances.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/feed"
	"github.com/promptops/promptops/internal/gateway"
	"github.com/promptops/promptops/internal/httpapi"
	"github.com/promptops/promptops/internal/idempotency"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/realtime"
	"github.com/promptops/promptops/internal/webhooks"
	"github.com/promptops/promptops/openapi"
)

// Options configure a Server. Zero sizes and limits take config's defaults.
type Options struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// RateLimit is the number of requests a key may make per minute.
	RateLimit int
	// SignupRateLimit is the number of projects one client address may create per hour;
	// 0 closes sign-up.
	SignupRateLimit int
	// BodyLimit is the largest request body in bytes.
	BodyLimit int64
	// RenderLimit is the largest rendered prompt in bytes, all its messages together.
	RenderLimit int
	// Webhooks queues deliveries and checks webhook URLs.
	Webhooks *webhooks.Service
	// CacheEntries bounds the resolve cache; CacheDisabled answers every resolve and
	// authentication from the database.
	CacheEntries  int
	CacheDisabled bool
	// Metrics collects request and cache metrics (a fresh set when nil).
	Metrics *metrics.Metrics
	// IdempotencyWait bounds how long a request waits for the first request with its
	// Idempotency-Key to finish; IdempotencyPurgeEvery is how often expired keys are
	// deleted (idempotency's defaults when 0).
	IdempotencyWait       time.Duration
	IdempotencyPurgeEvery time.Duration
	// NowFunc returns the current time; tests replace it (time.Now when nil).
	NowFunc func() time.Time
}

// keyCacheEntries bounds the authenticated-key cache.
const keyCacheEntries = 10_000

// Server is one instance of PromptOps.
type Server struct {
	o        Options
	gateway  *gateway.Gateway
	handlers *httpapi.Server
	hub      *realtime.Hub
	resolves *cache.Resolves[*httpapi.LiveVersion]
	keys     *cache.Keys
	idem     *idempotency.Store
}

// New builds a Server from the embedded OpenAPI document.
func New(o Options) (*Server, error) {
	spec, err := openapi.Load()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	if o.Metrics == nil {
		o.Metrics = metrics.New()
	}
	if o.BodyLimit == 0 {
		o.BodyLimit = config.DefaultBodyLimit
	}
	if o.RenderLimit == 0 {
		o.RenderLimit = config.DefaultRenderLimit
	}
	if o.CacheEntries == 0 {
		o.CacheEntries = config.DefaultCacheEntries
	}
	if o.IdempotencyPurgeEvery == 0 {
		o.IdempotencyPurgeEvery = idempotency.DefaultPurgeEvery
	}
	s := &Server{o: o, hub: realtime.NewHub(o.Logger)}
	s.idem = idempotency.New(o.Pool, idempotency.Options{Wait: o.IdempotencyWait, Logger: o.Logger, NowFunc: o.NowFunc})
	if !o.CacheDisabled {
		s.resolves, s.keys = cache.NewResolves[*httpapi.LiveVersion](o.CacheEntries), cache.NewKeys(keyCacheEntries)
	}
	s.gateway, err = gateway.New(spec, gateway.Options{
		Pool: o.Pool, Logger: o.Logger, Metrics: o.Metrics, RateLimit: o.RateLimit,
		BodyLimit: o.BodyLimit, Keys: s.keys, Idempotency: s.idem, NowFunc: o.NowFunc,
	})
	if err != nil {
		return nil, err
	}
	var signup *ratelimit.Limiter[string]
	if o.SignupRateLimit > 0 {
		signup = ratelimit.New[string](o.SignupRateLimit, time.Hour)
	}
	s.handlers, err = httpapi.New(httpapi.Options{
		Pool: o.Pool, Logger: o.Logger, Spec: spec, Signup: signup, Webhooks: o.Webhooks,
		Resolves: s.resolves, Keys: s.keys, Metrics: o.Metrics, RenderLimit: o.RenderLimit, NowFunc: o.NowFunc,
	})
	return s, err
}

// Handler is the whole API: the gateway around the generated handlers.
func (s *Server) Handler() http.Handler {
	strict := api.NewStrictHandlerWithOptions(s.handlers, nil, api.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  gateway.BadRequest,
		ResponseErrorHandlerFunc: s.gateway.HandlerError,
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", s.connectWebSocket)
	api.HandlerWithOptions(strict, api.StdHTTPServerOptions{BaseRouter: mux, ErrorHandlerFunc: gateway.BadRequest})
	return s.gateway.Handler(mux)
}

// connectWebSocket serves GET /ws, the realtime event feed (the spec has its protocol).
// It is not part of the generated strict interface because the upgrade needs the
// connection; the key arrives in the socket's first message.
func (s *Server) connectWebSocket(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		gateway.WriteError(w, r, &gateway.Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR,
			Message: "GET /ws needs a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)."})
		return
	}
	s.hub.Serve(w, r, func(ctx context.Context, token string) (*auth.Key, string) {
		key, refused, err := s.gateway.Authenticate(ctx, token)
		switch {
		case err != nil:
			return nil, "the key could not be checked; try again"
		case refused != nil:
			return nil, refused.Message
		}
		return key, ""
	})
}

// Listen hears every committed event, from any instance, and keeps this instance's caches
// and sockets current. It returns once listening; done closes when ctx ends and listening
// stops.
func (s *Server) Listen(ctx context.Context) (done <-chan struct{}, err error) {
	o := feed.Options{Pool: s.o.Pool, Logger: s.o.Logger, Keys: s.keys, Hub: s.hub, EventFunc: httpapi.EventFromDB}
	if s.resolves != nil { // a nil cache must not become a non-nil interface
		o.Resolves = s.resolves
	}
	return feed.Listen(ctx, o)
}

// Maintain does this instance's housekeeping until ctx ends: it purges expired idempotency
// keys, at once and then every IdempotencyPurgeEvery. done closes once it has stopped.
func (s *Server) Maintain(ctx context.Context) (done <-chan struct{}) {
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.idem.PurgeEvery(ctx, s.o.IdempotencyPurgeEvery)
	}()
	return stopped
}

// MetricsHandler serves the instance's metrics in Prometheus's format (for the debug
// address).
func (s *Server) MetricsHandler() http.Handler { return s.o.Metrics.Handler() }

// Close says goodbye to this instance's sockets.
func (s *Server) Close() { s.hub.Close() }
