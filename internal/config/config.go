// Package config reads PromptOps settings once, from command-line flags whose defaults come
// from PROMPTOPS_* environment variables, into a typed struct that is passed down.
package config

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/promptops/promptops/internal/secrets"
)

// Defaults that other packages fall back on when given zero.
const (
	// DefaultBodyLimit is the largest request body accepted, in bytes.
	DefaultBodyLimit = 1 << 20
	// DefaultCacheEntries is how many resolve responses are kept in memory.
	DefaultCacheEntries = 100_000
	// DefaultAuthFailureLimit is how many failed authentications a client address may make
	// per minute.
	DefaultAuthFailureLimit = 100
	// The default quotas: prompts, active keys and webhooks per project, versions per prompt.
	DefaultQuotaPrompts  = 1000
	DefaultQuotaVersions = 1000
	DefaultQuotaKeys     = 100
	DefaultQuotaWebhooks = 20
	// DefaultQuotaConnections bounds a project's provider connections.
	DefaultQuotaConnections = 10
	// DefaultQuotaEnvironments counts dev, staging and production too.
	DefaultQuotaEnvironments = 20
	// DefaultQuotaInvitations bounds a project's pending invitations.
	DefaultQuotaInvitations = 100
	// DefaultQuotaTokens bounds a person's active personal tokens.
	DefaultQuotaTokens = 100
	// DefaultQuotaMemberships bounds the projects a person belongs to, and so their
	// session's list of memberships.
	DefaultQuotaMemberships = 100
	// DefaultQuotaChecks bounds the distinct check names reported on a version.
	DefaultQuotaChecks = 100
	// The default byte quotas of what any key of a project can make the server store:
	// tracked events with their rollups, and answers kept for Idempotency-Key replays.
	// Analytics counts its bytes as analytics.BatchBytes does; idempotency counts an
	// answer's body and headers and a row.
	DefaultQuotaAnalyticsBytes   = 1 << 30
	DefaultQuotaIdempotencyBytes = 256 << 20
	// DefaultAnalyticsRetention is how long tracked events and their hourly rollups are
	// kept (PROMPTOPS_ANALYTICS_RETENTION).
	DefaultAnalyticsRetention = 90 * 24 * time.Hour
	// MinAnalyticsRetention is the shortest analytics retention allowed: a day more than
	// the oldest event track accepts (analytics.MaxAge, 7 days), so that no partition is
	// dropped while track still accepts events for its day. A test of analytics holds the
	// two together.
	MinAnalyticsRetention = 8 * 24 * time.Hour
	// minQuotaBytes is the least a byte quota may be: less would refuse a single batch
	// or answer of the largest body.
	minQuotaBytes = 1 << 20
	// DefaultWSMaxPerKey and DefaultWSMaxPerAddr bound one instance's sockets of one key
	// and of one client address.
	DefaultWSMaxPerKey  = 50
	DefaultWSMaxPerAddr = 200
	// DefaultRenderLimit is the largest rendered prompt (all its messages), in bytes.
	DefaultRenderLimit = 1 << 20
	// DefaultSnapshotPageBytes is the most bytes of encoded prompts a page of the snapshot
	// holds.
	DefaultSnapshotPageBytes = 4 << 20
	// DefaultUsageFlushInterval is how often an instance adds its usage counts to the
	// database: what a crash may lose.
	DefaultUsageFlushInterval = 10 * time.Second
	// DefaultReleaseEvaluationInterval is how often a rolling release's guards and steps
	// are evaluated when its guards name no interval.
	DefaultReleaseEvaluationInterval = 30 * time.Second
	// DefaultRateLimit is how many requests a key may make per minute.
	DefaultRateLimit = 600
	// DefaultRunRateLimit is how many playground runs a key (or person) may make per
	// minute: each one costs the project's provider money.
	DefaultRunRateLimit = 20
	// DefaultSignupRateLimit is how many projects one client address may create per hour
	// (0, closed sign-up, is a choice, never a default).
	DefaultSignupRateLimit = 20
	// DefaultUserSignup is who may create an account (PROMPTOPS_USER_SIGNUP): by default
	// only someone invited to a project.
	DefaultUserSignup = UserSignupInvite
	// DefaultSignInAddrLimit and DefaultSignInAccountLimit are how many failed sign-ins
	// (and, for an address, sign-ups) one client address and one account may make per
	// SignInLimitWindow.
	DefaultSignInAddrLimit    = 30
	DefaultSignInAccountLimit = 10
	// SignInLimitWindow is the window of the sign-in limits.
	SignInLimitWindow = 15 * time.Minute
	// DefaultShutdownTimeout bounds how long in-flight requests and jobs may finish after
	// SIGINT or SIGTERM.
	DefaultShutdownTimeout = 15 * time.Second
	// The defaults of webhook deliveries: how long a receiver has to answer, the delay
	// before a failed delivery's first retry (doubling after), its attempts, the deliveries
	// one instance sends at once, and how long a rotated-out secret still signs.
	DefaultWebhookTimeout       = 10 * time.Second
	DefaultWebhookRetryBase     = 30 * time.Second
	DefaultWebhookMaxAttempts   = 10
	DefaultWebhookWorkers       = 10
	DefaultWebhookSecretOverlap = 24 * time.Hour
	// DefaultEdgeRenderRateLimit is how many renders per minute the edge does for one
	// client address: the server's default allowance of a key.
	DefaultEdgeRenderRateLimit = 600
)

