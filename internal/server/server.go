// Package server assembles one PromptOps instance, the one composition root of the binary
// and the tests: the gateway in front of the handlers, the hot-path caches they share, the
// WebSocket hub, the River client working webhook deliveries and the analytics job, the
// event feed that keeps caches and sockets current across instances, and the housekeeping
// (usage counts, idempotency keys, analytics partitions). New builds it; Start runs it and
// Stop ends it, as river's Client does. Serving its Handler is the caller's: a listener of
// the binary's, or a test's httptest server.
package server

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/change/realtime"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/http/console"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/httpapi"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/store/idempotency"
	"github.com/promptops/promptops/internal/store/jobs"
	"github.com/promptops/promptops/internal/store/purge"
	"github.com/promptops/promptops/internal/store/usage"
	"github.com/promptops/promptops/internal/tracing"
	"github.com/promptops/promptops/openapi"
)

// Options configure a Server. Zero sizes, limits and durations take config's defaults, so
// that the binary (whose flags default to the same constants) and the tests cannot drift.
type Options struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// RateLimit is the number of requests a key may make per minute.
	RateLimit int
	// SignupRateLimit is the number of projects one client address may create per hour;
	// 0 closes sign-up (so it has no default: the binary's is config.DefaultSignupRateLimit).
	SignupRateLimit int
	// UserSignup is who may create an account: a config.UserSignup mode.
	UserSignup string
	// SignInAddrLimit and SignInAccountLimit bound failed sign-ins per client address and
	// per account, per config.SignInLimitWindow.
	SignInAddrLimit, SignInAccountLimit int
	// BodyLimit is the largest request body in bytes.
	BodyLimit int64
	// AuthFailureLimit is the number of failed authentications one client address may make
	// per minute.
	AuthFailureLimit int
	// Quotas bound what a project holds; a zero field takes config's default.
	Quotas httpapi.Quotas
	// WSMaxPerKey and WSMaxPerAddr bound the sockets of one key and of one client address
	// on this instance.
	WSMaxPerKey, WSMaxPerAddr int
	// RenderLimit is the largest rendered prompt in bytes, all its messages together.
	RenderLimit int
	// RunRateLimit is how many playground runs a key may make per minute.
	RunRateLimit int
	// RunTimeout bounds a playground run's call of its provider (playground.Timeout when
	// zero; tests shorten it).
	RunTimeout time.Duration
	// SnapshotPageBytes is the most bytes of prompts a snapshot page holds.
	SnapshotPageBytes int
	// Webhooks configures deliveries; its zero fields take webhooks.New's defaults, and its
	// Secrets and Logger those of the server.
	Webhooks webhooks.Config
	// AnalyticsRetention is how long tracked events and their rollups are kept.
	AnalyticsRetention time.Duration
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
	// UsageFlushInterval is how often this instance adds its usage counts to the database
	// once started; Stop flushes them once more.
	UsageFlushInterval time.Duration
	// SecretKey seals webhook secrets in the database and what the console hands out to be
	// sent back, such as its sign-in tokens: every instance on one database needs the same
	// (nil: a key of this process's own, which only suits an instance whose webhooks are
	// never sealed nor signed, such as a test's).
	SecretKey *secrets.Key
	// ConsoleSecureCookies marks the console's cookies Secure, named __Host-, over plain
	// HTTP too: for a proxy in front that terminates TLS.
	ConsoleSecureCookies bool
	// OIDCProviders are the console's single sign-on providers.
	OIDCProviders []config.OIDCProvider
	// ConsoleNoKeySignIn turns off signing in to the console with an API key.
	ConsoleNoKeySignIn bool
	// ReleaseEvaluationInterval is how often a rolling release is evaluated when its guards
	// name no interval.
	ReleaseEvaluationInterval time.Duration
	// NowFunc returns the current time; tests replace it (time.Now when nil).
	NowFunc func() time.Time
	// Tracing makes spans of requests, webhook deliveries and jobs (nil: off). Pool's
	// queries are traced only if its config went through Tracing.TracePool.
	Tracing *tracing.Tracing
}

// keyCacheEntries bounds the authenticated-key cache.
const keyCacheEntries = 10_000

