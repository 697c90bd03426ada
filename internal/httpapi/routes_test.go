package httpapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/openapi"
)

func TestPathParams(t *testing.T) {
	t.Parallel()
	require.Nil(t, pathParams("/api/v1/prompts", "/api/v1/prompts"))
	require.Equal(t, map[string]string{"slug": "welcome-email"},
		pathParams("/api/v1/prompts/{slug}/resolve", "/api/v1/prompts/welcome-email/resolve"))
	require.Equal(t, map[string]string{"promptId": "a", "versionId": "b"},
		pathParams("/api/v1/prompts/{promptId}/versions/{versionId}", "/api/v1/prompts/a/versions/b"))
}

// TestHandlersFrom checks that every route of the spec finds its generated handler, so no
// request is matched twice.
func TestHandlersFrom(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", func(http.ResponseWriter, *http.Request) {})
	api.HandlerWithOptions(api.NewStrictHandler(&Server{}, nil), api.StdHTTPServerOptions{BaseRouter: mux})
	table := newRouteTable(spec)
	handlers := table.handlersFrom(mux)
	require.Len(t, handlers, len(table.routes))
	for pattern, h := range handlers {
		_, fellBack := h.(*http.ServeMux)
		require.False(t, fellBack, "%s fell back to the mux", pattern)
	}
}
