package console

import (
	"context"
	"net/http"

	"github.com/promptops/promptops/gen/api"
)

func (c *Console) webhookRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/webhooks", c.signedIn(c.webhooks))
	mux.HandleFunc("GET /console/webhooks/{webhookId}", c.signedIn(c.webhook))
	mux.HandleFunc("POST /console/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", c.signedIn(c.redeliver))
	mux.HandleFunc("POST /console/webhooks/{webhookId}/rotate-secret", c.signedIn(c.rotateSecret))
}

func (c *Console) webhooks(w http.ResponseWriter, r *http.Request, s *session) {
	params := api.ListWebhooksParams{Limit: new(100)}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListWebhooksRequest("", &params)), func(ctx context.Context) (api.ListWebhooksResponseObject, error) {
		return c.o.API.ListWebhooks(ctx, api.ListWebhooksRequestObject{Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var hooks []api.Webhook
	if list, ok := resp.(api.ListWebhooks200JSONResponse); ok {
		hooks = list.Data
	}
	c.render(w, r, http.StatusOK, "webhooks", &page{Title: "Webhooks", Section: "webhooks", session: s, Error: apiErr, Data: hooks})
}

// webhookData is a webhook's page: its deliveries, and its new secret just after a
// rotation (shown this once).
type webhookData struct {
	Webhook    api.Webhook
	Deliveries []api.WebhookDelivery
	Rotated    *api.RotatedWebhook
}

func (c *Console) webhook(w http.ResponseWriter, r *http.Request, s *session) {
	f := c.takeFlash(r.Context(), s, r.URL.Path)
	c.showWebhook(w, r, s, http.StatusOK, &page{Notice: f.Notice}, f.Rotated)
}

func (c *Console) showWebhook(w http.ResponseWriter, r *http.Request, s *session, status int, p *page, rotated *api.RotatedWebhook) {
	id, ok := c.pathID(w, r, s, "webhookId")
	if !ok {
		return
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewGetWebhookRequest("", id)), func(ctx context.Context) (api.GetWebhookResponseObject, error) {
		return c.o.API.GetWebhook(ctx, api.GetWebhookRequestObject{Id: id})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.refused(w, r, s, apiErr)
		return
	}
	d := &webhookData{Webhook: resp.(api.GetWebhook200JSONResponse).Data, Rotated: rotated}
	params := api.ListWebhookDeliveriesParams{Limit: new(50)}
	deliveries, apiErr, err := call(r.Context(), c, s, request(api.NewListWebhookDeliveriesRequest("", id, &params)), func(ctx context.Context) (api.ListWebhookDeliveriesResponseObject, error) {
		return c.o.API.ListWebhookDeliveries(ctx, api.ListWebhookDeliveriesRequestObject{Id: id, Params: params})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if list, ok := deliveries.(api.ListWebhookDeliveries200JSONResponse); ok {
		d.Deliveries = list.Data
	}
	if p.Error == nil {
		p.Error = apiErr
	}
	p.Title, p.Section, p.session, p.Data = "Webhook "+d.Webhook.Url, "webhooks", s, d
	c.render(w, r, status, "webhook", p)
}

func (c *Console) redeliver(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "webhookId")
	if !ok {
		return
	}
	deliveryID, ok := c.pathID(w, r, s, "deliveryId")
	if !ok {
		return
	}
	_, apiErr, err := call(r.Context(), c, s, request(api.NewRedeliverWebhookDeliveryRequest("", id, deliveryID, nil)), func(ctx context.Context) (api.RedeliverWebhookDeliveryResponseObject, error) {
		return c.o.API.RedeliverWebhookDelivery(ctx, api.RedeliverWebhookDeliveryRequestObject{Id: id, DeliveryId: deliveryID})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showWebhook(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	f := flash{Notice: "Queued again as a new delivery."}
	c.redirectWithFlash(w, r, s, "/console/webhooks/"+id.String(), f, func() { c.showWebhook(w, r, s, http.StatusOK, &page{Notice: f.Notice}, nil) })
}

func (c *Console) rotateSecret(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "webhookId")
	if !ok {
		return
	}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewRotateWebhookSecretRequest("", id, nil)), func(ctx context.Context) (api.RotateWebhookSecretResponseObject, error) {
		return c.o.API.RotateWebhookSecret(ctx, api.RotateWebhookSecretRequestObject{Id: id})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showWebhook(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr}, nil)
		return
	}
	rotated := resp.(api.RotateWebhookSecret200JSONResponse).Body.Data
	f := flash{Notice: "Secret rotated. Copy it now: it is shown only this once.", Rotated: &rotated}
	c.redirectWithFlash(w, r, s, "/console/webhooks/"+id.String(), f, func() { c.showWebhook(w, r, s, http.StatusOK, &page{Notice: f.Notice}, f.Rotated) })
}
