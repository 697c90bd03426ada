package gateway

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

// TestHandlersFrom checks that every route of the spec finds its generated handler, so no
// request is matched twice.
func TestHandlersFrom(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", func(http.ResponseWriter, *http.Request) {})
	api.HandlerWithOptions(api.NewStrictHandler(nil, nil), api.StdHTTPServerOptions{BaseRouter: mux})
	routes := routesOf(spec, metrics.New())
	handlers := handlersFrom(mux, routes)
	require.Len(t, handlers, len(routes))
	for pattern, h := range handlers {
		_, fellBack := h.(*http.ServeMux)
		require.False(t, fellBack, "%s fell back to the mux", pattern)
	}
}
