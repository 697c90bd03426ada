package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/http/httpapi"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// change is a release's change of slug to version number n.
func change(t *testing.T, slug string, n int) api.ReleaseChangeRequest {
	t.Helper()
	var v api.ReleaseChangeRequest_Version
	require.NoError(t, v.FromReleaseChangeRequestVersion0(n))
	return api.ReleaseChangeRequest{Prompt: slug, Version: v}
}

// createRelease creates a release with c and requires status.
func createRelease(t *testing.T, c *api.ClientWithResponses, body api.CreateReleaseRequest, status int, editors ...api.RequestEditorFn) api.Release {
	t.Helper()
	resp, err := c.CreateReleaseWithResponse(context.Background(), nil, body, editors...)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode(), string(resp.Body))
	switch status {
	case http.StatusCreated:
		return resp.JSON201.Data
	case http.StatusAccepted:
		return resp.JSON202.Data
	}
	return api.Release{}
}

// getRelease reads a release.
func getRelease(t *testing.T, c *api.ClientWithResponses, id uuid.UUID, editors ...api.RequestEditorFn) api.Release {
	t.Helper()
	resp, err := c.GetReleaseWithResponse(context.Background(), id, editors...)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data
}

// awaitRelease polls a release until it reaches status (a job moves it), failing after a
// deadline; it returns the release and how long it took.
func awaitRelease(t *testing.T, c *api.ClientWithResponses, id uuid.UUID, status api.ReleaseStatus) (api.Release, time.Duration) {
	t.Helper()
	start := time.Now()
	var last api.Release
	require.Eventually(t, func() bool {
		last = getRelease(t, c, id)
		return last.Status == status
	}, 30*time.Second, 50*time.Millisecond, "release %s never became %s", id, status)
	return last, time.Since(start)
}

// deployment reads a prompt's deployment row in env.
func deployment(t *testing.T, env *apitest.Env, prompt uuid.UUID, environment string) *dbsqlc.Deployment {
	t.Helper()
	d, err := dbsqlc.New().DeploymentGet(context.Background(), env.Pool, dbsqlc.DeploymentGetParams{PromptID: prompt, Environment: environment})
	require.NoError(t, err)
	return d
}

// twoPrompts makes prompts a and b in p, each with versions 1 and 2 (1 live in production).
func twoPrompts(t *testing.T, env *apitest.Env, p *apitest.Project, prefix string) (a, b api.Prompt, v [2][2]api.Version) {
	t.Helper()
	a, b = env.NewPrompt(p, prefix+"-a"), env.NewPrompt(p, prefix+"-b")
	for i, pr := range []api.Prompt{a, b} {
		v[i][0] = env.NewVersion(p, pr.Id, "one")
		v[i][1] = env.NewVersion(p, pr.Id, "two")
		env.Promote(p, pr.Id, v[i][0].Id, "production")
	}
	return a, b, v
}

// TestDeletePromptInRelease: a prompt that a release not yet ended moves cannot be
// deleted (409 naming the release, nothing changed), whether the release rolls out,
// waits for its time or for its approvals; once the release has ended it can.
func TestDeletePromptInRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release delete")
	twoPrompts(t, env, p, "del")
	split := &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}
	del := func(slug string) *api.DeletePromptResponse {
		t.Helper()
		resp, err := p.Client.DeletePromptWithResponse(ctx, slug)
		require.NoError(t, err)
		return resp
	}
	refused := func(slug string, r api.Release) {
		t.Helper()
		resp := del(slug)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Equal(t, api.ErrorCodeCONFLICT, resp.JSON409.Error.Code)
		require.Equal(t, fmt.Sprintf("Release %s (%s in production) moves %s: cancel it, complete it or roll it back first.", r.Id, r.Status, slug),
			resp.JSON409.Error.Message)
		got, err := p.Client.GetPromptWithResponse(ctx, slug)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, got.StatusCode(), "still there")
	}

	rolling := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "del-a", 2), change(t, "del-b", 2)}, Strategy: split}, http.StatusAccepted)
	refused("del-b", rolling)
	back, err := p.Client.RollbackReleaseWithResponse(ctx, rolling.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))

	at := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	scheduled := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "del-a", 2)}, ScheduledAt: &at}, http.StatusAccepted)
	refused("del-a", scheduled)
	cancel, err := p.Client.CancelReleaseWithResponse(ctx, scheduled.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, cancel.StatusCode(), string(cancel.Body))

	require.Equal(t, http.StatusNoContent, del("del-a").StatusCode(), "its releases have ended")
}

