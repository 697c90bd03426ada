package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/httpapi"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// newEnvironment adds an environment to p.
func newEnvironment(t *testing.T, p *apitest.Project, name string) api.ProjectEnvironment {
	t.Helper()
	resp, err := p.Client.CreateEnvironmentWithResponse(context.Background(), nil, api.CreateEnvironmentRequest{Name: name})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data
}

// protect sets name's protection in p and returns the answer.
func protect(t *testing.T, p *apitest.Project, name string, protection api.EnvironmentProtection) *api.UpdateEnvironmentResponse {
	t.Helper()
	resp, err := p.Client.UpdateEnvironmentWithResponse(context.Background(), name, api.UpdateEnvironmentRequest{Protection: protection})
	require.NoError(t, err)
	return resp
}

func TestEnvironments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env *apitest.Env
		p   *apitest.Project
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		return &testBundle{env: env, p: env.NewProject("envs")}
	}

	t.Run("CreateListGet", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		created := newEnvironment(t, b.p, "eu-production")
		require.False(t, created.Reference)
		require.False(t, created.Protected)
		require.Empty(t, created.Protection.RequiredChecks)
		newEnvironment(t, b.p, "canary")

		list, err := b.p.Client.ListEnvironmentsWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, list.StatusCode())
		var names []string
		for _, e := range list.JSON200.Data {
			names = append(names, e.Name)
		}
		require.Equal(t, []string{"dev", "staging", "production", "canary", "eu-production"}, names, "the reference three first, then by name")
		require.True(t, list.JSON200.Data[0].Reference)
		require.Equal(t, 5, list.JSON200.Meta.Pagination.Total)

		got, err := b.p.Client.GetEnvironmentWithResponse(ctx, "eu-production")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, got.StatusCode())
		require.Equal(t, created, got.JSON200.Data)

		missing, err := b.p.Client.GetEnvironmentWithResponse(ctx, "nowhere")
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, missing.StatusCode())
	})

	t.Run("Duplicate", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		newEnvironment(t, b.p, "canary")
		for _, name := range []string{"canary", "production"} {
			before := b.env.RowsOf(b.p)
			resp, err := b.p.Client.CreateEnvironmentWithResponse(ctx, nil, api.CreateEnvironmentRequest{Name: name})
			require.NoError(t, err)
			require.Equal(t, http.StatusConflict, resp.StatusCode(), name)
			require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
			require.Equal(t, before, b.env.RowsOf(b.p))
		}
	})

	t.Run("BadName", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp := b.env.Do(b.env.Request(http.MethodPost, "/api/v1/environments", b.p.Key, "application/json", `{"name":"EU Production"}`))
		e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{"/name"}, fieldNames(e))
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("Protection", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		checks := []string{"eval", "lint"}
		resp := protect(t, b.p, "production", api.EnvironmentProtection{
			RequiredApprovals: new(2), RequiredChecks: &checks, MinCheckScore: nullable.NewNullableWithValue(0.8),
			RequiredPredecessor: nullable.NewNullableWithValue("staging"),
		})
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		got := resp.JSON200.Data
		require.True(t, got.Protected)
		require.Equal(t, api.AppliedProtection{
			RequiredApprovals: 2, RequiredChecks: checks, MinCheckScore: nullable.NewNullableWithValue(0.8),
			RequiredPredecessor: nullable.NewNullableWithValue("staging"),
		}, got.Protection)

		// The protection is replaced: what is left out is unset.
		cleared := protect(t, b.p, "production", api.EnvironmentProtection{})
		require.Equal(t, http.StatusOK, cleared.StatusCode())
		require.False(t, cleared.JSON200.Data.Protected)
		require.True(t, cleared.JSON200.Data.Protection.RequiredPredecessor.IsNull())

		events, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventTypeEnvironmentUpdated)})
		require.NoError(t, err)
		require.Len(t, events.JSON200.Data, 2)
	})

	t.Run("PredecessorRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		newEnvironment(t, b.p, "eu-production")
		require.Equal(t, http.StatusOK, protect(t, b.p, "production", api.EnvironmentProtection{RequiredPredecessor: nullable.NewNullableWithValue("staging")}).StatusCode())
		require.Equal(t, http.StatusOK, protect(t, b.p, "eu-production", api.EnvironmentProtection{RequiredPredecessor: nullable.NewNullableWithValue("production")}).StatusCode())
		cases := map[string]struct{ env, predecessor, problem string }{
			"Self":    {"staging", "staging", "is the environment itself"},
			"Loop":    {"staging", "eu-production", "would loop"},
			"Unknown": {"staging", "qa", `no environment "qa" in this project`},
		}
		for name, c := range cases {
			before := b.env.RowsOf(b.p)
			resp := protect(t, b.p, c.env, api.EnvironmentProtection{RequiredPredecessor: nullable.NewNullableWithValue(c.predecessor)})
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), name)
			fields := *resp.JSON400.Error.Details.Fields
			require.Equal(t, "/protection/requiredPredecessor", fields[0].Field, name)
			require.Contains(t, fields[0].Problem, c.problem, name)
			require.Equal(t, before, b.env.RowsOf(b.p), name)
		}
	})

	t.Run("UpdateUnknown", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp := protect(t, b.p, "nowhere", api.EnvironmentProtection{RequiredApprovals: new(1)})
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
	})

	t.Run("CreatedEvent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		newEnvironment(t, b.p, "canary")
		events, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventTypeEnvironmentCreated)})
		require.NoError(t, err)
		require.Len(t, events.JSON200.Data, 1)
	})
}

