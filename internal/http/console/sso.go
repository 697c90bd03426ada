package console

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/http/people"
)

// Single sign-on is OpenID Connect's authorization code flow with PKCE. Signing in with a
// provider sends the browser there with a fresh state, nonce and PKCE verifier's
// challenge, which the console keeps in a cookie sealed under its key (so any instance
// can finish the flow, and no one can forge or read it). The callback must bring back the
// same state; the code is exchanged with the verifier; the ID token is verified
// (signature by the provider's published keys, issuer, audience, expiry) and must carry
// the nonce. Then people.SignInIdentity decides the account, and the person gets a
// session as after a password sign-in.

const (
	// ssoCookie holds the sealed flow in progress. It is SameSite=Lax, unlike the others:
	// the provider's redirect back is a cross-site navigation, with which a Strict cookie
	// would not be sent.
	ssoCookie = "promptops_console_sso"
	// ssoFlowTTL is how long a person may take at the provider.
	ssoFlowTTL = 10 * time.Minute
)

// ssoFlow is what the sealed cookie keeps of a flow in progress.
type ssoFlow struct {
	Provider string    `json:"p"`
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Until    time.Time `json:"u"`
}

// providers are the configured providers, each discovered once on first use.
type providers struct {
	// list is the configuration, in the order of the sign-in page's buttons.
	list   []config.OIDCProvider
	config map[string]config.OIDCProvider
	mu     sync.Mutex
	found  map[string]*oidc.Provider
}

func newProviders(list []config.OIDCProvider) *providers {
	p := &providers{list: list, config: map[string]config.OIDCProvider{}, found: map[string]*oidc.Provider{}}
	for _, c := range list {
		p.config[c.ID] = c
	}
	return p
}

// discover is the provider called id, read from its issuer's discovery document the
// first time (a failure is tried again next time).
func (p *providers) discover(ctx context.Context, id string) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if found := p.found[id]; found != nil {
		return found, nil
	}
	// The provider keeps the context to fetch its signing keys later: not the request's.
	found, err := oidc.NewProvider(context.WithoutCancel(ctx), p.config[id].Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover OIDC provider %s: %w", id, err)
	}
	p.found[id] = found
	return found, nil
}

func (c *Console) ssoRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/sso/{provider}", c.ssoStart)
	mux.HandleFunc("GET /console/sso/{provider}/callback", c.ssoCallback)
}

