package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/http/gateway"
)

const msgWebhookNotFound = "No webhook with this id in the project."

// ListWebhooks lists the project's webhooks.
func (s *Server) ListWebhooks(ctx context.Context, req api.ListWebhooksRequestObject) (api.ListWebhooksResponseObject, error) {
	pg := newPage(req.Params.Page, req.Params.Limit)
	projectID := gateway.Key(ctx).ProjectID
	total, err := s.q.WebhookCount(ctx, s.db, projectID)
	if err != nil {
		return nil, fmt.Errorf("count webhooks: %w", err)
	}
	rows, err := s.q.WebhookList(ctx, s.db, dbsqlc.WebhookListParams{ProjectID: projectID, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	out := make([]api.Webhook, len(rows))
	for i, w := range rows {
		out[i] = webhookFromDB(w)
	}
	return api.ListWebhooks200JSONResponse{Data: out, Meta: pg.meta(total)}, nil
}

// CreateWebhook registers a URL for the project's events; its secret is shown once.
func (s *Server) CreateWebhook(ctx context.Context, req api.CreateWebhookRequestObject) (api.CreateWebhookResponseObject, error) {
	b := req.Body
	if bad, ok := s.checkURL(ctx, b.Url); !ok {
		return api.CreateWebhook400JSONResponse{BadRequestJSONResponse: bad}, nil
	}
	secret := webhooks.NewSecret()
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Webhook, error) {
		if err := s.withinQuota(ctx, tx, s.quotas.Webhooks, s.q.WebhookCount); err != nil {
			return nil, err
		}
		row, err := s.q.WebhookCreate(ctx, tx, dbsqlc.WebhookCreateParams{
			ProjectID: gateway.Key(ctx).ProjectID, Url: b.Url, Events: b.Events,
			Description: b.Description, Secret: s.webhooks.Seal(secret),
		})
		if err != nil {
			return nil, fmt.Errorf("insert webhook: %w", err)
		}
		return row, s.record(ctx, tx, events.WebhookCreated, webhookFromDB(row))
	})
	if errors.Is(err, errQuotaExceeded) {
		return api.CreateWebhook409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceWebhooks, s.quotas.Webhooks)}, nil
	}
	if err != nil {
		return nil, err
	}
	w := webhookFromDB(row)
	return api.CreateWebhook201JSONResponse{Body: api.CreatedWebhookResponse{Data: api.CreatedWebhook{
		Id: w.Id, Url: w.Url, Events: w.Events, Description: w.Description, Enabled: w.Enabled,
		CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Secret: secret,
	}}, Headers: api.CreateWebhook201ResponseHeaders{CacheControl: noStore}}, nil
}

// GetWebhook returns one webhook of the project.
func (s *Server) GetWebhook(ctx context.Context, req api.GetWebhookRequestObject) (api.GetWebhookResponseObject, error) {
	row, err := s.q.WebhookGet(ctx, s.db, dbsqlc.WebhookGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.Id})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.GetWebhook404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgWebhookNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get webhook: %w", err)
	}
	return api.GetWebhook200JSONResponse{Data: webhookFromDB(row)}, nil
}

// UpdateWebhook changes a webhook's URL, events, description or whether it is enabled.
func (s *Server) UpdateWebhook(ctx context.Context, req api.UpdateWebhookRequestObject) (api.UpdateWebhookResponseObject, error) {
	b := req.Body
	if b.Url != nil {
		if bad, ok := s.checkURL(ctx, *b.Url); !ok {
			return api.UpdateWebhook400JSONResponse{BadRequestJSONResponse: bad}, nil
		}
	}
	params := dbsqlc.WebhookUpdateParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.Id, Url: b.Url, Enabled: b.Enabled}
	if b.Events != nil {
		params.Events = *b.Events
	}
	if b.Description.IsSpecified() {
		params.DescriptionSet = true
		if !b.Description.IsNull() {
			params.Description = new(b.Description.MustGet())
		}
	}
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Webhook, error) {
		row, err := s.q.WebhookUpdate(ctx, tx, params)
		if err != nil {
			return nil, err
		}
		if !row.Enabled {
			// Dropped now, not when their retries come: turned on again before then, the
			// webhook would be sent them after all.
			err := s.q.DeliveryDropPending(ctx, tx, dbsqlc.DeliveryDropPendingParams{WebhookID: row.ID, Reason: new(webhooks.DisabledReason)})
			if err != nil {
				return nil, fmt.Errorf("drop pending deliveries: %w", err)
			}
		}
		return row, s.record(ctx, tx, events.WebhookUpdated, webhookFromDB(row))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.UpdateWebhook404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgWebhookNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("update webhook: %w", err)
	}
	return api.UpdateWebhook200JSONResponse{Data: webhookFromDB(row)}, nil
}

