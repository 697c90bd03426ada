package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/http/httpapi"
	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/store/database"
)

// serve runs one instance (server.New, Start) behind the API's listener, and the debug
// listener when asked, until SIGINT or SIGTERM. Then it stops accepting, says goodbye to
// the sockets, lets in-flight requests finish (bounded by the shutdown timeout), stops the
// instance (the usage counts flushed, River's jobs in flight finished within the timeout
// too), closes the pool and stops the private database. A second signal exits at once.
func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := parseConfig("serve", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	tlsConf, err := tlsConfig(cfg)
	if err != nil {
		return err
	}
	tuneGC()
	// The access log is buffered: a request costs no write system call for its line.
	logOut := logging.NewWriter(stderr)
	defer logOut.Close()
	logger := logging.New(logOut, cfg.LogFormat, cfg.LogLevel)
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(signals)

	tr, err := startTracing(ctx, getenv, logger)
	if err != nil {
		return err
	}
	// Deferred first, so run last: the spans of the shutdown itself are flushed too.
	defer flushTraces(ctx, tr, cfg.ShutdownTimeout, logger)
	db, err := openDatabase(ctx, cfg, logger, tr)
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	key, err := secretKey(ctx, cfg, logger)
	if err != nil {
		return err
	}
	opts := serverOptions(cfg, db, key, logger)
	opts.Tracing = tr
	instance, err := server.New(opts)
	if err != nil {
		return err
	}
	defer stopInstance(ctx, instance, cfg.ShutdownTimeout, logger)
	if err := instance.Start(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("listen on %s: %w; another process has this port: choose another with --addr, PROMPTOPS_ADDR or PORT", cfg.Addr, syscall.EADDRINUSE)
	}
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := httpServer(instance.Handler(), tlsConf, logger)
	if cfg.DebugAddr != "" {
		debugLn, err := net.Listen("tcp", debugListenAddr(cfg.DebugAddr))
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("debug listener: %w", err)
		}
		go serveDebug(ctx, debugLn, instance.MetricsHandler(), logger)
	}
	served := make(chan error, 1)
	go func() { served <- serveOn(srv, ln) }()
	logger.InfoContext(ctx, "listening", slog.String("addr", ln.Addr().String()), slog.Bool("tls", tlsConf != nil))
	logReady(ctx, logger, baseURL(ln.Addr(), tlsConf != nil), cfg.SignupRateLimit)

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case sig := <-signals:
		logger.InfoContext(ctx, "shutting down", slog.String("signal", sig.String()), slog.Duration("timeout", cfg.ShutdownTimeout))
	}
	go func() {
		sig := <-signals
		logger.WarnContext(ctx, "second signal: exiting now", slog.String("signal", sig.String()))
		logOut.Flush()
		os.Exit(1)
	}()
	instance.Close()
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.WarnContext(ctx, "in-flight requests cut off", slog.String("error", err.Error()))
	}
	return nil
}

// tuneGC sets the collector for a small heap (tens of MB): collecting half as often is a
// cheap trade for the CPU the hot path would spend in GC, and a soft limit keeps a large
// cache from tripling the heap. GOGC and GOMEMLIMIT, when set, decide instead.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
}

// serverOptions are the instance's options as the configuration gives them.
func serverOptions(cfg *config.Config, db *database.DB, key *secrets.Key, logger *slog.Logger) server.Options {
	return server.Options{
		Pool: db.Pool, Logger: logger, RateLimit: cfg.RateLimit, SignupRateLimit: cfg.SignupRateLimit,
		BodyLimit: cfg.BodyLimit, RenderLimit: cfg.RenderLimit, RunRateLimit: cfg.RunRateLimit, SnapshotPageBytes: cfg.SnapshotPageBytes,
		AuthFailureLimit: cfg.AuthFailureLimit,
		UserSignup:       cfg.UserSignup, SignInAddrLimit: cfg.SignInAddrLimit, SignInAccountLimit: cfg.SignInAccountLimit,
		Quotas: httpapi.Quotas{Prompts: cfg.QuotaPrompts, Versions: cfg.QuotaVersions, APIKeys: cfg.QuotaKeys, Webhooks: cfg.QuotaWebhooks, Environments: cfg.QuotaEnvironments, Connections: cfg.QuotaConnections,
			Invitations: cfg.QuotaInvitations, PersonalTokens: cfg.QuotaTokens, Memberships: cfg.QuotaMemberships, Checks: cfg.QuotaChecks, AnalyticsBytes: cfg.QuotaAnalyticsBytes, IdempotencyBytes: cfg.QuotaIdempotencyBytes},
		WSMaxPerKey: cfg.WSMaxPerKey, WSMaxPerAddr: cfg.WSMaxPerAddr,
		CacheEntries: cfg.CacheEntries, CacheDisabled: !cfg.ResolveCache,
		UsageFlushInterval: cfg.UsageFlushInterval, AnalyticsRetention: cfg.AnalyticsRetention,
		ReleaseEvaluationInterval: cfg.ReleaseEvaluationInterval,
		Webhooks: webhooks.Config{
			Timeout: cfg.WebhookTimeout, RescueAfter: cfg.WebhookRescueAfter,
			RetryBase: cfg.WebhookRetryBase, MaxAttempts: cfg.WebhookMaxAttempts, AllowPrivate: cfg.WebhookAllowPrivate,
			Workers: cfg.WebhookWorkers, SecretOverlap: cfg.WebhookSecretOverlap,
		},
		SecretKey: key, ConsoleSecureCookies: cfg.ConsoleSecureCookies, ConsoleNoKeySignIn: !cfg.ConsoleKeySignIn,
		OIDCProviders: cfg.OIDCProviders,
	}
}

