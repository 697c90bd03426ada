package gateway

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/ratelimit"
)

// authenticate resolves the bearer key of an operation that needs one, applies the key's
// rate limit and checks the scope the operation names. Every answer it lets through or
// writes is marked no-store: what a key reads is for it alone.
func (g *Gateway) authenticate(rt *route, next http.Handler) http.Handler {
	var forbidden *Error
	if rt.policy.scope != "" {
		scope := api.Scope(rt.policy.scope)
		forbidden = &Error{Status: http.StatusForbidden, Code: api.ErrorCodeFORBIDDEN,
			Message: "This operation needs the " + rt.policy.scope + " scope, which the API key does not have.",
			Details: &api.ErrorDetails{RequiredScope: &scope}}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = noStore
		header := r.Header.Get("Authorization")
		token, apiErr := BearerToken(header)
		if rt.policy.optionalAuth && (apiErr != nil || !strings.HasPrefix(token, auth.TokenPrefix)) {
			next.ServeHTTP(w, r) // anonymous
			return
		}
		var key *auth.Key
		var err error
		if header != "" { // no header at all tried nothing, so it does not count as a failure
			key, apiErr, err = g.lookup(r.Context(), token, apiErr)
		}
		if err != nil {
			g.HandlerError(w, r, err)
			return
		}
		if apiErr != nil {
			WriteError(w, r, apiErr)
			return
		}
		ri := info(r.Context())
		now := ri.now
		ri.key = key
		// Counted whatever the answer: a request refused for its rate limit was made too.
		// Usage counts API keys' requests; a person's count against their token's limit.
		if id := key.APIKeyID(); id != nil {
			g.usage.Request(key.ProjectID, *id, now)
		}
		d := g.keyLimit.Allow(r.Context(), key.ID, now)
		g.setRateLimitHeaders(w.Header(), ri, d)
		if !d.Allowed {
			WriteError(w, r, TooManyRequests(d))
			return
		}
		// A person's role is known once the request names its project (act).
		if forbidden != nil && key.Person == nil && !key.Has(rt.policy.scope) {
			WriteError(w, r, forbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Authenticate returns the usable key token names, or the 401 that says why there is none
// (its Message is fit to show the client). err is set only when the lookup itself failed.
// The console's sign-in with a key, whose key arrives in a form rather than a header, uses
// it; it takes API keys only, so a personal token is refused (people sign in with their
// password). Sockets use SocketKey.
func (g *Gateway) Authenticate(ctx context.Context, token string) (*auth.Key, *Error, error) {
	if strings.HasPrefix(strings.TrimSpace(token), auth.TokenPrefix) {
		return nil, unauthorized("A personal token cannot be used here; use an API key (po_live_…)."), nil
	}
	return g.lookup(ctx, token, nil)
}

// lookup checks a presented token, unless refused already says why what was presented is
// not one. A client address that failed too often is refused before any lookup, and each
// malformed, unknown, revoked or expired key counts against it.
func (g *Gateway) lookup(ctx context.Context, token string, refused *Error) (*auth.Key, *Error, error) {
	client, now := ratelimit.AddrPrefix(ClientAddr(ctx)), g.now(ctx)
	if d := g.authFailures.Peek(client, now); !d.Allowed {
		return nil, TooManyFailures(d), nil
	}
	var key *auth.Key
	var err error
	if refused == nil {
		key, refused, err = g.check(ctx, token, now)
	}
	if refused != nil {
		g.authFailures.Allow(ctx, client, now)
	}
	return key, refused, err
}

// check finds the usable key token names, or the person a personal token names, or the
// 401 that says why there is none.
func (g *Gateway) check(ctx context.Context, token string, now time.Time) (*auth.Key, *Error, error) {
	token = strings.TrimSpace(token)
	if strings.HasPrefix(token, auth.TokenPrefix) {
		return g.person(ctx, token, now)
	}
	if !auth.WellFormed(token) {
		return nil, unauthorized(MalformedKey), nil
	}
	return g.usable(ctx, auth.Hash(token), now)
}

// usable finds the key stored under hash, or the 401 that says why there is no usable one
// (not known, revoked, expired); err is set only when the lookup itself failed.
func (g *Gateway) usable(ctx context.Context, hash [sha256.Size]byte, now time.Time) (*auth.Key, *Error, error) {
	key, err := g.keyByHash(ctx, hash, now)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, unauthorized(UnknownKey), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if problem := key.Problem(now); problem != "" {
		return nil, unauthorized(problem), nil
	}
	return key, nil, nil
}

// The words of two refusals of an API key, the same from the server and the edge. A key of
// a deleted project is not known.
const (
	MalformedKey = "The API key is malformed: expected Authorization: Bearer po_live_ followed by at least 32 letters and digits."
	UnknownKey   = "The API key is not known."
)

// BearerToken is the token of an Authorization header of the Bearer scheme, whose name is
// case-insensitive (RFC 7235 §2.1: "bearer", "BEARER"), or the 401 that says why the
// header holds none: it is missing, or it is of another scheme or of none. A key sent
// without the scheme is refused rather than taken as meant: accepting it would make the
// scheme optional for some clients and not others. The gateway and the edge read the
// header with it alone.
func BearerToken(header string) (string, *Error) {
	if header == "" {
		return "", unauthorized("An API key is required: send Authorization: Bearer po_live_…")
	}
	scheme, token, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", unauthorized("The Authorization header does not name the Bearer scheme: send Authorization: Bearer po_live_…")
	}
	return strings.TrimSpace(token), nil
}

func unauthorized(msg string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: api.ErrorCodeAUTHINVALID, Message: msg,
		Header: http.Header{"Www-Authenticate": {`Bearer realm="promptops"`}}}
}

// keyByHash finds a stored key, from the cache when it can. Revoked and expired keys are
// cached too, so that retrying one does not reach the database either, and so, for a few
// seconds, are hashes no key has (pgx.ErrNoRows).
func (g *Gateway) keyByHash(ctx context.Context, hash [sha256.Size]byte, now time.Time) (*auth.Key, error) {
	if g.keys == nil {
		return g.keyFromDatabase(ctx, hash)
	}
	if k, ok := g.keys.Get(hash); ok {
		g.keyCount.Hit.Inc()
		return k, nil
	}
	if g.keys.Unknown(hash, now) {
		g.keyCount.Hit.Inc()
		return nil, pgx.ErrNoRows
	}
	g.keyCount.Miss.Inc()
	stamp := g.keys.Begin()
	key, err := g.keyFromDatabase(ctx, hash)
	switch {
	case err == nil:
		g.keys.Put(hash, stamp, key)
	case errors.Is(err, pgx.ErrNoRows):
		g.keys.PutUnknown(hash, now)
	}
	return key, err
}

// CurrentKey returns k as it is now, for the sockets' checks before deliveries. An API
// key is the one stored under its hash, revoked and expired keys too (pgx.ErrNoRows when
// there is none), from the key cache when it can: revocations invalidate it on every
// instance. A person's key (a console page's) is their token as stored, revoked once its
// user is disabled (the token no longer works then), with their role in k's project now:
// "" once they are no longer a member. Both are one indexed read.
func (g *Gateway) CurrentKey(ctx context.Context, k *auth.Key) (*auth.Key, error) {
	if k.Person == nil {
		return g.keyByHash(ctx, k.Hash, g.now(ctx))
	}
	row, err := g.q.PersonalTokenMember(ctx, g.db, dbsqlc.PersonalTokenMemberParams{TokenHash: k.Hash[:], ProjectID: k.ProjectID})
	if err != nil {
		return nil, err
	}
	t := &row.PersonalToken
	now := &auth.Key{ID: t.ID, Hash: k.Hash, Prefix: t.TokenPrefix, ProjectID: k.ProjectID, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}
	if row.Disabled && now.RevokedAt == nil {
		at := g.now(ctx)
		now.RevokedAt = &at
	}
	member := *k.Person
	member.Role = row.Role
	now.Person = &member
	return now, nil
}

func (g *Gateway) keyFromDatabase(ctx context.Context, hash [sha256.Size]byte) (*auth.Key, error) {
	row, err := g.q.ApiKeyGetByHash(ctx, g.db, hash[:])
	if err != nil {
		return nil, err
	}
	return auth.KeyFromRow(row), nil
}

// TooManyRequests is the 429 of a refused rate-limit decision, with Retry-After.
func TooManyRequests(d ratelimit.Decision) *Error {
	secs := d.RetryAfterSeconds()
	return &Error{Status: http.StatusTooManyRequests, Code: api.ErrorCodeRATELIMITEXCEEDED,
		Message: "Too many requests; retry after " + strconv.Itoa(secs) + " seconds.",
		Header:  http.Header{"Retry-After": {strconv.Itoa(secs)}}}
}

// TooManyFailures is the 429 of a client address refused for its failed authentications
// (the server's, and the edge's for its key and local token).
func TooManyFailures(d ratelimit.Decision) *Error {
	e := TooManyRequests(d)
	e.Message = "Too many failed authentications from this address; retry after " + strconv.Itoa(d.RetryAfterSeconds()) + " seconds."
	return e
}

// setRateLimitHeaders writes the X-RateLimit-* headers into the request's own backing
// arrays, under Go's canonical keys (X-Ratelimit-…, the same header to any client), so
// that writing them, on every authenticated request, allocates little.
func (g *Gateway) setRateLimitHeaders(h http.Header, ri *requestInfo, d ratelimit.Decision) {
	ri.window = RateLimitWindow{Limit: d.Limit, Remaining: d.Remaining, Reset: d.ResetSeconds()}
	ri.limitHeader[0][0] = g.limitText.limit
	ri.limitHeader[1][0] = g.limitText.remaining(ri.window.Remaining)
	ri.limitHeader[2][0] = g.limitText.reset(ri.window.Reset)
	h["X-Ratelimit-Limit"] = ri.limitHeader[0][:]
	h["X-Ratelimit-Remaining"] = ri.limitHeader[1][:]
	h["X-Ratelimit-Reset"] = ri.limitHeader[2][:]
}

// rateLimitText keeps the header values that repeat: the limit, the small remaining
// counts, and the reset second most recently written.
type rateLimitText struct {
	limit      string
	remainings []string
	lastReset  atomic.Pointer[resetText]
}

type resetText struct {
	unix int64
	text string
}

// maxRemainingTexts bounds the table of remaining counts kept as text.
const maxRemainingTexts = 4096

func newRateLimitText(limit int) *rateLimitText {
	t := &rateLimitText{limit: strconv.Itoa(limit), remainings: make([]string, min(limit, maxRemainingTexts)+1)}
	for i := range t.remainings {
		t.remainings[i] = strconv.Itoa(i)
	}
	return t
}

func (t *rateLimitText) remaining(n int) string {
	if n >= 0 && n < len(t.remainings) {
		return t.remainings[n]
	}
	return strconv.Itoa(n)
}

func (t *rateLimitText) reset(unix int64) string {
	if last := t.lastReset.Load(); last != nil && last.unix == unix {
		return last.text
	}
	r := &resetText{unix: unix, text: strconv.FormatInt(unix, 10)}
	t.lastReset.Store(r)
	return r.text
}
