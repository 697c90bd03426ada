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
// scope, the key's rate limit, its parameters and the body's schema and size, answered as
// the API would.
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
		refused, err := bundle.g.Admit(ctx, bundle.key, request(api.NewListPromptsRequest("", &api.ListPromptsParams{Q: new("greet")})))
		require.NoError(t, err)
		require.Nil(t, refused)
		refused, err = bundle.g.Admit(ctx, bundle.key, request(api.NewGetVersionRequest("", uuid.New().String(), uuid.New().String())))
		require.NoError(t, err)
		require.Nil(t, refused)
		require.True(t, bundle.g.Allows("ListPrompts", bundle.key))
	})

	t.Run("MissingScope", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		require.False(t, bundle.g.Allows("CreatePrompt", bundle.key))
		refused, err := bundle.g.Admit(ctx, bundle.key, request(api.NewCreatePromptRequest("", nil, api.CreatePromptRequest{Slug: "a", Name: "A"})))
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, refused.Status)
		require.Equal(t, api.ScopePromptsWrite, *refused.Details.RequiredScope)
	})

	t.Run("AllowsFollowsCallerAndRole", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		writer := &auth.Key{ID: uuid.New(), Scopes: auth.RoleScopes(auth.RoleAdmin)}
		require.False(t, bundle.g.Allows("ApproveRelease", writer), "only people approve")
		person := func(role string) *auth.Key {
			return &auth.Key{ID: uuid.New(), Scopes: auth.RoleScopes(role), Person: &auth.Person{UserID: uuid.New(), Role: role}}
		}
		require.False(t, bundle.g.Allows("ApproveRelease", person(auth.RoleEditor)), "an editor is below the publisher role")
		require.True(t, bundle.g.Allows("ApproveRelease", person(auth.RolePublisher)))
		require.True(t, bundle.g.Allows("CreateRelease", person(auth.RoleEditor)))
	})

	t.Run("CallerAndRoleAdmitted", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		approve := func() *http.Request {
			return request(api.NewApproveReleaseRequest("", uuid.New(), nil, api.ReviewRequest{}))
		}
		editor := &auth.Key{ID: uuid.New(), Scopes: auth.RoleScopes(auth.RoleEditor), Person: &auth.Person{UserID: uuid.New(), Role: auth.RoleEditor}}
		refused, err := bundle.g.Admit(ctx, editor, approve())
		require.NoError(t, err)
		require.NotNil(t, refused, "an editor may not approve in process either")
		require.Equal(t, http.StatusForbidden, refused.Status)
		require.Contains(t, refused.Message, "publisher")
		refused, err = bundle.g.Admit(ctx, &auth.Key{ID: uuid.New(), Scopes: auth.RoleScopes(auth.RoleAdmin)}, approve())
		require.NoError(t, err)
		require.NotNil(t, refused, "nor may an API key")
		require.Contains(t, refused.Message, "for people")
	})

	t.Run("InvalidBody", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		bundle.key.Scopes = auth.AllScopes
		refused, err := bundle.g.Admit(ctx, bundle.key, request(api.NewCreatePromptRequest("", nil, api.CreatePromptRequest{Slug: "Not A Slug", Name: "A"})))
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, refused.Status)
		require.Equal(t, "/slug", (*refused.Details.Fields)[0].Field)
		refused, err = bundle.g.Admit(ctx, bundle.key, request(api.NewCreatePromptRequest("", nil, api.CreatePromptRequest{Slug: "a", Name: "A\x00"})))
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, refused.Status)
		require.Equal(t, "/name", (*refused.Details.Fields)[0].Field)
	})

	// The checks of the API's query parameters, which a call's params go through as the
	// generated client encodes them.
	t.Run("InvalidParameters", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		for q, problem := range map[string]string{
			strings.Repeat("x", 201): "is longer than 200 characters",
			"a\x00":                  "NUL character",
			"\xff":                   "not valid UTF-8",
		} {
			refused, err := bundle.g.Admit(ctx, bundle.key, request(api.NewListPromptsRequest("", &api.ListPromptsParams{Q: &q})))
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, refused.Status, q)
			require.Equal(t, "q", (*refused.Details.Fields)[0].Field)
			require.Contains(t, (*refused.Details.Fields)[0].Problem, problem)
		}
	})

	t.Run("BodyTooLarge", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		bundle.key.Scopes = auth.AllScopes
		refused, err := bundle.g.Admit(ctx, bundle.key, request(api.NewCreatePromptRequest("", nil, api.CreatePromptRequest{Slug: "a", Name: strings.Repeat("x", 2<<10)})))
		require.NoError(t, err)
		require.Equal(t, http.StatusRequestEntityTooLarge, refused.Status)
	})

	t.Run("RateLimited", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 1)
		refused, err := bundle.g.Admit(ctx, bundle.key, request(api.NewListPromptsRequest("", nil)))
		require.NoError(t, err)
		require.Nil(t, refused)
		refused, err = bundle.g.Admit(ctx, bundle.key, request(api.NewListPromptsRequest("", nil)))
		require.NoError(t, err)
		require.Equal(t, http.StatusTooManyRequests, refused.Status)
	})

	t.Run("UnknownOperation", func(t *testing.T) {
		t.Parallel()
		bundle := setup(t, 10)
		_, err := bundle.g.Admit(ctx, bundle.key, request(http.NewRequest(http.MethodGet, "/api/v1/nowhere", nil)))
		require.ErrorContains(t, err, "/api/v1/nowhere")
		require.False(t, bundle.g.Allows("NoSuchOperation", bundle.key))
	})
}

// TestWithKey checks that a key attached in process is the one handlers read.
func TestWithKey(t *testing.T) {
	t.Parallel()
	key := &auth.Key{ID: uuid.New()}
	require.Same(t, key, Key(WithKey(context.Background(), key)))
}

// request is a request the generated client built; building one fails only for a body
// that cannot be encoded, which no test has.
func request(r *http.Request, err error) *http.Request {
	if err != nil {
		panic(err)
	}
	return r
}