// DeleteWebhook deletes a webhook with its deliveries.
func (s *Server) DeleteWebhook(ctx context.Context, req api.DeleteWebhookRequestObject) (api.DeleteWebhookResponseObject, error) {
	_, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Webhook, error) {
		row, err := s.q.WebhookDelete(ctx, tx, dbsqlc.WebhookDeleteParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.Id})
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.WebhookDeleted, webhookFromDB(row))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.DeleteWebhook404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgWebhookNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("delete webhook: %w", err)
	}
	return api.DeleteWebhook204Response{}, nil
}

// ListWebhookDeliveries lists a webhook's deliveries with their attempts.
func (s *Server) ListWebhookDeliveries(ctx context.Context, req api.ListWebhookDeliveriesRequestObject) (api.ListWebhookDeliveriesResponseObject, error) {
	hook, err := s.q.WebhookGet(ctx, s.db, dbsqlc.WebhookGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.Id})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListWebhookDeliveries404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgWebhookNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get webhook: %w", err)
	}
	pg := newPage(req.Params.Page, req.Params.Limit)
	total, err := s.q.DeliveryCount(ctx, s.db, hook.ID)
	if err != nil {
		return nil, fmt.Errorf("count deliveries: %w", err)
	}
	rows, err := s.q.DeliveryList(ctx, s.db, dbsqlc.DeliveryListParams{WebhookID: hook.ID, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	out, err := s.deliveriesWithAttempts(ctx, rows)
	if err != nil {
		return nil, err
	}
	return api.ListWebhookDeliveries200JSONResponse{Data: out, Meta: pg.meta(total)}, nil
}

// RedeliverWebhookDelivery queues a delivery's message again.
func (s *Server) RedeliverWebhookDelivery(ctx context.Context, req api.RedeliverWebhookDeliveryRequestObject) (api.RedeliverWebhookDeliveryResponseObject, error) {
	created, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.WebhookDelivery, error) {
		old, err := s.q.DeliveryGet(ctx, tx, dbsqlc.DeliveryGetParams{ProjectID: gateway.Key(ctx).ProjectID, WebhookID: req.Id, ID: req.DeliveryId})
		if err != nil {
			return nil, err
		}
		var msg events.Message
		if err := json.Unmarshal(old.Payload, &msg); err != nil {
			return nil, fmt.Errorf("decode stored message: %w", err)
		}
		return s.queue(ctx, tx, old.WebhookID, old.EventID, msg)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RedeliverWebhookDelivery404JSONResponse{NotFoundJSONResponse: notFound(ctx, "No such delivery of a webhook in the project.")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redeliver: %w", err)
	}
	return api.RedeliverWebhookDelivery202JSONResponse{Body: api.WebhookDeliveryResponse{Data: deliveryFromDB(created, nil)}}, nil
}

// TestWebhook queues a ping to a webhook.
func (s *Server) TestWebhook(ctx context.Context, req api.TestWebhookRequestObject) (api.TestWebhookResponseObject, error) {
	created, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.WebhookDelivery, error) {
		hook, err := s.q.WebhookGet(ctx, tx, dbsqlc.WebhookGetParams{ProjectID: gateway.Key(ctx).ProjectID, ID: req.Id})
		if err != nil {
			return nil, err
		}
		data, _ := json.Marshal(map[string]any{"webhookId": hook.ID, "url": hook.Url})
		return s.queue(ctx, tx, hook.ID, nil, events.Message{ID: uuid.New(), Type: events.Ping, CreatedAt: s.nowFunc().UTC(), Data: data})
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.TestWebhook404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgWebhookNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ping webhook: %w", err)
	}
	return api.TestWebhook202JSONResponse{Body: api.WebhookDeliveryResponse{Data: deliveryFromDB(created, nil)}}, nil
}

