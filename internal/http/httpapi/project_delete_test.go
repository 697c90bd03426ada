package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestDeleteProject: the owner deletes a project and every row of it goes, in every table
// with a project_id, once its job has run (TestProjectPurge); its keys fail at once here
// and on another instance that had one cached, and its members' requests fail. Anyone else
// is refused and nothing changes.
func TestDeleteProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("ByTheOwner", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		p := filledProject(t, tm)
		other := tm.env.NewInstance()
		onOther := other.Client(tm.key)
		cached, err := onOther.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, cached.StatusCode(), "the other instance has the key cached now")
		editor, _ := tm.join(t, "eve@example.com", api.RoleEditor)
		survivor := tm.env.NewProject("Survivor")
		kept := tm.env.RowsOf(survivor)
		sockets := map[string]*apitest.Socket{"here": tm.env.Subscribe(tm.key, "prompts"), "other": other.Subscribe(tm.key, "prompts")}

		resp, err := tm.owner.DeleteProjectWithResponse(ctx, tm.project)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, resp.StatusCode(), string(resp.Body))
		for name, s := range sockets {
			closed := closeOf(t, s, 5*time.Second, func(map[string]any) {})
			require.Equal(t, websocket.StatusPolicyViolation, closed.Code, name)
			require.Equal(t, "project deleted", closed.Reason, name)
		}

		here, err := p.Client.GetCurrentProjectWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, here.StatusCode(), "the key fails at once on this instance")
		require.Eventually(t, func() bool {
			resp, err := onOther.GetCurrentProjectWithResponse(ctx)
			return err == nil && resp.StatusCode() == http.StatusUnauthorized
		}, 5*time.Second, time.Millisecond, "the key fails on the other instance")
		for _, c := range []*api.ClientWithResponses{editor, tm.owner} {
			gone, err := c.ListPromptsWithResponse(ctx, nil, inProject(tm.project))
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, gone.StatusCode(), string(gone.Body))
		}
		again, err := tm.owner.DeleteProjectWithResponse(ctx, tm.project)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, again.StatusCode(), string(again.Body))

		require.Eventually(t, func() bool { return tm.env.RowsOf(p).Projects == 0 }, 10*time.Second, 10*time.Millisecond,
			"the job removes the project's rows, its own row last")
		for name, n := range rowCounts(tm.env.RowsOf(p)) {
			require.Zero(t, n, name)
		}
		for table, n := range projectRows(t, tm.env, tm.project) {
			require.Zero(t, n, table)
		}
		require.Equal(t, kept, tm.env.RowsOf(survivor), "other projects keep everything")
	})

	t.Run("OnlyTheOwner", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t)
		p := &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: tm.env.Client(tm.key)}
		admin, _ := tm.join(t, "grace@example.com", api.RoleAdmin)
		viewer, _ := tm.join(t, "vera@example.com", api.RoleViewer)
		before := tm.env.RowsOf(p)
		for name, c := range map[string]*api.ClientWithResponses{"admin": admin, "viewer": viewer} {
			resp, err := c.DeleteProjectWithResponse(ctx, tm.project)
			require.NoError(t, err)
			require.Equal(t, http.StatusForbidden, resp.StatusCode(), name)
			require.Equal(t, api.RoleOwner, *resp.JSON403.Error.Details.RequiredRole, name)
		}
		// An API key, even an admin one of the project, is no person.
		resp, err := p.Client.DeleteProjectWithResponse(ctx, tm.project)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode(), string(resp.Body))
		// A project the caller is no member of is a 404.
		outsider := tm.env.NewProjectDirect("not theirs")
		resp, err = admin.DeleteProjectWithResponse(ctx, outsider.Project.ID)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		require.Equal(t, before, tm.env.RowsOf(p))
	})
}

// filledProject gives tm's project a row in as many tables as the API can fill: prompts,
// versions, deployments and history, a second key, a webhook and a delivery, an
// invitation, an Idempotency-Key's record, analytics and usage; and returns it.
func filledProject(t *testing.T, tm *team) *apitest.Project {
	t.Helper()
	ctx := context.Background()
	env := tm.env
	p := &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: env.Client(tm.key)}
	hook, err := p.Client.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: "http://127.0.0.1:9/hook", Events: api.WebhookEventFilter{"*"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))
	prompt := env.NewPrompt(p, "welcome")
	v := env.NewVersion(p, prompt.Id, "Hello")
	env.Promote(p, prompt.Id, v.Id, "dev")
	env.NewKey(p, api.CreateApiKeyRequest{Environment: "production"})
	created, err := p.Client.CreatePromptWithResponse(ctx, &api.CreatePromptParams{IdempotencyKey: new("once")}, api.CreatePromptRequest{Slug: "second", Name: "Second"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	inv, err := tm.owner.CreateInvitationWithResponse(ctx, tm.project, nil, api.CreateInvitationRequest{Email: "ivy@example.com", Role: api.InvitationRoleViewer})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, inv.StatusCode(), string(inv.Body))
	require.Equal(t, 1, accepted(t, track(t, env, p.Key, api.AnalyticsEvent{
		Type: "prompt.used", Slug: "welcome", VersionNumber: 1, LatencyMs: 10, Success: true})))

	for name, n := range rowCounts(env.RowsOf(p)) {
		if name != "revoked keys" {
			require.Positive(t, n, name)
		}
	}
	return p
}

// rowCounts are the counts of rows, by table, of an InspectRowCounts.
func rowCounts(rows *dbsqlc.InspectRowCountsRow) map[string]int64 {
	return map[string]int64{
		"projects": rows.Projects, "prompts": rows.Prompts, "versions": rows.PromptVersions, "deployments": rows.Deployments,
		"history": rows.DeploymentHistory, "keys": rows.ApiKeys, "revoked keys": rows.RevokedApiKeys, "events": rows.Events,
		"webhooks": rows.Webhooks, "deliveries": rows.WebhookDeliveries, "idempotency": rows.IdempotencyKeys,
		"analytics": rows.AnalyticsEvents, "rollups": rows.AnalyticsHourly, "members": rows.ProjectMembers,
		"invitations": rows.Invitations,
	}
}

// projectRows counts, in every table of the schema with a project_id column, the rows of
// project: the tables of a later migration are counted without a change here.
func projectRows(t *testing.T, env *apitest.Env, project uuid.UUID) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := env.Pool.Query(ctx, `SELECT c.table_name FROM information_schema.columns c
		JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = 'public' AND c.column_name = 'project_id' AND t.table_type = 'BASE TABLE'`)
	require.NoError(t, err)
	var tables []string
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	require.NoError(t, rows.Err())
	require.Contains(t, tables, "analytics_events")
	counts := make(map[string]int64, len(tables))
	for _, table := range tables {
		var n int64
		require.NoError(t, env.Pool.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %q WHERE project_id = $1", table), project).Scan(&n))
		counts[table] = n
	}
	return counts
}
