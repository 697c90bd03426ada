// Package edge is a local read replica of one API key's prompts: it loads every prompt
// live in the key's environment from the server's snapshot, keeps it current from the
// server's WebSocket feed (catching up from its cursor on every reconnect), and answers
// resolve and render from memory with the server's own bytes (package rendering). With
// the server unreachable it keeps answering, marked stale; started with the server
// unreachable it answers from the snapshot file it last wrote. A revoked key stops it,
// and so does an expired one, by the edge's own clock; the snapshot file then keeps only
// why, so that a restart with the server unreachable serves nothing either.
package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/openapi"
)

// MinTokenLength is the shortest local token the edge accepts: with failed tries limited
// per client address, 32 characters are beyond guessing.
const MinTokenLength = 32

// Options configure an Edge.
type Options struct {
	// Upstream is the server's base URL (http://host:port); Key the API key whose project
	// and environment the edge serves.
	Upstream, Key string
	// Token is a second credential applications may present instead of Key ("" for none;
	// at least MinTokenLength characters).
	Token string
	// AuthFailureLimit is how many failed authentications a client address may make per
	// minute before it is refused with 429 (config.DefaultAuthFailureLimit when 0).
	AuthFailureLimit int
	// SnapshotFile is where the edge keeps what it serves, for a start with the server
	// unreachable ("" for none).
	SnapshotFile string
	// RenderLimit and BodyLimit are the server's render and request body limits.
	RenderLimit int
	BodyLimit   int64
	// RenderRateLimit is the renders per minute the edge does for one client address
	// (config.DefaultEdgeRenderRateLimit when 0).
	RenderRateLimit int
	Logger          *slog.Logger
	// HTTPClient talks to the upstream (a client with a 10 s timeout when nil). Its
	// Timeout bounds each page of the snapshot and each request forwarded (a pinned
	// version); a client without one has them bounded by FeedPingInterval, so that a
	// server that never answers cannot hold the edge's catch-up, or an application, for
	// ever.
	HTTPClient *http.Client
	// NowFunc returns the current time (time.Now when nil).
	NowFunc func() time.Time
	// Tracer makes each request's server span (nil: tracing is off).
	Tracer trace.Tracer
	// Metrics counts what the edge serves (metrics.NewEdge's when nil).
	Metrics *metrics.Metrics
	// FeedPingInterval is how often the edge pings the server on its feed; a ping not
	// answered within it ends the connection, and so does a feed's handshake or
	// authentication not answered within it (DefaultFeedPingInterval when 0).
	FeedPingInterval time.Duration
}

// DefaultFeedPingInterval is how often the edge pings the feed, and how long it waits
// for the answer to a ping, the feed's handshake or its authentication, unless told
// otherwise.
const DefaultFeedPingInterval = 10 * time.Second

// Edge is the replica: Handler answers applications, Run keeps it current.
type Edge struct {
	o        Options
	logger   *slog.Logger
	upstream *url.URL
	client   *api.ClientWithResponses
	checker  *gateway.Checker
	proxy    *httputil.ReverseProxy
	key      []byte
	token    []byte
	// renders limits each client address's renders, the requests that cost work.
	renders *ratelimit.Limiter[netip.Prefix]
	// authFailures counts failed authentications per client address.
	authFailures *ratelimit.Limiter[netip.Prefix]

	state     atomic.Pointer[state]
	connected atomic.Bool
	// currentAt is when the edge last knew it was current (Unix nanoseconds; 0: never).
	currentAt atomic.Int64
	// revoked is why the key can no longer be used (nil while it can).
	revoked atomic.Pointer[string]
	// expiresAt is when the key expires, as the server said (Unix nanoseconds; 0: never).
	expiresAt atomic.Int64
	// dirty asks the snapshot file's writer to write the current state.
	dirty chan struct{}
	// fileMu orders the snapshot file's writes, so that none follows the revocation's.
	fileMu sync.Mutex
	// serve times the answers; unreported counts the stale answers not yet reported to
	// the server (see snapshotPage).
	serve      *metrics.Serve
	unreported atomic.Int64
}