// RotateWebhookSecret gives a webhook a new secret, shown this once; the one it replaces
// keeps signing deliveries beside it for the operator's overlap.
func (s *Server) RotateWebhookSecret(ctx context.Context, req api.RotateWebhookSecretRequestObject) (api.RotateWebhookSecretResponseObject, error) {
	secret := webhooks.NewSecret()
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Webhook, error) {
		row, err := s.q.WebhookRotateSecret(ctx, tx, dbsqlc.WebhookRotateSecretParams{
			ProjectID: gateway.Key(ctx).ProjectID, ID: req.Id, Secret: s.webhooks.Seal(secret),
			PreviousExpiresAt: s.nowFunc().Add(s.webhooks.SecretOverlap()),
		})
		if err != nil {
			return nil, err
		}
		return row, s.record(ctx, tx, events.WebhookSecretRotated, webhookFromDB(row))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RotateWebhookSecret404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgWebhookNotFound)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rotate webhook secret: %w", err)
	}
	w := webhookFromDB(row)
	return api.RotateWebhookSecret200JSONResponse{
		Headers: api.RotateWebhookSecret200ResponseHeaders{CacheControl: noStore},
		Body: api.RotatedWebhookResponse{Data: api.RotatedWebhook{
			Id: w.Id, Url: w.Url, Events: w.Events, Description: w.Description, Enabled: w.Enabled,
			CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Secret: secret,
			PreviousSecretExpiresAt: *row.PreviousSecretExpiresAt,
		}},
	}, nil
}

// checkURL applies the operator's address policy to a webhook URL, answering the 400 that
// names the problem when it fails.
func (s *Server) checkURL(ctx context.Context, url string) (api.BadRequestJSONResponse, bool) {
	if err := s.webhooks.CheckURL(ctx, url); err != nil {
		return invalid(ctx, api.ErrorDetails{}, api.FieldProblem{Field: "/url", Problem: err.Error()}), false
	}
	return api.BadRequestJSONResponse{}, true
}

// deliveriesWithAttempts converts deliveries, loading all their attempts in one query.
func (s *Server) deliveriesWithAttempts(ctx context.Context, rows []*dbsqlc.WebhookDelivery) ([]api.WebhookDelivery, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, d := range rows {
		ids[i] = d.ID
	}
	attempts, err := s.q.AttemptListByDeliveries(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	byDelivery := map[uuid.UUID][]*dbsqlc.WebhookDeliveryAttempt{}
	for _, a := range attempts {
		byDelivery[a.DeliveryID] = append(byDelivery[a.DeliveryID], a)
	}
	out := make([]api.WebhookDelivery, len(rows))
	for i, d := range rows {
		out[i] = deliveryFromDB(d, byDelivery[d.ID])
	}
	return out, nil
}

// queue stores a delivery of msg to a webhook and queues it, in tx.
func (s *Server) queue(ctx context.Context, tx pgx.Tx, webhookID uuid.UUID, eventID *uuid.UUID, msg events.Message) (*dbsqlc.WebhookDelivery, error) {
	created, err := s.events.Deliver(ctx, tx, webhookID, eventID, msg)
	if err != nil {
		return nil, err
	}
	return created, s.events.Queue(ctx, tx, created.ID)
}

func webhookFromDB(w *dbsqlc.Webhook) api.Webhook {
	return api.Webhook{
		Id: w.ID, Url: w.Url, Events: w.Events, Description: nullableOf(w.Description),
		Enabled: w.Enabled, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
	}
}

func deliveryFromDB(d *dbsqlc.WebhookDelivery, attempts []*dbsqlc.WebhookDeliveryAttempt) api.WebhookDelivery {
	log := make([]api.WebhookDeliveryAttempt, len(attempts))
	for i, a := range attempts {
		log[i] = api.WebhookDeliveryAttempt{
			Attempt: int(a.Attempt), StatusCode: nullableInt(a.StatusCode), DurationMs: int(a.DurationMs),
			Error: nullableOf(a.Error), CreatedAt: a.CreatedAt,
		}
	}
	return api.WebhookDelivery{
		Id: d.ID, WebhookId: d.WebhookID, EventId: nullableOf(d.EventID), MessageId: d.MessageID,
		EventType: d.EventType, Status: api.WebhookDeliveryStatus(d.Status), Attempts: int(d.Attempts),
		NextRetryAt: nullableOf(d.NextRetryAt), LastStatusCode: nullableInt(d.LastStatusCode),
		LastError: nullableOf(d.LastError), CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, AttemptLog: log,
	}
}
