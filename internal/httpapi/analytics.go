package httpapi

import (
	"context"
	"errors"

	"github.com/promptops/promptops/gen/api"
)

// errNotBuilt marks the analytics operations being built (issue 13).
var errNotBuilt = errors.New("analytics: not built yet")

// TrackEvents is being built.
func (s *Server) TrackEvents(context.Context, api.TrackEventsRequestObject) (api.TrackEventsResponseObject, error) {
	return nil, errNotBuilt
}

// GetPromptAnalytics is being built.
func (s *Server) GetPromptAnalytics(context.Context, api.GetPromptAnalyticsRequestObject) (api.GetPromptAnalyticsResponseObject, error) {
	return nil, errNotBuilt
}

// GetAnalyticsSummary is being built.
func (s *Server) GetAnalyticsSummary(context.Context, api.GetAnalyticsSummaryRequestObject) (api.GetAnalyticsSummaryResponseObject, error) {
	return nil, errNotBuilt
}
