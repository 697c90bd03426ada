package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/ratelimit"
)

// observe gives the request its id, turns a panic into a 500 envelope and writes the one
// access-log line per request.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{id: requestID(r.Header.Get("X-Request-Id")), clientAddr: clientAddr(r)}
		w.Header().Set("X-Request-Id", ri.id)
		rec := &recorder{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))

		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.handlerError(rec, r, panicError{value: p, stack: debug.Stack()})
			}
			elapsed := time.Since(start)
			pattern, series := "unmatched", s.unmatched
			if ri.route != nil {
				pattern, series = ri.route.Path, ri.policy.metrics
			}
			series.Observe(rec.statusCode(), elapsed.Seconds())
			s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				slog.String("route", pattern),
				slog.Int("status", rec.statusCode()),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
				slog.String("request_id", ri.id),
				slog.String("key_prefix", ri.keyPrefixOrEmpty()),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}

// route finds the spec operation of the request; an unknown path is a 404 and a known path
// with another method a 405 with Allow, both as the error envelope.
func (s *Server) route(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, pattern, params := s.routes.find(r)
		if route == nil {
			if allow := s.routes.allowed(r); len(allow) > 0 {
				methods := strings.Join(allow, ", ")
				writeError(w, r, &apiError{status: http.StatusMethodNotAllowed, code: api.ErrorCodeMETHODNOTALLOWED,
					message: r.Method + " is not allowed on " + r.URL.Path + "; allowed: " + methods + ".",
					header:  http.Header{"Allow": {methods}}})
				return
			}
			writeError(w, r, &apiError{status: http.StatusNotFound, code: api.ErrorCodeRESOURCENOTFOUND,
				message: "No route " + r.Method + " " + r.URL.Path + "; see /api/v1/openapi.json."})
			return
		}
		ri := infoFrom(r.Context())
		ri.route, ri.pattern, ri.pathParams, ri.policy = route, pattern, params, s.policies[route.Operation]
		next.ServeHTTP(w, r)
	})
}

