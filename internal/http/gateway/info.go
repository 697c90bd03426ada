package gateway

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/promptops/promptops/internal/auth"
)

// requestInfo is what the pipeline learns about a request, shared down the chain and read
// back by the access log. It is allocated once per request and also holds the backing
// arrays of the headers every response carries, so that setting them allocates nothing.
// It is the request's context too (its parent's, holding itself under infoKey), which
// saves context.WithValue's allocation.
type requestInfo struct {
	context.Context
	id         string
	clientAddr string
	userAgent  string
	// start is when the request arrived; now is the same instant by the gateway's clock
	// (NowFunc's, when tests give one), which limits, key expiry and usage are kept by:
	// one clock read serves the whole request.
	start, now time.Time
	// serve, when a handler sets it (ObserveDuration), also receives the request's duration.
	serve prometheus.Observer
	// route is the matched operation (nil when none matched).
	route *route
	// key is the authenticated key (nil on operations that need none).
	key *auth.Key
	// window is what the X-RateLimit-* headers say (zero on operations that need no key).
	window RateLimitWindow
	rec    Recorder
	// query is the request's query as validate parsed it (nil until then, and for none),
	// rawQuery the text it parsed: what the rest of the pipeline and Query read.
	query    url.Values
	rawQuery string

	idHeader    [1]string
	limitHeader [3][1]string
}

type infoKey struct{}

// Value is the parent context's, but for infoKey.
func (ri *requestInfo) Value(key any) any {
	if _, ok := key.(infoKey); ok {
		return ri
	}
	return ri.Context.Value(key)
}

func info(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

// Key is the request's authenticated key: never nil in a handler of an operation that
// needs one.
func Key(ctx context.Context) *auth.Key { return info(ctx).key }

// Query is r's query as the pipeline parsed it to validate r, for a handler's binding to
// read rather than parse it again: nil when r has none. The values are shared, to be read
// only. ok is false when the pipeline parsed none of r's query: r did not come through
// it, or its query was changed since.
func Query(r *http.Request) (query url.Values, ok bool) {
	if r.URL.RawQuery == "" {
		return nil, true
	}
	ri, found := r.Context().Value(infoKey{}).(*requestInfo)
	if !found || ri.query == nil || ri.rawQuery != r.URL.RawQuery {
		return nil, false
	}
	return ri.query, true
}

// keepQuery keeps query, r's query as parsed (nil when it has none), in r's info for
// Query to give.
func keepQuery(r *http.Request, query url.Values) {
	if query == nil { // most requests: nothing to keep, and no look-up in the context
		return
	}
	if ri, found := r.Context().Value(infoKey{}).(*requestInfo); found {
		ri.query, ri.rawQuery = query, r.URL.RawQuery
	}
}

// parsedQuery is r's query as validate parsed it, or parsed now when it did not (nil when
// r has none).
func parsedQuery(r *http.Request) url.Values {
	if query, ok := Query(r); ok {
		return query
	}
	return queryOf(r)
}

// RateLimitWindow is a key's rate-limit window after a request, as the request's
// X-RateLimit-* headers give it.
type RateLimitWindow struct {
	// Limit is requests per minute, Remaining how many more are allowed now, Reset the
	// Unix second when the allowance is full again.
	Limit, Remaining int
	Reset            int64
}

// RateLimit is the window of the request's key, the figures of its X-RateLimit-* headers
// (zero on operations that need no key).
func RateLimit(ctx context.Context) RateLimitWindow { return info(ctx).window }

// now is the request's time by the gateway's clock (RequestTime).
func (g *Gateway) now(ctx context.Context) time.Time { return RequestTime(ctx, g.clock) }

// RequestTime is the time a request is kept by: its arrival (Arrived), or clock's now
// outside a request the gateway observes.
func RequestTime(ctx context.Context, clock func() time.Time) time.Time {
	if t := Arrived(ctx); !t.IsZero() {
		return t
	}
	return clock()
}

// Arrived is when the request arrived, by the gateway's clock (NowFunc's): the time its
// limits, key checks and usage are kept by. It is zero outside a request the gateway
// observes.
func Arrived(ctx context.Context) time.Time { return info(ctx).now }

// ObserveDuration has o receive the request's duration too, as its access-log line gives
// it: the whole request's, measured once.
func ObserveDuration(ctx context.Context, o prometheus.Observer) { info(ctx).serve = o }

// RequestID is the request's id, as sent in X-Request-Id.
func RequestID(ctx context.Context) string { return info(ctx).id }

// ClientAddr is the address the request came from (limits of unauthenticated requests are
// kept by it).
func ClientAddr(ctx context.Context) string { return info(ctx).clientAddr }

// UserAgent is the request's User-Agent header, as sent (empty outside a request).
func UserAgent(ctx context.Context) string { return info(ctx).userAgent }

// Recorder remembers the status a handler wrote, for the access log, the panic handler and
// the request's span (the edge's too).
type Recorder struct {
	http.ResponseWriter
	status int
}

func (rec *Recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *Recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushing, hijacking).
func (rec *Recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// Status is the status written, 200 when the handler wrote none.
func (rec *Recorder) Status() int {
	if rec.status == 0 {
		return http.StatusOK
	}
	return rec.status
}