// ErrDatabaseURLRequired is returned by Validate when the private database is off
// (PROMPTOPS_PRIVATE_DATABASE=false, as in the container image) and no DATABASE_URL is set.
var ErrDatabaseURLRequired = errors.New("DATABASE_URL is required: the private database is off (PROMPTOPS_PRIVATE_DATABASE=false, " +
	"as in the container image, which holds no PostgreSQL); set DATABASE_URL (or --database-url) to a PostgreSQL URL such as " +
	"postgres://promptops:PASSWORD@db:5432/promptops")

// The user sign-up modes (PROMPTOPS_USER_SIGNUP): anyone may sign up, only an email with
// a pending invitation, or no one (the operator creates users with promptops users create).
const (
	UserSignupOpen   = "open"
	UserSignupInvite = "invite"
	UserSignupClosed = "closed"
)

// Config holds the settings of every command. A command registers the groups it reads
// (RegisterDatabase, RegisterLogging, RegisterServe), so its flags and its help are only
// its own; the other fields keep their zero values. Each Register method defines its
// group's flags on a flag set, each defaulting to its environment variable (read through
// getenv) or the built-in default, and returns the environment variables that could not be
// parsed; the flag set's Parse then fills the config in.
type Config struct {
	// Database (RegisterDatabase).
	DatabaseURL string
	DataDir     string
	PostgresBin string
	DBMaxConns  int
	// PrivateDatabase allows the private PostgreSQL when DatabaseURL is empty; the
	// container image turns it off, having no PostgreSQL inside, so that a missing
	// DATABASE_URL is an error rather than a search for postgres binaries.
	PrivateDatabase bool

	// Logging (RegisterLogging).
	LogFormat string
	LogLevel  string

	// The API server (RegisterServe).
	Addr            string
	RateLimit       int
	SignupRateLimit int
	BodyLimit       int64
	RenderLimit     int
	ShutdownTimeout time.Duration
	// RunRateLimit is how many playground runs a key may make per minute.
	RunRateLimit int
	// SnapshotPageBytes is the most bytes of encoded prompts a snapshot page holds.
	SnapshotPageBytes int
	// UsageFlushInterval is how often usage counts are written (at least 100ms).
	UsageFlushInterval time.Duration
	// ReleaseEvaluationInterval is how often a rolling release is evaluated (at least 1s).
	ReleaseEvaluationInterval time.Duration

	AuthFailureLimit int

	// UserSignup is one of the UserSignup modes; SignInAddrLimit and SignInAccountLimit
	// bound failed sign-ins per SignInLimitWindow.
	UserSignup         string
	SignInAddrLimit    int
	SignInAccountLimit int

	QuotaPrompts  int
	QuotaVersions int
	QuotaKeys     int
	QuotaWebhooks int
	// QuotaConnections bounds a project's provider connections.
	QuotaConnections int
	// QuotaEnvironments bounds a project's environments, the three it starts with included.
	QuotaEnvironments int
	// QuotaInvitations bounds a project's pending invitations.
	QuotaInvitations int
	// QuotaTokens bounds a person's active personal tokens.
	QuotaTokens int
	// QuotaMemberships bounds the projects a person belongs to.
	QuotaMemberships int
	// QuotaChecks bounds the distinct check names reported on a version.
	QuotaChecks int
	// QuotaAnalyticsBytes and QuotaIdempotencyBytes bound the bytes of a project's tracked
	// events and of its kept idempotent answers.
	QuotaAnalyticsBytes   int
	QuotaIdempotencyBytes int

	WSMaxPerKey  int
	WSMaxPerAddr int

	ResolveCache bool
	CacheEntries int
	DebugAddr    string

	WebhookAllowPrivate bool
	WebhookTimeout      time.Duration
	// WebhookRescueAfter is how long an attempt may seem in flight before its delivery is
	// retried as lost in a crash (0: WebhookTimeout plus 20s).
	WebhookRescueAfter time.Duration
	WebhookRetryBase   time.Duration
	WebhookMaxAttempts int
	WebhookWorkers     int
	// WebhookSecretOverlap is how long a rotated-out webhook secret keeps signing.
	WebhookSecretOverlap time.Duration
	// SecretKey is the base64 key that seals webhook secrets and the console's sign-in
	// tokens; empty, with the private database, means the key file in DataDir.
	SecretKey string

	// AnalyticsRetention is how long tracked events and their hourly rollups are kept.
	AnalyticsRetention time.Duration

	// TLSCert and TLSKey are PEM files; with both set the API is served over HTTPS.
	TLSCert string
	TLSKey  string
	// ConsoleSecureCookies marks the console's cookies Secure over plain HTTP too, for a
	// proxy in front that terminates TLS (under TLS they always are).
	ConsoleSecureCookies bool
	// OIDCProviders are the console's single sign-on providers (PROMPTOPS_OIDC_PROVIDERS).
	OIDCProviders []OIDCProvider
	oidcJSON      string
	// ConsoleKeySignIn lets the console sign in with an API key besides people's sign-in.
	ConsoleKeySignIn bool

	// EdgeRenderRateLimit is the renders per minute the edge does per client address
	// (RegisterEdge).
	EdgeRenderRateLimit int
	// EdgeAuthFailureLimit is the failed authentications per minute the edge allows a client
	// address before it answers 429 (RegisterEdge).
	EdgeAuthFailureLimit int

	// registered holds the groups registered, the ones Validate checks.
	registered group
}

