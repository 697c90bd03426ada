package gateway

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/promptops/promptops/internal/logging"
	"github.com/promptops/promptops/internal/tracing"
)

// Header values that many responses carry, shared by all of them and never modified, so
// that setting them allocates nothing: nosniff on every response (no browser guesses a
// JSON error to be HTML), no-store on every authenticated one (no cache keeps a project's
// data or a key).
var (
	nosniff = []string{"nosniff"}
	noStore = []string{"no-store"}
)

// observe gives the request its id, turns a panic into a 500 envelope, counts the request
// in its route's metrics, writes the one access-log line per request and, when tracing is
// on, makes its server span.
func (g *Gateway) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx := r.Context()
		var span trace.Span
		if g.tracer != nil {
			ctx, span = tracing.StartServer(g.tracer, r)
		}
		ri := &requestInfo{id: requestID(r.Header.Get("X-Request-Id")), clientAddr: clientAddr(r), userAgent: r.UserAgent(),
			start: start, now: start}
		if g.nowFunc != nil {
			ri.now = g.nowFunc()
		}
		ri.idHeader[0] = ri.id
		h := w.Header()
		h["X-Request-Id"] = ri.idHeader[:]
		h["X-Content-Type-Options"] = nosniff
		ri.rec.ResponseWriter = w
		ri.Context = ctx
		r = r.WithContext(ri)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				g.HandlerError(&ri.rec, r, panicError{value: p, stack: debug.Stack()})
			}
			g.logRequest(r, ri)
			if span != nil {
				endSpan(span, r, ri)
			}
		}()
		next.ServeHTTP(&ri.rec, r)
	})
}

// logRequest counts the request and writes its access-log line.
func (g *Gateway) logRequest(r *http.Request, ri *requestInfo) {
	elapsed := time.Since(ri.start) // a monotonic clock read, cheaper than time.Now's two
	end := ri.start.Add(elapsed)
	status := ri.rec.Status()
	var route string
	series := g.unmatched
	if ri.route != nil {
		route, series = ri.route.pattern, ri.route.metrics
	} else {
		route = "unmatched " + r.Method
	}
	series.Observe(status, elapsed.Seconds())
	if ri.serve != nil {
		ri.serve.Observe(elapsed.Seconds())
	}
	keyPrefix := ""
	if ri.key != nil {
		keyPrefix = ri.key.Prefix
	}
	g.access.Log(r.Context(), &logging.Request{Time: end, Route: route, Status: status, Duration: elapsed,
		RequestID: ri.id, KeyPrefix: keyPrefix})
}

// endSpan names a request's span by its operation: the spec's operationId, or the
// pattern of a route outside the spec (the console).
func endSpan(span trace.Span, r *http.Request, ri *requestInfo) {
	var name, route string
	switch {
	case ri.route == nil: // unmatched: the span keeps the method for its name
	case ri.route.spec != nil:
		name, route = ri.route.spec.Operation.OperationID, ri.route.spec.Path
	default:
		name, route = ri.route.pattern, ri.route.pattern
	}
	tracing.EndServer(span, r, name, route, ri.rec.Status())
}

// requestID echoes a sane incoming X-Request-Id, or makes one.
func requestID(incoming string) string {
	if saneRequestID(incoming) {
		return incoming
	}
	// A process-wide random prefix and a counter: unique, and without a getrandom system
	// call per request.
	var b [12]byte
	copy(b[:4], requestIDPrefix())
	binary.BigEndian.PutUint64(b[4:], requestIDCounter.Add(1))
	return hex.EncodeToString(b[:])
}

// saneRequestID: 1 to 128 letters, digits, '.', '_' or '-'.
func saneRequestID(id string) bool {
	if len(id) < 1 || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

var (
	requestIDPrefix = sync.OnceValue(func() []byte {
		p := make([]byte, 4)
		_, _ = rand.Read(p)
		return p
	})
	requestIDCounter atomic.Uint64
)

// clientAddr is the address rate limits for unauthenticated requests are kept by, and
// the one events record.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// panicError carries a recovered panic to the 500 handler's log line.
type panicError struct {
	value any
	stack []byte
}

func (p panicError) Error() string {
	return "panic: " + fmt.Sprint(p.value) + "\n" + string(p.stack)
}