// Server is one instance of PromptOps.
type Server struct {
	o Options
	// feedConnected is set while this instance's feed hears committed changes (readiness).
	feedConnected atomic.Bool
	hooks         *webhooks.Service
	jobs          *jobs.Client
	run           running
	gateway       *gateway.Gateway
	handlers      *httpapi.Server
	hub           *realtime.Hub
	console       *console.Console
	resolves      *cache.Resolves[*rendering.Deployed]
	keys          *cache.Keys
	idem          *idempotency.Store
	usage         *usage.Counter
	// buckets keeps the rate limits that hold across instances (keys, auth failures,
	// project sign-ups, sign-ins, playground runs).
	buckets *ratelimit.Buckets
}

// New builds a Server from the embedded OpenAPI document (parsed once per process, see
// openapi.Shared), with every part made and none running: Start runs them. pool's
// database must be migrated.
func New(o Options) (*Server, error) {
	spec, err := openapi.Shared()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	o = withDefaults(o)
	s := &Server{o: o, usage: usage.New(usage.Options{Pool: o.Pool, Logger: o.Logger, NowFunc: o.NowFunc}),
		buckets: ratelimit.NewBuckets(o.Pool, o.Logger)}
	if err := s.buildHooks(); err != nil {
		return nil, err
	}
	s.idem = idempotency.New(o.Pool, idempotency.Options{Wait: o.IdempotencyWait, Logger: o.Logger, NowFunc: o.NowFunc,
		QuotaBytes: int64(o.Quotas.IdempotencyBytes)})
	if !o.CacheDisabled {
		s.resolves, s.keys = cache.NewResolves[*rendering.Deployed](o.CacheEntries), cache.NewKeys(keyCacheEntries)
	}
	s.gateway, err = gateway.New(spec, gateway.Options{
		Pool: o.Pool, Logger: o.Logger, Metrics: o.Metrics, RateLimit: o.RateLimit,
		BodyLimit: o.BodyLimit, AuthFailureLimit: o.AuthFailureLimit, Buckets: s.buckets, Keys: s.keys, Idempotency: s.idem, Usage: s.usage, NowFunc: o.NowFunc,
		Tracer: o.Tracing.Tracer(),
	})
	if err != nil {
		return nil, err
	}
	s.hub = realtime.NewHub(realtime.Options{
		Logger: o.Logger, MaxPerKey: o.WSMaxPerKey, MaxPerAddr: o.WSMaxPerAddr, KeyFunc: s.gateway.CurrentKey, NowFunc: o.NowFunc,
	})
	o.Metrics.ReadSockets(s.hub.Connected)
	o.Metrics.ReadWebhookBacklog(s.hooks.Pending)
	var signup *ratelimit.Shared[netip.Prefix]
	if o.SignupRateLimit > 0 {
		signup = ratelimit.NewShared[netip.Prefix](s.buckets, "signup", o.SignupRateLimit, time.Hour)
	}
	s.handlers, err = httpapi.New(httpapi.Options{
		Pool: o.Pool, Logger: o.Logger, Signup: signup, Buckets: s.buckets, Webhooks: s.hooks,
		UserSignup: o.UserSignup, SignInAddrLimit: o.SignInAddrLimit, SignInAccountLimit: o.SignInAccountLimit,
		Resolves: s.resolves, Keys: s.keys, Metrics: o.Metrics, Quotas: o.Quotas, RenderLimit: o.RenderLimit, RunRateLimit: o.RunRateLimit, RunTimeout: o.RunTimeout, SnapshotPageBytes: o.SnapshotPageBytes, Usage: s.usage, NowFunc: o.NowFunc,
		ReleaseEvaluationInterval: o.ReleaseEvaluationInterval, FeedConnected: s.feedConnected.Load,
	})
	if err != nil {
		return nil, err
	}
	if err := s.buildJobs(); err != nil {
		return nil, err
	}
	s.console, err = console.New(console.Options{
		API: s.handlers, Gateway: s.gateway, Hub: s.hub, Pool: o.Pool, Logger: o.Logger, NowFunc: o.NowFunc,
		Secrets: o.SecretKey, SecureCookies: o.ConsoleSecureCookies, NoKeySignIn: o.ConsoleNoKeySignIn,
		Providers: o.OIDCProviders, UserSignup: o.UserSignup,
	})
	return s, err
}

