package console

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/http/gateway"
)

// A browser signs in by posting an API key once, or as a person (an email and password,
// people.go, or a provider's single sign-on, sso.go). The server keeps a session: a random
// id in an HttpOnly, SameSite=Strict cookie, of which the database keeps only the SHA-256,
// pointing at the key, or at the personal token that signing in made for the person. The
// key or token itself is never stored, put in a page or a URL: every request
// authenticates the session's key or token again by the hash it is stored under (and a
// person's membership of the project they picked), so a key revoked or expired, a token
// revoked, an account disabled or a membership removed ends what the session may do at
// once.
//
// The cookies are Secure under TLS, or always with Options.SecureCookies (behind a proxy
// that terminates TLS), and then named with the __Host- prefix, which browsers accept only
// on a Secure cookie of path / set by this very host: a sibling subdomain or a plain-HTTP
// page can neither set nor shadow them. Served over plain HTTP (development), they keep
// their bare names and the path /console/.
const (
	sessionCookie = "promptops_console"
	// signInCookie holds the CSRF token of the sign-in form, which has no session yet.
	signInCookie = "promptops_console_signin"
	hostPrefix   = "__Host-"
	csrfField    = "csrf"
)

// signInTokenTTL is how long a sign-in form may be posted after it was drawn.
const signInTokenTTL = 2 * time.Hour

// signInPurpose starts the plain text of every sign-in token, so that no other value
// sealed under the same key passes for one.
const signInPurpose = "promptops console sign-in until "

// session is a signed-in browser.
type session struct {
	// id is the cookie's value, which the database does not hold; idHash its SHA-256.
	id     string
	idHash [sha256.Size]byte
	// key is who acts: the session's API key, or the person as a member of the project
	// they picked; nil for a person who has not picked one (yet, or any more).
	key *auth.Key
	// person is the signed-in user, as a key of no project; nil for a key's session.
	person *auth.Key
	// projectName names the project a person picked.
	projectName string
	csrf        string
	// expiresAt is when the session ends unless signed out before.
	expiresAt time.Time
	// row is what the database holds of the session, to authenticate it again with.
	row *dbsqlc.ConsoleSessionGetRow
}

// sessionRef names the session whose id hashes to idHash where neither may go, in
// announcements and to the hub: the hash's first half.
func sessionRef(idHash [sha256.Size]byte) uuid.UUID { return uuid.UUID(idHash[:16]) }

// handlerFunc is a handler of a signed-in page.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *session)

func (c *Console) sessionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/sign-in", c.signInPage)
	mux.HandleFunc("POST /console/sign-in", c.signIn)
	mux.HandleFunc("POST /console/sign-out", c.signedInAnyone(c.signOut))
}

// signedIn runs h for a request of a live session that acts in a project (a key's, or a
// person's who picked one), whose unsafe requests (POST) must carry the session's CSRF
// token; any other request is sent to sign in, or a person to pick a project.
func (c *Console) signedIn(h handlerFunc) http.HandlerFunc {
	return c.guard(func(w http.ResponseWriter, r *http.Request, s *session) {
		if s.key == nil {
			c.redirect(w, r, "/console/projects")
			return
		}
		h(w, r, s)
	})
}

// signedInPerson runs h for a live session of a person, whether or not they picked a
// project; a key's session has no such pages and goes to its prompts.
func (c *Console) signedInPerson(h handlerFunc) http.HandlerFunc {
	return c.guard(func(w http.ResponseWriter, r *http.Request, s *session) {
		if s.person == nil {
			c.redirect(w, r, "/console/prompts")
			return
		}
		h(w, r, s)
	})
}

// signedInAnyone runs h for any live session.
func (c *Console) signedInAnyone(h handlerFunc) http.HandlerFunc { return c.guard(h) }

