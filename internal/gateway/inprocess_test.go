package gateway

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

// TestAdmit checks that an in-process call meets the pipeline's rules: the operation's
// scope, the key's rate limit and the body's schema and size, answered as the API would.
func TestAdmit(t *testing.T) {
	t.Parallel()

	type testBundle struct {
		g   *Gateway
		key *auth.Key
	}
	setup := func(t *testing.T, rateLimit int) *testBundle {
		spec, err := openapi.Load()
		require.NoError(t, err)
		g, err := New(spec, Options{RateLimit: rateLimit, BodyLimit: 1 << 10, AuthFailureLimit: 1, Metrics: metrics.New()})
		require.NoError(t, err)
		return &testBundle{g: g, key: &auth.Key{ID: uuid.New(), Scopes: []string{auth.ScopePromptsRead}}}
	}
	ctx := context.Background()

	t.Run("Success", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		refused, err := bundle.g.Admit(ctx, "ListPrompts", bundle.key, nil)
		require.NoError(t, err)
		require.Nil(t, refused)
		require.True(t, bundle.g.Allows("ListPrompts", bundle.key))
	})

	t.Run("MissingScope", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		require.False(t, bundle.g.Allows("CreatePrompt", bundle.key))
		refused, err := bundle.g.Admit(ctx, "CreatePrompt", bundle.key, api.CreatePromptRequest{Slug: "a", Name: "A"})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, refused.Status)
		require.Equal(t, api.ScopePromptsWrite, *refused.Details.RequiredScope)
	})

	t.Run("InvalidBody", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		bundle.key.Scopes = auth.AllScopes
		refused, err := bundle.g.Admit(ctx, "CreatePrompt", bundle.key, api.CreatePromptRequest{Slug: "Not A Slug", Name: "A"})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, refused.Status)
		require.Equal(t, "/slug", (*refused.Details.Fields)[0].Field)
	})

	t.Run("BodyTooLarge", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		bundle.key.Scopes = auth.AllScopes
		refused, err := bundle.g.Admit(ctx, "CreatePrompt", bundle.key, api.CreatePromptRequest{Slug: "a", Name: strings.Repeat("x", 2<<10)})
		require.NoError(t, err)
		require.Equal(t, http.StatusRequestEntityTooLarge, refused.Status)
	})

	t.Run("RateLimited", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 1)
		refused, err := bundle.g.Admit(ctx, "ListPrompts", bundle.key, nil)
		require.NoError(t, err)
		require.Nil(t, refused)
		refused, err = bundle.g.Admit(ctx, "ListPrompts", bundle.key, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, refused.Status)
	})

	t.Run("UnknownOperation", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		_, err := bundle.g.Admit(ctx, "NoSuchOperation", bundle.key, nil)
		require.ErrorContains(t, err, "NoSuchOperation")
		require.False(t, bundle.g.Allows("NoSuchOperation", bundle.key))
	})
}

// TestWithKey checks that a key attached in process is the one handlers read.
func TestWithKey(t *testing.T) {
	t.Parallel()
	key := &auth.Key{ID: uuid.New()}
	require.Same(t, key, Key(WithKey(context.Background(), key)))
}
