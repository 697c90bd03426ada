package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// The connections page lists the project's provider connections, which Try it runs
// prompts through; admins add and delete them there. Keys are written, never shown.

func (c *Console) connectionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/connections", c.signedIn(c.connections))
	mux.HandleFunc("POST /console/connections", c.signedIn(c.createConnection))
	mux.HandleFunc("POST /console/connections/{connectionId}/delete", c.signedIn(c.deleteConnection))
}

// connectionsPage is the connections page's path, where a post on it sends the browser.
const connectionsPage = "/console/connections"

func (c *Console) connections(w http.ResponseWriter, r *http.Request, s *session) {
	f := c.takeFlash(r.Context(), s, connectionsPage)
	c.showConnections(w, r, s, http.StatusOK, &page{Notice: f.Notice})
}

func (c *Console) showConnections(w http.ResponseWriter, r *http.Request, s *session, status int, p *page) {
	list, apiErr, err := c.listConnections(r, s)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if p.Error == nil && apiErr != nil {
		p.Error, status = apiErr, errorStatus(apiErr.Error.Code)
	}
	p.Section, p.session = "connections", s
	c.render(w, r, status, "connections", p.with("Connections", list))
}

// listConnections asks the API for the project's connections.
func (c *Console) listConnections(r *http.Request, s *session) ([]api.Connection, *api.Error, error) {
	params := api.ListConnectionsParams{Limit: new(100)}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewListConnectionsRequest("", &params)), func(ctx context.Context) (api.ListConnectionsResponseObject, error) {
		return c.o.API.ListConnections(ctx, api.ListConnectionsRequestObject{Params: params})
	})
	if list, ok := resp.(api.ListConnections200JSONResponse); ok {
		return list.Data, apiErr, err
	}
	return nil, apiErr, err
}

func (c *Console) createConnection(w http.ResponseWriter, r *http.Request, s *session) {
	body := api.CreateConnectionRequest{
		Name: strings.TrimSpace(r.PostFormValue("name")), Provider: api.ConnectionProvider(r.PostFormValue("provider")),
		BaseUrl: strings.TrimSpace(r.PostFormValue("baseUrl")), ApiKey: r.PostFormValue("apiKey"),
	}
	if m := strings.TrimSpace(r.PostFormValue("defaultModel")); m != "" {
		body.DefaultModel = &m
	}
	_, apiErr, err := call(r.Context(), c, s, request(api.NewCreateConnectionRequest("", nil, body)), func(ctx context.Context) (api.CreateConnectionResponseObject, error) {
		return c.o.API.CreateConnection(ctx, api.CreateConnectionRequestObject{Body: &body})
	})
	c.afterConnectionChange(w, r, s, apiErr, err, "Added "+body.Name+".")
}

func (c *Console) deleteConnection(w http.ResponseWriter, r *http.Request, s *session) {
	id, ok := c.pathID(w, r, s, "connectionId")
	if !ok {
		return
	}
	_, apiErr, err := call(r.Context(), c, s, request(api.NewDeleteConnectionRequest("", id)), func(ctx context.Context) (api.DeleteConnectionResponseObject, error) {
		return c.o.API.DeleteConnection(ctx, api.DeleteConnectionRequestObject{ConnectionId: id})
	})
	c.afterConnectionChange(w, r, s, apiErr, err, "Deleted the connection.")
}

func (c *Console) afterConnectionChange(w http.ResponseWriter, r *http.Request, s *session, apiErr *api.Error, err error, notice string) {
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showConnections(w, r, s, errorStatus(apiErr.Error.Code), &page{Error: apiErr})
		return
	}
	f := flash{Notice: notice}
	c.redirectWithFlash(w, r, s, connectionsPage, f, func() { c.showConnections(w, r, s, http.StatusOK, &page{Notice: f.Notice}) })
}
