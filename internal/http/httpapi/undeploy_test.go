package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestUndeployPrompt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env    *apitest.Env
		p      *apitest.Project
		prompt api.Prompt
		v1, v2 api.Version
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("undeploy")
		prompt := env.NewPrompt(p, "footer")
		b := &testBundle{env: env, p: p, prompt: prompt, v1: env.NewVersion(p, prompt.Id, "one"), v2: env.NewVersion(p, prompt.Id, "two")}
		env.Promote(p, prompt.Id, b.v1.Id, "staging")
		env.Promote(p, prompt.Id, b.v2.Id, "staging")
		return b
	}
	undeploy := func(t *testing.T, b *testBundle, slug string, environment api.Environment) *api.UndeployPromptResponse {
		t.Helper()
		resp, err := b.p.Client.UndeployPromptWithResponse(ctx, slug, nil, api.UndeployRequest{Environment: environment})
		require.NoError(t, err)
		return resp
	}

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		staging := b.env.Client(b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "staging"}))
		live, err := staging.ResolvePromptWithResponse(ctx, "footer", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, live.StatusCode())

		resp := undeploy(t, b, "footer", "staging")
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		removed := resp.JSON200.Data
		require.Equal(t, "staging", removed.Environment)
		require.Equal(t, b.v2.Id, removed.VersionId)
		require.Equal(t, 2, removed.VersionNumber)

		gone, err := staging.ResolvePromptWithResponse(ctx, "footer", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, gone.StatusCode())

		hist, err := b.p.Client.ListDeploymentsWithResponse(ctx, "footer", &api.ListDeploymentsParams{Environment: new("staging")})
		require.NoError(t, err)
		top := hist.JSON200.Data[0]
		require.Equal(t, api.DeploymentHistoryEntryActionUndeploy, top.Action)
		require.Equal(t, b.v2.Id, top.VersionId)
		require.True(t, top.ReleaseId.IsNull())
		require.Len(t, hist.JSON200.Data, 3, "the history keeps every move")

		events, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventTypeDeploymentUndeployed)})
		require.NoError(t, err)
		require.Len(t, events.JSON200.Data, 1)
		var data map[string]any
		require.NoError(t, json.Unmarshal(events.JSON200.Data[0].Data, &data))
		require.Equal(t, "staging", data["environment"])
		require.Equal(t, b.v2.Id.String(), data["activeVersionId"])
		require.Contains(t, data, "releaseId")
		require.Nil(t, data["releaseId"])

		// Nothing to roll back to; the next promote starts afresh.
		back, err := b.p.Client.RollbackPromptWithResponse(ctx, "footer", nil, api.RollbackRequest{Environment: "staging"})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, back.StatusCode())
		b.env.Promote(b.p, b.prompt.Id, b.v1.Id, "staging")
		back, err = b.p.Client.RollbackPromptWithResponse(ctx, "footer", nil, api.RollbackRequest{Environment: "staging"})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, back.StatusCode(), "the promote before the undeploy is not returned to")
	})

	t.Run("NothingLive", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp := undeploy(t, b, "footer", "production")
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Contains(t, resp.JSON409.Error.Message, "No version of this prompt is live in production")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("ReleaseRollingOut", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var releaseID uuid.UUID
		require.NoError(t, b.env.Pool.QueryRow(ctx, `INSERT INTO releases (project_id, environment, status, strategy, salt)
			VALUES ($1, 'staging', 'rolling_out', '{"type":"split","percent":10}', 'salt') RETURNING id`, b.p.UUID()).Scan(&releaseID))
		_, err := b.env.Pool.Exec(ctx, `UPDATE deployments SET release_id = $1, candidate_version_id = $2 WHERE prompt_id = $3 AND environment = 'staging'`,
			releaseID, b.v1.Id, b.prompt.Id)
		require.NoError(t, err)
		before := b.env.RowsOf(b.p)
		resp := undeploy(t, b, "footer", "staging")
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Equal(t, "Release "+releaseID.String()+" is rolling footer out in staging: complete it or roll it back first.",
			resp.JSON409.Error.Message, "named, as promote and rollback name it")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("IncludedAsPartial", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		mail := b.env.NewPrompt(b.p, "mail")
		b.env.NewVersion(b.p, mail.Id, "Hi.\n{{> footer}}") // live in dev, where footer v2 is
		before := b.env.RowsOf(b.p)
		resp := undeploy(t, b, "footer", "dev")
		require.Equal(t, http.StatusConflict, resp.StatusCode())
		require.Contains(t, resp.JSON409.Error.Message, "include this one as a partial: mail")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("UnknownPrompt", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		require.Equal(t, http.StatusNotFound, undeploy(t, b, "nobody", "staging").StatusCode())
	})
}