// guard runs h for a request of a live session, whose unsafe requests (POST) must carry
// the session's CSRF token; any other request is sent to sign in.
func (c *Console) guard(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, r, ok := c.session(w, r)
		if !ok || !c.readForm(w, r, s, FormLimit) {
			return
		}
		if r.Method == http.MethodPost && !sameToken(r.PostFormValue(csrfField), s.csrf) {
			c.forged(w, r)
			return
		}
		h(w, r, s)
	}
}

// redirect sends the browser to target (htmx follows HX-Redirect rather than swapping
// the page into a fragment).
func (c *Console) redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// session finds the request's session and authenticates it again, and returns the
// request with its caller in its context (the access log names it); when there is no
// session (or no longer), it has answered the request with the way to sign in.
func (c *Console) session(w http.ResponseWriter, r *http.Request) (*session, *http.Request, bool) {
	ctx := r.Context()
	cookie, err := r.Cookie(c.cookieName(r, sessionCookie))
	if err != nil {
		c.toSignIn(w, r, "")
		return nil, nil, false
	}
	idHash := sha256.Sum256([]byte(cookie.Value))
	row, err := c.q.ConsoleSessionGet(ctx, c.o.Pool, dbsqlc.ConsoleSessionGetParams{IDHash: idHash[:], Now: c.o.NowFunc()})
	if errors.Is(err, pgx.ErrNoRows) {
		c.toSignIn(w, r, "Your session has ended; sign in again.")
		return nil, nil, false
	}
	if err != nil {
		c.fail(w, r, err)
		return nil, nil, false
	}
	s := &session{id: cookie.Value, idHash: idHash, csrf: row.CsrfToken, expiresAt: row.ExpiresAt, row: row}
	refused, err := c.authenticate(ctx, s)
	if err != nil {
		c.fail(w, r, err)
		return nil, nil, false
	}
	if refused != nil {
		c.end(ctx, idHash)
		c.toSignIn(w, r, "Your session has ended: "+refused.Message)
		return nil, nil, false
	}
	if caller := cmp.Or(s.key, s.person); caller != nil {
		r = r.WithContext(gateway.WithKey(ctx, caller))
	}
	return s, r, true
}

// authenticate checks the session's key again, or its person's token and their
// membership of the project they picked, and sets who acts (s.key, s.person); it answers
// the 401 that ends the session when its key or token no longer works. A membership that
// is gone ends nothing: the person picks another project.
func (c *Console) authenticate(ctx context.Context, s *session) (*gateway.Error, error) {
	if s.row.TokenHash == nil {
		key, refused, err := c.o.Gateway.Reauthenticate(ctx, [sha256.Size]byte(s.row.KeyHash))
		s.key = key
		return refused, err
	}
	person, refused, err := c.o.Gateway.ReauthenticatePerson(ctx, [sha256.Size]byte(s.row.TokenHash))
	if refused != nil || err != nil {
		return refused, err
	}
	s.person = person
	if s.row.ProjectID == nil {
		return nil, nil
	}
	member, notMember, err := c.o.Gateway.Member(ctx, person, *s.row.ProjectID)
	if notMember == nil && err == nil {
		s.key, s.projectName = member, *s.row.ProjectName
	}
	return nil, err
}