// TestReleaseImmediate: an immediate release of two prompts moves both at once (201,
// completed, from and to versions named, history rows carrying the release), and its
// rollback puts both back in one go.
func TestReleaseImmediate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release immediate")
	a, b, v := twoPrompts(t, env, p, "imm")

	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "imm-a", 2), change(t, "imm-b", 2)}, Message: new("both at once")}, http.StatusCreated)
	require.Equal(t, api.ReleaseStatusCompleted, r.Status)
	require.Equal(t, 100.0, r.Percent)
	require.Len(t, r.Changes, 2)
	for _, c := range r.Changes {
		require.Equal(t, 1, c.FromVersionNumber.MustGet())
		require.Equal(t, 2, c.ToVersionNumber)
	}
	require.Equal(t, v[0][1].Id, deployment(t, env, a.Id, "production").VersionID)
	require.Equal(t, v[1][1].Id, deployment(t, env, b.Id, "production").VersionID)
	var withRelease int
	require.NoError(t, env.Pool.QueryRow(ctx, "SELECT count(*) FROM deployment_history WHERE release_id = $1 AND action = 'promote'", r.Id).Scan(&withRelease))
	require.Equal(t, 2, withRelease)

	back, err := p.Client.RollbackReleaseWithResponse(ctx, r.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	require.Equal(t, api.ReleaseStatusRolledBack, back.JSON200.Data.Status)
	require.Contains(t, back.JSON200.Data.RollbackReason.MustGet(), "rolled back by key")
	require.Equal(t, v[0][0].Id, deployment(t, env, a.Id, "production").VersionID)
	require.Equal(t, v[1][0].Id, deployment(t, env, b.Id, "production").VersionID)

	again, err := p.Client.RollbackReleaseWithResponse(ctx, r.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, again.StatusCode(), string(again.Body))

	list, err := p.Client.ListReleasesWithResponse(ctx, &api.ListReleasesParams{Prompt: new("imm-b")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
	require.Len(t, list.JSON200.Data, 1)
	require.Equal(t, r.Id, list.JSON200.Data[0].Id)
}

// TestReleaseRollbackUndeploys: rolling back a completed release of a prompt that had no
// version live takes it out of the environment; a prompt moved since is a 409 naming it.
func TestReleaseRollbackUndeploys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release undeploy")
	a := env.NewPrompt(p, "fresh")
	env.NewVersion(p, a.Id, "one")
	v2 := env.NewVersion(p, a.Id, "two")

	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "staging", Changes: []api.ReleaseChangeRequest{change(t, "fresh", 1)}}, http.StatusCreated)
	require.False(t, r.Changes[0].FromVersionNumber.IsSpecified() && !r.Changes[0].FromVersionNumber.IsNull())

	moved := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{change(t, "fresh", 1)}}, http.StatusCreated)
	env.Promote(p, a.Id, v2.Id, "production")
	refused, err := p.Client.RollbackReleaseWithResponse(ctx, moved.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, refused.StatusCode(), string(refused.Body))
	require.Contains(t, refused.JSON409.Error.Message, "fresh has moved in production")

	back, err := p.Client.RollbackReleaseWithResponse(ctx, r.Id, nil, api.RollbackReleaseRequest{Reason: new("wrong prompt")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	require.Equal(t, "wrong prompt", back.JSON200.Data.RollbackReason.MustGet())
	_, err = dbsqlc.New().DeploymentGet(ctx, env.Pool, dbsqlc.DeploymentGetParams{PromptID: a.Id, Environment: "staging"})
	require.Error(t, err, "the prompt is out of staging")
}

// TestReleaseSplitAndGradual: a split and a gradual release make rolling_out deployments
// (the candidate and the release on the row, the share on the release); a promote of a
// prompt being rolled out is a 409 naming the release; complete makes the candidate live,
// rollback drops it; cancel of a rolling release is a 409.
func TestReleaseSplitAndGradual(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release split")
	a, b, v := twoPrompts(t, env, p, "split")

	before := env.RowsOf(p)
	split := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "split-a", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)
	require.Equal(t, api.ReleaseStatusRollingOut, split.Status)
	require.Equal(t, 10.0, split.Percent)
	after := env.RowsOf(p)
	require.Equal(t, before.DeploymentHistory+1, after.DeploymentHistory, "the rollout's row only: the trial of its completion left nothing")
	require.Equal(t, before.Events+2, after.Events, "release.created and release.started only")
	d := deployment(t, env, a.Id, "production")
	require.Equal(t, v[0][0].Id, d.VersionID)
	require.Equal(t, v[0][1].Id, *d.CandidateVersionID)
	require.Equal(t, split.Id, *d.ReleaseID)

	promote, err := p.Client.PromotePromptWithResponse(ctx, "split-a", nil, api.PromoteRequest{Environment: "production", VersionNumber: new(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, promote.StatusCode(), string(promote.Body))
	require.Contains(t, promote.JSON409.Error.Message, split.Id.String())
	other := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "split-a", 2)}}, http.StatusConflict)
	require.Empty(t, other.Id)

	cancel, err := p.Client.CancelReleaseWithResponse(ctx, split.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, cancel.StatusCode(), string(cancel.Body))
	done, err := p.Client.CompleteReleaseWithResponse(ctx, split.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
	require.Equal(t, api.ReleaseStatusCompleted, done.JSON200.Data.Status)
	d = deployment(t, env, a.Id, "production")
	require.Equal(t, v[0][1].Id, d.VersionID)
	require.Nil(t, d.CandidateVersionID)
	require.Nil(t, d.ReleaseID)
	again, err := p.Client.CompleteReleaseWithResponse(ctx, split.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, again.StatusCode(), string(again.Body))

	gradual := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "split-b", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
			Steps: &[]api.ReleaseStep{{Percent: 5, Duration: "1h"}, {Percent: 25, Duration: "1h"}}}}, http.StatusAccepted)
	require.Equal(t, api.ReleaseStatusRollingOut, gradual.Status)
	require.Equal(t, 5.0, gradual.Percent)
	require.Equal(t, v[1][1].Id, *deployment(t, env, b.Id, "production").CandidateVersionID)
	back, err := p.Client.RollbackReleaseWithResponse(ctx, gradual.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	d = deployment(t, env, b.Id, "production")
	require.Equal(t, v[1][0].Id, d.VersionID)
	require.Nil(t, d.CandidateVersionID)
}

// TestReleaseCompletesPastVersionLiveAlready: a split or gradual release of two prompts,
// the first of which (by slug) has the release's version live already, completes (by
// hand, or by itself after its last step) and makes the other prompt's version live.
func TestReleaseCompletesPastVersionLiveAlready(t *testing.T) {
	t.Parallel()
	start := func(t *testing.T, env *apitest.Env, strategy api.ReleaseStrategy) (*apitest.Project, api.Release, api.Prompt, api.Version) {
		t.Helper()
		p := env.NewProject("release live already")
		a, b, v := twoPrompts(t, env, p, "live")
		env.Promote(p, a.Id, v[0][1].Id, "production")
		r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "live-a", 2), change(t, "live-b", 2)}, Strategy: &strategy}, http.StatusAccepted)
		require.Equal(t, api.ReleaseStatusRollingOut, r.Status)
		require.Equal(t, v[1][1].Id, *deployment(t, env, b.Id, "production").CandidateVersionID)
		return p, r, b, v[1][1]
	}

	t.Run("Complete", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p, r, b, v2 := start(t, env, api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)})
		done, err := p.Client.CompleteReleaseWithResponse(context.Background(), r.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
		require.Equal(t, api.ReleaseStatusCompleted, done.JSON200.Data.Status)
		d := deployment(t, env, b.Id, "production")
		require.Equal(t, v2.Id, d.VersionID)
		require.Nil(t, d.ReleaseID)
	})

	t.Run("Gradual", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t, fastReleases)
		p, r, b, v2 := start(t, env, api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
			Steps: &[]api.ReleaseStep{{Percent: 10, Duration: "1s"}}})
		awaitRelease(t, p.Client, r.Id, api.ReleaseStatusCompleted)
		require.Equal(t, v2.Id, deployment(t, env, b.Id, "production").VersionID)
	})
}