// group is a set of setting groups.
type group uint8

const (
	groupDatabase group = 1 << iota
	groupLogging
	groupServe
	groupEdge
)

// RegisterDatabase defines the database settings: which PostgreSQL, or where the private one
// lives.
func (c *Config) RegisterDatabase(fs *flag.FlagSet, getenv func(string) string) error {
	c.registered |= groupDatabase
	e := envReader{getenvFunc: getenv}
	fs.StringVar(&c.DatabaseURL, "database-url", getenv("DATABASE_URL"), "PostgreSQL URL; empty runs a private PostgreSQL in --data-dir (DATABASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", e.str("PROMPTOPS_DATA_DIR", ".promptops"), "directory of the private PostgreSQL (PROMPTOPS_DATA_DIR)")
	fs.StringVar(&c.PostgresBin, "postgres-bin", getenv("PROMPTOPS_POSTGRES_BIN"), "directory of the postgres and initdb binaries for the private database; empty searches PATH, then /usr/lib/postgresql/*/bin (PROMPTOPS_POSTGRES_BIN)")
	fs.IntVar(&c.DBMaxConns, "db-max-conns", e.int("PROMPTOPS_DB_MAX_CONNS", 20), "largest number of database connections (PROMPTOPS_DB_MAX_CONNS)")
	fs.BoolVar(&c.PrivateDatabase, "private-database", e.bool("PROMPTOPS_PRIVATE_DATABASE", true), "run a private PostgreSQL in --data-dir when --database-url is empty; false (the container image's setting) refuses to start without DATABASE_URL (PROMPTOPS_PRIVATE_DATABASE)")
	return errors.Join(e.errs...)
}

// RegisterLogging defines the log's format and level.
func (c *Config) RegisterLogging(fs *flag.FlagSet, getenv func(string) string) error {
	c.registered |= groupLogging
	e := envReader{getenvFunc: getenv}
	fs.StringVar(&c.LogFormat, "log-format", e.str("PROMPTOPS_LOG_FORMAT", "text"), "log format: text or json (PROMPTOPS_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", e.str("PROMPTOPS_LOG_LEVEL", "info"), "log level: debug, info, warn or error (PROMPTOPS_LOG_LEVEL)")
	return errors.Join(e.errs...)
}

