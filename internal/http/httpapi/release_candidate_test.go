package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestReleaseCandidateOfAnIncluderKeptWithinLimit: while a split release serves a prompt's
// new version, which includes a partial, to its share of subjects, a promote of that
// partial after which the new version would compose past the render limit is refused
// (409, naming the includer's chain), as it is for the includer's live version. It passed,
// the new version composed to 70,000 bytes, and every subject of the share got a 409 on
// resolve.
func TestReleaseCandidateOfAnIncluderKeptWithinLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.New(t, withComposeLimit)
	p := env.NewProject("release candidate")
	f := newPartialFixture(t, env, p)
	part, partV2 := f.part, f.partV2
	r := createRelease(t, p.Client, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "outer", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: new(10.0)}}, http.StatusAccepted)
	require.Equal(t, api.ReleaseStatusRollingOut, r.Status)

	promote, err := p.Client.PromotePromptWithResponse(ctx, "part", nil, api.PromoteRequest{Environment: "production", VersionId: &partV2.Id})
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, promote.StatusCode(), string(promote.Body))
	requireComposeRefused(t, promote.StatusCode(), promote.JSON409, 70000, "outer", "part")
	require.Contains(t, promote.JSON409.Error.Message, "outer v2 (the new version release "+r.Id.String()+" serves to its share) composed")
	require.NotEqual(t, partV2.Id, deployment(t, env, part.Id, "production").VersionID)

	var salt string
	require.NoError(t, env.Pool.QueryRow(ctx, "SELECT salt FROM releases WHERE id = $1", r.Id).Scan(&salt))
	reader := env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}}))
	resolved, err := reader.ResolvePromptWithResponse(ctx, "outer", &api.ResolvePromptParams{Subject: new(subjectWith(salt, 10, "candidate"))})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resolved.StatusCode(), string(resolved.Body))
	require.Equal(t, 2, resolved.JSON200.Data.VersionNumber)
}
