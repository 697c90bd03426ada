package httpapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/playground"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/store/database"
)

// playgroundEnvironment is the environment runs are recorded in; a project gets it on its
// first run, so that its analytics can be asked for like any environment's.
const playgroundEnvironment = "playground"

// runTarget is what a run renders and where it sends it.
type runTarget struct {
	version *dbsqlc.PromptVersion
	slug    string
	conn    *dbsqlc.Connection
}

// RunVersion renders a version for a connection's provider, sends it and answers what
// came back, recording the run as an analytics event in the playground environment.
func (s *Server) RunVersion(ctx context.Context, req api.RunVersionRequestObject) (api.RunVersionResponseObject, error) {
	key := gateway.Key(ctx)
	if d := s.runs.Allow(ctx, key.ID, s.nowFunc()); !d.Allowed {
		return api.RunVersion429JSONResponse{TooManyRequestsJSONResponse: tooManyRequests(ctx, "Too many playground runs by this key", d)}, nil
	}
	t, err := s.runTarget(ctx, req)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RunVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgVersionNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	if t.conn == nil {
		return api.RunVersion400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/connection", Problem: "no connection with this id in the project"})}, nil
	}
	body, bad, err := s.runBody(ctx, key, t, req.Body.Variables)
	if err != nil || bad != nil {
		return bad, err
	}
	model := cmp.Or(deref(req.Body.Model), deref(t.conn.DefaultModel), t.version.Model)
	apiKey, err := s.webhooks.Open(t.conn.ApiKey)
	if err != nil {
		return nil, fmt.Errorf("open the key of connection %s: %w", t.conn.ID, err)
	}
	result, err := playground.Run(ctx, s.outbound, playground.Connection{Provider: t.conn.Provider, BaseURL: t.conn.BaseUrl, APIKey: apiKey}, body, model)
	if pe, ok := errors.AsType[*playground.ProviderError](err); ok {
		return api.RunVersion502JSONResponse{BadGatewayJSONResponse: api.BadGatewayJSONResponse(errorBody(ctx, api.ErrorCodePROVIDERERROR, pe.Message, nil))}, nil
	}
	if err != nil {
		return nil, err
	}
	out := runResult(t, model, result)
	s.recordRun(ctx, key, t, out)
	return api.RunVersion200JSONResponse{Data: out}, nil
}

// runTarget reads the version (pgx.ErrNoRows when the project has none such) and the
// connection (nil when the project has none such).
func (s *Server) runTarget(ctx context.Context, req api.RunVersionRequestObject) (*runTarget, error) {
	projectID := gateway.Key(ctx).ProjectID
	v, err := s.pathVersion(ctx, req.PromptId, req.VersionId)
	if err != nil {
		return nil, err
	}
	p, err := s.q.PromptGet(ctx, s.db, dbsqlc.PromptGetParams{ProjectID: projectID, ID: v.PromptID})
	if err != nil {
		return nil, fmt.Errorf("get prompt of version %s: %w", v.ID, err)
	}
	conn, err := s.q.ConnectionGet(ctx, s.db, dbsqlc.ConnectionGetParams{ProjectID: projectID, ID: req.Body.Connection})
	if errors.Is(err, pgx.ErrNoRows) {
		return &runTarget{version: v, slug: p.Slug}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get connection: %w", err)
	}
	return &runTarget{version: v, slug: p.Slug, conn: conn}, nil
}

// runBody renders the version as render does for the connection's provider: the request
// body, or the 400 or 404 render would answer.
func (s *Server) runBody(ctx context.Context, key *auth.Key, t *runTarget, vars *map[string]api.VariableValue) (json.RawMessage, api.RunVersionResponseObject, error) {
	live, err := s.prepare(ctx, key, t.slug, t.version, nil)
	if missing, ok := partialMissing(err); ok {
		return nil, api.RunVersion404JSONResponse{NotFoundJSONResponse: notFound(ctx, t.slug+" includes a partial that cannot be resolved: "+missing.Error()+".")}, nil
	}
	if refused, ok := composeRefused(err); ok {
		return nil, api.RunVersion400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "/versionId", Problem: refused.Error()})}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	format := api.RenderRequestFormat(playground.Format(t.conn.Provider))
	out, err := live.Render(api.RenderRequest{Variables: vars, Format: &format}, s.renderLimit)
	if err != nil {
		return nil, nil, err
	}
	if len(out.Problems) > 0 {
		return nil, api.RunVersion400JSONResponse{BadRequestJSONResponse: invalid(ctx, out.Details, out.Problems...)}, nil
	}
	rendered, ok := rendering.RenderedData(out.Response)
	if !ok || rendered.Request == nil {
		return nil, nil, fmt.Errorf("render of %s for %s gave no request body", t.slug, format)
	}
	return *rendered.Request, nil, nil
}

// runResult is a run's answer, priced by the playground's table.
func runResult(t *runTarget, model string, r *playground.Result) api.RunResult {
	toolCalls := make([]api.ToolCall, len(r.ToolCalls))
	for i, c := range r.ToolCalls {
		toolCalls[i] = api.ToolCall{Name: c.Name, Arguments: c.Arguments}
	}
	out := api.RunResult{
		VersionId: t.version.ID, VersionNumber: int(t.version.VersionNumber), Provider: api.ConnectionProvider(t.conn.Provider),
		Model: model, Output: r.Output, ToolCalls: toolCalls, Raw: r.Raw,
		Usage:     api.RunUsage{InputTokens: r.InputTokens, OutputTokens: r.OutputTokens},
		LatencyMs: float64(r.Latency.Microseconds()) / 1000,
	}
	if cost, ok := playground.Cost(model, r.InputTokens, r.OutputTokens); ok {
		out.CostUsd.Set(cost)
	} else {
		out.CostUsd.SetNull()
	}
	return out
}

// recordRun stores a run as an analytics event of its version in the playground
// environment, made for the project if it has none. The provider has answered (and been
// paid) by then, so a run that cannot be recorded (the analytics quota, a missing
// partition) is still answered; the failure is logged.
func (s *Server) recordRun(ctx context.Context, key *auth.Key, t *runTarget, out api.RunResult) {
	env := api.Environment(playgroundEnvironment)
	meta, _ := json.Marshal(map[string]string{"connection": t.conn.Name, "model": out.Model})
	raw := json.RawMessage(meta)
	event := api.AnalyticsEvent{
		Type: api.AnalyticsEventTypePromptUsed, Slug: t.slug, VersionNumber: out.VersionNumber, Environment: &env, Success: true,
		LatencyMs: out.LatencyMs, InputTokens: &out.Usage.InputTokens, OutputTokens: &out.Usage.OutputTokens, Metadata: &raw,
	}
	if cost, err := out.CostUsd.Get(); err == nil {
		event.CostUsd = &cost
	}
	targets := map[target]targetFound{{t.slug, t.version.VersionNumber}: {promptID: t.version.PromptID, versionKnown: true}}
	now := s.nowFunc()
	batch := eventRows(key, []api.AnalyticsEvent{event}, targets, nil, now)
	err := database.WithTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.q.EnvironmentEnsure(ctx, tx, dbsqlc.EnvironmentEnsureParams{ProjectID: key.ProjectID, Name: playgroundEnvironment}); err != nil {
			return fmt.Errorf("make the playground environment: %w", err)
		}
		return s.storeEvents(ctx, tx, key.ProjectID, batch, now)
	})
	if err != nil {
		s.logger.WarnContext(ctx, "playground run not recorded in analytics", "prompt_id", t.version.PromptID.String(),
			"version", out.VersionNumber, "error", err.Error())
	}
}

// deref is *p, or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