// RegisterServe defines the API server's settings: its addresses, limits, cache and
// webhook deliveries.
func (c *Config) RegisterServe(fs *flag.FlagSet, getenv func(string) string) error {
	c.registered |= groupServe
	e := envReader{getenvFunc: getenv}
	addr := ":3001"
	if port := getenv("PORT"); port != "" {
		addr = ":" + port
	}
	fs.StringVar(&c.Addr, "addr", e.str("PROMPTOPS_ADDR", addr), "listen address (PROMPTOPS_ADDR; PORT=n means :n)")
	fs.IntVar(&c.RateLimit, "rate-limit", e.int("PROMPTOPS_RATE_LIMIT", DefaultRateLimit), "requests per minute per API key (PROMPTOPS_RATE_LIMIT)")
	fs.IntVar(&c.SignupRateLimit, "signup-rate-limit", e.int("PROMPTOPS_SIGNUP_RATE_LIMIT", DefaultSignupRateLimit), "projects created per hour per client address; 0 closes sign-up (PROMPTOPS_SIGNUP_RATE_LIMIT)")
	c.registerBounds(fs, &e)
	fs.IntVar(&c.RunRateLimit, "run-rate-limit", e.int("PROMPTOPS_RUN_RATE_LIMIT", DefaultRunRateLimit), "playground runs per minute per API key or person (PROMPTOPS_RUN_RATE_LIMIT)")
	fs.IntVar(&c.SnapshotPageBytes, "snapshot-page-bytes", e.int("PROMPTOPS_SNAPSHOT_PAGE_BYTES", DefaultSnapshotPageBytes), "most bytes of prompts one page of GET /api/v1/snapshot holds; a larger prompt comes alone (PROMPTOPS_SNAPSHOT_PAGE_BYTES)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", e.duration("PROMPTOPS_SHUTDOWN_TIMEOUT", DefaultShutdownTimeout), "how long in-flight requests may finish after SIGINT/SIGTERM (PROMPTOPS_SHUTDOWN_TIMEOUT)")
	fs.DurationVar(&c.UsageFlushInterval, "usage-flush-interval", e.duration("PROMPTOPS_USAGE_FLUSH_INTERVAL", DefaultUsageFlushInterval), "how often this instance adds its request and resolve counts to the database, in one statement; a crash loses at most this much of them (PROMPTOPS_USAGE_FLUSH_INTERVAL)")
	fs.DurationVar(&c.ReleaseEvaluationInterval, "release-evaluation-interval", e.duration("PROMPTOPS_RELEASE_EVALUATION_INTERVAL", DefaultReleaseEvaluationInterval), "how often a rolling release's guards and gradual steps are evaluated when its guards name no interval of their own; at least 1s (PROMPTOPS_RELEASE_EVALUATION_INTERVAL)")
	fs.IntVar(&c.AuthFailureLimit, "auth-failure-limit", e.int("PROMPTOPS_AUTH_FAILURE_LIMIT", DefaultAuthFailureLimit), "failed authentications per minute per client address (an IPv6 client by its /64) before it is refused with 429 (PROMPTOPS_AUTH_FAILURE_LIMIT)")
	fs.StringVar(&c.UserSignup, "user-signup", e.str("PROMPTOPS_USER_SIGNUP", ""), "who may create an account with POST /api/v1/auth/sign-up or a first single sign-on: open (anyone), invite (an email with a pending invitation) or closed (no one; promptops users create makes them); empty: invite, or closed when --oidc-providers are set (PROMPTOPS_USER_SIGNUP)")
	fs.IntVar(&c.SignInAddrLimit, "signin-addr-limit", e.int("PROMPTOPS_SIGNIN_ADDR_LIMIT", DefaultSignInAddrLimit), "failed sign-ins and sign-ups per 15 minutes per client address (an IPv6 client by its /64) before it is refused with 429 (PROMPTOPS_SIGNIN_ADDR_LIMIT)")
	fs.IntVar(&c.SignInAccountLimit, "signin-account-limit", e.int("PROMPTOPS_SIGNIN_ACCOUNT_LIMIT", DefaultSignInAccountLimit), "failed sign-ins per 15 minutes per account before its sign-ins are refused with 429 (PROMPTOPS_SIGNIN_ACCOUNT_LIMIT)")
	fs.IntVar(&c.QuotaPrompts, "quota-prompts", e.int("PROMPTOPS_QUOTA_PROMPTS", DefaultQuotaPrompts), "prompts per project (PROMPTOPS_QUOTA_PROMPTS)")
	fs.IntVar(&c.QuotaVersions, "quota-versions", e.int("PROMPTOPS_QUOTA_VERSIONS", DefaultQuotaVersions), "versions per prompt (PROMPTOPS_QUOTA_VERSIONS)")
	fs.IntVar(&c.QuotaKeys, "quota-keys", e.int("PROMPTOPS_QUOTA_KEYS", DefaultQuotaKeys), "active (neither revoked nor expired) API keys per project (PROMPTOPS_QUOTA_KEYS)")
	fs.IntVar(&c.QuotaWebhooks, "quota-webhooks", e.int("PROMPTOPS_QUOTA_WEBHOOKS", DefaultQuotaWebhooks), "webhooks per project (PROMPTOPS_QUOTA_WEBHOOKS)")
	fs.IntVar(&c.QuotaConnections, "quota-connections", e.int("PROMPTOPS_QUOTA_CONNECTIONS", DefaultQuotaConnections), "provider connections per project (PROMPTOPS_QUOTA_CONNECTIONS)")
	fs.IntVar(&c.QuotaEnvironments, "quota-environments", e.int("PROMPTOPS_QUOTA_ENVIRONMENTS", DefaultQuotaEnvironments), "environments per project, dev, staging and production included (PROMPTOPS_QUOTA_ENVIRONMENTS)")
	fs.IntVar(&c.QuotaInvitations, "quota-invitations", e.int("PROMPTOPS_QUOTA_INVITATIONS", DefaultQuotaInvitations), "pending (neither accepted nor expired) invitations per project (PROMPTOPS_QUOTA_INVITATIONS)")
	fs.IntVar(&c.QuotaTokens, "quota-tokens", e.int("PROMPTOPS_QUOTA_TOKENS", DefaultQuotaTokens), "active (neither revoked nor expired) personal tokens per person, sign-in's included; past it creating one is refused, signing in never (PROMPTOPS_QUOTA_TOKENS)")
	fs.IntVar(&c.QuotaMemberships, "quota-memberships", e.int("PROMPTOPS_QUOTA_MEMBERSHIPS", DefaultQuotaMemberships), "projects a person belongs to; past it creating, joining or being added to another is refused (PROMPTOPS_QUOTA_MEMBERSHIPS)")
	fs.IntVar(&c.QuotaChecks, "quota-checks", e.int("PROMPTOPS_QUOTA_CHECKS", DefaultQuotaChecks), "distinct check names reported on a version; past it a new name is refused, a known one is still replaced (PROMPTOPS_QUOTA_CHECKS)")
	fs.IntVar(&c.QuotaAnalyticsBytes, "quota-analytics-bytes", e.int("PROMPTOPS_QUOTA_ANALYTICS_BYTES", DefaultQuotaAnalyticsBytes), "bytes of tracked events and their rollups a project keeps over the analytics retention; past it track is refused (PROMPTOPS_QUOTA_ANALYTICS_BYTES)")
	fs.IntVar(&c.QuotaIdempotencyBytes, "quota-idempotency-bytes", e.int("PROMPTOPS_QUOTA_IDEMPOTENCY_BYTES", DefaultQuotaIdempotencyBytes), "bytes of answers a project keeps for Idempotency-Key replays (24 hours); past it requests are still done once but their answers not kept (PROMPTOPS_QUOTA_IDEMPOTENCY_BYTES)")
	fs.IntVar(&c.WSMaxPerKey, "ws-max-per-key", e.int("PROMPTOPS_WS_MAX_PER_KEY", DefaultWSMaxPerKey), "WebSockets one API key may hold open on this instance (PROMPTOPS_WS_MAX_PER_KEY)")
	fs.IntVar(&c.WSMaxPerAddr, "ws-max-per-addr", e.int("PROMPTOPS_WS_MAX_PER_ADDR", DefaultWSMaxPerAddr), "WebSockets one client address (an IPv6 client by its /64) may hold open on this instance (PROMPTOPS_WS_MAX_PER_ADDR)")
	fs.BoolVar(&c.ResolveCache, "resolve-cache", e.bool("PROMPTOPS_RESOLVE_CACHE", true), "answer resolve and key checks from memory; false reads the database every time (PROMPTOPS_RESOLVE_CACHE)")
	fs.IntVar(&c.CacheEntries, "cache-entries", e.int("PROMPTOPS_CACHE_ENTRIES", DefaultCacheEntries), "resolve responses kept in memory, least recently used dropped first (PROMPTOPS_CACHE_ENTRIES)")
	fs.StringVar(&c.DebugAddr, "debug-addr", getenv("PROMPTOPS_DEBUG_ADDR"), "listen address of Prometheus metrics (/metrics) and Go's pprof profiles (/debug/pprof/), apart from the API; a port alone (:9090) listens on 127.0.0.1 only, a host (0.0.0.0:9090) is honoured; empty turns it off (PROMPTOPS_DEBUG_ADDR)")
	fs.BoolVar(&c.WebhookAllowPrivate, "webhook-allow-private", e.bool("PROMPTOPS_WEBHOOK_ALLOW_PRIVATE", false), "let webhooks reach loopback, private (RFC 1918, unique-local) and link-local addresses; every other special-purpose block stays refused (PROMPTOPS_WEBHOOK_ALLOW_PRIVATE)")
	fs.DurationVar(&c.WebhookTimeout, "webhook-timeout", e.duration("PROMPTOPS_WEBHOOK_TIMEOUT", DefaultWebhookTimeout), "how long a webhook receiver has to answer one delivery attempt (PROMPTOPS_WEBHOOK_TIMEOUT)")
	fs.DurationVar(&c.WebhookRescueAfter, "webhook-rescue-after", e.duration("PROMPTOPS_WEBHOOK_RESCUE_AFTER", 0), "how long after an attempt began a delivery still in flight is taken as lost with its instance (a crash) and retried by another or the restarted one; longer than --webhook-timeout plus 5s; 0 is --webhook-timeout plus 20s (PROMPTOPS_WEBHOOK_RESCUE_AFTER)")
	fs.DurationVar(&c.WebhookRetryBase, "webhook-retry-base", e.duration("PROMPTOPS_WEBHOOK_RETRY_BASE", DefaultWebhookRetryBase), "delay before a failed webhook delivery's first retry; doubles each time (PROMPTOPS_WEBHOOK_RETRY_BASE)")
	fs.IntVar(&c.WebhookMaxAttempts, "webhook-max-attempts", e.int("PROMPTOPS_WEBHOOK_MAX_ATTEMPTS", DefaultWebhookMaxAttempts), "attempts of a webhook delivery before it is marked failed (PROMPTOPS_WEBHOOK_MAX_ATTEMPTS)")
	fs.IntVar(&c.WebhookWorkers, "webhook-workers", e.int("PROMPTOPS_WEBHOOK_WORKERS", DefaultWebhookWorkers), "webhook deliveries one instance sends at once (PROMPTOPS_WEBHOOK_WORKERS)")
	fs.DurationVar(&c.WebhookSecretOverlap, "webhook-secret-overlap", e.duration("PROMPTOPS_WEBHOOK_SECRET_OVERLAP", DefaultWebhookSecretOverlap), "how long a rotated-out webhook secret still signs deliveries beside the new one (PROMPTOPS_WEBHOOK_SECRET_OVERLAP)")
	fs.DurationVar(&c.AnalyticsRetention, "analytics-retention", e.duration("PROMPTOPS_ANALYTICS_RETENTION", DefaultAnalyticsRetention), "how long tracked events and their hourly rollups are kept (2160h is 90 days), dropped a whole day or hour at a time once past it; at least 192h (8 days), since track accepts events up to 7 days old (PROMPTOPS_ANALYTICS_RETENTION)")
	c.SecretKey = getenv("PROMPTOPS_SECRET_KEY") // the default, which help must not print
	fs.Var((*hidden)(&c.SecretKey), "secret-key", "a base64 `key` of 32 bytes sealing webhook secrets in the database and the console's sign-in tokens (make one with: openssl rand -base64 32); required with --database-url, the same on every instance; empty with the private database: the key file secret.key in --data-dir, made on first start (PROMPTOPS_SECRET_KEY, better than the flag, which other users can see)")
	fs.StringVar(&c.TLSCert, "tls-cert", getenv("PROMPTOPS_TLS_CERT"), "PEM certificate (chain) file: serve HTTPS, with HSTS, instead of HTTP; needs --tls-key (PROMPTOPS_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", getenv("PROMPTOPS_TLS_KEY"), "PEM private key file of --tls-cert (PROMPTOPS_TLS_KEY)")
	c.oidcJSON = getenv("PROMPTOPS_OIDC_PROVIDERS") // holds client secrets, which help must not print
	fs.Var((*hidden)(&c.oidcJSON), "oidc-providers", "the console's single sign-on providers, a JSON array of {\"id\", \"name\", \"issuer\", \"clientId\", \"clientSecret\", \"allowedDomains\": [...]}; each one's redirect URI is <console URL>/console/sso/<id>/callback (PROMPTOPS_OIDC_PROVIDERS)")
	fs.BoolVar(&c.ConsoleKeySignIn, "console-key-sign-in", e.bool("PROMPTOPS_CONSOLE_KEY_SIGN_IN", true), "let the console sign in with an API key, besides people's email and password or single sign-on; false: people only (PROMPTOPS_CONSOLE_KEY_SIGN_IN)")
	fs.BoolVar(&c.ConsoleSecureCookies, "console-secure-cookies", e.bool("PROMPTOPS_CONSOLE_SECURE_COOKIES", false), "mark the console's cookies Secure, named __Host-, when serving plain HTTP too: set it behind a proxy that terminates TLS; under --tls-cert they always are (PROMPTOPS_CONSOLE_SECURE_COOKIES)")
	return errors.Join(e.errs...)
}

