package httpapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/analytics"
)

const (
	day = 24 * time.Hour
	// defaultAnalyticsSpan is the range read when the request sets no from.
	defaultAnalyticsSpan = 30 * day
	// maxHourlySpan and maxDailySpan bound a range read by hour and by day: the hours a
	// read sums grow with the range, not with the events.
	maxHourlySpan = 31 * day
	maxDailySpan  = 400 * day
	// summaryTop is how many prompts each list of the summary holds.
	summaryTop = 10
)

// analyticsEarliest and analyticsLatest bound the times a range may name: its ends are
// rounded to whole days and from defaults to 30 days before to, and the answer writes both
// in RFC 3339, whose years end at 9999 (a range ending in 9999-12-31 rounded up into the
// year 10000, which the answer could not be written with: a 500).
var (
	analyticsEarliest = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	analyticsLatest   = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

// GetPromptAnalytics reports how each version of a prompt performed in one environment,
// per hour or day, from the hourly rollups, and compares the last two versions live there.
func (s *Server) GetPromptAnalytics(ctx context.Context, req api.GetPromptAnalyticsRequestObject) (api.GetPromptAnalyticsResponseObject, error) {
	key := gateway.Key(ctx)
	p := req.Params
	interval, step, limit := api.PromptAnalyticsInterval("day"), day, maxDailySpan
	if p.Interval != nil && *p.Interval == api.GetPromptAnalyticsParamsInterval("hour") {
		interval, step, limit = "hour", time.Hour, maxHourlySpan
	}
	from, to, problem := analyticsRange(p.From, p.To, step, limit, s.nowFunc())
	if problem != nil {
		return api.GetPromptAnalytics400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	env := key.Environment
	if p.Environment != nil {
		env = string(*p.Environment)
	}
	prompt, err := s.prompt(ctx, req.PromptId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetPromptAnalytics404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.q.AnalyticsHourlyByPrompt(ctx, s.db, dbsqlc.AnalyticsHourlyByPromptParams{
		ProjectID: key.ProjectID, PromptID: prompt.ID, Environment: env, FromHour: from, ToHour: to,
	})
	if err != nil {
		return nil, fmt.Errorf("read rollups of %s: %w", prompt.ID, err)
	}
	live, err := s.q.AnalyticsLiveVersions(ctx, s.db, dbsqlc.AnalyticsLiveVersionsParams{PromptID: prompt.ID, Environment: env})
	if errors.Is(err, pgx.ErrNoRows) {
		live, err = nil, nil // nothing live in the environment
	}
	if err != nil {
		return nil, fmt.Errorf("read live versions of %s: %w", prompt.ID, err)
	}
	versions, totals := versionAnalytics(rows, step)
	return api.GetPromptAnalytics200JSONResponse{Data: api.PromptAnalytics{
		PromptId: prompt.ID, Slug: prompt.Slug, Environment: api.Environment(env), Interval: interval,
		From: from, To: to, Versions: versions, Comparison: comparison(live, totals),
	}}, nil
}

// analyticsRange is the range a read covers: to (default now) rounded up to step, so the
// step holding it counts, and from (default 30 days before to) rounded down. A problem
// names the parameter at fault: a time out of bounds, from not before to, or a range wider
// than limit.
func analyticsRange(fromParam, toParam *time.Time, step, limit time.Duration, now time.Time) (from, to time.Time, problem *api.FieldProblem) {
	for i, t := range []*time.Time{fromParam, toParam} {
		if t != nil && (t.Before(analyticsEarliest) || !t.Before(analyticsLatest)) {
			return from, to, &api.FieldProblem{Field: []string{"from", "to"}[i], Problem: "must be from " +
				analyticsEarliest.Format(time.RFC3339) + " to before " + analyticsLatest.Format(time.RFC3339)}
		}
	}
	end := now
	if toParam != nil {
		end = *toParam
	}
	if fromParam != nil && !fromParam.Before(end) {
		return *fromParam, end, &api.FieldProblem{Field: "from", Problem: "must be before to"}
	}
	to = end.UTC().Truncate(step)
	if to.Before(end) {
		to = to.Add(step)
	}
	from = to.Add(-defaultAnalyticsSpan)
	if fromParam != nil {
		from = fromParam.UTC().Truncate(step)
	}
	if to.Sub(from) > limit {
		return from, to, &api.FieldProblem{Field: "from",
			Problem: fmt.Sprintf("the range may span at most %d days at this interval", int(limit/day))}
	}
	return from, to, nil
}

// versionAnalytics sums a prompt's hourly rows (newest version first, each version's
// hours in order) into each version's series of steps and totals.
func versionAnalytics(rows []*dbsqlc.AnalyticsHourlyByPromptRow, step time.Duration) ([]api.VersionAnalytics, map[int32]*analytics.Totals) {
	versions := []api.VersionAnalytics{}
	totals := map[int32]*analytics.Totals{}
	var cur *analytics.Totals // the version's totals
	var slot analytics.Totals // the step being summed
	var slotStart time.Time
	flush := func() {
		if slot.Calls > 0 {
			v := &versions[len(versions)-1]
			v.Series = append(v.Series, intervalFigures(slotStart, &slot))
		}
		slot = analytics.Totals{}
	}
	for _, r := range rows {
		if len(versions) == 0 || versions[len(versions)-1].VersionNumber != int(r.VersionNumber) {
			if cur != nil {
				flush()
			}
			versions = append(versions, api.VersionAnalytics{VersionNumber: int(r.VersionNumber), Series: []api.AnalyticsInterval{}})
			cur = &analytics.Totals{}
			totals[r.VersionNumber] = cur
		}
		start := r.Hour.UTC().Truncate(step)
		if !start.Equal(slotStart) {
			flush()
			slotStart = start
		}
		h := rowTotals(r)
		slot.Merge(&h)
		cur.Merge(&h)
	}
	flush()
	for i := range versions {
		versions[i].Totals = figures(totals[int32(versions[i].VersionNumber)])
	}
	return versions, totals
}

func rowTotals(r *dbsqlc.AnalyticsHourlyByPromptRow) analytics.Totals {
	t := analytics.Totals{Calls: r.Calls, Errors: r.Errors, LatencyMin: r.LatencyMin, LatencyMax: r.LatencyMax,
		InputTokens: r.InputTokens, OutputTokens: r.OutputTokens, CostNanos: r.CostNanos}
	t.Latency.Merge(r.LatencyBuckets)
	return t
}

// figures are the API's figures of t.
func figures(t *analytics.Totals) api.AnalyticsFigures {
	f := api.AnalyticsFigures{
		Count: t.Calls, Errors: t.Errors, ErrorRate: errorRate(t.Errors, t.Calls),
		LatencyP50Ms: percentile(t, 0.5), LatencyP95Ms: percentile(t, 0.95), LatencyP99Ms: percentile(t, 0.99),
		InputTokens: t.InputTokens, OutputTokens: t.OutputTokens, CostUsd: analytics.USD(t.CostNanos),
	}
	return f
}

func intervalFigures(start time.Time, t *analytics.Totals) api.AnalyticsInterval {
	f := figures(t)
	return api.AnalyticsInterval{Start: start, Count: f.Count, Errors: f.Errors, ErrorRate: f.ErrorRate,
		LatencyP50Ms: f.LatencyP50Ms, LatencyP95Ms: f.LatencyP95Ms, LatencyP99Ms: f.LatencyP99Ms,
		InputTokens: f.InputTokens, OutputTokens: f.OutputTokens, CostUsd: f.CostUsd}
}

func errorRate(errs, calls int64) float64 {
	if calls == 0 {
		return 0
	}
	return float64(errs) / float64(calls)
}

// percentile is the q-quantile of t's latencies, null without calls.
func percentile(t *analytics.Totals, q float64) nullable.Nullable[float64] {
	ms, ok := t.Latency.Percentile(q, t.LatencyMin, t.LatencyMax)
	if !ok {
		return nullable.NewNullNullable[float64]()
	}
	return nullable.NewNullableWithValue(ms)
}

// comparison sets the version live now beside the one live before it, over the range
// read (a version without calls in it has zero counts and null latencies); null until the
// environment has had two versions live.
func comparison(live *dbsqlc.AnalyticsLiveVersionsRow, totals map[int32]*analytics.Totals) nullable.Nullable[api.VersionComparison] {
	if live == nil || live.PreviousVersion == 0 {
		return nullable.NewNullNullable[api.VersionComparison]()
	}
	of := func(v int32) api.AnalyticsFigures {
		if t := totals[v]; t != nil {
			return figures(t)
		}
		return figures(&analytics.Totals{})
	}
	cur, prev := of(live.CurrentVersion), of(live.PreviousVersion)
	c := api.VersionComparison{CurrentVersion: int(live.CurrentVersion), PreviousVersion: int(live.PreviousVersion)}
	c.Figures.Count = change(value(float64(cur.Count)), value(float64(prev.Count)))
	c.Figures.ErrorRate = change(value(cur.ErrorRate), value(prev.ErrorRate))
	c.Figures.LatencyP50Ms = change(cur.LatencyP50Ms, prev.LatencyP50Ms)
	c.Figures.LatencyP95Ms = change(cur.LatencyP95Ms, prev.LatencyP95Ms)
	c.Figures.LatencyP99Ms = change(cur.LatencyP99Ms, prev.LatencyP99Ms)
	c.Figures.InputTokens = change(value(float64(cur.InputTokens)), value(float64(prev.InputTokens)))
	c.Figures.OutputTokens = change(value(float64(cur.OutputTokens)), value(float64(prev.OutputTokens)))
	c.Figures.CostUsd = change(value(cur.CostUsd), value(prev.CostUsd))
	return nullable.NewNullableWithValue(c)
}

func value(v float64) nullable.Nullable[float64] { return nullable.NewNullableWithValue(v) }

// change is a figure side by side: the change is null when either value is, its percent
// (rounded to two decimals) also when previous is 0.
func change(cur, prev nullable.Nullable[float64]) api.FigureChange {
	fc := api.FigureChange{Current: cur, Previous: prev,
		Change: nullable.NewNullNullable[float64](), ChangePercent: nullable.NewNullNullable[float64]()}
	c, errC := cur.Get()
	p, errP := prev.Get()
	if errC != nil || errP != nil {
		return fc
	}
	fc.Change = value(c - p)
	if p != 0 {
		fc.ChangePercent = value(math.Round((c-p)/p*100*100) / 100)
	}
	return fc
}

// GetAnalyticsSummary lists the project's top prompts by calls, errors and cost over a
// range of hours, from the hourly rollups.
func (s *Server) GetAnalyticsSummary(ctx context.Context, req api.GetAnalyticsSummaryRequestObject) (api.GetAnalyticsSummaryResponseObject, error) {
	key := gateway.Key(ctx)
	p := req.Params
	from, to, problem := analyticsRange(p.From, p.To, time.Hour, maxDailySpan, s.nowFunc())
	if problem != nil {
		return api.GetAnalyticsSummary400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, *problem)}, nil
	}
	rows, err := s.q.AnalyticsSummary(ctx, s.db, dbsqlc.AnalyticsSummaryParams{
		ProjectID: key.ProjectID, FromHour: from, ToHour: to, Environment: (*string)(p.Environment),
	})
	if err != nil {
		return nil, fmt.Errorf("read summary: %w", err)
	}
	return api.GetAnalyticsSummary200JSONResponse{Data: api.AnalyticsSummary{
		From: from, To: to, Environment: p.Environment,
		ByCalls:  topPrompts(rows, func(r *dbsqlc.AnalyticsSummaryRow) float64 { return float64(r.Calls) }),
		ByErrors: topPrompts(rows, func(r *dbsqlc.AnalyticsSummaryRow) float64 { return float64(r.Errors) }),
		ByCost:   topPrompts(rows, func(r *dbsqlc.AnalyticsSummaryRow) float64 { return r.CostUsd }),
	}}, nil
}

// topPrompts is the summaryTop prompts with the highest positive figure, highest first
// (ties by slug).
func topPrompts(rows []*dbsqlc.AnalyticsSummaryRow, figure func(*dbsqlc.AnalyticsSummaryRow) float64) []api.PromptTotals {
	ranked := slices.DeleteFunc(slices.Clone(rows), func(r *dbsqlc.AnalyticsSummaryRow) bool { return figure(r) <= 0 })
	slices.SortFunc(ranked, func(a, b *dbsqlc.AnalyticsSummaryRow) int {
		return cmp.Or(cmp.Compare(figure(b), figure(a)), cmp.Compare(a.Slug, b.Slug))
	})
	out := make([]api.PromptTotals, 0, min(len(ranked), summaryTop))
	for _, r := range ranked[:min(len(ranked), summaryTop)] {
		out = append(out, api.PromptTotals{PromptId: r.PromptID, Slug: r.Slug, Count: r.Calls, Errors: r.Errors,
			ErrorRate: errorRate(r.Errors, r.Calls), CostUsd: r.CostUsd})
	}
	return out
}
