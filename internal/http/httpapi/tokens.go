package httpapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/people"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/store/database"
)

// GetSession says who is calling: a user with their projects and roles, or an API key with
// its project.
func (s *Server) GetSession(ctx context.Context, _ api.GetSessionRequestObject) (api.GetSessionResponseObject, error) {
	caller := gateway.Key(ctx)
	if caller.Person == nil {
		key, err := s.q.ApiKeyGet(ctx, s.db, dbsqlc.ApiKeyGetParams{ProjectID: caller.ProjectID, ID: caller.ID})
		if err != nil {
			return nil, fmt.Errorf("get key: %w", err)
		}
		p, err := s.q.ProjectGet(ctx, s.db, caller.ProjectID)
		if err != nil {
			return nil, fmt.Errorf("get project: %w", err)
		}
		apiKey, project := projects.APIKey(key), projects.APIProject(p)
		return api.GetSession200JSONResponse{Data: api.Session{Type: api.SessionTypeKey, ApiKey: &apiKey, Project: &project}}, nil
	}
	u, err := s.q.UserGet(ctx, s.db, caller.Person.UserID)
	if err != nil {
		return nil, fmt.Errorf("get user: %w", err)
	}
	rows, err := s.q.MembershipsOfUser(ctx, s.db, u.ID)
	if err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	memberships := make([]api.Membership, len(rows))
	for i, m := range rows {
		memberships[i] = api.Membership{Project: projects.APIProject(&m.Project), Role: api.Role(m.Role)}
	}
	user := people.APIUser(u)
	return api.GetSession200JSONResponse{Data: api.Session{Type: api.SessionTypeUser, User: &user, Memberships: &memberships}}, nil
}

// ListTokens lists the calling user's personal tokens, by prefix only.
func (s *Server) ListTokens(ctx context.Context, req api.ListTokensRequestObject) (api.ListTokensResponseObject, error) {
	userID := gateway.Key(ctx).Person.UserID
	pg := newPage(req.Params.Page, req.Params.Limit)
	total, err := s.q.PersonalTokenCount(ctx, s.db, userID)
	if err != nil {
		return nil, fmt.Errorf("count tokens: %w", err)
	}
	rows, err := s.q.PersonalTokenList(ctx, s.db, dbsqlc.PersonalTokenListParams{UserID: userID, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	tokens := make([]api.PersonalToken, len(rows))
	for i, t := range rows {
		tokens[i] = tokenFromDB(t)
	}
	return api.ListTokens200JSONResponse{Data: tokens, Meta: pg.meta(total)}, nil
}

// CreateToken makes a personal token of the calling user; its full value is in this
// response only.
func (s *Server) CreateToken(ctx context.Context, req api.CreateTokenRequestObject) (api.CreateTokenResponseObject, error) {
	caller := gateway.Key(ctx)
	if problem := expiryProblem(caller, req.Body.ExpiresAt, s.nowFunc()); problem != "" {
		return api.CreateToken400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/expiresAt", Problem: problem})}, nil
	}
	made, err := s.issueWithinQuota(ctx, caller, req.Body.Name, req.Body.ExpiresAt)
	if errors.Is(err, errCallerRevoked) {
		return api.CreateToken401JSONResponse{UnauthorizedJSONResponse: api.UnauthorizedJSONResponse{
			Body:    errorBody(ctx, api.ErrorCodeAUTHINVALID, "The personal token has been revoked.", nil),
			Headers: api.UnauthorizedResponseHeaders{WWWAuthenticate: `Bearer realm="promptops"`},
		}}, nil
	}
	if errors.Is(err, errQuotaExceeded) {
		return api.CreateToken409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourcePersonalTokens, s.quotas.PersonalTokens)}, nil
	}
	if err != nil {
		return nil, err
	}
	t := tokenFromDB(made.Row)
	return api.CreateToken201JSONResponse{Body: api.CreatedTokenResponse{Data: api.CreatedToken{
		Id: t.Id, Prefix: t.Prefix, Name: t.Name, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt, CreatedAt: t.CreatedAt, Token: made.Token,
	}}, Headers: api.CreateToken201ResponseHeaders{CacheControl: noStore}}, nil
}

// errCallerRevoked is returned by issueWithinQuota when the caller's token was revoked
// after it authenticated the request.
var errCallerRevoked = errors.New("the calling token was revoked")

// issueWithinQuota issues a token of the calling person unless they hold their quota of
// active ones, under the lock of their row. Under it, the caller's token must still work:
// revoking every token of the account (a provider proving its email) holds the row too,
// so a token made with one revoked meanwhile would escape it.
func (s *Server) issueWithinQuota(ctx context.Context, caller *auth.Key, name string, expiresAt *time.Time) (*people.Token, error) {
	user := caller.Person.UserID
	return database.WithTxV(ctx, s.db, func(tx pgx.Tx) (*people.Token, error) {
		if err := underQuota(ctx, tx, user, s.q.UserLock, s.quotas.PersonalTokens, s.q.PersonalTokenCountActive); err != nil {
			return nil, err
		}
		current, err := s.q.PersonalTokenAuth(ctx, tx, caller.Hash[:])
		if err != nil {
			return nil, fmt.Errorf("read calling token: %w", err)
		}
		if current.PersonalToken.RevokedAt != nil {
			return nil, errCallerRevoked
		}
		return people.IssueToken(ctx, tx, user, name, expiresAt)
	})
}

// RevokeToken revokes one of the calling user's tokens, the calling one too (signing out).
func (s *Server) RevokeToken(ctx context.Context, req api.RevokeTokenRequestObject) (api.RevokeTokenResponseObject, error) {
	var row *dbsqlc.PersonalToken
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		row, err = s.q.PersonalTokenRevoke(ctx, tx, dbsqlc.PersonalTokenRevokeParams{UserID: gateway.Key(ctx).Person.UserID, ID: req.Id})
		if err != nil {
			return err
		}
		// Every instance closes the token's sockets at the commit.
		return events.Announce(ctx, tx, events.Announcement{ID: row.ID, Type: events.PersonalTokenRevoked})
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RevokeToken404JSONResponse{NotFoundJSONResponse: notFound(ctx, "No personal token of yours has this id.")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("revoke token %s: %w", req.Id, err)
	}
	return api.RevokeToken200JSONResponse{Data: tokenFromDB(row)}, nil
}

// tokenFromDB is the API's view of a personal token: never the token nor its hash.
func tokenFromDB(t *dbsqlc.PersonalToken) api.PersonalToken {
	return api.PersonalToken{
		Id: t.ID, Prefix: t.TokenPrefix, Name: t.Name,
		ExpiresAt: nullableOf(t.ExpiresAt), RevokedAt: nullableOf(t.RevokedAt), CreatedAt: t.CreatedAt,
	}
}