// RegisterEdge defines the settings of promptops edge that bound its work (its upstream,
// key and address are its own flags).
func (c *Config) RegisterEdge(fs *flag.FlagSet, getenv func(string) string) error {
	c.registered |= groupEdge
	e := envReader{getenvFunc: getenv}
	c.registerBounds(fs, &e)
	fs.IntVar(&c.EdgeRenderRateLimit, "render-rate-limit", e.int("PROMPTOPS_EDGE_RENDER_RATE_LIMIT", DefaultEdgeRenderRateLimit),
		"renders per minute per client address (an IPv6 client by its /64); past it a render is answered 429 with Retry-After (PROMPTOPS_EDGE_RENDER_RATE_LIMIT)")
	fs.IntVar(&c.EdgeAuthFailureLimit, "auth-failure-limit", e.int("PROMPTOPS_EDGE_AUTH_FAILURE_LIMIT", DefaultAuthFailureLimit),
		"failed authentications per minute per client address (an IPv6 client by its /64) before it is refused with 429 (PROMPTOPS_EDGE_AUTH_FAILURE_LIMIT)")
	return errors.Join(e.errs...)
}

// registerBounds defines the bounds of a request's work that the server and the edge
// share, from the same variables, so that an edge beside its server refuses what the
// server refuses.
func (c *Config) registerBounds(fs *flag.FlagSet, e *envReader) {
	fs.Int64Var(&c.BodyLimit, "body-limit", int64(e.int("PROMPTOPS_BODY_LIMIT", DefaultBodyLimit)), "largest request body in bytes (PROMPTOPS_BODY_LIMIT)")
	fs.IntVar(&c.RenderLimit, "render-limit", e.int("PROMPTOPS_RENDER_LIMIT", DefaultRenderLimit), "largest rendered prompt in bytes, all its messages together (PROMPTOPS_RENDER_LIMIT)")
}