// buildHooks builds the webhook delivery service (its jobs run on the client buildJobs
// builds).
func (s *Server) buildHooks() error {
	hooksConfig := s.o.Webhooks
	hooksConfig.Secrets = cmp.Or(hooksConfig.Secrets, s.o.SecretKey)
	hooksConfig.Logger = cmp.Or(hooksConfig.Logger, s.o.Logger)
	hooksConfig.Tracer = s.o.Tracing.Tracer()
	if hooksConfig.FailedFunc == nil {
		hooksConfig.FailedFunc = s.o.Metrics.WebhookFailed
	}
	var err error
	s.hooks, err = webhooks.New(s.o.Pool, hooksConfig)
	return err
}

// buildJobs builds the instance's one River client, which works the webhook deliveries,
// the analytics job, the handlers' release jobs and the removal of deleted projects (not
// started).
func (s *Server) buildJobs() error {
	var err error
	s.jobs, err = jobs.New(s.o.Pool, jobs.Options{Logger: s.o.Logger, Middleware: s.o.Tracing.JobMiddleware()}, s.hooks.Jobs(), s.handlers.ReleaseJobs(), analytics.Jobs(s.o.Pool, analytics.JobConfig{
		Retention: s.o.AnalyticsRetention, Logger: s.o.Logger, NowFunc: s.o.NowFunc,
	}), purge.Jobs(s.o.Pool, s.o.Logger))
	return err
}

// withDefaults fills in config's default for each zero option that has one.
func withDefaults(o Options) Options {
	if o.Metrics == nil {
		o.Metrics = metrics.New()
	}
	if o.NowFunc == nil {
		o.NowFunc = time.Now
	}
	o.RateLimit = cmp.Or(o.RateLimit, config.DefaultRateLimit)
	o.AnalyticsRetention = cmp.Or(o.AnalyticsRetention, config.DefaultAnalyticsRetention)
	o.BodyLimit = cmp.Or(o.BodyLimit, config.DefaultBodyLimit)
	o.UserSignup = cmp.Or(o.UserSignup, config.DefaultUserSignup)
	o.SignInAddrLimit = cmp.Or(o.SignInAddrLimit, config.DefaultSignInAddrLimit)
	o.SignInAccountLimit = cmp.Or(o.SignInAccountLimit, config.DefaultSignInAccountLimit)
	o.AuthFailureLimit = cmp.Or(o.AuthFailureLimit, config.DefaultAuthFailureLimit)
	o.Quotas = withDefaultQuotas(o.Quotas)
	o.WSMaxPerKey = cmp.Or(o.WSMaxPerKey, config.DefaultWSMaxPerKey)
	o.WSMaxPerAddr = cmp.Or(o.WSMaxPerAddr, config.DefaultWSMaxPerAddr)
	o.RenderLimit = cmp.Or(o.RenderLimit, config.DefaultRenderLimit)
	o.RunRateLimit = cmp.Or(o.RunRateLimit, config.DefaultRunRateLimit)
	o.SnapshotPageBytes = cmp.Or(o.SnapshotPageBytes, config.DefaultSnapshotPageBytes)
	o.CacheEntries = cmp.Or(o.CacheEntries, config.DefaultCacheEntries)
	o.IdempotencyPurgeEvery = cmp.Or(o.IdempotencyPurgeEvery, idempotency.DefaultPurgeEvery)
	o.UsageFlushInterval = cmp.Or(o.UsageFlushInterval, config.DefaultUsageFlushInterval)
	o.ReleaseEvaluationInterval = cmp.Or(o.ReleaseEvaluationInterval, config.DefaultReleaseEvaluationInterval)
	return o
}

