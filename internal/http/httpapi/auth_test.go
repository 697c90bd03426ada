package httpapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// openSignup lets anyone sign up.
func openSignup(o *server.Options) { o.UserSignup = config.UserSignupOpen }

func TestSignUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, openSignup)
		resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "Ada@Example.com", Name: "Ada", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		u := resp.JSON201.Data
		require.Equal(t, "Ada@Example.com", u.Email)
		require.Equal(t, "Ada", u.Name)
		require.False(t, u.InstanceOwner)
		require.NotContains(t, string(resp.Body), apitest.Password)
		require.NotContains(t, string(resp.Body), "argon2")

		var stored string
		var proven bool
		require.NoError(t, env.Pool.QueryRow(ctx, "SELECT password_hash, email_proven FROM users WHERE id = $1", u.Id).Scan(&stored, &proven))
		require.True(t, strings.HasPrefix(stored, "$argon2id$v=19$m=19456,t=2,p=1$"), stored)
		require.NotContains(t, stored, apitest.Password)
		require.False(t, proven, "signing up proves nothing of the email")

		// The account signs in, whatever the case of its email.
		require.True(t, strings.HasPrefix(signIn(t, env, "ada@example.COM"), "po_pat_"))
	})

	t.Run("EmailTaken", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, openSignup)
		env.NewUser("ada@example.com")
		resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ADA@example.com", Name: "Ada", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
	})

	t.Run("WeakPassword", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, openSignup)
		for password, problem := range map[string]string{
			"aaaaaaaaaaaaaaaa": "at least 5 different characters",
			"ada@example.com":  "must not be the email",
			"short":            "minimum string length is 12",
		} {
			resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ada@example.com", Name: "Ada", Password: password})
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			e := resp.JSON400.Error
			require.Equal(t, "/password", (*e.Details.Fields)[0].Field)
			require.Contains(t, (*e.Details.Fields)[0].Problem, problem)
			require.NotContains(t, string(resp.Body), password, "the refusal does not echo the password")
		}
		require.Zero(t, userCount(t, env))
	})

	t.Run("Closed", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.UserSignup = config.UserSignupClosed })
		resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ada@example.com", Name: "Ada", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON403.Error.Message, "closed")
		require.Zero(t, userCount(t, env))
	})

	t.Run("InviteOnlyByDefault", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ada@example.com", Name: "Ada", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON403.Error.Message, "by invitation")
		require.Zero(t, userCount(t, env))
	})

	t.Run("RateLimitedPerAddress", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, openSignup, func(o *server.Options) { o.SignInAddrLimit = 2 })
		for _, email := range []string{"a@example.com", "b@example.com"} {
			resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: email, Name: "A", Password: apitest.Password})
			require.NoError(t, err)
			require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		}
		resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "c@example.com", Name: "C", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode(), string(resp.Body))
		require.NotEmpty(t, resp.HTTPResponse.Header.Get("Retry-After"))
		require.Equal(t, 2, userCount(t, env))
	})
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		u := env.NewUser("ada@example.com")
		before := time.Now()
		resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "no-store", resp.HTTPResponse.Header.Get("Cache-Control"))
		d := resp.JSON200.Data
		require.Regexp(t, `^po_pat_[0-9A-Za-z]{40}$`, d.Token)
		require.Equal(t, u.ID, d.User.Id)
		require.WithinRange(t, d.ExpiresAt, before.Add(12*time.Hour-time.Minute), time.Now().Add(12*time.Hour+time.Minute))

		var name string
		var expires time.Time
		require.NoError(t, env.Pool.QueryRow(ctx, "SELECT name, expires_at FROM personal_tokens WHERE user_id = $1", u.ID).Scan(&name, &expires))
		require.Equal(t, "sign-in", name)
		require.WithinDuration(t, d.ExpiresAt, expires, time.Millisecond)
	})

	t.Run("OneAnswerForEveryFailure", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		env.NewUser("ada@example.com")
		env.NewUser("off@example.com")
		_, err := env.Pool.Exec(ctx, "UPDATE users SET disabled = true WHERE email = 'off@example.com'")
		require.NoError(t, err)

		var bodies []string
		for _, c := range []api.SignInRequest{
			{Email: "ada@example.com", Password: "not the password at all"},
			{Email: "nobody@example.com", Password: apitest.Password},
			{Email: "off@example.com", Password: apitest.Password},
		} {
			resp, err := env.Anonymous.SignInWithResponse(ctx, c)
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
			e := resp.JSON401.Error
			require.Equal(t, api.ErrorCodeAUTHINVALID, e.Code)
			bodies = append(bodies, e.Message)
		}
		require.Equal(t, []string{bodies[0], bodies[0], bodies[0]}, bodies, "no hint which it was")
		var tokens int
		require.NoError(t, env.Pool.QueryRow(ctx, "SELECT count(*) FROM personal_tokens").Scan(&tokens))
		require.Zero(t, tokens)
	})

	t.Run("ThrottledPerAccount", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.SignInAccountLimit = 2 })
		env.NewUser("ada@example.com")
		env.NewUser("bob@example.com")
		for range 2 {
			resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ADA@example.com", Password: "a wrong guess, again"})
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		}
		// Past the account's allowance even the right password is refused, until it refills.
		resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeRATELIMITEXCEEDED, resp.JSON429.Error.Code)
		require.Contains(t, resp.JSON429.Error.Message, "this account")
		require.NotEmpty(t, resp.HTTPResponse.Header.Get("Retry-After"))
		// Another account from the same address is not held back.
		signIn(t, env, "bob@example.com")
	})

	// Guesses sent at once are counted as they start, not once their password is checked:
	// no more than the account's allowance get a password checked (401), the rest a 429.
	t.Run("ThrottledPerAccountConcurrently", func(t *testing.T) {
		t.Parallel()
		const limit, tries = 10, 100
		env := apitest.New(t, func(o *server.Options) { o.SignInAccountLimit = limit; o.SignInAddrLimit = 3 * limit })
		env.NewUser("ada@example.com")
		var checked, refused atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range tries {
			wg.Go(func() {
				<-start
				resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: "a wrong guess, again"})
				if !assert.NoError(t, err) {
					return
				}
				switch resp.StatusCode() {
				case http.StatusUnauthorized:
					checked.Add(1)
				case http.StatusTooManyRequests:
					refused.Add(1)
				default:
					t.Errorf("answered %d: %s", resp.StatusCode(), resp.Body)
				}
			})
		}
		close(start)
		wg.Wait()
		require.LessOrEqual(t, checked.Load(), int32(limit), "passwords checked")
		require.Equal(t, int32(tries), checked.Load()+refused.Load())
	})

	// Only failures count: a right password gives back what its try took.
	t.Run("SuccessesAreNotCounted", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.SignInAccountLimit = 2; o.SignInAddrLimit = 2 })
		env.NewUser("ada@example.com")
		for range 5 {
			signIn(t, env, "ada@example.com")
		}
		for range 2 {
			resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: "a wrong guess, again"})
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		}
	})

	// Failed sign-ins of one account count together on every instance: guesses spread over
	// them get no more.
	t.Run("ThrottledPerAccountAcrossInstances", func(t *testing.T) {
		t.Parallel()
		limited := func(o *server.Options) { o.SignInAccountLimit = 3 }
		env := apitest.New(t, limited)
		other := env.NewInstance(limited)
		env.NewUser("ada@example.com")
		for _, on := range []*apitest.Env{env, other, other} {
			resp, err := on.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: "a wrong guess, again"})
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		}
		resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON429.Error.Message, "this account")
	})

	t.Run("ThrottledPerAddress", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, func(o *server.Options) { o.SignInAddrLimit = 2 })
		env.NewUser("ada@example.com")
		for _, email := range []string{"x@example.com", "y@example.com"} {
			resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: email, Password: apitest.Password})
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
		}
		resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON429.Error.Message, "this address")
	})
}

