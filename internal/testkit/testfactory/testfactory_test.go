package testfactory_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/testkit/dbtest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// TestFactory: each row with its defaults, versions numbered as the API numbers them, and a
// deployment that records the version it replaced.
func TestFactory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := dbtest.Open(t, dbtest.URL(t))
	q := dbsqlc.New()

	project := testfactory.Project(ctx, t, db, nil)
	require.Regexp(t, `^Project \d+$`, project.Name)

	key, full := testfactory.APIKey(ctx, t, db, &testfactory.APIKeyOpts{ProjectID: project.ID})
	require.Equal(t, "dev", key.Environment)
	require.Equal(t, auth.AllScopes, key.Scopes)
	hash := auth.Hash(full)
	found, err := q.ApiKeyGetByHash(ctx, db, hash[:])
	require.NoError(t, err, "the full key finds its row as the API looks keys up")
	require.Equal(t, key.ID, found.ID)

	prompt := testfactory.Prompt(ctx, t, db, &testfactory.PromptOpts{ProjectID: project.ID, Slug: new("greet")})
	require.Equal(t, "greet", prompt.Slug)
	other := testfactory.Prompt(ctx, t, db, &testfactory.PromptOpts{ProjectID: project.ID})
	require.NotEqual(t, prompt.Slug, other.Slug, "default slugs never collide")

	v1 := testfactory.Version(ctx, t, db, &testfactory.VersionOpts{ProjectID: project.ID, PromptID: prompt.ID})
	v2 := testfactory.Version(ctx, t, db, &testfactory.VersionOpts{ProjectID: project.ID, PromptID: prompt.ID,
		SystemPrompt: new("You help {{ team }}."), UserTemplate: new("Hi {{name}} of {{team}}")})
	require.Equal(t, []int32{1, 2}, []int32{v1.VersionNumber, v2.VersionNumber})
	require.Equal(t, "gpt-4", v1.Model)
	require.Equal(t, []string{"name"}, v1.Variables)
	require.Equal(t, []string{"team", "name"}, v2.Variables)
	got, err := q.PromptGet(ctx, db, dbsqlc.PromptGetParams{ProjectID: project.ID, ID: prompt.ID})
	require.NoError(t, err)
	require.EqualValues(t, 2, got.VersionCount)

	testfactory.Deployment(ctx, t, db, &testfactory.DeploymentOpts{PromptID: prompt.ID, VersionID: v1.ID})
	live := testfactory.Deployment(ctx, t, db, &testfactory.DeploymentOpts{PromptID: prompt.ID, VersionID: v2.ID})
	require.Equal(t, "dev", live.Environment)
	require.Equal(t, v2.ID, live.VersionID)
	history, err := q.DeploymentStackTop(ctx, db, dbsqlc.DeploymentStackTopParams{PromptID: prompt.ID, Environment: "dev"})
	require.NoError(t, err)
	require.Len(t, history, 2)
	require.Equal(t, v2.ID, history[0].VersionID)
	require.Equal(t, &v1.ID, history[0].PreviousVersionID)
	require.Nil(t, history[1].PreviousVersionID)
}

// TestRollingRelease: the release rolls out, and the deployment serves both versions.
func TestRollingRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := dbtest.Open(t, dbtest.URL(t))
	project := testfactory.Project(ctx, t, db, nil)
	prompt := testfactory.Prompt(ctx, t, db, &testfactory.PromptOpts{ProjectID: project.ID})
	v1 := testfactory.Version(ctx, t, db, &testfactory.VersionOpts{ProjectID: project.ID, PromptID: prompt.ID})
	v2 := testfactory.Version(ctx, t, db, &testfactory.VersionOpts{ProjectID: project.ID, PromptID: prompt.ID})
	testfactory.Deployment(ctx, t, db, &testfactory.DeploymentOpts{PromptID: prompt.ID, VersionID: v1.ID, Environment: new("production")})

	id, _ := testfactory.RollingRelease(ctx, t, db, &testfactory.RollingReleaseOpts{ProjectID: project.ID, Environment: "production",
		Changes: []testfactory.RollingChange{{PromptID: prompt.ID, CurrentVersionID: v1.ID, CandidateVersionID: v2.ID}}})
	var status, strategy string
	var percent float64
	require.NoError(t, db.QueryRow(ctx, `SELECT status, strategy::text, percent::float8 FROM releases WHERE id = $1`, id).Scan(&status, &strategy, &percent))
	require.Equal(t, "rolling_out", status)
	require.JSONEq(t, `{"type":"split","percent":10}`, strategy)
	require.InDelta(t, 10, percent, 0)
	live, err := dbsqlc.New().DeploymentGet(ctx, db, dbsqlc.DeploymentGetParams{PromptID: prompt.ID, Environment: "production"})
	require.NoError(t, err)
	require.Equal(t, v1.ID, live.VersionID)
	require.Equal(t, &v2.ID, live.CandidateVersionID)
	require.Equal(t, &id, live.ReleaseID)
}
