package logging

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one access-log line: the line slog would write for the message "request" with
// these five attributes, in this order.
type Request struct {
	// Time is when the request ended: the line's time.
	Time      time.Time
	Route     string
	Status    int
	Duration  time.Duration
	RequestID string
	KeyPrefix string
}

// durationMs is the duration attribute's value: milliseconds to the microsecond.
func (r *Request) durationMs() float64 { return float64(r.Duration.Microseconds()) / 1000 }

// Access writes access-log lines. A line is the one the logger's handler writes for the
// record; through a logger New made, the common line is formatted here by hand (slog's
// handlers spend more on one line than the rest of a cached resolve), byte for byte as
// slog formats it, which TestAccessLineIsSlogs holds it to.
type Access struct {
	logger *slog.Logger
	fast   *handler // nil: every line through the logger's handler
}

// NewAccess writes the access log to l (slog's default logger when nil).
func NewAccess(l *slog.Logger) *Access {
	a := &Access{logger: cmp.Or(l, slog.Default())}
	if h, ok := a.logger.Handler().(*handler); ok {
		a.fast = h
	}
	return a
}

// Log writes r's line, unless the logger's level is above info.
func (a *Access) Log(ctx context.Context, r *Request) {
	if !a.logger.Enabled(ctx, slog.LevelInfo) {
		return
	}
	if a.fast != nil && a.fast.write(r) {
		return
	}
	a.record(ctx, r)
}

// record hands r to the logger's handler as a record (at r.Time, with no source).
func (a *Access) record(ctx context.Context, r *Request) {
	rec := slog.NewRecord(r.Time, slog.LevelInfo, "request", 0)
	rec.AddAttrs(
		slog.String("route", r.Route),
		slog.Int("status", r.Status),
		slog.Float64("duration_ms", r.durationMs()),
		slog.String("request_id", r.RequestID),
		slog.String("key_prefix", r.KeyPrefix),
	)
	_ = a.logger.Handler().Handle(ctx, rec)
}

// handler is the handler New builds: slog's own, whose writer the access log shares. It is
// only a marker for NewAccess; loggers derived from it (With, WithGroup) get slog's
// handlers, so their lines keep their attributes.
type handler struct {
	slog.Handler
	w    io.Writer
	json bool
}

var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// write formats r by hand and writes it, or reports false when a value is one that slog
// would escape or format differently (then the record path writes it).
func (h *handler) write(r *Request) bool {
	if !plain(r.Route) || !plain(r.RequestID) || !plain(r.KeyPrefix) {
		return false
	}
	if y := r.Time.Year(); r.Time.IsZero() || y < 0 || y >= 10000 {
		return false // slog leaves a zero time out, and marks a year it cannot write
	}
	ms := r.durationMs()
	if h.json && ms != 0 && (math.Abs(ms) < 1e-6 || math.Abs(ms) >= 1e21) {
		return false // encoding/json writes these with an exponent of its own style
	}
	bp := lineBuffers.Get().(*[]byte)
	b := (*bp)[:0]
	if h.json {
		b = appendJSON(b, r, ms)
	} else {
		b = appendText(b, r, ms)
	}
	_, _ = h.w.Write(b)
	*bp = b
	lineBuffers.Put(bp)
	return true
}

// appendText is slog's TextHandler line.
func appendText(b []byte, r *Request, ms float64) []byte {
	b = append(b, "time="...)
	b = appendMillisCached(b, r.Time)
	b = append(b, " level=INFO msg=request route="...)
	b = appendTextString(b, r.Route)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = append(b, " duration_ms="...)
	b = appendMillis(b, r.Duration, ms, 'g')
	b = append(b, " request_id="...)
	b = appendTextString(b, r.RequestID)
	b = append(b, " key_prefix="...)
	b = appendTextString(b, r.KeyPrefix)
	return append(b, '\n')
}

// appendTextString writes a plain string as slog's text does: quoted when empty or holding
// a space, where strconv.AppendQuote would only add the quotes.
func appendTextString(b []byte, s string) []byte {
	if s == "" || strings.IndexByte(s, ' ') >= 0 {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	return append(b, s...)
}

// appendJSON is slog's JSONHandler line. Plain strings need no escaping.
func appendJSON(b []byte, r *Request, ms float64) []byte {
	b = append(b, `{"time":"`...)
	b = r.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"request","route":"`...)
	b = append(b, r.Route...)
	b = append(b, `","status":`...)
	b = strconv.AppendInt(b, int64(r.Status), 10)
	b = append(b, `,"duration_ms":`...)
	b = appendMillis(b, r.Duration, ms, 'f')
	b = append(b, `,"request_id":"`...)
	b = append(b, r.RequestID...)
	b = append(b, `","key_prefix":"`...)
	b = append(b, r.KeyPrefix...)
	return append(b, "\"}\n"...)
}

// millisText is a millisecond's text time, which every line of that millisecond shares.
type millisText struct {
	unixMilli int64
	loc       *time.Location
	text      []byte
}

var lastMillis atomic.Pointer[millisText]

// appendMillisCached is appendRFC3339Millis, formatted once a millisecond: a busy server
// writes dozens of lines in each.
func appendMillisCached(b []byte, t time.Time) []byte {
	ms := t.UnixMilli()
	if m := lastMillis.Load(); m != nil && m.unixMilli == ms && m.loc == t.Location() {
		return append(b, m.text...)
	}
	n := len(b)
	b = appendRFC3339Millis(b, t)
	lastMillis.Store(&millisText{unixMilli: ms, loc: t.Location(), text: slices.Clone(b[n:])})
	return b
}

// appendMillis writes ms, d in milliseconds to the microsecond, as strconv.AppendFloat
// does in fmt ('g' for text, 'f' for JSON) with the shortest precision. Below 10⁶ ms that
// is the microseconds' decimal digits with the point three from the end and trailing zeros
// dropped (a decimal of at most 15 digits is the shortest that reads back as its float64),
// which is written here without converting a float; beyond, and for a negative d, strconv
// writes it.
func appendMillis(b []byte, d time.Duration, ms float64, fmt byte) []byte {
	us := d.Microseconds()
	if us < 0 || us >= 1e9 {
		return strconv.AppendFloat(b, ms, fmt, -1, 64)
	}
	b = strconv.AppendInt(b, us/1000, 10)
	frac := us % 1000
	if frac == 0 {
		return b
	}
	b = append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	return b
}

// appendRFC3339Millis is slog's text time: RFC 3339 truncated to exactly three decimals.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the fourth decimal
}

// plain reports whether s holds only bytes neither handler escapes or quotes, space aside:
// letters, digits and . _ - / { } :
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainBytes[s[i]] {
			return false
		}
	}
	return true
}

var plainBytes = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-/{}:") {
		t[c] = true
	}
	return t
}()
