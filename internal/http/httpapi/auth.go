package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/people"
	"github.com/promptops/promptops/internal/ratelimit"
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
// account is disabled, and takes as long (auth.CheckNoAccount).
func (s *Server) SignIn(ctx context.Context, req api.SignInRequestObject) (api.SignInResponseObject, error) {
	now := s.nowFunc()
	addr, account := ratelimit.AddrPrefix(gateway.ClientAddr(ctx)), accountName(strings.ToLower(req.Body.Email))
	if d := s.signIns.addr.Check(ctx, addr, now); !d.Allowed {
		return api.SignIn429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many failed sign-ins from this address", d)}, nil
	}
	if d := s.signIns.account.Check(ctx, account, now); !d.Allowed {
		return api.SignIn429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many failed sign-ins of this account", d)}, nil
	}
	u, err := s.q.UserGetByEmail(ctx, s.db, req.Body.Email)
	var ok bool
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		ok = auth.CheckNoAccount(req.Body.Password)
	case err != nil:
		return nil, fmt.Errorf("find account: %w", err)
	default:
		ok = auth.CheckPassword(u.PasswordHash, req.Body.Password) && !u.Disabled
	}
	if !ok {
		s.signIns.addr.Allow(ctx, addr, now)
		s.signIns.account.Allow(ctx, account, now)
		return api.SignIn401JSONResponse{SignInFailedJSONResponse: api.SignInFailedJSONResponse(errorBody(ctx, api.ErrorCodeAUTHINVALID,
			"The email or the password is wrong.", nil))}, nil
	}
	expires := now.Add(people.SignInTTL)
	token, err := people.IssueToken(ctx, s.db, u.ID, people.SignInTokenName, &expires)
	if err != nil {
		return nil, err
	}
	return api.SignIn200JSONResponse{Body: api.SignedInResponse{Data: api.SignedIn{
		Token: token.Token, ExpiresAt: expires, User: people.APIUser(u),
	}}, Headers: api.SignIn200ResponseHeaders{CacheControl: noStore}}, nil
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
