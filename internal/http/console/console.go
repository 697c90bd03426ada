// Package console is the web console for the people who write prompts, served by the
// binary under /console: server-rendered pages (html/template) with a little vendored htmx
// and plain CSS, all embedded, so it works offline.
//
// Every page calls the API's own handlers (api.StrictServerInterface) with the signed-in
// key in the context, as the gateway would put it there, after the gateway has admitted
// the call (rate limit, scope, body schema). So the console has no rule of its own: what
// the API refuses it refuses, with the API's message, and every change lands in the audit
// log as the API's do. See session.go for how a browser is signed in.
package console

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/realtime"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/secrets"
)

// DefaultSessionTTL is how long a sign-in lasts when Options.SessionTTL is 0.
const DefaultSessionTTL = 12 * time.Hour

// ContentSecurityPolicy is every console response's: only this server's own scripts,
// styles and sockets, no inline code, forms posting only here, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// Options configure a Console.
type Options struct {
	// API is the handlers every page calls: the API's own.
	API api.StrictServerInterface
	// Gateway authenticates keys and admits each call as the API's pipeline would.
	Gateway *gateway.Gateway
	// Hub is the instance's WebSocket hub, relayed to signed-in pages at /console/ws.
	Hub *realtime.Hub
	// Pool holds the sessions.
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// SessionTTL is how long a session lasts after sign-in (DefaultSessionTTL when 0).
	SessionTTL time.Duration
	// Secrets seals the sign-in form's tokens; every instance behind one address needs the
	// same key (nil: a key of this process's own, for a single instance).
	Secrets *secrets.Key
	// SecureCookies marks the cookies Secure (and names them __Host-) over plain HTTP too,
	// for a proxy in front that terminates TLS; under TLS they always are.
	SecureCookies bool
	// Providers are the single sign-on providers offered on the sign-in page.
	Providers []config.OIDCProvider
	// UserSignup is the config.UserSignup mode a first single sign-on needs to make an
	// account.
	UserSignup string
	// NoKeySignIn turns off signing in with an API key: people only.
	NoKeySignIn bool
	// NowFunc returns the current time (time.Now when nil).
	NowFunc func() time.Time
}

// Console serves the console's pages.
type Console struct {
	o     Options
	q     *dbsqlc.Queries
	pages map[string]*template.Template
	sso   *providers
}

//go:embed templates/*.html
var templateFiles embed.FS

// New parses the templates once.
func New(o Options) (*Console, error) {
	if o.SessionTTL == 0 {
		o.SessionTTL = DefaultSessionTTL
	}
	if o.NowFunc == nil {
		o.NowFunc = time.Now
	}
	if o.Secrets == nil {
		key, err := secrets.ParseKey(secrets.GenerateKey())
		if err != nil {
			return nil, fmt.Errorf("console key: %w", err)
		}
		o.Secrets = key
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Console{o: o, q: dbsqlc.New(), pages: pages, sso: newProviders(o.Providers)}, nil
}

// Handler serves everything under /console/. Cross-origin unsafe requests are refused
// before anything else (net/http's CrossOriginProtection: Sec-Fetch-Site, then Origin
// against Host), then bodies that are not small forms (limitBodies); each form carries
// its CSRF token besides.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /console/{$}", c.signedIn(c.home))
	mux.HandleFunc("GET /console/assets/{name}", c.asset)
	c.sessionRoutes(mux)
	c.peopleRoutes(mux)
	c.ssoRoutes(mux)
	c.memberRoutes(mux)
	c.tokenRoutes(mux)
	c.promptRoutes(mux)
	c.versionRoutes(mux)
	c.releaseRoutes(mux)
	c.environmentRoutes(mux)
	c.connectionRoutes(mux)
	c.runRoutes(mux)
	c.keyRoutes(mux)
	c.webhookRoutes(mux)
	c.auditRoutes(mux)
	c.chartRoutes(mux)
	mux.HandleFunc("GET /console/ws", c.signedIn(c.socket))
	mux.HandleFunc("/console/", c.notFound)
	return secureHeaders(http.NewCrossOriginProtection().Handler(c.limitBodies(mux)))
}

