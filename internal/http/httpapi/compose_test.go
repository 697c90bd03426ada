package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// composeLimit is the render limit of the composition tests: the case scaled down
// a hundredfold (a leaf of 100 bytes instead of 10 KB).
const composeLimit = 64 << 10

// withComposeLimit sets a server's render limit to composeLimit.
func withComposeLimit(o *server.Options) { o.RenderLimit = composeLimit }

// tags is n partial tags of ref, side by side.
func tags(ref string, n int) string { return strings.Repeat("{{> "+ref+"}}", n) }

// createVersion creates a version with an empty system prompt and userTemplate, and
// returns the answer whatever its status.
func createVersion(t *testing.T, p *apitest.Project, promptID uuid.UUID, userTemplate string) *api.CreateVersionResponse {
	t.Helper()
	resp, err := p.Client.CreateVersionWithResponse(context.Background(), promptID.String(), nil, api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &userTemplate})
	require.NoError(t, err)
	return resp
}

// partialFixture is a partial and a prompt that includes it, made so that the partial's
// second version would compose the includer's second version past composeLimit.
type partialFixture struct {
	part, outer   api.Prompt
	heavy, partV2 api.Version
}

// newPartialFixture makes, in p: part v1 (1 byte) and outer v1 ("short") live in
// production; outer v2, heavy (700 tags of part: 700 bytes with part v1, 70,000 with v2),
// and v3 ("short again", so that dev's outer includes no part); then part v2 of 100 bytes.
// Promoting heavy to production is the test's to do.
func newPartialFixture(t *testing.T, env *apitest.Env, p *apitest.Project) partialFixture {
	t.Helper()
	f := partialFixture{part: env.NewPrompt(p, "part"), outer: env.NewPrompt(p, "outer")}
	env.Promote(p, f.part.Id, version(t, p, f.part.Id, "l").Id, "production")
	env.Promote(p, f.outer.Id, version(t, p, f.outer.Id, "short").Id, "production")
	f.heavy = version(t, p, f.outer.Id, tags("part", 700))
	version(t, p, f.outer.Id, "short again")
	f.partV2 = version(t, p, f.part.Id, strings.Repeat("l", 100))
	return f
}

// requireComposeRefused checks a 409 refusing a composition of composed bytes, through
// chain, past the test's render limit.
func requireComposeRefused(t *testing.T, status int, e *api.Error, composed int64, chain ...string) {
	t.Helper()
	require.Equal(t, http.StatusConflict, status)
	require.Equal(t, api.ErrorCodeCONFLICT, e.Error.Code)
	d := e.Error.Details
	require.Equal(t, composed, *d.ComposedBytes)
	require.Equal(t, composeLimit, *d.Limit)
	require.Equal(t, chain, *d.Chain)
	require.Contains(t, e.Error.Message, "more than the render limit of 65536 bytes")
	require.Contains(t, e.Error.Message, chain[0]+" > "+chain[1]+" (")
}

