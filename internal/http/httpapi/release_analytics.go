package httpapi

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/release/guard"
)

// GetReleaseAnalytics reports the figures of each prompt's variants in a release, from its
// metrics as the guards read them (guard.Load), and each guard's verdict on each prompt it
// rolls out.
func (s *Server) GetReleaseAnalytics(ctx context.Context, req api.GetReleaseAnalyticsRequestObject) (api.GetReleaseAnalyticsResponseObject, error) {
	key := gateway.Key(ctx)
	prompts, err := s.q.ReleaseMetricsPrompts(ctx, s.db, dbsqlc.ReleaseMetricsPromptsParams{ReleaseID: req.ReleaseId, ProjectID: key.ProjectID})
	if err != nil {
		return nil, fmt.Errorf("read prompts of release %s: %w", req.ReleaseId, err)
	}
	if len(prompts) == 0 { // a release always moves a prompt: no rows, no such release here
		return api.GetReleaseAnalytics404JSONResponse{NotFoundJSONResponse: notFound(ctx, "No release with this id in the project.")}, nil
	}
	var strategy struct {
		Guards []guard.Guard `json:"guards"`
	}
	if err := json.Unmarshal(prompts[0].Strategy, &strategy); err != nil {
		return nil, fmt.Errorf("read strategy of release %s: %w", req.ReleaseId, err)
	}
	metrics, err := guard.Load(ctx, s.q, s.db, req.ReleaseId)
	if err != nil {
		return nil, err
	}
	out := api.ReleaseAnalytics{ReleaseId: req.ReleaseId, Prompts: make([]api.ReleaseAnalyticsPrompt, 0, len(prompts)),
		Guards: make([]api.ReleaseAnalyticsGuard, 0, len(strategy.Guards)*len(prompts))}
	for _, p := range prompts {
		if metrics[p.PromptID] == nil { // no calls yet
			metrics[p.PromptID] = &guard.Variants{}
		}
		v := metrics[p.PromptID]
		out.Prompts = append(out.Prompts, api.ReleaseAnalyticsPrompt{PromptId: p.PromptID, Slug: p.Slug,
			Current: releaseFigures(p.FromVersion, v.Current), Candidate: releaseFigures(&p.ToVersion, v.Candidate)})
	}
	for _, g := range strategy.Guards {
		for _, p := range prompts {
			if !rollsOut(p.FromVersion, p.ToVersion) {
				continue // as the evaluation, which judges no guard there
			}
			out.Guards = append(out.Guards, guardVerdict(g, p, metrics[p.PromptID]))
		}
	}
	return api.GetReleaseAnalytics200JSONResponse{Data: out}, nil
}

// releaseFigures are the API's figures of a variant: version (nil when none) and m.
func releaseFigures(version *int32, m guard.Metrics) api.ReleaseAnalyticsFigures {
	f := api.ReleaseAnalyticsFigures{VersionNumber: nullable.NewNullNullable[int](), Calls: m.Calls, Errors: m.Errors,
		ErrorRate: metric(m, guard.ErrorRate), LatencyP95Ms: metric(m, guard.LatencyP95Ms), CostPerCall: metric(m, guard.CostPerCall),
		LatencyP50Ms: nullable.NewNullNullable[float64](), InputTokens: m.InputTokens, OutputTokens: m.OutputTokens}
	if version != nil {
		f.VersionNumber = nullable.NewNullableWithValue(int(*version))
	}
	if ms, ok := m.Percentile(0.5); ok {
		f.LatencyP50Ms = value(ms)
	}
	return f
}

// metric is m's value of a guard's metric, null without calls.
func metric(m guard.Metrics, name string) nullable.Nullable[float64] {
	if v, ok := m.Value(name); ok {
		return value(v)
	}
	return nullable.NewNullNullable[float64]()
}

// guardVerdict is g judged on prompt p's variants v, as the release's evaluation judges it.
func guardVerdict(g guard.Guard, p *dbsqlc.ReleaseMetricsPromptsRow, v *guard.Variants) api.ReleaseAnalyticsGuard {
	out := api.ReleaseAnalyticsGuard{Metric: api.ReleaseAnalyticsGuardMetric(g.Metric), Max: nullable.NewNullNullable[float64](),
		MaxIncrease: nullable.NewNullNullable[float64](), MinCalls: g.MinCalls, PromptId: p.PromptID, Prompt: p.Slug,
		Verdict: api.ReleaseAnalyticsGuardVerdictHolding, Detail: nullable.NewNullNullable[string]()}
	if g.Max != nil {
		out.Max = value(*g.Max)
	}
	if g.MaxIncrease != nil {
		out.MaxIncrease = value(*g.MaxIncrease)
	}
	switch verdict := guard.Judge([]guard.Guard{g}, v.Current, v.Candidate); {
	case verdict.Breach != "":
		out.Verdict, out.Detail = api.ReleaseAnalyticsGuardVerdictBreached, nullable.NewNullableWithValue(verdict.Breach)
	case !verdict.Judged:
		out.Verdict = api.ReleaseAnalyticsGuardVerdictNotJudged
	}
	return out
}
