package httpapi

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/internal/events"
)

// record writes an event of the calling key's project in tx: the change and its event
// commit together.
func (s *Server) record(ctx context.Context, tx pgx.Tx, eventType string, data any) error {
	key := keyFrom(ctx)
	_, err := s.events.Record(ctx, tx, events.Event{ProjectID: key.ProjectID, Type: eventType, Key: key, Data: data})
	return err
}

// deploymentEvent is the data of deployment.promoted and deployment.rolled_back: the
// deployment as the API shows it, with its prompt and the version it replaced.
type deploymentEvent struct {
	PromptID          uuid.UUID  `json:"promptId"`
	Slug              string     `json:"slug"`
	Environment       string     `json:"environment"`
	ActiveVersionID   uuid.UUID  `json:"activeVersionId"`
	VersionNumber     int32      `json:"versionNumber"`
	PreviousVersionID *uuid.UUID `json:"previousVersionId"`
	PromotedAt        time.Time  `json:"promotedAt"`
}
