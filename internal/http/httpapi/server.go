// Package httpapi implements the strict server interface that oapi-codegen generates from
// openapi/openapi.yaml: one method per operation, one file per spec tag. The gateway in
// front of it has already routed, authenticated, limited and validated each request, so a
// handler starts from a typed request and the caller's key (gateway.Key).
package httpapi

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/cache"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/prompt/playground"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/store/jobs"
	"github.com/promptops/promptops/internal/store/usage"
)

var _ api.StrictServerInterface = (*Server)(nil)

// noStore is the Cache-Control of a response holding a secret shown this once (a key, a
// webhook's signing secret): no cache may keep it. (The gateway sets it on every
// authenticated response too; sign-up is not one.)
const noStore = "no-store"

// Options configure a Server.
type Options struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// Signup limits project creation per client address (ratelimit.AddrPrefix); nil closes
	// sign-up.
	Signup *ratelimit.Shared[netip.Prefix]
	// UserSignup is who may create an account (a config.UserSignup mode).
	UserSignup string
	// SignInAddrLimit and SignInAccountLimit are how many failed sign-ins one client
	// address (sign-ups too) and one account may make per config.SignInLimitWindow (at
	// least 1).
	SignInAddrLimit, SignInAccountLimit int
	// Webhooks queues deliveries and checks webhook URLs.
	Webhooks *webhooks.Service
	// Resolves and Keys are the hot-path caches (nil when caching is off): resolve reads
	// and fills the first, writes invalidate them.
	Resolves *cache.Resolves[*rendering.Deployed]
	Keys     *cache.Keys
	Metrics  *metrics.Metrics
	// Quotas bound what a project holds.
	Quotas Quotas
	// RenderLimit is the largest rendered prompt in bytes, all its messages together (at
	// least 1).
	RenderLimit int
	// RunRateLimit is how many playground runs (RunVersion) a key may make per minute (at
	// least 1). Buckets keeps its counts and the sign-in limits' (shared by every instance
	// on the database; nil: this process's alone).
	RunRateLimit int
	Buckets      *ratelimit.Buckets
	// RunTimeout bounds a run's call of its provider (playground.Timeout when zero).
	RunTimeout time.Duration
	// SnapshotPageBytes is the most bytes of encoded prompts a snapshot page holds (at
	// least 1; a page holds one prompt however large).
	SnapshotPageBytes int
	// Usage counts resolves and renders, and holds the counts GetUsage adds to the
	// database's (nil counts nothing).
	Usage *usage.Counter
	// ReleaseEvaluationInterval is how often a rolling release is evaluated when its guards
	// name no interval (at least 1s).
	ReleaseEvaluationInterval time.Duration
	// FeedConnected says whether the instance hears committed changes, for readiness
	// (nil: always).
	FeedConnected func() bool
	// NowFunc returns the current time; tests replace it (time.Now when nil).
	NowFunc func() time.Time
}

// Server implements api.StrictServerInterface on a PostgreSQL pool.
type Server struct {
	db     *pgxpool.Pool
	q      *dbsqlc.Queries
	logger *slog.Logger
	signup *ratelimit.Shared[netip.Prefix]
	// userSignup is the config.UserSignup mode; signIns counts failed sign-ins.
	userSignup string
	signIns    signInLimits
	events     *events.Recorder
	webhooks   *webhooks.Service
	resolves   *cache.Resolves[*rendering.Deployed]
	keys       *cache.Keys
	quotas     Quotas
	usage      *usage.Counter
	// resolveCount counts resolve-cache hits and misses; serve has resolve, render and
	// snapshot timed (by the gateway); metrics has the rest of what is counted about prompts.
	resolveCount metrics.CacheCounts
	serve        *metrics.Serve
	metrics      *metrics.Metrics
	renderLimit  int
	nowFunc      func() time.Time
	// feedConnected is Options.FeedConnected.
	feedConnected func() bool
	// runs limits playground runs per key; outbound calls providers under the address
	// policy of webhooks.
	runs     *ratelimit.Shared[uuid.UUID]
	outbound *http.Client
	// jobs queues the release jobs (ReleaseJobs); evaluationEvery is the default interval
	// of a rolling release's evaluation.
	jobs            *jobs.Client
	evaluationEvery time.Duration

	// snapshotPageBytes is the byte budget of a snapshot page.
	snapshotPageBytes int
}

// New returns the handlers.
func New(opts Options) (*Server, error) {
	if opts.RenderLimit < 1 {
		return nil, fmt.Errorf("render limit must be at least 1 byte, got %d", opts.RenderLimit)
	}
	if opts.RunRateLimit < 1 {
		return nil, fmt.Errorf("run rate limit must be at least 1 run per minute, got %d", opts.RunRateLimit)
	}
	if opts.SnapshotPageBytes < 1 {
		return nil, fmt.Errorf("snapshot page bytes must be at least 1, got %d", opts.SnapshotPageBytes)
	}
	if opts.SignInAddrLimit < 1 || opts.SignInAccountLimit < 1 {
		return nil, fmt.Errorf("sign-in limits must be at least 1, got %d per address and %d per account", opts.SignInAddrLimit, opts.SignInAccountLimit)
	}
	if opts.ReleaseEvaluationInterval < time.Second {
		return nil, fmt.Errorf("release evaluation interval must be at least 1s, got %s", opts.ReleaseEvaluationInterval)
	}
	if _, err := specJSON(); err != nil {
		return nil, err
	}
	s := &Server{
		db: opts.Pool, q: dbsqlc.New(), logger: opts.Logger,
		signup: opts.Signup, userSignup: opts.UserSignup, signIns: newSignInLimits(opts.Buckets, opts.SignInAddrLimit, opts.SignInAccountLimit),
		events: events.NewRecorder(opts.Webhooks), webhooks: opts.Webhooks,
		resolves: opts.Resolves, keys: opts.Keys, quotas: opts.Quotas, usage: opts.Usage, resolveCount: opts.Metrics.Cache("resolve"),
		serve: opts.Metrics.Serve(), metrics: opts.Metrics,
		renderLimit: opts.RenderLimit, snapshotPageBytes: opts.SnapshotPageBytes, nowFunc: opts.NowFunc,
		evaluationEvery: opts.ReleaseEvaluationInterval, feedConnected: opts.FeedConnected,
		runs:     ratelimit.NewShared[uuid.UUID](opts.Buckets, "run", opts.RunRateLimit, time.Minute),
		outbound: opts.Webhooks.OutboundClient(cmp.Or(opts.RunTimeout, playground.Timeout)),
	}
	if s.nowFunc == nil {
		s.nowFunc = time.Now
	}
	if s.feedConnected == nil {
		s.feedConnected = func() bool { return true }
	}
	return s, nil
}

// signInLimits count failed sign-ins (and, per address, sign-ups) per client address and
// per account, across instances: guesses at a password get no more for being spread.
type signInLimits struct {
	addr    *ratelimit.Shared[netip.Prefix]
	account *ratelimit.Shared[accountName]
}

func newSignInLimits(buckets *ratelimit.Buckets, perAddr, perAccount int) signInLimits {
	return signInLimits{
		addr:    ratelimit.NewShared[netip.Prefix](buckets, "signin_address", perAddr, config.SignInLimitWindow),
		account: ratelimit.NewShared[accountName](buckets, "signin_account", perAccount, config.SignInLimitWindow),
	}
}

// accountName is an account's email in lower case, as the per-account sign-in limit counts
// it.
type accountName string

// String is the name, as the limit's bucket row names its caller.
func (a accountName) String() string { return string(a) }
