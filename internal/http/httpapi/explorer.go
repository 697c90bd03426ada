package httpapi

import (
	"bytes"
	"context"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/explorer"
)

// GetExplorer serves the explorer's page.
func (s *Server) GetExplorer(_ context.Context, _ api.GetExplorerRequestObject) (api.GetExplorerResponseObject, error) {
	page := explorer.Page()
	return api.GetExplorer200TexthtmlResponse{Body: bytes.NewReader(page), ContentLength: int64(len(page)),
		Headers: api.GetExplorer200ResponseHeaders{ContentSecurityPolicy: explorer.ContentSecurityPolicy}}, nil
}

// GetExplorerAsset serves a script or style sheet of the explorer.
func (s *Server) GetExplorerAsset(ctx context.Context, req api.GetExplorerAssetRequestObject) (api.GetExplorerAssetResponseObject, error) {
	content, contentType, ok := explorer.Asset(req.Asset)
	if !ok {
		return api.GetExplorerAsset404JSONResponse{NotFoundJSONResponse: notFound(ctx, "The explorer has no file "+req.Asset+".")}, nil
	}
	if contentType == "text/css" {
		return api.GetExplorerAsset200TextcssResponse{Body: bytes.NewReader(content), ContentLength: int64(len(content))}, nil
	}
	return api.GetExplorerAsset200ApplicationjavascriptResponse{Body: bytes.NewReader(content), ContentLength: int64(len(content))}, nil
}