// New returns an Edge serving what its snapshot file holds, if anything; Run connects it.
func New(o Options) (*Edge, error) {
	if o.NowFunc == nil {
		o.NowFunc = time.Now
	}
	if o.Metrics == nil {
		o.Metrics = metrics.NewEdge()
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Key == "" {
		return nil, errors.New("an API key is required")
	}
	if o.Token != "" && len(o.Token) < MinTokenLength {
		return nil, fmt.Errorf("the local token must be at least %d characters, got %d: a shorter one could be guessed", MinTokenLength, len(o.Token))
	}
	if o.AuthFailureLimit == 0 {
		o.AuthFailureLimit = config.DefaultAuthFailureLimit
	}
	if o.AuthFailureLimit < 1 {
		return nil, fmt.Errorf("auth failure limit must be at least 1 a minute, got %d", o.AuthFailureLimit)
	}
	if o.FeedPingInterval == 0 {
		o.FeedPingInterval = DefaultFeedPingInterval
	}
	if o.RenderRateLimit == 0 {
		o.RenderRateLimit = config.DefaultEdgeRenderRateLimit
	}
	u, err := url.Parse(strings.TrimSuffix(o.Upstream, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("upstream %q is not an http(s) URL", o.Upstream)
	}
	spec, err := openapi.Shared()
	if err != nil {
		return nil, err
	}
	checker, err := gateway.NewChecker(spec, o.BodyLimit, "ResolvePrompt", "RenderPrompt")
	if err != nil {
		return nil, err
	}
	client, err := api.NewClientWithResponses(u.String(), api.WithHTTPClient(o.HTTPClient),
		api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+o.Key)
			return nil
		}))
	if err != nil {
		return nil, err
	}
	e := &Edge{o: o, logger: o.Logger, upstream: u, client: client, checker: checker,
		key: []byte(o.Key), token: []byte(o.Token), dirty: make(chan struct{}, 1), serve: o.Metrics.Serve(),
		renders:      ratelimit.New[netip.Prefix](o.RenderRateLimit, time.Minute),
		authFailures: ratelimit.New[netip.Prefix](o.AuthFailureLimit, time.Minute)}
	e.proxy = e.newProxy()
	if err := e.loadFile(); err != nil {
		e.logger.Warn("edge snapshot file not used", slog.String("file", o.SnapshotFile), slog.String("error", err.Error()))
	}
	return e, nil
}

// MetricsHandler serves the edge's metrics in Prometheus's format (for its debug address).
func (e *Edge) MetricsHandler() http.Handler { return e.o.Metrics.Handler() }

// publish makes s what the edge serves, and has the snapshot file written.
func (e *Edge) publish(s *state) {
	e.state.Store(s)
	select {
	case e.dirty <- struct{}{}:
	default: // a write is pending; it will write s
	}
}

// revoke stops the edge serving: its key can no longer be used. The snapshot file keeps
// only why from now on.
func (e *Edge) revoke(reason string) {
	if e.revoked.Swap(&reason) != nil {
		return
	}
	e.logger.Error("edge stops serving: its API key can no longer be used", slog.String("reason", reason))
	if err := e.writeRevoked(reason); err != nil {
		e.logger.Error("edge snapshot file not marked revoked", slog.String("file", e.o.SnapshotFile), slog.String("error", err.Error()))
	}
}

// refusal is why the edge serves nothing, nil while it serves: its key was revoked, or
// has expired by the edge's own clock (checked even while the server is unreachable).
func (e *Edge) refusal() *string {
	if reason := e.revoked.Load(); reason != nil {
		return reason
	}
	if at := e.expiresAt.Load(); at != 0 && !e.o.NowFunc().Before(time.Unix(0, at)) {
		e.revoke("API key expired at " + time.Unix(0, at).UTC().Format(time.RFC3339))
		return e.revoked.Load()
	}
	return nil
}

// setExpiry records when the key expires (nil: never), as the server said, and has the
// snapshot file keep it when it changed.
func (e *Edge) setExpiry(at *time.Time) {
	var nanos int64
	if at != nil {
		nanos = at.UnixNano()
	}
	if e.expiresAt.Swap(nanos) != nanos && e.state.Load() != nil {
		e.publish(e.state.Load())
	}
}

// staleFor is how long the edge has not known itself current (0 while connected).
func (e *Edge) staleFor() time.Duration {
	if e.connected.Load() {
		return 0
	}
	at := e.currentAt.Load()
	if at == 0 {
		return 0
	}
	return e.o.NowFunc().Sub(time.Unix(0, at))
}

// upstreamTimeout bounds each request to the server: the HTTP client's Timeout, or
// FeedPingInterval when it has none, as the feed's steps are, so that a server that never
// answers holds nothing for ever.
func (e *Edge) upstreamTimeout() time.Duration {
	if e.o.HTTPClient.Timeout > 0 {
		return e.o.HTTPClient.Timeout
	}
	return e.o.FeedPingInterval
}

// forward sends r to the server through the proxy, within upstreamTimeout: the proxy
// uses the client's Transport, which knows nothing of the client's Timeout.
func (e *Edge) forward(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), e.upstreamTimeout())
	defer cancel()
	e.proxy.ServeHTTP(w, r.WithContext(ctx))
}

// newProxy forwards what the edge cannot answer from memory (a pinned version) to the
// server, with the edge's key: applications may hold only the local token.
func (e *Edge) newProxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(e.upstream)
			r.Out.Header.Set("Authorization", "Bearer "+e.o.Key)
		},
		Transport: e.o.HTTPClient.Transport,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			e.logger.WarnContext(r.Context(), "edge proxy to upstream failed", slog.String("error", err.Error()))
			e.fail(w, r, &gateway.Error{Status: http.StatusServiceUnavailable, Code: api.ErrorCodeSERVICEUNAVAILABLE,
				Message: "The server is unreachable, and the edge holds only the live versions: a pinned version needs the server.",
				Header:  http.Header{"Retry-After": {"5"}}})
		},
	}
}

// clientPrefix is what r's failed authentications count against: its client address (an
// IPv6 client by its /64), as on the server.
func clientPrefix(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return ratelimit.AddrPrefix(host)
}