// stopInstance stops the instance within timeout, whether serve got as far as starting it
// or not, and says so if its jobs in flight were cut off.
func stopInstance(ctx context.Context, instance *server.Server, timeout time.Duration, logger *slog.Logger) {
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := instance.Stop(stopCtx); err != nil {
		logger.WarnContext(ctx, "stopping the instance", slog.String("error", err.Error()))
	}
}

// httpServer serves handler with the API's timeouts (and HSTS under TLS).
func httpServer(handler http.Handler, tlsConf *tls.Config, logger *slog.Logger) *http.Server {
	if tlsConf != nil {
		handler = hsts(handler)
	}
	return &http.Server{
		Handler:           handler,
		TLSConfig:         tlsConf,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// secretKey is the key sealing webhook secrets: --secret-key (PROMPTOPS_SECRET_KEY) or,
// with the private database, the key file in its data directory, made on first start and
// reused after. (Validate has refused an external database without a key.)
func secretKey(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*secrets.Key, error) {
	if cfg.SecretKey != "" {
		return secrets.ParseKey(cfg.SecretKey)
	}
	path := filepath.Join(cfg.DataDir, "secret.key")
	key, created, err := secrets.LoadOrCreateFile(path)
	if err != nil {
		return nil, err
	}
	if created {
		logger.InfoContext(ctx, "made the key that seals webhook secrets: back it up with the database", slog.String("path", path))
	}
	return key, nil
}

// debugListenAddr is where the debug listener listens: addr as given, except that a port
// without a host (":9090") means loopback only, since profiles and metrics are for the
// operator on the machine; a host (0.0.0.0:9090) says otherwise on purpose.
func debugListenAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "" {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", port)
}

// serveDebug serves Prometheus metrics (/metrics) and Go's pprof profiles on their own
// listener, never on the API's.
func serveDebug(ctx context.Context, ln net.Listener, metrics http.Handler, logger *slog.Logger) {
	mux := http.NewServeMux()
	mux.Handle("/metrics", metrics)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	logger.InfoContext(ctx, "debug listener (metrics, pprof)", slog.String("addr", ln.Addr().String()))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		logger.WarnContext(ctx, "debug listener stopped", slog.String("error", err.Error()))
	}
}

// logReady tells whoever started the server where to go next: the API, the console and the
// explorer, and how projects are created.
func logReady(ctx context.Context, logger *slog.Logger, base string, signupRateLimit int) {
	signup := fmt.Sprintf("open: POST %s/api/v1/projects (%d an hour per client address)", base, signupRateLimit)
	if signupRateLimit == 0 {
		signup = "closed: create projects with `promptops projects create --name N`"
	}
	logger.InfoContext(ctx, "PromptOps is ready", slog.String("api", base+"/api/v1"), slog.String("console", base+"/console/"),
		slog.String("explorer", base+"/api/explorer"), slog.String("project_creation", signup),
		slog.String("next", "create a project, then sign in to the console with its key; --addr, PROMPTOPS_ADDR or PORT change the address"))
}

// baseURL is the URL a client on this machine reaches the listener at: an unspecified
// address (":3001", "0.0.0.0", "::") is reached as localhost.
func baseURL(addr net.Addr, tls bool) string {
	scheme := "http"
	if tls {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return scheme + "://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}