func TestComposition(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env            *apitest.Env
		p              *apitest.Project
		leaf, mid, top api.Prompt
	}
	// setup makes leaf (100 bytes) and mid (100 tags of leaf: 10,000 bytes composed), live
	// in dev, and an empty prompt top, under a render limit of 64 KiB.
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.SharedAs(t, "compose", withComposeLimit)
		p := env.NewProject("p")
		b := &testBundle{env: env, p: p, leaf: env.NewPrompt(p, "leaf"), mid: env.NewPrompt(p, "mid"), top: env.NewPrompt(p, "top")}
		version(t, p, b.leaf.Id, strings.Repeat("l", 100))
		version(t, p, b.mid.Id, tags("leaf", 100))
		return b
	}

	t.Run("IssueCaseRefusedAtCreation", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		// 100 tags of mid: 1,000,000 bytes composed from a 900-byte template.
		resp := createVersion(t, b.p, b.top.Id, tags("mid", 100))
		requireComposeRefused(t, resp.StatusCode(), resp.JSON409, 1_000_000, "top", "mid", "leaf")
		require.Contains(t, resp.JSON409.Error.Message, "top > mid (100 tags) > leaf (100 tags)")
		require.Equal(t, before, b.env.RowsOf(b.p), "nothing written")

		// Six tags (60,000 bytes) fit.
		require.Equal(t, http.StatusCreated, createVersion(t, b.p, b.top.Id, tags("mid", 6)).StatusCode())
	})

	t.Run("PartialGrowingPastTheLimitRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		version(t, b.p, b.top.Id, tags("mid", 6)) // 60,000 bytes
		before := b.env.RowsOf(b.p)
		// A leaf of 110 bytes would make top 66,000 bytes in dev, where it goes live.
		resp := createVersion(t, b.p, b.leaf.Id, strings.Repeat("l", 110))
		requireComposeRefused(t, resp.StatusCode(), resp.JSON409, 66_000, "top", "mid", "leaf")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("PromoteOfAPartialRefusedForItsIncluders", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		topV1 := version(t, b.p, b.top.Id, tags("mid", 6))
		for _, v := range []api.Version{listVersions(t, b.p, b.leaf.Id)[0], listVersions(t, b.p, b.mid.Id)[0], topV1} {
			b.env.Promote(b.p, v.PromptId, v.Id, "production")
		}
		// In dev, top no longer includes mid, so a larger leaf is fine there...
		version(t, b.p, b.top.Id, "short")
		leafV2 := version(t, b.p, b.leaf.Id, strings.Repeat("l", 200))
		// ...and refused in production, where top would be 120,000 bytes.
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.PromotePromptWithResponse(ctx, b.leaf.Id.String(), nil, api.PromoteRequest{Environment: "production", VersionId: &leafV2.Id})
		require.NoError(t, err)
		requireComposeRefused(t, resp.StatusCode(), resp.JSON409, 120_000, "top", "mid", "leaf")
		require.Contains(t, resp.JSON409.Error.Message, "The version cannot be live in production")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("RollbackRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		// In production: the 100-byte leaf, then a 1-byte one, then top with 700 tags of
		// it (700 bytes).
		b.env.Promote(b.p, b.leaf.Id, listVersions(t, b.p, b.leaf.Id)[0].Id, "production")
		leafV2 := version(t, b.p, b.leaf.Id, "l")
		b.env.Promote(b.p, b.leaf.Id, leafV2.Id, "production")
		topV1 := version(t, b.p, b.top.Id, tags("leaf", 700))
		b.env.Promote(b.p, b.top.Id, topV1.Id, "production")

		// Back to the 100-byte leaf: top would be 70,000 bytes.
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.RollbackPromptWithResponse(ctx, b.leaf.Id.String(), nil, api.RollbackRequest{Environment: "production"})
		require.NoError(t, err)
		requireComposeRefused(t, resp.StatusCode(), resp.JSON409, 70_000, "top", "leaf")
		require.Contains(t, resp.JSON409.Error.Message, "The version before cannot be live in production again")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("ExpandedPlaceholdersRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		p := b.env.NewPrompt(b.p, "sixty")
		version(t, b.p, p.Id, strings.Repeat("{{a}}", 60))
		before := b.env.RowsOf(b.p)
		// 20 tags, each one and its 60 placeholders: 1,220.
		resp := createVersion(t, b.p, b.top.Id, tags("sixty", 20))
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		e := resp.JSON409.Error
		require.Equal(t, 1000, *e.Details.Limit)
		require.Nil(t, e.Details.ComposedBytes)
		require.Contains(t, e.Message, "message 1 of top holds 1220 placeholders and partial tags with its partials expanded")
		require.Equal(t, before, b.env.RowsOf(b.p))
		require.Equal(t, http.StatusCreated, createVersion(t, b.p, b.top.Id, tags("sixty", 16)).StatusCode(), "976 fit")
	})

	t.Run("OwnPartialTagsCount", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		resp := createVersion(t, b.p, b.top.Id, strings.Repeat("{{a}}", 600)+tags("leaf", 401))
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
		require.Equal(t, []string{"/userTemplate"}, fieldNames(resp.JSON400.Error))
		require.Contains(t, resp.JSON400.Error.Message, "holds 1001 placeholders and partial tags; a template may hold at most 1000")
	})
}

