package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestExplorer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)

	page, err := env.Anonymous.GetExplorerWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, page.StatusCode())
	require.Equal(t, "text/html", page.HTTPResponse.Header.Get("Content-Type"))
	require.Contains(t, string(page.Body), "/api/explorer/swagger-ui-bundle.js")

	for name, contentType := range map[string]string{
		"swagger-ui-bundle.js": "application/javascript",
		"explorer.js":          "application/javascript",
		"swagger-ui.css":       "text/css",
	} {
		resp, err := env.Anonymous.GetExplorerAssetWithResponse(ctx, name)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), name)
		require.Equal(t, contentType, resp.HTTPResponse.Header.Get("Content-Type"))
		require.NotEmpty(t, resp.Body)
	}

	missing, err := env.Anonymous.GetExplorerAssetWithResponse(ctx, "nothing.js")
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
	require.Equal(t, api.ErrorCodeRESOURCENOTFOUND, missing.JSON404.Error.Code)

	bad, err := env.Anonymous.GetExplorerAssetWithResponse(ctx, "Not_A_File")
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, bad.StatusCode())
}