// TestEnvironmentQuota: a project holds at most the quota of environments, the reference
// three included; past it a create is a 409 QUOTA_EXCEEDED that changes nothing.
func TestEnvironmentQuota(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, func(o *server.Options) { o.Quotas = httpapi.Quotas{Environments: 4} })
	p := env.NewProject("p")
	newEnvironment(t, p, "canary")
	before := env.Rows()
	resp, err := p.Client.CreateEnvironmentWithResponse(context.Background(), nil, api.CreateEnvironmentRequest{Name: "eu-production"})
	require.NoError(t, err)
	require.Equal(t, api.Quota{Resource: api.QuotaResourceEnvironments, Limit: 4}, quotaOf(t, resp.StatusCode(), resp.JSON409))
	require.Equal(t, before, env.Rows())
}

// TestCustomEnvironmentKeysAndDeploys: a key bound to an added environment resolves what
// is live there; promoting there needs a publisher, as production does.
func TestCustomEnvironmentKeysAndDeploys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newRoleWorld(t)
	p := &apitest.Project{ID: w.tm.project.String(), Key: w.tm.key, Client: w.tm.env.Client(w.tm.key)}
	newEnvironment(t, p, "eu-production")
	euKey := w.tm.env.NewKey(p, api.CreateApiKeyRequest{Environment: "eu-production"})
	eu := w.tm.env.Client(euKey)

	notYet, err := eu.ResolvePromptWithResponse(ctx, "roles", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, notYet.StatusCode())

	promote := func(role string) *api.PromotePromptResponse {
		resp, err := w.tm.env.Client(w.people[role]).PromotePromptWithResponse(ctx, "roles", nil,
			api.PromoteRequest{Environment: "eu-production", VersionNumber: new(1)}, inProject(w.tm.project))
		require.NoError(t, err)
		return resp
	}
	refused := promote(auth.RoleEditor)
	require.Equal(t, http.StatusForbidden, refused.StatusCode(), string(refused.Body))
	require.Equal(t, api.RolePublisher, *refused.JSON403.Error.Details.RequiredRole)
	require.Equal(t, http.StatusOK, promote(auth.RolePublisher).StatusCode())

	resolved, err := eu.ResolvePromptWithResponse(ctx, "roles", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resolved.StatusCode(), string(resolved.Body))
	require.Equal(t, "eu-production", resolved.JSON200.Data.Environment)
	require.Equal(t, 1, resolved.JSON200.Data.VersionNumber)

	// Undeploying needs the same role as promoting there.
	undeploy := func(role string) *api.UndeployPromptResponse {
		resp, err := w.tm.env.Client(w.people[role]).UndeployPromptWithResponse(ctx, "roles", nil,
			api.UndeployRequest{Environment: "eu-production"}, inProject(w.tm.project))
		require.NoError(t, err)
		return resp
	}
	refusedUndeploy := undeploy(auth.RoleEditor)
	require.Equal(t, http.StatusForbidden, refusedUndeploy.StatusCode(), string(refusedUndeploy.Body))
	require.Equal(t, api.RolePublisher, *refusedUndeploy.JSON403.Error.Details.RequiredRole)
	require.Equal(t, http.StatusOK, undeploy(auth.RolePublisher).StatusCode())
}

// TestUnknownEnvironmentRefused: every way of naming an environment the project does not
// have (a body, a filter, a person's environment) is a 400 naming the field, and changes
// nothing; the same name added to another project does not count.
func TestUnknownEnvironmentRefused(t *testing.T) {
	t.Parallel()
	w := newRoleWorld(t)
	env := w.tm.env
	other := env.NewProject("other")
	newEnvironment(t, other, "qa")
	cases := map[string]struct {
		method, path, token, body, field string
	}{
		"CreateKey":      {http.MethodPost, "/api/v1/api-keys", w.tm.key, `{"environment":"qa"}`, "/environment"},
		"Promote":        {http.MethodPost, "/api/v1/prompts/roles/promote", w.tm.key, `{"environment":"qa","versionNumber":1}`, "/environment"},
		"Rollback":       {http.MethodPost, "/api/v1/prompts/roles/rollback", w.tm.key, `{"environment":"qa"}`, "/environment"},
		"Undeploy":       {http.MethodPost, "/api/v1/prompts/roles/undeploy", w.tm.key, `{"environment":"qa"}`, "/environment"},
		"DeploymentList": {http.MethodGet, "/api/v1/prompts/roles/deployments?environment=qa", w.tm.key, "", "environment"},
		"KeyList":        {http.MethodGet, "/api/v1/api-keys?environment=qa", w.tm.key, "", "environment"},
		"PersonResolve":  {http.MethodGet, "/api/v1/prompts/roles/resolve?environment=qa", w.people[auth.RoleViewer], "", "environment"},
		"PersonUsage":    {http.MethodGet, "/api/v1/analytics/summary?environment=qa", w.people[auth.RoleViewer], "", "environment"},
	}
	for name, c := range cases {
		before := env.Rows()
		contentType := ""
		if c.body != "" {
			contentType = "application/json"
		}
		req := env.Request(c.method, c.path, c.token, contentType, c.body)
		req.Header.Set("PromptOps-Project", w.tm.project.String())
		e := decodeError(t, env.Do(req), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
		require.Equal(t, []string{c.field}, fieldNames(e), name)
		require.Contains(t, (*e.Details.Fields)[0].Problem, `no environment "qa" in this project`, name)
		require.Equal(t, before, env.Rows(), name)
	}
}