// authenticate resolves the bearer key of operations that need one, applies the key's rate
// limit and checks the scope the operation names.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		if !ri.policy.authenticated {
			next.ServeHTTP(w, r)
			return
		}
		key, apiErr, err := s.lookupKey(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			s.handlerError(w, r, err)
			return
		}
		if apiErr != nil {
			writeError(w, r, apiErr)
			return
		}
		ri.key = key

		d := s.keyLimit.Allow(key.ID, s.now())
		setRateLimitHeaders(w.Header(), d)
		if !d.Allowed {
			writeError(w, r, tooManyRequests(d))
			return
		}
		if ri.policy.scope != "" && !key.Has(ri.policy.scope) {
			scope := api.Scope(ri.policy.scope)
			writeError(w, r, &apiError{status: http.StatusForbidden, code: api.ErrorCodeFORBIDDEN,
				message: "This operation needs the " + ri.policy.scope + " scope, which the API key does not have.",
				details: &api.ErrorDetails{RequiredScope: &scope}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// lookupKey returns the usable key named by an Authorization header, or the 401 that says
// why there is none. err is set only when the lookup itself failed.
func (s *Server) lookupKey(ctx context.Context, header string) (*auth.Key, *apiError, error) {
	unauthorized := func(msg string) *apiError {
		return &apiError{status: http.StatusUnauthorized, code: api.ErrorCodeAUTHINVALID, message: msg,
			header: http.Header{"WWW-Authenticate": {`Bearer realm="promptops"`}}}
	}
	if header == "" {
		return nil, unauthorized("An API key is required: send Authorization: Bearer po_live_…"), nil
	}
	token, ok := strings.CutPrefix(header, "Bearer ")
	token = strings.TrimSpace(token)
	if !ok || !auth.WellFormed(token) {
		return nil, unauthorized("The API key is malformed: expected Authorization: Bearer po_live_ followed by at least 32 letters and digits."), nil
	}
	key, err := s.keyByHash(ctx, auth.Hash(token))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, unauthorized("The API key is not known."), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if problem := key.Problem(s.now()); problem != "" {
		return nil, unauthorized(problem), nil
	}
	return key, nil, nil
}

// keyByHash finds a stored key, from the cache when it can. Revoked and expired keys are
// cached too, so that retrying one does not reach the database either.
func (s *Server) keyByHash(ctx context.Context, hash [sha256.Size]byte) (*auth.Key, error) {
	if s.keys == nil {
		return s.keyFromDatabase(ctx, hash)
	}
	if k, ok := s.keys.Get(hash); ok {
		s.keyCount.Hit.Inc()
		return k, nil
	}
	s.keyCount.Miss.Inc()
	stamp := s.keys.Begin()
	key, err := s.keyFromDatabase(ctx, hash)
	if err == nil {
		s.keys.Put(hash, stamp, key)
	}
	return key, err
}

func (s *Server) keyFromDatabase(ctx context.Context, hash [sha256.Size]byte) (*auth.Key, error) {
	row, err := s.q.ApiKeyGetByHash(ctx, s.db, hash[:])
	if err != nil {
		return nil, err
	}
	return keyFromDB(row), nil
}

// setRateLimitHeaders writes the X-RateLimit-* headers. The keys are given in Go's canonical
// form (X-Ratelimit-…, the same header to any client) so that writing them, on every
// authenticated request, does not canonicalise them again.
func setRateLimitHeaders(h http.Header, d ratelimit.Decision) {
	h["X-Ratelimit-Limit"] = []string{strconv.Itoa(d.Limit)}
	h["X-Ratelimit-Remaining"] = []string{strconv.Itoa(d.Remaining)}
	h["X-Ratelimit-Reset"] = []string{strconv.FormatInt(int64(math.Ceil(float64(d.Reset.UnixNano())/1e9)), 10)}
}

func tooManyRequests(d ratelimit.Decision) *apiError {
	secs := retryAfterSeconds(d)
	return &apiError{status: http.StatusTooManyRequests, code: api.ErrorCodeRATELIMITEXCEEDED,
		message: "Too many requests; retry after " + strconv.Itoa(secs) + " seconds.",
		header:  http.Header{"Retry-After": {strconv.Itoa(secs)}}}
}

func retryAfterSeconds(d ratelimit.Decision) int {
	return max(1, int(math.Ceil(d.RetryAfter.Seconds())))
}

// validate checks the request against the spec: body size and media type first (413, 415),
// then parameters and body with kin-openapi (400 naming every offending field).
func (s *Server) validate(next http.Handler) http.Handler {
	opts := &openapi3filter.Options{
		MultiError:          true,
		SkipSettingDefaults: true,
		// Keys are checked by authenticate, which knows more than the spec can say.
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		if ri.policy.body {
			body, apiErr := s.readBody(w, r)
			if apiErr != nil {
				writeError(w, r, apiErr)
				return
			}
			// kin-openapi reads the body and puts it back for the handler.
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		err := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
			Request: r, PathParams: ri.pathParams, Route: ri.route, Options: opts,
		})
		if err != nil {
			writeError(w, r, validationError(err))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readBody reads a JSON request body of at most the configured size.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	tooLarge := &apiError{status: http.StatusRequestEntityTooLarge, code: api.ErrorCodePAYLOADTOOLARGE,
		message: "The request body is larger than " + strconv.FormatInt(s.bodyLimit, 10) + " bytes."}
	if r.ContentLength > s.bodyLimit {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.bodyLimit))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return nil, tooLarge
	}
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: api.ErrorCodeVALIDATIONERROR,
			message: "The request body could not be read: " + err.Error()}
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" && len(body) == 0 {
		return body, nil // validation reports the missing body
	}
	if media, _, _ := mime.ParseMediaType(ct); media != "application/json" {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, code: api.ErrorCodeUNSUPPORTEDMEDIATYPE,
			message: "The request body must be application/json, not " + strconv.Quote(ct) + "."}
	}
	return body, nil
}

// requestID echoes a sane incoming X-Request-Id, or makes one.
func requestID(incoming string) string {
	if len(incoming) >= 1 && len(incoming) <= 128 && !slices.ContainsFunc([]byte(incoming), func(c byte) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')
	}) {
		return incoming
	}
	// A process-wide random prefix and a counter: unique, and without a getrandom system
	// call per request.
	var b [12]byte
	copy(b[:4], requestIDPrefix())
	binary.BigEndian.PutUint64(b[4:], requestIDCounter.Add(1))
	return hex.EncodeToString(b[:])
}

var (
	requestIDPrefix = sync.OnceValue(func() []byte {
		p := make([]byte, 4)
		_, _ = rand.Read(p)
		return p
	})
	requestIDCounter atomic.Uint64
)

// clientAddr is the address rate limits for unauthenticated requests are kept by.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (ri *requestInfo) keyPrefixOrEmpty() string {
	if ri.key == nil {
		return ""
	}
	return ri.key.Prefix
}

// recorder remembers the status a handler wrote, for the access log and the panic handler.
type recorder struct {
	http.ResponseWriter
	status int
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushing, hijacking).
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

func (rec *recorder) statusCode() int {
	if rec.status == 0 {
		return http.StatusOK
	}
	return rec.status
}

// panicError carries a recovered panic to the 500 handler's log line.
type panicError struct {
	value any
	stack []byte
}

func (p panicError) Error() string {
	return "panic: " + fmt.Sprint(p.value) + "\n" + string(p.stack)
}