// TestPasswordsNeverLogged: signing up and in, rightly and wrongly, logs no password, even
// at the debug level.
func TestPasswordsNeverLogged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var logs syncBuffer
	env := apitest.New(t, openSignup, func(o *server.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	resp, err := env.Anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ada@example.com", Name: "Ada", Password: apitest.Password})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode())
	signIn(t, env, "ada@example.com")
	wrong := "the wrong password, logged nowhere"
	failed, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: wrong})
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, failed.StatusCode())

	require.Contains(t, logs.String(), "/api/v1/auth/sign-in", "the requests were logged")
	require.NotContains(t, logs.String(), apitest.Password)
	require.NotContains(t, logs.String(), wrong)
}

func userCount(t *testing.T, env *apitest.Env) int {
	t.Helper()
	var n int
	require.NoError(t, env.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&n))
	return n
}

// TestIssuingRacingAProof: a token asked for with a credential checked just before a
// provider proves the account's email (which replaces its password and revokes its tokens,
// people.proveEmail) must not escape the revocation. The proof is held uncommitted, as that
// transaction does it, while the request runs into it.
func TestIssuingRacingAProof(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	prove := func(t *testing.T, env *apitest.Env) pgx.Tx {
		t.Helper()
		tx, err := env.Pool.Begin(ctx)
		require.NoError(t, err)
		t.Cleanup(func() { _ = tx.Rollback(ctx) })
		_, err = tx.Exec(ctx, "UPDATE users SET email_proven = true, password_hash = 'set aside' WHERE email = 'ada@example.com'")
		require.NoError(t, err)
		_, err = tx.Exec(ctx, "UPDATE personal_tokens SET revoked_at = now()")
		require.NoError(t, err)
		return tx
	}
	// commitWhenWaiting commits the proof once the request waits for it (or has answered,
	// which it must not have done), and returns the request's status.
	commitWhenWaiting := func(t *testing.T, env *apitest.Env, tx pgx.Tx, status <-chan int) int {
		t.Helper()
		require.Eventually(t, func() bool {
			var waiting int
			require.NoError(t, env.Pool.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&waiting))
			return waiting > 0 || len(status) > 0
		}, 10*time.Second, 5*time.Millisecond)
		require.NoError(t, tx.Commit(ctx))
		return <-status
	}

	t.Run("SignIn", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		env.NewUser("ada@example.com")
		tx := prove(t, env)
		status := make(chan int, 1)
		go func() {
			resp, err := env.Anonymous.SignInWithResponse(ctx, api.SignInRequest{Email: "ada@example.com", Password: apitest.Password})
			assert.NoError(t, err)
			status <- resp.StatusCode()
		}()
		require.Equal(t, http.StatusUnauthorized, commitWhenWaiting(t, env, tx, status))
	})

	t.Run("CreateToken", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		env.NewUser("ada@example.com")
		token := signIn(t, env, "ada@example.com")
		tx := prove(t, env)
		status := make(chan int, 1)
		go func() {
			resp, err := env.Client(token).CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "escaping"})
			assert.NoError(t, err)
			status <- resp.StatusCode()
		}()
		require.Equal(t, http.StatusUnauthorized, commitWhenWaiting(t, env, tx, status))
		var live int
		require.NoError(t, env.Pool.QueryRow(ctx, "SELECT count(*) FROM personal_tokens WHERE revoked_at IS NULL").Scan(&live))
		require.Zero(t, live, "no token escaped the revocation")
	})
}
