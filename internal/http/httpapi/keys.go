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
	"github.com/promptops/promptops/internal/http/projects"
)

// ListApiKeys lists the project's keys, by prefix only.
func (s *Server) ListApiKeys(ctx context.Context, req api.ListApiKeysRequestObject) (api.ListApiKeysResponseObject, error) {
	p := req.Params
	pg := newPage(p.Page, p.Limit)
	projectID := gateway.Key(ctx).ProjectID
	env := (*string)(p.Environment)

	total, err := s.q.ApiKeyCount(ctx, s.db, dbsqlc.ApiKeyCountParams{ProjectID: projectID, Environment: env, Revoked: p.Revoked})
	if err != nil {
		return nil, fmt.Errorf("count keys: %w", err)
	}
	rows, err := s.q.ApiKeyList(ctx, s.db, dbsqlc.ApiKeyListParams{
		ProjectID: projectID, Environment: env, Revoked: p.Revoked,
		Sort:     sortOr(p.Sort, api.ListApiKeysParamsSortCreatedAtDesc),
		RowLimit: int32(pg.limit), RowOffset: pg.offset(),
	})
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	keys := make([]api.ApiKey, len(rows))
	for i, row := range rows {
		keys[i] = projects.APIKey(row)
	}
	return api.ListApiKeys200JSONResponse{Data: keys, Meta: pg.meta(total)}, nil
}

// CreateApiKey makes a key for the project; its full value is in this response only.
func (s *Server) CreateApiKey(ctx context.Context, req api.CreateApiKeyRequestObject) (api.CreateApiKeyResponseObject, error) {
	caller := gateway.Key(ctx)
	body := req.Body

	scopes := caller.Scopes
	if body.Scopes != nil {
		scopes = enumSlice[string](*body.Scopes)
	}
	if missing, ok := caller.Covers(scopes); !ok {
		scope := api.Scope(missing)
		return api.CreateApiKey403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: errorBody(ctx, api.ErrorCodeFORBIDDEN,
			"A key can only be given scopes its creator has; the calling key lacks "+missing+".",
			&api.ErrorDetails{RequiredScope: &scope})}}, nil
	}
	if problem := expiryProblem(caller, body.ExpiresAt, s.nowFunc()); problem != "" {
		return api.CreateApiKey400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/expiresAt", Problem: problem})}, nil
	}

	key, prefix, hash := auth.NewKey()
	k, err := writeAside(ctx, s, func(tx pgx.Tx) (api.ApiKey, error) {
		if err := s.withinQuota(ctx, tx, s.quotas.APIKeys, s.q.ApiKeyCountActive); err != nil {
			return api.ApiKey{}, err
		}
		row, err := s.q.ApiKeyCreate(ctx, tx, dbsqlc.ApiKeyCreateParams{
			ProjectID: caller.ProjectID, KeyHash: hash, KeyPrefix: prefix,
			Environment: string(body.Environment), Label: body.Label, Scopes: scopes, ExpiresAt: body.ExpiresAt,
		})
		if err != nil {
			return api.ApiKey{}, fmt.Errorf("insert key: %w", err)
		}
		return projects.APIKey(row), s.record(ctx, tx, events.APIKeyCreated, projects.APIKey(row))
	})
	if errors.Is(err, errQuotaExceeded) {
		return api.CreateApiKey409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceApiKeys, s.quotas.APIKeys)}, nil
	}
	if err != nil {
		return nil, err
	}
	return api.CreateApiKey201JSONResponse{Body: api.CreatedApiKeyResponse{Data: api.CreatedApiKey{
		Id: k.Id, KeyPrefix: k.KeyPrefix, Environment: k.Environment, Label: k.Label, Scopes: k.Scopes,
		ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt, CreatedAt: k.CreatedAt, FullKey: key,
	}}, Headers: api.CreateApiKey201ResponseHeaders{CacheControl: noStore}}, nil
}

// expiryProblem says what is wrong with the expiry asked of a new key, if anything: it must
// lie in the future, and a key may not outlive the key that creates it (or an admin key
// about to lapse could mint one that never does).
func expiryProblem(caller *auth.Key, expiresAt *time.Time, now time.Time) string {
	switch {
	case expiresAt != nil && !expiresAt.After(now):
		return "must lie in the future"
	case expiresAt != nil && expiresAt.UTC().Year() > 9999:
		return "must be no later than the year 9999" // RFC 3339 cannot write a later one
	case caller.ExpiresAt == nil:
		return ""
	case expiresAt == nil || expiresAt.After(*caller.ExpiresAt):
		return "must be set, and no later than " + caller.ExpiresAt.UTC().Format(time.RFC3339) + ", when the calling key expires: a key may not outlive its creator"
	}
	return ""
}

// errLastAdmin is returned inside RevokeApiKey's transaction when the key is a usable admin
// key and no other admin key that never expires would be left.
var errLastAdmin = errors.New("last active admin key")

// RevokeApiKey revokes a key of the project, refusing to lock the project out.
func (s *Server) RevokeApiKey(ctx context.Context, req api.RevokeApiKeyRequestObject) (api.RevokeApiKeyResponseObject, error) {
	projectID := gateway.Key(ctx).ProjectID
	revoked, err := write(ctx, s, func(tx pgx.Tx) (*dbsqlc.ApiKey, error) {
		// The project lock makes concurrent revocations of its two last admin keys take turns.
		if err := s.q.ProjectLock(ctx, tx, projectID); err != nil {
			return nil, fmt.Errorf("lock project: %w", err)
		}
		key, err := s.q.ApiKeyGet(ctx, tx, dbsqlc.ApiKeyGetParams{ProjectID: projectID, ID: req.Id})
		if err != nil {
			return nil, err
		}
		if k := auth.KeyFromRow(key); k.Problem(s.nowFunc()) == "" && k.Has(auth.ScopeAdmin) {
			others, err := s.q.ApiKeyCountOtherActiveAdmins(ctx, tx, dbsqlc.ApiKeyCountOtherActiveAdminsParams{ProjectID: projectID, ID: key.ID})
			if err != nil {
				return nil, fmt.Errorf("count admin keys: %w", err)
			}
			if others == 0 {
				return nil, errLastAdmin
			}
		}
		revoked, err := s.q.ApiKeyRevoke(ctx, tx, dbsqlc.ApiKeyRevokeParams{ProjectID: projectID, ID: key.ID})
		if err != nil || key.RevokedAt != nil {
			return revoked, err // revoking twice is no change, so no event
		}
		return revoked, s.record(ctx, tx, events.APIKeyRevoked, projects.APIKey(revoked))
	})
	if err == nil && s.keys != nil {
		s.keys.Invalidate() // the revoked key fails here from the next request on
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.RevokeApiKey404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: errorBody(ctx,
			api.ErrorCodeRESOURCENOTFOUND, "No API key with this id in the project.", nil)}}, nil
	case errors.Is(err, errLastAdmin):
		return api.RevokeApiKey409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: errorBody(ctx,
			api.ErrorCodeCONFLICT, "This is the project's last active admin key that never expires; create another such key before revoking it.", nil)}}, nil
	case err != nil:
		return nil, fmt.Errorf("revoke key %s: %w", req.Id, err)
	}
	return api.RevokeApiKey200JSONResponse{Data: projects.APIKey(revoked)}, nil
}