// toSignIn sends a browser without a session to the sign-in page (htmx follows
// HX-Redirect rather than swapping the page into a fragment).
func (c *Console) toSignIn(w http.ResponseWriter, r *http.Request, why string) {
	c.clearCookie(w, r, sessionCookie)
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", "/console/sign-in")
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodGet {
		c.renderSignIn(w, r, http.StatusUnauthorized, why)
		return
	}
	target := "/console/sign-in"
	if why != "" {
		target += "?ended=1"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	why := ""
	if r.URL.Query().Get("ended") != "" {
		why = "Your session has ended; sign in again."
	}
	c.renderSignIn(w, r, http.StatusOK, why)
}

// signInData is the sign-in page's.
type signInData struct {
	// CSRF is the token the page's forms send back.
	CSRF string
	// KeySignIn offers signing in with an API key.
	KeySignIn bool
	// Providers offer single sign-on, by their ID and Name only.
	Providers []config.OIDCProvider
}

// renderSignIn shows the sign-in form with a fresh CSRF token, also set in a cookie that
// the post must match (there is no session to keep it in yet).
func (c *Console) renderSignIn(w http.ResponseWriter, r *http.Request, status int, why string) {
	token := c.signInToken()
	c.setCookie(w, r, signInCookie, token, 0)
	p := &page{Title: "Sign in", Data: signInData{CSRF: token, KeySignIn: !c.o.NoKeySignIn, Providers: c.sso.list}}
	if why != "" {
		p.Error = &api.Error{Error: api.ErrorBody{Code: api.ErrorCodeAUTHINVALID, Message: why}}
	}
	c.render(w, r, status, "signin", p)
}

// signIn checks the posted key as the API checks a bearer key (the same failure limit per
// address) and starts a session for it; a posted email signs a person in instead
// (signInPerson). The sign-in cookie is checked before the body is read: its token is
// sealed by this server, so a sender cannot make one up.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cookie, err := r.Cookie(c.cookieName(r, signInCookie))
	if err != nil || !c.validSignInToken(cookie.Value) {
		c.renderSignIn(w, r, http.StatusForbidden, "The sign-in form was not sent by this console, or has expired; sign in again.")
		return
	}
	if !c.readForm(w, r, nil, SignInLimit) {
		return
	}
	if !sameToken(r.PostFormValue(csrfField), cookie.Value) {
		c.forged(w, r)
		return
	}
	if r.PostForm.Has("email") {
		c.signInPerson(w, r)
		return
	}
	if c.o.NoKeySignIn {
		c.renderSignIn(w, r, http.StatusForbidden, "Signing in with an API key is turned off on this server; sign in with your email.")
		return
	}
	key, refused, err := c.o.Gateway.Authenticate(ctx, r.PostFormValue("key"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if refused != nil {
		c.renderSignIn(w, r, refused.Status, refused.Message)
		return
	}
	now := c.o.NowFunc()
	if c.start(w, r, dbsqlc.ConsoleSessionCreateParams{KeyID: &key.ID, ExpiresAt: now.Add(c.o.SessionTTL)}) {
		c.o.Logger.InfoContext(ctx, "console: signed in", slog.String("key_prefix", key.Prefix))
		http.Redirect(w, r, "/console/prompts", http.StatusSeeOther)
	}
}

// start makes the session of a signed-in key or person (of p, its KeyID or TokenID and
// ExpiresAt), with a fresh id and CSRF token, and gives the browser its cookie; false
// when it has answered the request with the failure.
func (c *Console) start(w http.ResponseWriter, r *http.Request, p dbsqlc.ConsoleSessionCreateParams) bool {
	ctx := r.Context()
	id, now := randomToken(), c.o.NowFunc()
	idHash := sha256.Sum256([]byte(id))
	if _, err := c.q.ConsoleSessionPurge(ctx, c.o.Pool, now); err != nil {
		c.o.Logger.WarnContext(ctx, "console: purge expired sessions", slog.String("error", err.Error()))
	}
	p.IDHash, p.CsrfToken, p.Now = idHash[:], randomToken(), now
	if err := c.q.ConsoleSessionCreate(ctx, c.o.Pool, p); err != nil {
		c.fail(w, r, err)
		return false
	}
	c.clearCookie(w, r, signInCookie)
	c.setCookie(w, r, sessionCookie, id, int(p.ExpiresAt.Sub(now).Seconds()))
	return true
}

// signOut ends the session, and a person's sign-in token with it: no one holds that token
// (its plain text was dropped at sign-in), but it stays out of their list of live ones.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	if s.person != nil {
		_, err := c.q.PersonalTokenRevoke(ctx, c.o.Pool, dbsqlc.PersonalTokenRevokeParams{UserID: s.person.Person.UserID, ID: s.person.ID})
		if err != nil {
			c.o.Logger.WarnContext(ctx, "console: revoke the sign-in token", slog.String("error", err.Error()))
		}
	}
	c.end(ctx, s.idHash)
	c.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/console/sign-in", http.StatusSeeOther)
}