// TestReleaseLeavesVersionLiveAlreadyFree: a split release holds only the prompts it rolls
// out. One of its prompts whose version was live already when it applied is left as it
// was: a rollback, promote and undeploy of it go on during the release (200), completing
// the release leaves it where they put it, and rolling the completed release back puts
// the other prompt back, not refused for this one, which it never moved.
func TestReleaseLeavesVersionLiveAlreadyFree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release live already free")
	a, b, v := twoPrompts(t, env, p, "free")
	env.Promote(p, a.Id, v[0][1].Id, "production")
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "free-a", 2), change(t, "free-b", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)

	rollback, err := p.Client.RollbackPromptWithResponse(ctx, "free-a", nil, api.RollbackRequest{Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rollback.StatusCode(), string(rollback.Body))
	promote, err := p.Client.PromotePromptWithResponse(ctx, "free-a", nil, api.PromoteRequest{Environment: "production", VersionNumber: new(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, promote.StatusCode(), string(promote.Body))
	undeploy, err := p.Client.UndeployPromptWithResponse(ctx, "free-a", nil, api.UndeployRequest{Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, undeploy.StatusCode(), string(undeploy.Body))

	done, err := p.Client.CompleteReleaseWithResponse(ctx, r.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
	_, err = dbsqlc.New().DeploymentGet(ctx, env.Pool, dbsqlc.DeploymentGetParams{PromptID: a.Id, Environment: "production"})
	require.ErrorIs(t, err, pgx.ErrNoRows, "free-a stays undeployed")
	require.Equal(t, v[1][1].Id, deployment(t, env, b.Id, "production").VersionID)

	back, err := p.Client.RollbackReleaseWithResponse(ctx, r.Id, nil, api.RollbackReleaseRequest{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	require.Equal(t, v[1][0].Id, deployment(t, env, b.Id, "production").VersionID)
	_, err = dbsqlc.New().DeploymentGet(ctx, env.Pool, dbsqlc.DeploymentGetParams{PromptID: a.Id, Environment: "production"})
	require.ErrorIs(t, err, pgx.ErrNoRows, "free-a is left as it was")
}

// TestReleaseRefusals: a release's bad shape is a 400 naming the field, an unknown prompt
// or version a 404 naming it, and a refused release leaves no row.
func TestReleaseRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release refusals")
	twoPrompts(t, env, p, "bad")
	one := []api.ReleaseChangeRequest{change(t, "bad-a", 2)}
	past := time.Now().Add(-time.Minute)
	for _, tt := range []struct {
		name  string
		body  api.CreateReleaseRequest
		field string
	}{
		{"NoChanges", api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{}}, "/changes"},
		{"PromptTwice", api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{change(t, "bad-a", 2), change(t, "bad-a", 1)}}, "/changes/1/prompt"},
		{"SplitAll", api.CreateReleaseRequest{Environment: "production", Changes: one, Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(100.0)}}, "/strategy/percent"},
		{"StepsDown", api.CreateReleaseRequest{Environment: "production", Changes: one, Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
			Steps: &[]api.ReleaseStep{{Percent: 50, Duration: "1m"}, {Percent: 20, Duration: "1m"}}}}, "/strategy/steps/1/percent"},
		{"StepTooShort", api.CreateReleaseRequest{Environment: "production", Changes: one, Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
			Steps: &[]api.ReleaseStep{{Percent: 50, Duration: "10ms"}}}}, "/strategy/steps/0/duration"},
		{"GuardWithoutThreshold", api.CreateReleaseRequest{Environment: "production", Changes: one, Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(5.0),
			Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, MinCalls: 10}}}}, "/strategy/guards/0"},
		{"ScheduledInThePast", api.CreateReleaseRequest{Environment: "production", Changes: one, ScheduledAt: &past}, "/scheduledAt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := p.Client.CreateReleaseWithResponse(ctx, nil, tt.body)
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			require.Equal(t, tt.field, (*resp.JSON400.Error.Details.Fields)[0].Field)
		})
	}
	for _, c := range []api.ReleaseChangeRequest{change(t, "no-such-prompt", 1), change(t, "bad-a", 9)} {
		resp, err := p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{c}})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON404.Error.Message, c.Prompt)
	}
	var releases int
	require.NoError(t, env.Pool.QueryRow(ctx, "SELECT count(*) FROM releases WHERE project_id = $1", p.UUID()).Scan(&releases))
	require.Zero(t, releases)
}

// TestReleasePredecessor: an environment that requires a predecessor refuses (409, naming
// it) a version never live there, and takes it once it has been.
func TestReleasePredecessor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release predecessor")
	a, _, v := twoPrompts(t, env, p, "pred")
	testfactory.Protect(ctx, t, env.Pool, p.UUID(), "production", &testfactory.ProtectionOpts{RequiredPredecessor: new("staging")})
	body := api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{change(t, "pred-a", 2)}}

	resp, err := p.Client.CreateReleaseWithResponse(ctx, nil, body)
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
	require.Contains(t, resp.JSON409.Error.Message, "pred-a v2 has never been live in staging")

	env.Promote(p, a.Id, v[0][1].Id, "staging")
	createRelease(t, p.Client, body, http.StatusCreated)
}