// secureHeaders sets what every console response carries: the policy, and no caching
// (pages hold a project's data and the session's CSRF token).
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func (c *Console) home(w http.ResponseWriter, r *http.Request, _ *session) {
	http.Redirect(w, r, "/console/prompts", http.StatusSeeOther)
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusNotFound, "error", &page{Title: "Not found", Error: &api.Error{Error: api.ErrorBody{
		Code: api.ErrorCodeRESOURCENOTFOUND, Message: "The console has no page " + r.URL.Path + "."}}})
}

// call runs an operation of the API for the session's key: req, the request of it that a
// client would send, is admitted by the gateway as the pipeline admits a request (the same
// checks of its parameters and body), then the handler itself runs (f, given the key's
// context, with the same parameters and body). apiErr is the error envelope the API would
// have answered with; err is a failure of ours.
func call[R any](ctx context.Context, c *Console, s *session, req apiRequest, f func(context.Context) (R, error)) (resp R, apiErr *api.Error, err error) {
	return callAs(ctx, c, s.key, req, f)
}

// callAs is call for key: a person of no project, on the operations that concern none.
func callAs[R any](ctx context.Context, c *Console, key *auth.Key, req apiRequest, f func(context.Context) (R, error)) (resp R, apiErr *api.Error, err error) {
	if req.err != nil {
		return resp, nil, fmt.Errorf("build the API request: %w", req.err)
	}
	ctx = gateway.WithKey(ctx, key)
	refused, err := c.o.Gateway.Admit(ctx, key, req.r)
	if err != nil {
		return resp, nil, err
	}
	if refused != nil {
		e := gateway.Body(ctx, refused.Code, refused.Message, refused.Details)
		return resp, &e, nil
	}
	resp, err = f(ctx)
	if err != nil {
		return resp, nil, err
	}
	return resp, failure(resp), nil
}

// apiRequest is a request of an API operation as the generated client builds it (with
// api.NewXxxRequest), or why it could not be built.
type apiRequest struct {
	r   *http.Request
	err error
}

// request takes what an api.NewXxxRequest returns, for call.
func request(r *http.Request, err error) apiRequest { return apiRequest{r: r, err: err} }

// failure is the error envelope of a typed response that is not a success, or nil. Every
// generated error response has its envelope as a Body of type api.Error (promoted from
// the shared response it embeds), and no success response has one.
func failure(resp any) *api.Error {
	v := reflect.ValueOf(resp)
	if v.Kind() != reflect.Struct {
		return nil
	}
	if f := v.FieldByName("Body"); f.IsValid() {
		if e, ok := f.Interface().(api.Error); ok {
			return &e
		}
	}
	// A response without headers (the 502 of a run) is the envelope itself.
	if f := v.FieldByName("Error"); f.IsValid() {
		if e, ok := f.Interface().(api.ErrorBody); ok {
			return &api.Error{Error: e}
		}
	}
	return nil
}

// fail answers a request whose call failed on our side, as the gateway would: 503 while
// the database is down, else a 500 whose detail goes only to the log.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	e := c.o.Gateway.Failure(ctx, err)
	if e == nil {
		return // the browser went away (a page left mid-load): no one reads an answer
	}
	for k, v := range e.Header {
		w.Header()[k] = v
	}
	c.render(w, r, e.Status, "error", &page{Title: "Error", Error: &api.Error{Error: api.ErrorBody{Code: e.Code, Message: e.Message, RequestId: gateway.RequestID(ctx)}}})
}

// refused shows the API's refusal of a call on the error page, with the API's status.
func (c *Console) refused(w http.ResponseWriter, r *http.Request, s *session, e *api.Error) {
	c.render(w, r, errorStatus(e.Error.Code), "error", &page{Title: "Refused", session: s, Error: e})
}