// hidden is a string flag whose value help never prints: its default may be a secret
// from the environment.
type hidden string

func (h *hidden) String() string     { return "" }
func (h *hidden) Set(v string) error { *h = hidden(v); return nil }

// Validate reports settings that are out of range, in the groups registered.
func (c *Config) Validate() error {
	var errs []error
	if c.registered&groupDatabase != 0 {
		if c.DBMaxConns < 2 {
			errs = append(errs, fmt.Errorf("db max conns must be at least 2, got %d", c.DBMaxConns))
		}
		if !c.PrivateDatabase && c.DatabaseURL == "" {
			errs = append(errs, ErrDatabaseURLRequired)
		}
	}
	if c.registered&groupLogging != 0 {
		if c.LogFormat != "text" && c.LogFormat != "json" {
			errs = append(errs, fmt.Errorf("log format must be text or json, got %q", c.LogFormat))
		}
	}
	if c.registered&groupServe != 0 {
		if c.RateLimit < 1 {
			errs = append(errs, fmt.Errorf("rate limit must be at least 1 request per minute, got %d", c.RateLimit))
		}
		if c.SignupRateLimit < 0 {
			errs = append(errs, fmt.Errorf("signup rate limit must be 0 (closed) or more, got %d", c.SignupRateLimit))
		}
		if c.AuthFailureLimit < 1 {
			errs = append(errs, fmt.Errorf("auth failure limit must be at least 1 a minute, got %d", c.AuthFailureLimit))
		}
		var err error
		if c.OIDCProviders, err = parseOIDCProviders(c.oidcJSON); err != nil {
			errs = append(errs, err)
		}
		if c.UserSignup == "" { // the default: closed when people sign in by SSO
			c.UserSignup = DefaultUserSignup
			if len(c.OIDCProviders) > 0 {
				c.UserSignup = UserSignupClosed
			}
		}
		if c.UserSignup != UserSignupOpen && c.UserSignup != UserSignupInvite && c.UserSignup != UserSignupClosed {
			errs = append(errs, fmt.Errorf("user signup must be open, invite or closed, got %q", c.UserSignup))
		}
		if c.SignInAddrLimit < 1 || c.SignInAccountLimit < 1 {
			errs = append(errs, fmt.Errorf("sign-in limits must be at least 1, got %d per address and %d per account", c.SignInAddrLimit, c.SignInAccountLimit))
		}
		if c.QuotaPrompts < 1 || c.QuotaVersions < 1 || c.QuotaKeys < 1 || c.QuotaWebhooks < 1 || c.QuotaEnvironments < 1 || c.QuotaConnections < 1 ||
			c.QuotaInvitations < 1 || c.QuotaTokens < 1 || c.QuotaMemberships < 1 || c.QuotaChecks < 1 {
			errs = append(errs, fmt.Errorf("quotas must be at least 1, got prompts %d, versions %d, keys %d, webhooks %d, environments %d, connections %d, invitations %d, tokens %d, memberships %d, checks %d",
				c.QuotaPrompts, c.QuotaVersions, c.QuotaKeys, c.QuotaWebhooks, c.QuotaEnvironments, c.QuotaConnections, c.QuotaInvitations, c.QuotaTokens, c.QuotaMemberships, c.QuotaChecks))
		}
		if c.RunRateLimit < 1 {
			errs = append(errs, fmt.Errorf("run rate limit must be at least 1 run per minute, got %d", c.RunRateLimit))
		}
		if c.QuotaAnalyticsBytes < minQuotaBytes || c.QuotaIdempotencyBytes < minQuotaBytes {
			errs = append(errs, fmt.Errorf("quota analytics bytes and quota idempotency bytes must be at least %d (1 MiB), got %d and %d",
				minQuotaBytes, c.QuotaAnalyticsBytes, c.QuotaIdempotencyBytes))
		}
		if c.WSMaxPerKey < 1 || c.WSMaxPerAddr < 1 {
			errs = append(errs, fmt.Errorf("ws max per key and per addr must be at least 1, got %d and %d", c.WSMaxPerKey, c.WSMaxPerAddr))
		}
		if c.SnapshotPageBytes < 1024 {
			errs = append(errs, fmt.Errorf("snapshot page bytes must be at least 1024, got %d", c.SnapshotPageBytes))
		}
		if c.CacheEntries < 1 {
			errs = append(errs, fmt.Errorf("cache entries must be at least 1, got %d", c.CacheEntries))
		}
		if c.ReleaseEvaluationInterval < time.Second {
			errs = append(errs, fmt.Errorf("release evaluation interval must be at least 1s, got %s", c.ReleaseEvaluationInterval))
		}
		if c.UsageFlushInterval < 100*time.Millisecond {
			errs = append(errs, fmt.Errorf("usage flush interval must be at least 100ms, got %s", c.UsageFlushInterval))
		}
		if c.WebhookTimeout < 100*time.Millisecond || c.WebhookRescueAfter < 0 {
			errs = append(errs, fmt.Errorf("webhook timeout must be at least 100ms and the rescue delay 0 or more, got %s and %s", c.WebhookTimeout, c.WebhookRescueAfter))
		}
		if c.WebhookRetryBase < 100*time.Millisecond {
			errs = append(errs, fmt.Errorf("webhook retry base must be at least 100ms, got %s", c.WebhookRetryBase))
		}
		if c.WebhookMaxAttempts < 1 || c.WebhookWorkers < 1 {
			errs = append(errs, fmt.Errorf("webhook max attempts and workers must be at least 1, got %d and %d", c.WebhookMaxAttempts, c.WebhookWorkers))
		}
		if c.WebhookSecretOverlap < 0 {
			errs = append(errs, fmt.Errorf("webhook secret overlap must be 0 or more, got %s", c.WebhookSecretOverlap))
		}
		if c.AnalyticsRetention < MinAnalyticsRetention {
			errs = append(errs, fmt.Errorf("analytics retention must be at least %s (8 days): track accepts events up to 7 days old, "+
				"so their days must be kept longer than that; got %s", MinAnalyticsRetention, c.AnalyticsRetention))
		}
		errs = append(errs, c.validateSecretKey())
		if (c.TLSCert == "") != (c.TLSKey == "") {
			errs = append(errs, errors.New("tls cert and tls key go together: set both (--tls-cert and --tls-key, or PROMPTOPS_TLS_CERT and PROMPTOPS_TLS_KEY) to serve HTTPS, or neither"))
		}
	}
	if c.registered&(groupServe|groupEdge) != 0 {
		if c.BodyLimit < 1024 {
			errs = append(errs, fmt.Errorf("body limit must be at least 1024 bytes, got %d", c.BodyLimit))
		}
		if c.RenderLimit < 1024 {
			errs = append(errs, fmt.Errorf("render limit must be at least 1024 bytes, got %d", c.RenderLimit))
		}
	}
	if c.registered&groupEdge != 0 && c.EdgeRenderRateLimit < 1 {
		errs = append(errs, fmt.Errorf("edge render rate limit must be at least 1 render per minute, got %d", c.EdgeRenderRateLimit))
	}
	if c.registered&groupEdge != 0 && c.EdgeAuthFailureLimit < 1 {
		errs = append(errs, fmt.Errorf("edge auth failure limit must be at least 1 a minute, got %d", c.EdgeAuthFailureLimit))
	}
	return errors.Join(errs...)
}

