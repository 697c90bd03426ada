// Package edge is a local read replica of one API key's prompts: it loads every prompt
// live in the key's environment from the server's snapshot, keeps it current from the
// server's WebSocket feed (catching up from its cursor on every reconnect), and answers
// resolve and render from memory with the server's own bytes (package rendering). With
// the server unreachable it keeps answering, marked stale; started with the server
// unreachable it answers from the snapshot file it last wrote. A revoked key stops it.
package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/gateway"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/openapi"
)

// Options configure an Edge.
type Options struct {
	// Upstream is the server's base URL (http://host:port); Key the API key whose project
	// and environment the edge serves.
	Upstream, Key string
	// Token is a second credential applications may present instead of Key ("" for none).
	Token string
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
	// HTTPClient talks to the upstream (a client with a 10 s timeout when nil).
	HTTPClient *http.Client
	// NowFunc returns the current time (time.Now when nil).
	NowFunc func() time.Time
}

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

	state     atomic.Pointer[state]
	connected atomic.Bool
	// currentAt is when the edge last knew it was current (Unix nanoseconds; 0: never).
	currentAt atomic.Int64
	// revoked is why the key can no longer be used (nil while it can).
	revoked atomic.Pointer[string]
	// dirty asks the snapshot file's writer to write the current state.
	dirty chan struct{}
}

// New returns an Edge serving what its snapshot file holds, if anything; Run connects it.
func New(o Options) (*Edge, error) {
	if o.NowFunc == nil {
		o.NowFunc = time.Now
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Key == "" {
		return nil, errors.New("an API key is required")
	}
	if o.RenderRateLimit == 0 {
		o.RenderRateLimit = config.DefaultEdgeRenderRateLimit
	}
	u, err := url.Parse(strings.TrimSuffix(o.Upstream, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("upstream %q is not an http(s) URL", o.Upstream)
	}
	spec, err := openapi.Load()
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
		key: []byte(o.Key), token: []byte(o.Token), dirty: make(chan struct{}, 1),
		renders: ratelimit.New[netip.Prefix](o.RenderRateLimit, time.Minute)}
	e.proxy = e.newProxy()
	if err := e.loadFile(); err != nil {
		e.logger.Warn("edge snapshot file not used", slog.String("file", o.SnapshotFile), slog.String("error", err.Error()))
	}
	return e, nil
}

// publish makes s what the edge serves, and has the snapshot file written.
func (e *Edge) publish(s *state) {
	e.state.Store(s)
	select {
	case e.dirty <- struct{}{}:
	default: // a write is pending; it will write s
	}
}

// revoke stops the edge serving: its key can no longer be used.
func (e *Edge) revoke(reason string) {
	if e.revoked.Swap(&reason) == nil {
		e.logger.Error("edge stops serving: its API key can no longer be used", slog.String("reason", reason))
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
			e.common(w, r)
			writeError(w, &gateway.Error{Status: http.StatusServiceUnavailable, Code: api.ErrorCodeSERVICEUNAVAILABLE,
				Message: "The server is unreachable, and the edge holds only the live versions: a pinned version needs the server.",
				Header:  http.Header{"Retry-After": {"5"}}})
		},
	}
}