// TestCompositionOfExistingState: versions stored before composition was bounded (written
// here directly) are refused when resolved, rendered or put in a snapshot, without being
// built, and nothing refused is cached.
func TestCompositionOfExistingState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.SharedAs(t, "compose", withComposeLimit)
	p := env.NewProject("p")
	// The case one level further: a leaf of 10 KB, then three levels of 100 tags,
	// 10 GB composed from a template of 900 bytes. Made empty through the API, then
	// rewritten as versions stored before the bound would be.
	for _, slug := range []string{"leaf", "mid", "top", "huge"} {
		version(t, p, env.NewPrompt(p, slug).Id, "")
	}
	setTemplate := func(slug, userTemplate string, partials ...string) {
		_, err := env.Pool.Exec(ctx, `UPDATE prompt_versions v SET user_template = $2, partials = $3
			FROM prompts p WHERE p.id = v.prompt_id AND p.slug = $1 AND p.project_id = $4`, slug, userTemplate, append([]string{}, partials...), p.ID)
		require.NoError(t, err)
	}
	setTemplate("leaf", strings.Repeat("l", 10_000))
	setTemplate("mid", tags("leaf", 100), "leaf")
	setTemplate("top", tags("mid", 100), "mid")
	setTemplate("huge", tags("top", 100), "top")

	resolved, err := p.Client.ResolvePromptWithResponse(ctx, "huge", &api.ResolvePromptParams{Compose: new(true)})
	require.NoError(t, err)
	requireComposeRefused(t, resolved.StatusCode(), resolved.JSON409, 10_000_000_000, "huge", "top", "mid", "leaf")
	require.Contains(t, resolved.JSON409.Error.Message, "huge cannot be served in dev")
	require.Less(t, len(resolved.Body), 2048, "a short refusal")

	resolved, err = p.Client.ResolvePromptWithResponse(ctx, "huge", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, resolved.StatusCode(), "as written too: what resolve prepares is refused whole")

	rendered, err := p.Client.RenderPromptWithResponse(ctx, "huge", nil, api.RenderRequest{})
	require.NoError(t, err)
	requireComposeRefused(t, rendered.StatusCode(), rendered.JSON409, 10_000_000_000, "huge", "top", "mid", "leaf")

	snapshot, err := p.Client.GetSnapshotWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, snapshot.StatusCode())
	var held []string
	for _, sp := range snapshot.JSON200.Data.Prompts {
		held = append(held, sp.Prompt.Slug)
	}
	require.Equal(t, []string{"leaf"}, held, "mid (1 MB), top and huge are left out")
	// The cursor counts what the snapshot holds, whatever the size of its pages: the
	// prompts left out are left out of it too, on the first page or past it (with a page
	// of one, alpha fills it and leaf comes past it, then mid and top).
	version(t, p, env.NewPrompt(p, "alpha").Id, "")
	whole, err := p.Client.GetSnapshotWithResponse(ctx, nil)
	require.NoError(t, err)
	firstOfOne, err := p.Client.GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Limit: new(1)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, firstOfOne.StatusCode())
	require.NotNil(t, firstOfOne.JSON200.Data.NextPageToken)
	require.Equal(t, whole.JSON200.Data.Cursor, firstOfOne.JSON200.Data.Cursor)

	// Nothing refused was cached: once the rows are small again, the next resolve reads them.
	setTemplate("leaf", "")
	resolved, err = p.Client.ResolvePromptWithResponse(ctx, "huge", &api.ResolvePromptParams{Compose: new(true)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resolved.StatusCode(), string(resolved.Body))
	require.Empty(t, resolved.JSON200.Data.UserTemplate)
}
