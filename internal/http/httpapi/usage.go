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
	// usageKeysPerDay and usageResolvesMax bound the answer, which would otherwise grow
	// with every key that made a request (revoked ones too) and every version resolved.
	usageKeysPerDay  = 100
	usageResolvesMax = 1000
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
		dayRows   []*dbsqlc.UsageRequestDaysRow
		dayTotals []*dbsqlc.UsageRequestDayTotalsRow
		resolves  []*dbsqlc.UsageResolvesRow
	)
	err := s.usage.Read(projectID, func(p usage.Pending) error {
		var err error
		dayRows, err = s.q.UsageRequestDays(ctx, s.db, dbsqlc.UsageRequestDaysParams{
			ProjectID: projectID, Since: firstDay, KeysPerDay: usageKeysPerDay,
			PendingKeyIds: p.RequestKeyIDs, PendingDayStarts: p.RequestDayStarts, PendingCounts: p.RequestCounts,
		})
		if err != nil {
			return fmt.Errorf("read requests per day: %w", err)
		}
		dayTotals, err = s.q.UsageRequestDayTotals(ctx, s.db, dbsqlc.UsageRequestDayTotalsParams{
			ProjectID: projectID, Since: firstDay,
			PendingKeyIds: p.RequestKeyIDs, PendingDayStarts: p.RequestDayStarts, PendingCounts: p.RequestCounts,
		})
		if err != nil {
			return fmt.Errorf("read requests per day and environment: %w", err)
		}
		resolves, err = s.q.UsageResolves(ctx, s.db, dbsqlc.UsageResolvesParams{
			ProjectID: projectID, Since: resolvesSince, RowLimit: usageResolvesMax,
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
	resolvesTotal := 0
	if len(resolves) > 0 {
		resolvesTotal = int(resolves[0].Pairs)
	}
	return api.GetUsage200JSONResponse{Data: api.Usage{
		ProjectId:      projectID,
		RequestsPerDay: requestsPerDay(firstDay, days, dayTotals, dayRows),
		RateLimit:      api.RateLimitWindow{Limit: window.Limit, Remaining: window.Remaining, Reset: window.Reset},
		Resources:      s.resourcesOf(held),
		Resolves:       versionCallsOf(resolves),
		ResolvesTotal:  resolvesTotal,
	}}, nil
}

// requestsPerDay lays the totals (per day and environment) and the keys (ordered by day,
// then most requests first) out over the days from firstDay, days without a row at zero.
func requestsPerDay(firstDay time.Time, days int, totals []*dbsqlc.UsageRequestDayTotalsRow, keys []*dbsqlc.UsageRequestDaysRow) []api.UsageDay {
	out := make([]api.UsageDay, days)
	for i := range out {
		out[i] = api.UsageDay{Date: openapi_types.Date{Time: firstDay.AddDate(0, 0, i)}, ByEnvironment: map[string]int64{}, Keys: []api.KeyRequests{}}
	}
	// The queries read no other day; a clock step could still bring one.
	dayOf := func(start time.Time) *api.UsageDay {
		if i := int(start.Sub(firstDay) / (24 * time.Hour)); i >= 0 && i < days {
			return &out[i]
		}
		return nil
	}
	for _, t := range totals {
		if d := dayOf(t.DayStart); d != nil {
			addRequests(d, t.Environment, t.Requests)
		}
	}
	for _, r := range keys {
		if d := dayOf(r.DayStart); d != nil {
			d.KeysTotal = int(r.KeysOnDay)
			d.Keys = append(d.Keys, api.KeyRequests{KeyId: r.KeyID, KeyPrefix: r.KeyPrefix, KeyLabel: nullableOf(r.Label), Environment: api.Environment(r.Environment), Requests: r.Requests})
		}
	}
	return out
}

// addRequests counts n requests of keys of environment in the day d.
func addRequests(d *api.UsageDay, environment string, n int64) {
	d.Requests += n
	d.ByEnvironment[environment] += n
	// The reference's shape counts its three environments; keys of added ones count in
	// the day's requests and by environment.
	switch environment {
	case auth.EnvDev:
		d.Environments.Dev += n
	case auth.EnvStaging:
		d.Environments.Staging += n
	case auth.EnvProduction:
		d.Environments.Production += n
	}
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