// TestReleaseScheduleSurvivesRestart: a scheduled release (202, scheduled) is applied by
// its job at its time by another instance, the first having stopped before it; a
// cancelled one never applies, though its job runs.
func TestReleaseScheduleSurvivesRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	first := apitest.New(t)
	p := first.NewProject("release schedule")
	twoPrompts(t, first, p, "sched")
	at := time.Now().Add(3 * time.Second)
	scheduled := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "sched-a", 2)}, ScheduledAt: &at}, http.StatusAccepted)
	require.Equal(t, api.ReleaseStatusScheduled, scheduled.Status)
	cancelled := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "sched-b", 2)}, ScheduledAt: &at}, http.StatusAccepted)
	resp, err := p.Client.CancelReleaseWithResponse(ctx, cancelled.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Equal(t, api.ReleaseStatusCancelled, resp.JSON200.Data.Status)

	require.NoError(t, first.Server.Stop(ctx))
	second := first.NewInstance()
	c := second.Client(p.Key)
	applied, _ := awaitRelease(t, c, scheduled.Id, api.ReleaseStatusCompleted)
	require.False(t, applied.StartedAt.MustGet().Before(at), "applied at its time, not before")

	require.Eventually(t, func() bool {
		var done bool
		err := second.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM river_job WHERE kind = 'release_apply'
			AND args->>'releaseId' = $1 AND state = 'completed')`, cancelled.Id.String()).Scan(&done)
		require.NoError(t, err)
		return done
	}, 30*time.Second, 50*time.Millisecond)
	require.Equal(t, api.ReleaseStatusCancelled, getRelease(t, c, cancelled.Id).Status)
}

// TestReleaseScheduledButRefused: a scheduled release whose time comes while another
// release rolls its prompt out cannot apply; it is cancelled, saying why, with
// release.cancelled, rather than left scheduled past its time.
func TestReleaseScheduledButRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release scheduled refused")
	twoPrompts(t, env, p, "late")
	at := time.Now().Add(2 * time.Second)
	scheduled := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "late-a", 2)}, ScheduledAt: &at}, http.StatusAccepted)
	rolling := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "late-a", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)
	require.Equal(t, api.ReleaseStatusRollingOut, rolling.Status)

	cancelled, _ := awaitRelease(t, p.Client, scheduled.Id, api.ReleaseStatusCancelled)
	require.Equal(t, "Could not apply at its scheduled time: Release "+rolling.Id.String()+
		" is rolling late-a out in production: complete it or roll it back first.", cancelled.RollbackReason.MustGet())
	require.True(t, cancelled.FinishedAt.IsSpecified())
	kind := api.EventType("release.cancelled")
	list, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &kind})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
	require.Len(t, list.JSON200.Data, 1)
	require.Contains(t, string(list.JSON200.Data[0].Data), scheduled.Id.String())
}

// TestReleaseHeldWhenStateRefusesCompletion: a gradual release of a partial whose
// completion the project's state comes to refuse while it rolls out (a prompt that
// includes the partial, promoted in production since, would compose past the render limit
// with its new version) is held after its last step as it is: still rolling out at its
// step's share, waitingFor saying why, release.held recorded once, its evaluation job
// snoozing rather than failing. A person's complete gets the same 409; once the includer
// is rolled back, the next evaluation completes the release.
func TestReleaseHeldWhenStateRefusesCompletion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, fastReleases, withComposeLimit)
	p := env.NewProject("release held")
	f := newPartialFixture(t, env, p)
	part, outer, heavy, partV2 := f.part, f.outer, f.heavy, f.partV2
	// The guard holds the step until both variants have had a call, so the release cannot
	// complete before the includer is promoted.
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "part", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
			Steps:  &[]api.ReleaseStep{{Percent: 10, Duration: "1s"}},
			Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, MaxIncrease: new(0.5), MinCalls: 1}}}}, http.StatusAccepted)
	// Allowed: outer includes part's current version while the release rolls out (700 bytes).
	env.Promote(p, outer.Id, heavy.Id, "production")
	for _, variant := range []string{"current", "candidate"} {
		testfactory.ReleaseMetrics(ctx, t, env.Pool, r.Id, part.Id, variant, &testfactory.ReleaseMetricsOpts{Calls: 1})
	}

	var held api.Release
	require.Eventually(t, func() bool {
		held = getRelease(t, p.Client, r.Id)
		return len(held.WaitingFor) > 0
	}, 30*time.Second, 50*time.Millisecond, "the release never said what holds it")
	require.Equal(t, api.ReleaseStatusRollingOut, held.Status)
	require.Equal(t, 10.0, held.Percent)
	require.Equal(t, partV2.Id, *deployment(t, env, part.Id, "production").CandidateVersionID, "still serving its share")
	require.Len(t, held.WaitingFor, 1)
	require.Contains(t, held.WaitingFor[0], "the project's state to let it complete: The release could not complete: part v2 cannot be live in production: ")
	require.Contains(t, held.WaitingFor[0], "more than the render limit of 65536 bytes")

	done, err := p.Client.CompleteReleaseWithResponse(ctx, r.Id, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, done.StatusCode(), string(done.Body))
	require.Equal(t, "the project's state to let it complete: "+done.JSON409.Error.Message, held.WaitingFor[0])

	job := func() (attempted time.Time, errs int) {
		t.Helper()
		require.NoError(t, env.Pool.QueryRow(ctx, `SELECT attempted_at, coalesce(array_length(errors, 1), 0) FROM river_job
			WHERE kind = 'release_evaluate' AND args->>'releaseId' = $1`, r.Id.String()).Scan(&attempted, &errs))
		return attempted, errs
	}
	first, _ := job()
	require.Eventually(t, func() bool { at, _ := job(); return at.After(first) }, 30*time.Second, 50*time.Millisecond,
		"the release is evaluated again")
	_, errs := job()
	require.Zero(t, errs, "the evaluation snoozes; it does not fail")
	heldEvents, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventType("release.held"))})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, heldEvents.StatusCode(), string(heldEvents.Body))
	require.Len(t, heldEvents.JSON200.Data, 1, "recorded when the hold began, not at each evaluation")

	back, err := p.Client.RollbackPromptWithResponse(ctx, "outer", nil, api.RollbackRequest{Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	completed, _ := awaitRelease(t, p.Client, r.Id, api.ReleaseStatusCompleted)
	require.Empty(t, completed.WaitingFor)
	require.Equal(t, partV2.Id, deployment(t, env, part.Id, "production").VersionID)
}

// TestReleasePendingHeldWhenStateRefusesStart: a release pending on a check whose report
// leaves it nothing else to wait for, but that the project's state refuses to start (it
// could never complete), stays pending, held, saying why in waitingFor, with one
// release.held; the first reconsideration after the state allows it starts it.
func TestReleasePendingHeldWhenStateRefusesStart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, fastReleases, withComposeLimit)
	p := env.NewProject("release pending held")
	f := newPartialFixture(t, env, p)
	env.Promote(p, f.outer.Id, f.heavy.Id, "production") // 70,000 bytes with part v2
	part, partV2 := f.part, f.partV2
	protected := protect(t, p, "production", api.EnvironmentProtection{RequiredChecks: &[]api.CheckName{"eval"}})
	require.Equal(t, http.StatusOK, protected.StatusCode(), string(protected.Body))
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "part", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)
	require.Equal(t, []string{`check "eval" to pass on part v2`}, r.WaitingFor)

	reportEval(t, p, "part", api.CheckStatusPassed, 1)
	held := getRelease(t, p.Client, r.Id)
	require.Equal(t, api.ReleaseStatusPendingApproval, held.Status)
	require.Len(t, held.WaitingFor, 1)
	require.True(t, strings.HasPrefix(held.WaitingFor[0], "the project's state to let it apply: The release could not complete: part v2 cannot be live in production: "+
		"outer composed with its partials is 70000 bytes"), held.WaitingFor[0])
	heldEvents, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventType("release.held"))})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, heldEvents.StatusCode(), string(heldEvents.Body))
	require.Len(t, heldEvents.JSON200.Data, 1)

	back, err := p.Client.RollbackPromptWithResponse(ctx, "outer", nil, api.RollbackRequest{Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
	started, _ := awaitRelease(t, p.Client, r.Id, api.ReleaseStatusRollingOut)
	require.Empty(t, started.WaitingFor, "a started release is held by nothing")
	require.Equal(t, partV2.Id, *deployment(t, env, part.Id, "production").CandidateVersionID)
}

// fastReleases evaluates rolling releases every second.
func fastReleases(o *server.Options) { o.ReleaseEvaluationInterval = time.Second }

// TestReleaseMovesAPartialAndItsIncluderTogether: a release of a partial and a prompt
// that includes it is judged by the state it leaves, whatever the order of their slugs.
// The partial, alpha, sorts first: made live before zeta moves, it would compose zeta
// past the limit (70,000 bytes) on the way, and so would its rollback.
func TestReleaseMovesAPartialAndItsIncluderTogether(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	both := []api.ReleaseChangeRequest{change(t, "alpha", 2), change(t, "zeta", 2)}

	// live makes alpha and zeta live in production with the given templates, then
	// creates their second versions; it returns the versions of each, by number.
	live := func(t *testing.T, env *apitest.Env, p *apitest.Project, alpha, zeta [2]string) (a, z [2]api.Version) {
		t.Helper()
		alphaP, zetaP := env.NewPrompt(p, "alpha"), env.NewPrompt(p, "zeta")
		a[0], z[0] = version(t, p, alphaP.Id, alpha[0]), version(t, p, zetaP.Id, zeta[0])
		env.Promote(p, alphaP.Id, a[0].Id, "production")
		env.Promote(p, zetaP.Id, z[0].Id, "production")
		// In dev each new version is live at once: the smaller side goes first.
		if len(zeta[1]) < len(zeta[0]) {
			z[1], a[1] = version(t, p, zetaP.Id, zeta[1]), version(t, p, alphaP.Id, alpha[1])
		} else {
			a[1], z[1] = version(t, p, alphaP.Id, alpha[1]), version(t, p, zetaP.Id, zeta[1])
		}
		return a, z
	}
	requireLive := func(t *testing.T, env *apitest.Env, vs ...api.Version) {
		t.Helper()
		for _, v := range vs {
			require.Equal(t, v.Id, deployment(t, env, v.PromptId, "production").VersionID)
		}
	}

	t.Run("Immediate", func(t *testing.T) {
		t.Parallel()
		env := apitest.SharedAs(t, "compose", withComposeLimit)
		p := env.NewProject("release together")
		a, z := live(t, env, p, [2]string{"l", strings.Repeat("l", 100)}, [2]string{tags("alpha", 700), tags("alpha", 10)})
		createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production", Changes: both}, http.StatusCreated)
		requireLive(t, env, a[1], z[1])
	})

	t.Run("Split", func(t *testing.T) {
		t.Parallel()
		env := apitest.SharedAs(t, "compose", withComposeLimit)
		p := env.NewProject("release together")
		a, z := live(t, env, p, [2]string{"l", strings.Repeat("l", 100)}, [2]string{tags("alpha", 700), tags("alpha", 10)})
		r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production", Changes: both,
			Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)
		done, err := p.Client.CompleteReleaseWithResponse(ctx, r.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
		requireLive(t, env, a[1], z[1])
	})

	t.Run("Rollback", func(t *testing.T) {
		t.Parallel()
		env := apitest.SharedAs(t, "compose", withComposeLimit)
		p := env.NewProject("release together")
		a, z := live(t, env, p, [2]string{strings.Repeat("l", 100), "l"}, [2]string{tags("alpha", 10), tags("alpha", 700)})
		r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production", Changes: both}, http.StatusCreated)
		requireLive(t, env, a[1], z[1])
		back, err := p.Client.RollbackReleaseWithResponse(ctx, r.Id, nil, api.RollbackReleaseRequest{})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
		requireLive(t, env, a[0], z[0])
	})

	t.Run("StillRefusedWhenTheEndStateIs", func(t *testing.T) {
		t.Parallel()
		env := apitest.SharedAs(t, "compose", withComposeLimit)
		p := env.NewProject("release together")
		alphaP, zetaP := env.NewPrompt(p, "alpha"), env.NewPrompt(p, "zeta")
		a, z := version(t, p, alphaP.Id, "l"), version(t, p, zetaP.Id, tags("alpha", 700))
		env.Promote(p, alphaP.Id, a.Id, "production")
		env.Promote(p, zetaP.Id, z.Id, "production")
		version(t, p, zetaP.Id, tags("alpha", 699)) // 69,900 bytes with alpha v2
		version(t, p, zetaP.Id, "short")            // dev's zeta includes no alpha
		version(t, p, alphaP.Id, strings.Repeat("l", 100))
		resp, err := p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production", Changes: both})
		require.NoError(t, err)
		requireComposeRefused(t, resp.StatusCode(), resp.JSON409, 69_900, "zeta", "alpha")
		require.Contains(t, resp.JSON409.Error.Message, "The release could not complete: alpha v2 cannot be live in production: zeta composed")
		requireLive(t, env, a, z)
	})
}

func TestReleaseRefusedWhenItCouldNeverComplete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env         *apitest.Env
		p           *apitest.Project
		part, outer api.Prompt
		heavy       api.Version        // outer's, live in production: 700 tags of part
		live        *dbsqlc.Deployment // part's in production
	}
	// setup makes part (1 byte) live in production, and outer there, "short" then 700 tags
	// of part (700 bytes), then part v2 of 100 bytes: outer would be 70,000 bytes with it.
	setup := func(t *testing.T, env *apitest.Env, p *apitest.Project) *testBundle {
		t.Helper()
		f := newPartialFixture(t, env, p)
		env.Promote(p, f.outer.Id, f.heavy.Id, "production")
		return &testBundle{env: env, p: p, part: f.part, outer: f.outer, heavy: f.heavy, live: deployment(t, env, f.part.Id, "production")}
	}
	requireRefused := func(t *testing.T, status int, e *api.Error) {
		t.Helper()
		requireComposeRefused(t, status, e, 70_000, "outer", "part")
		require.Contains(t, e.Error.Message, "The release could not complete: part v2 cannot be live in production: outer composed with its partials is 70000 bytes")
	}
	split := &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}

	for _, tt := range []struct {
		name     string
		strategy *api.ReleaseStrategy
	}{
		{"Split", split},
		{"Gradual", &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual, Steps: &[]api.ReleaseStep{{Percent: 10, Duration: "1s"}, {Percent: 50, Duration: "1s"}}}},
		{"Immediate", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := apitest.SharedAs(t, "compose", withComposeLimit)
			b := setup(t, env, env.NewProject("release doomed"))
			before := b.env.RowsOf(b.p)
			resp, err := b.p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production",
				Changes: []api.ReleaseChangeRequest{change(t, "part", 2)}, Strategy: tt.strategy})
			require.NoError(t, err)
			requireRefused(t, resp.StatusCode(), resp.JSON409)
			require.Equal(t, before, b.env.RowsOf(b.p), "no event, no deployment, no history")
			list, err := b.p.Client.ListReleasesWithResponse(ctx, nil)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
			require.Empty(t, list.JSON200.Data)
			require.Equal(t, b.live, deployment(t, b.env, b.part.Id, "production"))
		})
	}

	t.Run("PendingApprovalRefusedWhenApproved", func(t *testing.T) {
		t.Parallel()
		tm := newTeam(t, withComposeLimit)
		approver, _ := tm.join(t, "approver@example.com", api.RolePublisher)
		b := setup(t, tm.env, &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: tm.env.Client(tm.key)})
		testfactory.Protect(ctx, t, tm.env.Pool, tm.project, "production", &testfactory.ProtectionOpts{RequiredApprovals: new(1)})
		r := createRelease(t, b.p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "part", 2)}, Strategy: split}, http.StatusAccepted)
		require.Equal(t, api.ReleaseStatusPendingApproval, r.Status)

		resp, err := approver.ApproveReleaseWithResponse(ctx, r.Id, nil, api.ReviewRequest{}, inProject(tm.project))
		require.NoError(t, err)
		requireRefused(t, resp.StatusCode(), resp.JSON409)
		still := getRelease(t, b.p.Client, r.Id)
		require.Equal(t, api.ReleaseStatusPendingApproval, still.Status)
		require.Empty(t, still.Reviews, "the refused approval is not recorded")
		require.Equal(t, b.live, deployment(t, b.env, b.part.Id, "production"))
	})

	t.Run("ScheduledCancelledAtItsTime", func(t *testing.T) {
		t.Parallel()
		env := apitest.SharedAs(t, "compose", withComposeLimit)
		b := setup(t, env, env.NewProject("release doomed scheduled"))
		back, err := b.p.Client.RollbackPromptWithResponse(ctx, "outer", nil, api.RollbackRequest{Environment: "production"})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, back.StatusCode(), string(back.Body))
		at := time.Now().Add(2 * time.Second)
		r := createRelease(t, b.p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "part", 2)}, Strategy: split, ScheduledAt: &at}, http.StatusAccepted)
		require.Equal(t, api.ReleaseStatusScheduled, r.Status)
		b.env.Promote(b.p, b.outer.Id, b.heavy.Id, "production") // outer includes part v1 meanwhile: 700 bytes

		cancelled, _ := awaitRelease(t, b.p.Client, r.Id, api.ReleaseStatusCancelled)
		require.Equal(t, "Could not apply at its scheduled time: The release could not complete: part v2 cannot be live in production: "+
			"outer composed with its partials is 70000 bytes, more than the render limit of 65536 bytes; the most comes through outer > part (700 tags).",
			cancelled.RollbackReason.MustGet())
		require.Nil(t, deployment(t, b.env, b.part.Id, "production").CandidateVersionID)
	})
}

// TestReleaseGradualAdvances: a gradual release with second-long steps and no guards
// advances through each (release.advanced) and completes by itself.
func TestReleaseGradualAdvances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, fastReleases)
	p := env.NewProject("release gradual")
	a, _, v := twoPrompts(t, env, p, "grad")
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "grad-a", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual,
			Steps: &[]api.ReleaseStep{{Percent: 10, Duration: "1s"}, {Percent: 50, Duration: "1s"}}}}, http.StatusAccepted)

	done, took := awaitRelease(t, p.Client, r.Id, api.ReleaseStatusCompleted)
	t.Logf("two one-second steps completed in %s", took)
	require.Equal(t, 100.0, done.Percent)
	require.Equal(t, v[0][1].Id, deployment(t, env, a.Id, "production").VersionID)
	advanced := api.EventType("release.advanced")
	events, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &advanced})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, events.StatusCode(), string(events.Body))
	require.Len(t, events.JSON200.Data, 1)
}

// TestReleaseGuardBreachRollsBack: a split whose candidate's tracked error rate passes its
// guard is rolled back by the evaluation job, saying which prompt and guard, with the
// figures.
func TestReleaseGuardBreachRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, fastReleases)
	p := env.NewProject("release guard")
	a, _, v := twoPrompts(t, env, p, "guard")
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "guard-a", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(50.0),
			Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, Max: new(0.1), MinCalls: 10}}}}, http.StatusAccepted)

	testfactory.ReleaseMetrics(ctx, t, env.Pool, r.Id, a.Id, "current", &testfactory.ReleaseMetricsOpts{Calls: 20})
	testfactory.ReleaseMetrics(ctx, t, env.Pool, r.Id, a.Id, "candidate", &testfactory.ReleaseMetricsOpts{Calls: 20, Errors: 10})
	back, took := awaitRelease(t, p.Client, r.Id, api.ReleaseStatusRolledBack)
	t.Logf("rolled back %s after the metrics (evaluation interval 1s)", took)
	require.Contains(t, back.RollbackReason.MustGet(), "guard-a v2")
	require.Contains(t, back.RollbackReason.MustGet(), "errorRate of the candidate is 0.5 over 20 calls")
	d := deployment(t, env, a.Id, "production")
	require.Equal(t, v[0][0].Id, d.VersionID)
	require.Nil(t, d.CandidateVersionID)
	rolledBack := api.EventType("release.rolled_back")
	events, err := p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &rolledBack})
	require.NoError(t, err)
	require.Len(t, events.JSON200.Data, 1)
}

// TestReleaseGuardsSkipVersionLiveAlready: a gradual release with a guard, of two prompts
// one of which has the release's version live already, judges its guard on the other only
// (the first has no candidate, so no calls of the release), as its analytics show, and
// completes once that prompt's candidate holds.
func TestReleaseGuardsSkipVersionLiveAlready(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, fastReleases)
	p := env.NewProject("release guard live already")
	a, b, v := twoPrompts(t, env, p, "held")
	env.Promote(p, a.Id, v[0][1].Id, "production")
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "held-a", 2), change(t, "held-b", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeGradual, Steps: &[]api.ReleaseStep{{Percent: 10, Duration: "1s"}},
			Guards: &[]api.ReleaseGuard{{Metric: api.ReleaseGuardMetricErrorRate, Max: new(0.5), MinCalls: 1}}}}, http.StatusAccepted)
	prod := api.Environment("production")
	var calls []api.AnalyticsEvent
	for _, slug := range []string{"held-a", "held-b"} {
		calls = append(calls, api.AnalyticsEvent{Type: "prompt.used", Slug: slug, VersionNumber: 2, LatencyMs: 50, Success: true, Environment: &prod})
	}
	accepted(t, track(t, env, p.Key, calls...))

	awaitRelease(t, p.Client, r.Id, api.ReleaseStatusCompleted)
	require.Equal(t, v[1][1].Id, deployment(t, env, b.Id, "production").VersionID)
	guards := releaseAnalytics(t, p, r.Id, http.StatusOK).JSON200.Data.Guards
	require.Len(t, guards, 1, "no verdict on held-a, which the release leaves as it was")
	require.Equal(t, "held-b", guards[0].Prompt)
	require.Equal(t, api.ReleaseAnalyticsGuardVerdictHolding, guards[0].Verdict)
}

// TestReleaseApprovals: into an environment needing two approvals a release waits
// (pending_approval, 202, waitingFor), its author cannot approve it (403), an API key
// cannot (403), nobody reviews twice (409), and the second approval applies it; one
// rejection ends another.
func TestReleaseApprovals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := newTeam(t)
	author, _ := tm.join(t, "author@example.com", api.RolePublisher)
	first, _ := tm.join(t, "first@example.com", api.RolePublisher)
	second, _ := tm.join(t, "second@example.com", api.RoleAdmin)
	p := &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: tm.env.Client(tm.key)}
	a, _, v := twoPrompts(t, tm.env, p, "appr")
	testfactory.Protect(ctx, t, tm.env.Pool, tm.project, "production", &testfactory.ProtectionOpts{RequiredApprovals: new(2)})
	in := inProject(tm.project)
	body := api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{change(t, "appr-a", 2)}}

	r := createRelease(t, author, body, http.StatusAccepted, in)
	require.Equal(t, api.ReleaseStatusPendingApproval, r.Status)
	require.Equal(t, []string{"2 more approvals"}, r.WaitingFor)
	approve := func(c *api.ClientWithResponses, status int, editors ...api.RequestEditorFn) *api.ApproveReleaseResponse {
		t.Helper()
		resp, err := c.ApproveReleaseWithResponse(ctx, r.Id, nil, api.ReviewRequest{Comment: new("looks right")}, editors...)
		require.NoError(t, err)
		require.Equal(t, status, resp.StatusCode(), string(resp.Body))
		return resp
	}
	self := approve(author, http.StatusForbidden, in)
	require.Contains(t, self.JSON403.Error.Message, "author")
	approve(p.Client, http.StatusForbidden)
	once := approve(first, http.StatusOK, in)
	require.Equal(t, []string{"1 more approval"}, once.JSON200.Data.WaitingFor)
	approve(first, http.StatusConflict, in)
	require.Equal(t, v[0][0].Id, deployment(t, tm.env, a.Id, "production").VersionID, "nothing moves before the approvals")
	applied := approve(second, http.StatusOK, in)
	require.Equal(t, api.ReleaseStatusCompleted, applied.JSON200.Data.Status)
	require.Len(t, applied.JSON200.Data.Reviews, 2)
	require.Equal(t, v[0][1].Id, deployment(t, tm.env, a.Id, "production").VersionID)

	rejected := createRelease(t, author, api.CreateReleaseRequest{Environment: "production", Changes: []api.ReleaseChangeRequest{change(t, "appr-b", 2)}}, http.StatusAccepted, in)
	resp, err := first.RejectReleaseWithResponse(ctx, rejected.Id, nil, api.ReviewRequest{Comment: new("not yet")}, in)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Equal(t, api.ReleaseStatusRejected, resp.JSON200.Data.Status)
	again, err := second.RejectReleaseWithResponse(ctx, rejected.Id, nil, api.ReviewRequest{}, in)
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, again.StatusCode(), string(again.Body))
}

// TestReleaseApprovalRefusedByState: the approval that would apply a release, while
// another release rolls its prompt out, is a 409 saying so, and is not recorded: the
// release still waits for it, to be approved again once that is settled.
func TestReleaseApprovalRefusedByState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := newTeam(t)
	author, _ := tm.join(t, "author@example.com", api.RolePublisher)
	approver, _ := tm.join(t, "approver@example.com", api.RolePublisher)
	p := &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: tm.env.Client(tm.key)}
	twoPrompts(t, tm.env, p, "held")
	testfactory.Protect(ctx, t, tm.env.Pool, tm.project, "production", &testfactory.ProtectionOpts{RequiredApprovals: new(1)})
	in := inProject(tm.project)
	waiting := createRelease(t, author, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "held-a", 2)}}, http.StatusAccepted, in)
	split := createRelease(t, author, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "held-a", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted, in)
	approve := func(id uuid.UUID, status int) *api.ApproveReleaseResponse {
		t.Helper()
		resp, err := approver.ApproveReleaseWithResponse(ctx, id, nil, api.ReviewRequest{}, in)
		require.NoError(t, err)
		require.Equal(t, status, resp.StatusCode(), string(resp.Body))
		return resp
	}
	require.Equal(t, api.ReleaseStatusRollingOut, approve(split.Id, http.StatusOK).JSON200.Data.Status)

	refused := approve(waiting.Id, http.StatusConflict)
	require.Equal(t, "Release "+split.Id.String()+" is rolling held-a out in production: complete it or roll it back first.", refused.JSON409.Error.Message)
	still := getRelease(t, p.Client, waiting.Id)
	require.Equal(t, api.ReleaseStatusPendingApproval, still.Status)
	require.Empty(t, still.Reviews, "the refused approval is not recorded")
	require.Equal(t, []string{"1 more approval"}, still.WaitingFor)
}

// reportEval reports the check "eval" on version 2 of slug, with status and score.
func reportEval(t *testing.T, p *apitest.Project, slug string, status api.CheckStatus, score float64) {
	t.Helper()
	resp, err := p.Client.ReportVersionCheckWithResponse(context.Background(), slug, "2", nil, api.ReportCheckRequest{
		Name: "eval", Status: status, Score: nullable.NewNullableWithValue(score)})
	require.NoError(t, err)
	require.Contains(t, []int{http.StatusOK, http.StatusCreated}, resp.StatusCode(), string(resp.Body))
}

// TestReleaseChecks: into an environment requiring a check, a release waits while the
// check is missing or failed (waitingFor says which), and applies by itself once it
// passes; the promote of the reference answers 202 with such a pending release.
func TestReleaseChecks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, fastReleases)
	p := env.NewProject("release checks")
	a, _, v := twoPrompts(t, env, p, "chk")
	protected := protect(t, p, "production", api.EnvironmentProtection{RequiredChecks: &[]api.CheckName{"eval"}, MinCheckScore: nullable.NewNullableWithValue(0.8)})
	require.Equal(t, http.StatusOK, protected.StatusCode(), string(protected.Body))

	promote, err := p.Client.PromotePromptWithResponse(ctx, "chk-a", nil, api.PromoteRequest{Environment: "production", VersionNumber: new(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, promote.StatusCode(), string(promote.Body))
	r := promote.JSON202.Data
	require.Equal(t, api.ReleaseStatusPendingApproval, r.Status)
	require.Equal(t, []string{`check "eval" to pass on chk-a v2`}, r.WaitingFor)

	reportEval(t, p, "chk-a", api.CheckStatusFailed, 0.9)
	require.Equal(t, []string{`check "eval" failed; it must pass on chk-a v2`}, getRelease(t, p.Client, r.Id).WaitingFor)
	reportEval(t, p, "chk-a", api.CheckStatusPassed, 0.5)
	require.Equal(t, []string{`check "eval" to pass with a score of at least 0.8 on chk-a v2`}, getRelease(t, p.Client, r.Id).WaitingFor)
	require.Equal(t, v[0][0].Id, deployment(t, env, a.Id, "production").VersionID)

	// The report that makes the checks hold applies the release before it is answered.
	reportEval(t, p, "chk-a", api.CheckStatusPassed, 0.92)
	applied := getRelease(t, p.Client, r.Id)
	require.Equal(t, api.ReleaseStatusCompleted, applied.Status)
	require.Empty(t, applied.WaitingFor)
	require.Equal(t, v[0][1].Id, deployment(t, env, a.Id, "production").VersionID)
}

// TestReleaseCheckAppliesAfterTheReporterHangsUp: the release a check report frees applies
// even when the reporter hangs up before the answer, not an evaluation interval later.
func TestReleaseCheckAppliesAfterTheReporterHangsUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("release check hang-up")
	a, _, v := twoPrompts(t, env, p, "hang")
	protected := protect(t, p, "production", api.EnvironmentProtection{RequiredChecks: &[]api.CheckName{"eval"}})
	require.Equal(t, http.StatusOK, protected.StatusCode(), string(protected.Body))
	promote, err := p.Client.PromotePromptWithResponse(ctx, "hang-a", nil, api.PromoteRequest{Environment: "production", VersionNumber: new(2)})
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, promote.StatusCode(), string(promote.Body))
	r := promote.JSON202.Data

	// The release's row is held, so the report's reconsideration waits for it; meanwhile
	// the reporter gives up.
	hold, err := env.Pool.Begin(ctx)
	require.NoError(t, err)
	_, err = hold.Exec(ctx, "SELECT FROM releases WHERE id = $1 FOR UPDATE", r.Id)
	require.NoError(t, err)
	short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	_, err = p.Client.ReportVersionCheckWithResponse(short, "hang-a", "2", nil, api.ReportCheckRequest{Name: "eval", Status: api.CheckStatusPassed})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, hold.Rollback(ctx))

	require.Eventually(t, func() bool { return getRelease(t, p.Client, r.Id).Status == api.ReleaseStatusCompleted }, 5*time.Second, 20*time.Millisecond,
		"the reconsideration went on without the reporter")
	require.Equal(t, v[0][1].Id, deployment(t, env, a.Id, "production").VersionID)
}

// TestReleaseReconsiderReachesEveryPending: the periodic reconsideration looks at the
// pending releases a batch at a time, those it looked at least recently first, so a batch's
// worth held for good (a failed check) does not keep a newer release, freed since by a
// lowered protection, waiting behind them.
func TestReleaseReconsiderReachesEveryPending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, fastReleases)
	p := env.NewProject("reconsider")
	_, b, v := twoPrompts(t, env, p, "rec")
	protection := func(minScore nullable.Nullable[float64]) {
		t.Helper()
		resp := protect(t, p, "production", api.EnvironmentProtection{RequiredChecks: &[]api.CheckName{"eval"}, MinCheckScore: minScore})
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
	protection(nullable.NewNullableWithValue(0.8))
	reportEval(t, p, "rec-a", api.CheckStatusFailed, 0.9)
	reportEval(t, p, "rec-b", api.CheckStatusPassed, 0.5)

	held := make([]api.Release, httpapi.PendingBatch)
	for i := range held {
		held[i] = createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
			Changes: []api.ReleaseChangeRequest{change(t, "rec-a", 2)}}, http.StatusAccepted)
	}
	freed := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes: []api.ReleaseChangeRequest{change(t, "rec-b", 2)}}, http.StatusAccepted)
	require.Equal(t, []string{`check "eval" to pass with a score of at least 0.8 on rec-b v2`}, freed.WaitingFor)

	// Once the reconsideration has looked at it (and left it), it is not first in line.
	require.Eventually(t, func() bool {
		var looked bool
		require.NoError(t, env.Pool.QueryRow(ctx, `SELECT considered_at IS NOT NULL FROM releases WHERE id = $1`, freed.Id).Scan(&looked))
		return looked
	}, 30*time.Second, 50*time.Millisecond)

	// No score asked any more: rec-b's release may apply, rec-a's not (its check failed).
	// Only the periodic reconsideration notices.
	protection(nullable.NewNullNullable[float64]())
	awaitRelease(t, p.Client, freed.Id, api.ReleaseStatusCompleted)
	require.Equal(t, v[1][1].Id, deployment(t, env, b.Id, "production").VersionID)
	for _, r := range held {
		require.Equal(t, api.ReleaseStatusPendingApproval, getRelease(t, p.Client, r.Id).Status)
	}
}
