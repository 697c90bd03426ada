package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/people"
	"github.com/promptops/promptops/internal/ratelimit"
	"github.com/promptops/promptops/internal/store/database"
)

// SignUp creates an account, when the server's sign-up mode lets this email have one.
func (s *Server) SignUp(ctx context.Context, req api.SignUpRequestObject) (api.SignUpResponseObject, error) {
	now := s.nowFunc()
	if d := s.signIns.addr.Allow(ctx, ratelimit.AddrPrefix(gateway.ClientAddr(ctx)), now); !d.Allowed {
		return api.SignUp429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many sign-ups and failed sign-ins from this address", d)}, nil
	}
	b := req.Body
	if refusal, err := people.SignUpRefusal(ctx, s.db, s.userSignup, b.Email, now); refusal != "" || err != nil {
		return api.SignUp403JSONResponse{SignupClosedJSONResponse: api.SignupClosedJSONResponse(errorBody(ctx, api.ErrorCodeFORBIDDEN, refusal, nil))}, err
	}
	u, err := people.Create(ctx, s.db, people.NewUser{Email: b.Email, Name: b.Name, Password: b.Password})
	if weak, ok := errors.AsType[*people.WeakPasswordError](err); ok {
		return api.SignUp400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, api.FieldProblem{Field: "/password", Problem: weak.Problem})}, nil
	}
	if errors.Is(err, people.ErrEmailTaken) {
		return api.SignUp409JSONResponse{ConflictJSONResponse: conflict(ctx, "An account with this email exists already; sign in instead.")}, nil
	}
	if err != nil {
		return nil, err
	}
	return api.SignUp201JSONResponse{Data: people.APIUser(u)}, nil
}

// SignIn checks an email and password and answers a short-lived personal token. Every
// failure is the same 401, whether the email has no account, the password is wrong or the
// account is disabled, and takes as long (auth.CheckNoAccount). A try is counted against
// the address's and the account's limits before its password is checked, so that tries
// sent at once cannot all be checked before any is counted, and a right one is given back:
// only failures count.
func (s *Server) SignIn(ctx context.Context, req api.SignInRequestObject) (api.SignInResponseObject, error) {
	now := s.nowFunc()
	addr, account := ratelimit.AddrPrefix(gateway.ClientAddr(ctx)), accountName(strings.ToLower(req.Body.Email))
	if d := s.signIns.addr.Allow(ctx, addr, now); !d.Allowed {
		return api.SignIn429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many failed sign-ins from this address", d)}, nil
	}
	if d := s.signIns.account.Allow(ctx, account, now); !d.Allowed {
		s.signIns.addr.Refund(addr, now) // no password was checked
		return api.SignIn429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many failed sign-ins of this account", d)}, nil
	}
	u, ok, err := s.checkSignIn(ctx, req.Body)
	if err != nil {
		return nil, err
	}
	expires := now.Add(people.SignInTTL)
	var token *people.Token
	if ok {
		token, err = s.issueSignIn(ctx, u, expires)
		ok = !errors.Is(err, errPasswordChanged)
	}
	if !ok {
		return api.SignIn401JSONResponse{SignInFailedJSONResponse: api.SignInFailedJSONResponse(errorBody(ctx, api.ErrorCodeAUTHINVALID,
			"The email or the password is wrong.", nil))}, nil
	}
	if err != nil {
		return nil, err
	}
	s.signIns.addr.Refund(addr, now)
	s.signIns.account.Refund(account, now)
	return api.SignIn200JSONResponse{Body: api.SignedInResponse{Data: api.SignedIn{
		Token: token.Token, ExpiresAt: expires, User: people.APIUser(u),
	}}, Headers: api.SignIn200ResponseHeaders{CacheControl: noStore}}, nil
}

// checkSignIn finds the account of a sign-in and reports whether its password is right and
// the account enabled; an unknown email takes as long to refuse.
func (s *Server) checkSignIn(ctx context.Context, b *api.SignInRequest) (*dbsqlc.User, bool, error) {
	u, err := s.q.UserGetByEmail(ctx, s.db, b.Email)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, auth.CheckNoAccount(b.Password), nil
	case err != nil:
		return nil, false, fmt.Errorf("find account: %w", err)
	}
	return u, auth.CheckPassword(u.PasswordHash, b.Password) && !u.Disabled, nil
}

// errPasswordChanged is returned by issueSignIn when the password checked was replaced
// before the token was issued.
var errPasswordChanged = errors.New("the password changed since it was checked")

// issueSignIn issues the sign-in token of u, whose password was checked, unless that
// password was replaced since (a provider proving the email sets it aside, revoking the
// tokens issued before, in one transaction): the share lock of the row waits for such a
// change to commit, or the change waits for the token, which it then revokes.
func (s *Server) issueSignIn(ctx context.Context, u *dbsqlc.User, expires time.Time) (*people.Token, error) {
	return database.WithTxV(ctx, s.db, func(tx pgx.Tx) (*people.Token, error) {
		hash, err := s.q.UserPasswordHashShared(ctx, tx, u.ID)
		if err != nil {
			return nil, fmt.Errorf("lock account: %w", err)
		}
		if hash != u.PasswordHash {
			return nil, errPasswordChanged
		}
		return people.IssueToken(ctx, tx, u.ID, people.SignInTokenName, &expires)
	})
}

// tooManyRequests is the body and Retry-After of a 429 a handler answers for a refused
// decision of one of its limits; what says which limit, as a sentence without its end.
func tooManyRequests(ctx context.Context, what string, d ratelimit.Decision) api.TooManyRequestsJSONResponse {
	secs := d.RetryAfterSeconds()
	return api.TooManyRequestsJSONResponse{
		Body:    errorBody(ctx, api.ErrorCodeRATELIMITEXCEEDED, what+"; retry after "+strconv.Itoa(secs)+" seconds.", nil),
		Headers: api.TooManyRequestsResponseHeaders{RetryAfter: &secs},
	}
}