// validateSecretKey checks the key that seals webhook secrets: well formed, and given
// whenever the database is not the private one (whose directory can keep a key file).
func (c *Config) validateSecretKey() error {
	if c.SecretKey != "" {
		if _, err := secrets.ParseKey(c.SecretKey); err != nil {
			return fmt.Errorf("PROMPTOPS_SECRET_KEY: %w", err)
		}
		return nil
	}
	if c.DatabaseURL != "" {
		return errors.New("a secret key is needed with DATABASE_URL: webhook secrets are sealed with it. " +
			"Make one with `openssl rand -base64 32`, keep it safe, and give it to every instance as " +
			"PROMPTOPS_SECRET_KEY (or --secret-key)")
	}
	return nil
}

// envReader parses environment variables, collecting errors rather than stopping at one.
type envReader struct {
	getenvFunc func(string) string
	errs       []error
}

func (e *envReader) str(name, fallback string) string {
	if v := e.getenvFunc(name); v != "" {
		return v
	}
	return fallback
}

func (e *envReader) int(name string, fallback int) int {
	v := e.getenvFunc(name)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s=%q is not a whole number", name, v))
		return fallback
	}
	return n
}

func (e *envReader) bool(name string, fallback bool) bool {
	v := e.getenvFunc(name)
	if v == "" {
		return fallback
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s=%q is not true or false", name, v))
		return fallback
	}
	return b
}

func (e *envReader) duration(name string, fallback time.Duration) time.Duration {
	v := e.getenvFunc(name)
	if v == "" {
		return fallback
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s=%q is not a duration such as 30s", name, v))
		return fallback
	}
	return d
}
