package gateway

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

// TestIdempotentPolicy checks that every POST but sign-up takes an Idempotency-Key (a new
// POST that forgot the parameter would not be safe to retry), and nothing else does.
func TestIdempotentPolicy(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	for _, rt := range routesOf(spec, metrics.New()) {
		want := rt.spec.Method == http.MethodPost && rt.spec.Operation.OperationID != "CreateProject"
		require.Equal(t, want, rt.policy.idempotent, rt.pattern)
		if want {
			require.Equal(t, []string{"Idempotency-Key"}, rt.policy.checkHeaders, rt.pattern)
		}
	}
}

// TestNewRefusesAnonymousIdempotency checks that an operation without an API key cannot
// take the header: its keys would have no project to be kept in.
func TestNewRefusesAnonymousIdempotency(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	signup := spec.Paths.Value("/api/v1/projects").Post
	signup.Parameters = append(signup.Parameters, spec.Paths.Value("/api/v1/prompts").Post.Parameters...)
	_, err = New(spec, Options{RateLimit: 1, BodyLimit: 1, AuthFailureLimit: 1, Metrics: metrics.New()})
	require.ErrorContains(t, err, "POST /api/v1/projects takes Idempotency-Key")
}