// withDefaultQuotas fills in config's default for each zero quota.
func withDefaultQuotas(q httpapi.Quotas) httpapi.Quotas {
	orDefault := func(v *int, fallback int) {
		if *v == 0 {
			*v = fallback
		}
	}
	orDefault(&q.Prompts, config.DefaultQuotaPrompts)
	orDefault(&q.Versions, config.DefaultQuotaVersions)
	orDefault(&q.APIKeys, config.DefaultQuotaKeys)
	orDefault(&q.Webhooks, config.DefaultQuotaWebhooks)
	orDefault(&q.Connections, config.DefaultQuotaConnections)
	orDefault(&q.Environments, config.DefaultQuotaEnvironments)
	orDefault(&q.Invitations, config.DefaultQuotaInvitations)
	orDefault(&q.PersonalTokens, config.DefaultQuotaTokens)
	orDefault(&q.Memberships, config.DefaultQuotaMemberships)
	orDefault(&q.Checks, config.DefaultQuotaChecks)
	orDefault(&q.AnalyticsBytes, config.DefaultQuotaAnalyticsBytes)
	orDefault(&q.IdempotencyBytes, config.DefaultQuotaIdempotencyBytes)
	return q
}

// Handler is the whole API, the gateway around the generated handlers (resolve and
// render bound by hand, see httpapi.HandBound), and the web console under /console/.
func (s *Server) Handler() http.Handler {
	return s.handler(true)
}

// GeneratedHandler is Handler with every operation bound by the generated code: what the
// hand bindings are held to in tests.
func (s *Server) GeneratedHandler() http.Handler {
	return s.handler(false)
}

func (s *Server) handler(handBound bool) http.Handler {
	errs := httpapi.Errors{Request: gateway.BadRequest, Response: s.gateway.HandlerError}
	strict := api.NewStrictHandlerWithOptions(s.handlers, nil, api.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: errs.Request, ResponseErrorHandlerFunc: errs.Response,
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", s.connectWebSocket)
	var router api.ServeMux = mux
	if handBound {
		router = s.handlers.HandBound(mux, errs)
	}
	api.HandlerWithOptions(strict, api.StdHTTPServerOptions{BaseRouter: router, ErrorHandlerFunc: gateway.BadRequest})
	apiHandler := s.gateway.Handler(mux)
	// The console is pages for people, not operations of the spec: it is observed like
	// every request (id, access log), and calls the same handlers through the gateway's
	// own checks (console.Options), but skips the API's routing and bearer pipeline.
	consoleHandler := s.gateway.Observe("/console/", s.console.Handler())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == "/console" || strings.HasPrefix(p, "/console/") {
			consoleHandler.ServeHTTP(w, r)
			return
		}
		apiHandler.ServeHTTP(w, r)
	})
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
	release, ok := s.hub.Admit(gateway.ClientAddr(r.Context()))
	if !ok {
		gateway.WriteError(w, r, &gateway.Error{Status: http.StatusTooManyRequests, Code: api.ErrorCodeRATELIMITEXCEEDED,
			Message: "Too many sockets from this address: at most " + strconv.Itoa(s.o.WSMaxPerAddr) + " per server; close one first.",
			Header:  http.Header{"Retry-After": {socketRetryAfter}}})
		return
	}
	defer release()
	s.hub.Serve(w, r, func(ctx context.Context, token, project string) (*auth.Key, string) {
		key, refused, err := s.gateway.SocketKey(ctx, token, project)
		switch {
		case err != nil:
			return nil, "the key could not be checked; try again"
		case refused != nil:
			return nil, refused.Message
		}
		return key, ""
	})
}

// socketRetryAfter is the Retry-After of a socket refused for its address's count: a hint
// only, since a place frees up when one of the address's sockets closes.
const socketRetryAfter = "10"

// FlushUsage adds the usage counts not yet written to the database now, as a started
// Server does every UsageFlushInterval.
func (s *Server) FlushUsage(ctx context.Context) error { return s.usage.Flush(ctx) }

// MetricsHandler serves the instance's metrics in Prometheus's format (for the debug
// address).
func (s *Server) MetricsHandler() http.Handler { return s.o.Metrics.Handler() }

// Close says goodbye to this instance's sockets (Stop does too). They are hijacked
// connections that an http.Server's Shutdown does not wait for, so the binary closes them
// before it drains its requests.
func (s *Server) Close() { s.hub.Close() }

// Webhooks is the instance's webhook delivery service.
func (s *Server) Webhooks() *webhooks.Service { return s.hooks }