// oauth2Config is the flow's configuration for a provider, whose callback is on this
// console's own address.
func (c *Console) oauth2Config(r *http.Request, cfg config.OIDCProvider, found *oidc.Provider) *oauth2.Config {
	scheme := "http"
	if c.secure(r) {
		scheme = "https"
	}
	return &oauth2.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: found.Endpoint(),
		RedirectURL: scheme + "://" + r.Host + "/console/sso/" + cfg.ID + "/callback",
		Scopes:      []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// ssoStart sends the browser to the provider, keeping the flow in the sealed cookie.
func (c *Console) ssoStart(w http.ResponseWriter, r *http.Request) {
	cfg, found, ok := c.provider(w, r)
	if !ok {
		return
	}
	flow := ssoFlow{Provider: cfg.ID, State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier(), Until: c.o.NowFunc().Add(ssoFlowTTL)}
	sealed, err := json.Marshal(flow)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	cookie := &http.Cookie{Name: ssoCookie, Value: c.o.Secrets.Seal(string(sealed)), Path: "/console/", MaxAge: int(ssoFlowTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode}
	if c.secure(r) {
		cookie.Name, cookie.Path, cookie.Secure = hostPrefix+ssoCookie, "/", true
	}
	http.SetCookie(w, cookie)
	target := c.oauth2Config(r, cfg, found).AuthCodeURL(flow.State, oidc.Nonce(flow.Nonce), oauth2.S256ChallengeOption(flow.Verifier))
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// provider is the configured provider of the path, discovered; false when it has
// answered the request (no such provider, or it cannot be reached).
func (c *Console) provider(w http.ResponseWriter, r *http.Request) (config.OIDCProvider, *oidc.Provider, bool) {
	cfg, ok := c.sso.config[r.PathValue("provider")]
	if !ok {
		c.notFound(w, r)
		return cfg, nil, false
	}
	found, err := c.sso.discover(r.Context(), cfg.ID)
	if err != nil {
		c.o.Logger.WarnContext(r.Context(), "console: single sign-on", slog.String("error", err.Error()))
		c.renderSignIn(w, r, http.StatusBadGateway, cfg.Name+" cannot be reached; try again later.")
		return cfg, nil, false
	}
	return cfg, found, true
}

// ssoCallback finishes the flow: every check of it must pass, or nothing is created and
// the sign-in page says why.
func (c *Console) ssoCallback(w http.ResponseWriter, r *http.Request) {
	cfg, found, ok := c.provider(w, r)
	if !ok {
		return
	}
	c.clearCookie(w, r, ssoCookie)
	id, refusal, err := c.ssoIdentity(r, cfg, found)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if refusal != "" {
		c.o.Logger.InfoContext(r.Context(), "console: single sign-on refused", slog.String("provider", cfg.ID), slog.String("reason", refusal))
		c.renderSignIn(w, r, http.StatusUnauthorized, "Signing in with "+cfg.Name+" failed: "+refusal)
		return
	}
	c.ssoSignIn(w, r, cfg, id)
}

// ssoIdentity checks what came back from the provider and answers who signed in, or why
// it is refused; err is a failure of ours.
func (c *Console) ssoIdentity(r *http.Request, cfg config.OIDCProvider, found *oidc.Provider) (people.Identity, string, error) {
	ctx, q := r.Context(), r.URL.Query()
	flow, ok := c.openFlow(r, cfg.ID)
	switch {
	case !ok:
		return people.Identity{}, "the sign-in was not started here, or took too long; try again.", nil
	case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(flow.State)) != 1:
		return people.Identity{}, "the answer does not belong to this sign-in (its state differs).", nil
	case q.Get("error") != "":
		return people.Identity{}, "the provider answered " + q.Get("error") + ".", nil
	}
	token, err := c.oauth2Config(r, cfg, found).Exchange(ctx, q.Get("code"), oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		return people.Identity{}, "the provider refused the code (or its PKCE verifier).", nil
	}
	raw, _ := token.Extra("id_token").(string)
	idToken, err := found.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: c.o.NowFunc}).Verify(ctx, raw)
	if err != nil {
		return people.Identity{}, "its ID token is not valid.", nil
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(flow.Nonce)) != 1 {
		return people.Identity{}, "the ID token was not issued for this sign-in (its nonce differs).", nil
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idToken.Claims(&claims); err != nil || claims.Email == "" {
		return people.Identity{}, "the ID token names no email.", nil
	}
	return people.Identity{Issuer: idToken.Issuer, Subject: idToken.Subject, Email: claims.Email, Name: claims.Name, EmailVerified: claims.EmailVerified}, "", nil
}

// openFlow reads the sealed flow of the request's cookie, when it is this provider's and
// not expired.
func (c *Console) openFlow(r *http.Request, provider string) (ssoFlow, bool) {
	var flow ssoFlow
	cookie, err := r.Cookie(c.cookieName(r, ssoCookie))
	if err != nil {
		return flow, false
	}
	plain, err := c.o.Secrets.Open(cookie.Value)
	if err != nil || json.Unmarshal([]byte(plain), &flow) != nil {
		return flow, false
	}
	return flow, flow.Provider == provider && c.o.NowFunc().Before(flow.Until)
}

// ssoSignIn signs in the account of id, making or linking it as people.SignInIdentity
// allows.
func (c *Console) ssoSignIn(w http.ResponseWriter, r *http.Request, cfg config.OIDCProvider, id people.Identity) {
	ctx := r.Context()
	now := c.o.NowFunc()
	u, proved, err := people.SignInIdentity(ctx, c.o.Pool, id, people.IdentityRules{AllowedDomains: cfg.AllowedDomains, SignUp: c.o.UserSignup, Now: now})
	if proved {
		// Someone other than the email's holder may have signed up with it: worth an
		// operator's look, though the holder now has the account to themselves. The
		// subject names the account (user_identities), disabled (u nil) or not.
		c.o.Logger.WarnContext(ctx, "console: single sign-on proved the email of an account signed up with a password; its password and personal tokens were set aside",
			slog.String("provider", cfg.ID), slog.String("subject", id.Subject))
	}
	if why := identityRefusal(err); why != "" {
		c.o.Logger.InfoContext(ctx, "console: single sign-on refused", slog.String("provider", cfg.ID), slog.String("reason", why))
		c.renderSignIn(w, r, http.StatusForbidden, "Signing in with "+cfg.Name+" failed: "+why)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	expires := now.Add(people.SignInTTL)
	token, err := people.IssueToken(ctx, c.o.Pool, u.ID, people.SignInTokenName, &expires)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.startPerson(w, r, token.Token)
}

// identityRefusal is why SignInIdentity refused, for the person, or "" when err is no
// refusal.
func identityRefusal(err error) string {
	refused, ok := errors.AsType[*people.SignUpRefusedError](err)
	switch {
	case ok:
		return refused.Reason
	case errors.Is(err, people.ErrDomainNotAllowed):
		return "your email's domain is not allowed on this server."
	case errors.Is(err, people.ErrEmailUnverified):
		return "the provider has not verified your email, so it can neither sign in to an account nor make one."
	case errors.Is(err, people.ErrDisabled):
		return "your account is disabled."
	}
	return ""
}
