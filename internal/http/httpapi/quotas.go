package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/gateway"
)

// Quotas bound what one project may hold (and, for versions, one prompt), so that one
// tenant cannot grow without end; each must be at least 1.
type Quotas struct {
	Prompts  int
	Versions int
	// APIKeys counts active keys: revoked and expired ones do not count.
	APIKeys  int
	Webhooks int
	// Connections counts provider connections.
	Connections int
	// Environments counts dev, staging and production too.
	Environments int
	// Invitations counts pending invitations: accepted and expired ones do not count.
	Invitations int
	// PersonalTokens bounds a person's active personal tokens (sign-in's count too).
	PersonalTokens int
	// Memberships bounds the projects a person belongs to, and so what their session lists.
	Memberships int
	// Checks bounds the distinct check names reported on one version.
	Checks int
	// AnalyticsBytes bounds the bytes of a project's tracked events and rollups over the
	// analytics retention, as track counts them (analytics.BatchBytes).
	AnalyticsBytes int
	// IdempotencyBytes bounds the bytes of a project's kept idempotent answers; the
	// gateway's idempotency.Store enforces it, GetUsage reports it.
	IdempotencyBytes int
}

// errQuotaExceeded is returned inside a create's transaction when the new row would pass
// a quota; the transaction rolls back, so nothing changes.
var errQuotaExceeded = errors.New("quota exceeded")

// countFunc counts the rows of one kind that a holder (a project, or a person) has.
type countFunc func(ctx context.Context, db dbsqlc.DBTX, holder uuid.UUID) (int64, error)

// lockFunc takes a holder's row lock in a transaction.
type lockFunc func(ctx context.Context, db dbsqlc.DBTX, holder uuid.UUID) error

// withinQuota takes the calling key's project lock in tx and fails with errQuotaExceeded
// when the project already holds limit rows as count counts them.
func (s *Server) withinQuota(ctx context.Context, tx pgx.Tx, limit int, count countFunc) error {
	return underQuota(ctx, tx, gateway.Key(ctx).ProjectID, s.q.ProjectLock, limit, count)
}

// underQuota takes holder's lock in tx and fails with errQuotaExceeded when holder already
// has limit rows as count counts them. Under the lock, creates of one holder take turns and
// each counts what the previous one committed, so concurrent creates never pass the quota,
// on any number of instances.
func underQuota(ctx context.Context, tx pgx.Tx, holder uuid.UUID, lock lockFunc, limit int, count countFunc) error {
	if err := lock(ctx, tx, holder); err != nil {
		return fmt.Errorf("lock for quota: %w", err)
	}
	n, err := count(ctx, tx, holder)
	if err != nil {
		return fmt.Errorf("count for quota: %w", err)
	}
	if n >= int64(limit) {
		return errQuotaExceeded
	}
	return nil
}

// joinWithinQuota takes the lock of user's row in tx and fails with errQuotaExceeded when
// they belong to their quota of projects already: every way of joining a project (adding,
// accepting an invitation, creating one) takes this lock, so joins of one person take turns.
func (s *Server) joinWithinQuota(ctx context.Context, tx pgx.Tx, user uuid.UUID) error {
	return underQuota(ctx, tx, user, s.q.UserLock, s.quotas.Memberships, s.q.MemberCountOfUser)
}

// promptCount counts all of a project's prompts.
func (s *Server) promptCount(ctx context.Context, db dbsqlc.DBTX, projectID uuid.UUID) (int64, error) {
	return s.q.PromptCount(ctx, db, dbsqlc.PromptCountParams{ProjectID: projectID})
}

// quotaExceeded is the body of the 409 refusing a create past the quota of resource.
func quotaExceeded(ctx context.Context, resource api.QuotaResource, limit int) api.QuotaExceededJSONResponse {
	holder, what := "project", string(resource)
	switch resource {
	case api.QuotaResourceVersions:
		holder = "prompt"
	case api.QuotaResourceConnections:
		what = "provider connections"
	case api.QuotaResourceApiKeys:
		what = "active API keys"
	case api.QuotaResourceInvitations:
		what = "pending invitations"
	case api.QuotaResourcePersonalTokens:
		holder, what = "person", "active personal tokens (revoke one to make another)"
	case api.QuotaResourceMemberships:
		holder, what = "person", "projects (they must leave one to join or create another)"
	case api.QuotaResourceChecks:
		holder, what = "version", "distinct checks (a check already reported may still be reported again)"
	case api.QuotaResourceAnalyticsBytes:
		what = "bytes of analytics (tracked events and their rollups, until they pass the retention)"
	}
	return api.QuotaExceededJSONResponse{Body: errorBody(ctx, api.ErrorCodeQUOTAEXCEEDED,
		"The "+holder+" has reached its quota of "+strconv.Itoa(limit)+" "+what+".",
		&api.ErrorDetails{Quota: &api.Quota{Resource: resource, Limit: limit}})}
}
