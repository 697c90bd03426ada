package httpapi

import (
	"context"
	"fmt"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/usage"
)

const (
	// usageDays is how many UTC days of requests GetUsage reports unless asked, today
	// included.
	usageDays = 30
	// usageResolveHours is how many hours of resolves it reports, the current one included.
	usageResolveHours = 24
)

// GetUsage reports the calling project's requests per day, its key's rate-limit window,
// what it holds beside its quotas and which keys resolved which versions. The counts are
// the database's plus this instance's not yet flushed (usage.Counter.Read).
func (s *Server) GetUsage(ctx context.Context, req api.GetUsageRequestObject) (api.GetUsageResponseObject, error) {
	projectID := gateway.Key(ctx).ProjectID
	now := s.nowFunc().UTC()
	days := usageDays
	if req.Params.Days != nil {
		days = *req.Params.Days // the spec bounds it (1 to 30)
	}
	firstDay := now.Truncate(24*time.Hour).AddDate(0, 0, -(days - 1))
	resolvesSince := now.Truncate(time.Hour).Add(-(usageResolveHours - 1) * time.Hour)
	var (
		dayRows  []*dbsqlc.UsageRequestDaysRow
		resolves []*dbsqlc.UsageResolvesRow
	)
	err := s.usage.Read(projectID, func(p usage.Pending) error {
		var err error
		dayRows, err = s.q.UsageRequestDays(ctx, s.db, dbsqlc.UsageRequestDaysParams{
			ProjectID: projectID, Since: firstDay,
			PendingKeyIds: p.RequestKeyIDs, PendingDayStarts: p.RequestDayStarts, PendingCounts: p.RequestCounts,
		})
		if err != nil {
			return fmt.Errorf("read requests per day: %w", err)
		}
		resolves, err = s.q.UsageResolves(ctx, s.db, dbsqlc.UsageResolvesParams{
			ProjectID: projectID, Since: resolvesSince,
			PendingKeyIds: p.ResolveKeyIDs, PendingPromptIds: p.ResolvePromptIDs, PendingVersionNumbers: p.ResolveVersionNumbers,
			PendingHours: p.ResolveHours, PendingCounts: p.ResolveCounts,
		})
		if err != nil {
			return fmt.Errorf("read resolves: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	held, err := s.q.UsageResources(ctx, s.db, projectID)
	if err != nil {
		return nil, fmt.Errorf("count resources: %w", err)
	}
	window := gateway.RateLimit(ctx)
	return api.GetUsage200JSONResponse{Data: api.Usage{
		ProjectId:      projectID,
		RequestsPerDay: requestsPerDay(firstDay, days, dayRows),
		RateLimit:      api.RateLimitWindow{Limit: window.Limit, Remaining: window.Remaining, Reset: window.Reset},
		Resources:      s.resourcesOf(held),
		Resolves:       versionCallsOf(resolves),
	}}, nil
}

// requestsPerDay lays the rows (ordered by day, then most requests first) out over the
// days from firstDay, days without a row at zero.
func requestsPerDay(firstDay time.Time, days int, rows []*dbsqlc.UsageRequestDaysRow) []api.UsageDay {
	out := make([]api.UsageDay, days)
	for i := range out {
		out[i] = api.UsageDay{Date: openapi_types.Date{Time: firstDay.AddDate(0, 0, i)}, ByEnvironment: map[string]int64{}, Keys: []api.KeyRequests{}}
	}
	for _, r := range rows {
		i := int(r.DayStart.Sub(firstDay) / (24 * time.Hour))
		if i < 0 || i >= days {
			continue // the query reads no other day; a clock step could still bring one
		}
		d := &out[i]
		d.Requests += r.Requests
		d.ByEnvironment[r.Environment] += r.Requests
		// The reference's shape counts its three environments; keys of added ones count
		// in the day's requests and by key.
		switch r.Environment {
		case auth.EnvDev:
			d.Environments.Dev += r.Requests
		case auth.EnvStaging:
			d.Environments.Staging += r.Requests
		case auth.EnvProduction:
			d.Environments.Production += r.Requests
		}
		d.Keys = append(d.Keys, api.KeyRequests{KeyId: r.KeyID, KeyPrefix: r.KeyPrefix, KeyLabel: nullableOf(r.Label), Environment: api.Environment(r.Environment), Requests: r.Requests})
	}
	return out
}

// resourcesOf sets what the project holds beside its quotas.
func (s *Server) resourcesOf(held *dbsqlc.UsageResourcesRow) api.UsageResources {
	total := int(held.VersionsTotal)
	return api.UsageResources{
		Prompts:          api.ResourceUsage{Used: int(held.Prompts), Limit: s.quotas.Prompts},
		Versions:         api.ResourceUsage{Used: int(held.VersionsMost), Limit: s.quotas.Versions, Total: &total},
		ApiKeys:          api.ResourceUsage{Used: int(held.ApiKeys), Limit: s.quotas.APIKeys},
		Webhooks:         api.ResourceUsage{Used: int(held.Webhooks), Limit: s.quotas.Webhooks},
		Environments:     api.ResourceUsage{Used: int(held.Environments), Limit: s.quotas.Environments},
		Connections:      api.ResourceUsage{Used: int(held.Connections), Limit: s.quotas.Connections},
		Invitations:      api.ResourceUsage{Used: int(held.Invitations), Limit: s.quotas.Invitations},
		AnalyticsBytes:   api.ResourceUsage{Used: int(held.AnalyticsBytes), Limit: s.quotas.AnalyticsBytes},
		IdempotencyBytes: api.ResourceUsage{Used: int(held.IdempotencyBytes), Limit: s.quotas.IdempotencyBytes},
	}
}

func versionCallsOf(rows []*dbsqlc.UsageResolvesRow) []api.VersionCalls {
	out := make([]api.VersionCalls, len(rows))
	for i, r := range rows {
		out[i] = api.VersionCalls{
			KeyId: r.KeyID, KeyPrefix: r.KeyPrefix, KeyLabel: nullableOf(r.Label), Environment: api.Environment(r.Environment),
			PromptId: r.PromptID, Slug: r.Slug, VersionNumber: int(r.VersionNumber), Calls: r.Calls, LastCalledAt: r.LastCalledAt.UTC(),
		}
	}
	return out
}
