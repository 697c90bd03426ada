package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsoleSSO signs people in with a real OpenID provider (mockoidc: discovery, JWKS,
// the authorization and token endpoints with PKCE, signed ID tokens) on 127.0.0.1.
func TestConsoleSSO(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		env *apitest.Env
		op  *mockoidc.MockOIDC
		b   *browser
	}
	// setup starts a provider ("corp", for example.com) and a console that offers it,
	// with the sign-up mode signup ("": the server's default, invite).
	setup := func(t *testing.T, signup string) *testBundle {
		op, err := mockoidc.Run()
		require.NoError(t, err)
		t.Cleanup(func() { _ = op.Shutdown() })
		env := apitest.New(t, func(o *server.Options) {
			o.OIDCProviders = []config.OIDCProvider{{ID: "corp", Name: "Corp", Issuer: op.Issuer(), ClientID: op.ClientID,
				ClientSecret: op.ClientSecret, AllowedDomains: []string{"example.com"}}}
			o.UserSignup = signup
		})
		return &testBundle{env: env, op: op, b: newBrowser(t, env)}
	}
	person := func(subject, email string, verified bool) *mockoidc.MockUser {
		return &mockoidc.MockUser{Subject: subject, Email: email, EmailVerified: verified}
	}

	t.Run("ButtonOnTheSignInPage", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "")
		_, page := bundle.b.get("/console/sign-in")
		require.Contains(t, page, `<a class="button" id="sso-corp" href="/console/sso/corp">Sign in with Corp</a>`)
	})

	t.Run("FirstSignInCreatesTheAccount", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		bundle.op.QueueUser(person("sub-new", "new@example.com", true))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<h1>Projects</h1>")
		require.Contains(t, page, "new@example.com")
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM user_identities WHERE subject = 'sub-new'"))
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM users WHERE email = 'new@example.com' AND email_proven"))

		// The next sign-in is the same account, by its subject.
		bundle.op.QueueUser(person("sub-new", "new@example.com", true))
		b := newBrowser(t, bundle.env)
		status, page = b.get("/console/sso/corp")
		require.Equal(t, http.StatusOK, status, page)
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM users"))
	})

	t.Run("LinksTheAccountOfTheVerifiedEmail", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "")
		project := bundle.env.NewProjectDirect("Linked")
		u := bundle.env.NewUser("ada@example.com")
		bundle.env.AddMember(project.Project.ID, u.ID, "publisher")
		token := passwordSignIn(t, bundle.env)
		bundle.op.QueueUser(person("sub-ada", "Ada@Example.com", true))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, `<td class="role">publisher</td>`)
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM users"))
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM user_identities WHERE user_id = '"+u.ID.String()+"'"))

		// The operator made the account for this email: linking sets nothing aside.
		passwordSignIn(t, bundle.env)
		tokens, err := bundle.env.Client(token).ListTokensWithResponse(context.Background(), nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, tokens.StatusCode(), string(tokens.Body))
	})

	// signUpWithPassword is someone who knows ada@example.com (invited, not yet signed up)
	// taking it with a password first: they sign in over the API, make a personal token
	// and open a console session, all of which must stop working once Ada signs in.
	type squatter struct {
		token string
		b     *browser
	}
	signUpWithPassword := func(t *testing.T, bundle *testBundle) squatter {
		t.Helper()
		ctx := context.Background()
		p := bundle.env.NewProject("Team")
		invited, err := p.Client.CreateInvitationWithResponse(ctx, p.UUID(), nil, api.CreateInvitationRequest{Email: "ada@example.com", Role: api.InvitationRoleEditor})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, invited.StatusCode(), string(invited.Body))
		signedUp, err := bundle.env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ada@example.com", Name: "Not Ada", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, signedUp.StatusCode(), string(signedUp.Body))
		made, err := bundle.env.Client(passwordSignIn(t, bundle.env)).CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "kept"})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, made.StatusCode(), string(made.Body))
		b := newBrowser(t, bundle.env)
		status, page := b.signInAs("ada@example.com")
		require.Equal(t, http.StatusOK, status, page)
		return squatter{token: made.JSON201.Data.Token, b: b}
	}

	t.Run("LinkingAnUnprovenEmailSetsItsPasswordAndTokensAside", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "")
		eve := signUpWithPassword(t, bundle)
		bundle.op.QueueUser(person("sub-ada", "ada@example.com", true))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<h1>Projects</h1>")
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM users WHERE email = 'ada@example.com' AND email_proven"))

		resp, err := bundle.env.Anonymous.SignInWithResponse(context.Background(), api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), "the password set without proof no longer signs in")
		tokens, err := bundle.env.Client(eve.token).ListTokensWithResponse(context.Background(), nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, tokens.StatusCode(), "nor does a token made with it")
		status, page = eve.b.get("/console/")
		require.Contains(t, page, `id="sign-in-password"`, "nor a console session (%d)", status)
		status, page = bundle.b.get("/console/")
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<h1>Projects</h1>", "the owner stays signed in")
	})

	t.Run("ProvenOnceSignsInAgainWithoutSettingAside", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "")
		signUpWithPassword(t, bundle)
		bundle.op.QueueUser(person("sub-ada", "ada@example.com", true))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusOK, status, page)

		// Signing in again, by the same subject or by another one with the email, leaves
		// the first sign-in's session alone: the email was proven once and for all.
		for _, subject := range []string{"sub-ada", "sub-ada-elsewhere"} {
			bundle.op.QueueUser(person(subject, "ada@example.com", true))
			status, page = newBrowser(t, bundle.env).get("/console/sso/corp")
			require.Equal(t, http.StatusOK, status, page)
			status, page = bundle.b.get("/console/")
			require.Equal(t, http.StatusOK, status, page)
			require.Contains(t, page, "<h1>Projects</h1>", "after signing in as %s", subject)
		}
		require.Equal(t, 1, count(t, bundle.env, "SELECT count(*) FROM users"))
		require.Equal(t, 2, count(t, bundle.env, "SELECT count(*) FROM user_identities"))
	})

	// refused checks that a sign-in was refused with why, and created nothing.
	refused := func(t *testing.T, bundle *testBundle, page, why string, users int) {
		t.Helper()
		require.Contains(t, page, why)
		require.Contains(t, page, `id="sign-in-password"`)
		require.Equal(t, users, count(t, bundle.env, "SELECT count(*) FROM users"))
		require.Equal(t, 0, count(t, bundle.env, "SELECT count(*) FROM user_identities"))
		require.Equal(t, 0, count(t, bundle.env, "SELECT count(*) FROM console_sessions"))
		require.Equal(t, 0, count(t, bundle.env, "SELECT count(*) FROM personal_tokens"))
	}

	t.Run("UnverifiedEmailNeverLinks", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		bundle.env.NewUser("ada@example.com")
		bundle.op.QueueUser(person("sub-eve", "ada@example.com", false))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusForbidden, status)
		refused(t, bundle, page, "the provider has not verified your email", 1)
	})

	t.Run("DomainRefused", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		bundle.op.QueueUser(person("sub-out", "someone@elsewhere.org", true))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusForbidden, status)
		refused(t, bundle, page, "your email&#39;s domain is not allowed on this server.", 0)
	})

	t.Run("ClosedSignUpMakesNoAccount", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupClosed)
		bundle.op.QueueUser(person("sub-new", "new@example.com", true))
		status, page := bundle.b.get("/console/sso/corp")
		require.Equal(t, http.StatusForbidden, status)
		refused(t, bundle, page, "Sign-up is closed on this server", 0)
	})

	// The flow's checks, each broken alone: the test seals the console's cookie itself
	// (with the instance's key) and asks the provider for a code with its own state,
	// nonce and PKCE challenge, then brings the code back to the console's callback.
	type flow struct{ state, nonce, verifier string }
	callback := func(t *testing.T, bundle *testBundle, cookie, asked flow, backState string) (int, string) {
		t.Helper()
		sealed, err := json.Marshal(map[string]any{"p": "corp", "s": cookie.state, "n": cookie.nonce, "v": cookie.verifier, "u": time.Now().Add(time.Minute)})
		require.NoError(t, err)
		consoleURL, err := url.Parse(bundle.env.URL + "/console/")
		require.NoError(t, err)
		bundle.b.http.Jar.SetCookies(consoleURL, []*http.Cookie{{Name: "promptops_console_sso", Value: apitest.SecretKey().Seal(string(sealed)), Path: "/console/"}})
		bundle.op.QueueUser(person("sub-new", "new@example.com", true))
		oc := &oauth2.Config{ClientID: bundle.op.ClientID, Endpoint: oauth2.Endpoint{AuthURL: bundle.op.AuthorizationEndpoint()},
			RedirectURL: bundle.env.URL + "/console/sso/corp/callback", Scopes: []string{"openid", "email"}}
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(oc.AuthCodeURL(asked.state, oauth2.SetAuthURLParam("nonce", asked.nonce), oauth2.S256ChallengeOption(asked.verifier)))
		require.NoError(t, err)
		_ = resp.Body.Close()
		back, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		q := back.Query()
		q.Set("state", backState)
		back.RawQuery = q.Encode()
		return bundle.b.get(back.Path + "?" + back.RawQuery)
	}
	good := flow{state: "state-1", nonce: "nonce-1", verifier: oauth2.GenerateVerifier()}

	t.Run("AllChecksPass", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		status, page := callback(t, bundle, good, good, good.state)
		require.Equal(t, http.StatusOK, status, page)
		require.Contains(t, page, "<h1>Projects</h1>")
	})

	t.Run("WrongState", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		status, page := callback(t, bundle, good, good, "state-2")
		require.Equal(t, http.StatusUnauthorized, status)
		refused(t, bundle, page, "the answer does not belong to this sign-in (its state differs).", 0)
	})

	t.Run("WrongNonce", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		asked := good
		asked.nonce = "nonce-2"
		status, page := callback(t, bundle, good, asked, good.state)
		require.Equal(t, http.StatusUnauthorized, status)
		refused(t, bundle, page, "the ID token was not issued for this sign-in (its nonce differs).", 0)
	})

	t.Run("PKCEVerifierMismatch", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, config.UserSignupOpen)
		asked := good
		asked.verifier = oauth2.GenerateVerifier()
		status, page := callback(t, bundle, good, asked, good.state)
		require.Equal(t, http.StatusUnauthorized, status)
		refused(t, bundle, page, "the provider refused the code (or its PKCE verifier).", 0)
	})

	t.Run("UnknownProvider", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, "")
		status, _ := bundle.b.get("/console/sso/nobody")
		require.Equal(t, http.StatusNotFound, status)
	})
}

// count runs a SELECT count(*) on env's database.
func count(t *testing.T, env *apitest.Env, sql string) int {
	t.Helper()
	var n int
	require.NoError(t, env.Pool.QueryRow(context.Background(), sql).Scan(&n))
	return n
}

// passwordSignIn signs ada@example.com in with apitest.Password over the API and returns
// the token.
func passwordSignIn(t *testing.T, env *apitest.Env) string {
	t.Helper()
	resp, err := env.Anonymous.SignInWithResponse(context.Background(), api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.Token
}
