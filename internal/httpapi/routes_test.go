package httpapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPathParams(t *testing.T) {
	t.Parallel()
	require.Nil(t, pathParams("/api/v1/prompts", "/api/v1/prompts"))
	require.Equal(t, map[string]string{"slug": "welcome-email"},
		pathParams("/api/v1/prompts/{slug}/resolve", "/api/v1/prompts/welcome-email/resolve"))
	require.Equal(t, map[string]string{"promptId": "a", "versionId": "b"},
		pathParams("/api/v1/prompts/{promptId}/versions/{versionId}", "/api/v1/prompts/a/versions/b"))
}
