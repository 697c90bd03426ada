package httpapi

import (
	"context"
	"time"

	"github.com/promptops/promptops/gen/api"
)

// GetHealth answers whether the server can reach its database.
func (s *Server) GetHealth(ctx context.Context, _ api.GetHealthRequestObject) (api.GetHealthResponseObject, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	now := s.now().UTC()
	if err := s.db.Ping(ctx); err != nil {
		retry := retryAfterUnavailable
		return api.GetHealth503JSONResponse{
			Body:    api.Health{Status: api.HealthStatusUnavailable, Timestamp: now},
			Headers: api.GetHealth503ResponseHeaders{RetryAfter: &retry},
		}, nil
	}
	return api.GetHealth200JSONResponse{Status: api.HealthStatusOk, Timestamp: now}, nil
}