// end deletes a session and announces its end to every instance, which closes its
// sockets (events.ConsoleSessionEnded), both at its commit; a failure only leaves it to
// expire.
func (c *Console) end(ctx context.Context, idHash [sha256.Size]byte) {
	ctx = context.WithoutCancel(ctx)
	err := pgx.BeginFunc(ctx, c.o.Pool, func(tx pgx.Tx) error {
		if err := c.q.ConsoleSessionDelete(ctx, tx, idHash[:]); err != nil {
			return fmt.Errorf("delete: %w", err)
		}
		return events.Announce(ctx, tx, events.Announcement{ID: sessionRef(idHash), Type: events.ConsoleSessionEnded})
	})
	if err != nil {
		c.o.Logger.WarnContext(ctx, "console: end session", slog.String("error", err.Error()))
	}
}

// live reports whether the session still exists (not signed out, not expired).
func (c *Console) live(ctx context.Context, idHash [sha256.Size]byte) (bool, error) {
	_, err := c.q.ConsoleSessionGet(ctx, c.o.Pool, dbsqlc.ConsoleSessionGetParams{IDHash: idHash[:], Now: c.o.NowFunc()})
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// forged answers a form post without its CSRF token.
func (c *Console) forged(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusForbidden, "error", &page{Title: "Refused", Error: &api.Error{Error: api.ErrorBody{
		Code: api.ErrorCodeFORBIDDEN, Message: "The form was not sent by this console (its CSRF token is missing or wrong); reload the page and try again.",
		RequestId: gateway.RequestID(r.Context())}}})
}

// secure reports whether the console's cookies are Secure for r, and its pages reached
// over HTTPS: under TLS, or always with Options.SecureCookies.
func (c *Console) secure(r *http.Request) bool { return r.TLS != nil || c.o.SecureCookies }

// cookieName is what the console's cookie called name is called in r: with the __Host-
// prefix when the cookies are Secure.
func (c *Console) cookieName(r *http.Request, name string) string {
	if c.secure(r) {
		return hostPrefix + name
	}
	return name
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	cookie := &http.Cookie{Name: name, Value: value, Path: "/console/", MaxAge: maxAge, HttpOnly: true, SameSite: http.SameSiteStrictMode}
	if c.secure(r) {
		cookie.Name, cookie.Path, cookie.Secure = hostPrefix+name, "/", true
	}
	http.SetCookie(w, cookie)
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	c.setCookie(w, r, name, "", -1)
}

// signInToken is a new CSRF token of the sign-in form: its expiry sealed under the
// server's key (with a random nonce, so every token differs).
func (c *Console) signInToken() string {
	return c.o.Secrets.Seal(signInPurpose + strconv.FormatInt(c.o.NowFunc().Add(signInTokenTTL).Unix(), 10))
}

// validSignInToken reports whether token is one signInToken made, on any instance sharing
// the key, that has not expired.
func (c *Console) validSignInToken(token string) bool {
	plain, err := c.o.Secrets.Open(token)
	if err != nil {
		return false
	}
	until, ok := strings.CutPrefix(plain, signInPurpose)
	if !ok {
		return false
	}
	unix, err := strconv.ParseInt(until, 10, 64)
	return err == nil && c.o.NowFunc().Before(time.Unix(unix, 0))
}

// randomToken is 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameToken compares a sent token with the expected one in constant time; an empty
// expectation matches nothing.
func sameToken(sent, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(sent), []byte(want)) == 1
}
