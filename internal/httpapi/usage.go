package httpapi

import (
	"context"
	"errors"

	"github.com/promptops/promptops/gen/api"
)

// GetUsage is being built (issue 13).
func (s *Server) GetUsage(context.Context, api.GetUsageRequestObject) (api.GetUsageResponseObject, error) {
	return nil, errors.New("usage: not built yet")
}
