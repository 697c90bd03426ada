// Package apitest runs the API over real HTTP for tests: a fresh database, the full
// middleware chain behind httptest, and the generated Go client. Every response the server
// sends is validated against the OpenAPI document, so drift from the spec fails the test,
// and recorded, so that the contract coverage gate knows what the tests exercised.
package apitest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/change/webhooks"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// Env is one API server on its own database.
type Env struct {
	t           testing.TB
	URL         string
	DatabaseURL string
	Pool        *pgxpool.Pool
	Server      *server.Server
	// Hooks is the instance's webhook delivery service.
	Hooks *webhooks.Service
	// Anonymous is a client without a key.
	Anonymous *api.ClientWithResponses
}

// OptionFunc changes the server options of New.
type OptionFunc func(*server.Options)

// New starts an API server on a fresh database for the test.
func New(t testing.TB, opts ...OptionFunc) *Env {
	t.Helper()
	return start(t, dbtest.URL(t), opts...)
}

// NewInstance starts another API server on the same database, as a second instance of a
// scaled-out deployment: its own pool, sockets, listener and delivery workers.
func (e *Env) NewInstance(opts ...OptionFunc) *Env {
	e.t.Helper()
	return start(e.t, e.DatabaseURL, opts...)
}

// SecretKey seals the webhook secrets of every test's database, so that every instance
// on one opens them.
var SecretKey = sync.OnceValue(func() *secrets.Key {
	key, err := secrets.ParseKey(secrets.GenerateKey())
	if err != nil {
		panic(err)
	}
	return key
})

// WebhookConfig is the delivery configuration of the tests: receivers in tests are local,
// and retries should come quickly.
func WebhookConfig(t testing.TB) webhooks.Config {
	return webhooks.Config{
		RetryBase: time.Second, MaxAttempts: 5, AllowPrivate: true, Secrets: SecretKey(),
		SecretOverlap: time.Hour, Logger: quietLogger(t),
	}
}

// WithWebhooks changes the delivery configuration, which starts as the tests'
// (WebhookConfig).
func WithWebhooks(_ testing.TB, change func(*webhooks.Config)) OptionFunc {
	return func(o *server.Options) { change(&o.Webhooks) }
}

// start builds an instance through server.New, as the binary does, serves its handler on
// httptest and starts it; the test's cleanup stops it.
func start(t testing.TB, databaseURL string, opts ...OptionFunc) *Env {
	t.Helper()
	pool := dbtest.Open(t, databaseURL)
	o := server.Options{
		Webhooks:        WebhookConfig(t),
		Pool:            pool,
		Logger:          quietLogger(t),
		RateLimit:       10_000,
		SignupRateLimit: 10_000,
		// Tests send many bad keys from one address.
		AuthFailureLimit: 10_000,
		SecretKey:        SecretKey(),
	}
	for _, opt := range opts {
		opt(&o)
	}
	srv, err := server.New(o)
	require.NoError(t, err)
	ts := httptest.NewServer(validating(t, srv.Handler()))
	t.Cleanup(func() {
		srv.Close()
		ts.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, srv.Stop(stopCtx))
	})
	// Jobs, partitions and the event feed need a working database; a test that swapped in
	// a pool of its own (a broken one to see 503s, or one whose webhooks must only be
	// recorded) runs without them: built, never started.
	if o.Pool == pool {
		require.NoError(t, srv.Start(context.Background()))
	}
	e := &Env{t: t, URL: ts.URL, DatabaseURL: databaseURL, Pool: pool, Server: srv, Hooks: srv.Webhooks()}
	e.Anonymous = e.Client("")
	return e
}

// quietLogger logs warnings and errors into the test's output.
func quietLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Client is a generated client sending key (none when "").
func (e *Env) Client(key string) *api.ClientWithResponses {
	e.t.Helper()
	c, err := api.NewClientWithResponses(e.URL,
		api.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		api.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			if key != "" {
				req.Header.Set("Authorization", "Bearer "+key)
			}
			return nil
		}))
	require.NoError(e.t, err)
	return c
}

// Project is a project created through the API, with its first (admin, dev) key.
type Project struct {
	ID     string
	Key    string
	Client *api.ClientWithResponses
}

// NewProject creates a project through the API.
func (e *Env) NewProject(name string) *Project {
	e.t.Helper()
	resp, err := e.Anonymous.CreateProjectWithResponse(context.Background(), api.CreateProjectRequest{Name: name})
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	d := resp.JSON201.Data
	return &Project{ID: d.Project.Id.String(), Key: d.ApiKey, Client: e.Client(d.ApiKey)}
}

// NewProjectDirect creates a project in the database, as the command line does, without
// spending any API request (or rate-limit allowance).
func (e *Env) NewProjectDirect(name string) *projects.Created {
	e.t.Helper()
	created, err := projects.Create(context.Background(), e.Pool, events.NewRecorder(e.Hooks), events.Origin{}, name, nil)
	require.NoError(e.t, err)
	return created
}

// NewKey creates a key in p's project and returns it in full.
func (e *Env) NewKey(p *Project, body api.CreateApiKeyRequest) string {
	e.t.Helper()
	resp, err := p.Client.CreateApiKeyWithResponse(context.Background(), nil, body)
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data.FullKey
}

// Do sends a raw request (for bodies and headers the generated client cannot produce).
func (e *Env) Do(req *http.Request) *http.Response {
	e.t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// Request builds a request to path on the test server with an optional key.
func (e *Env) Request(method, path, key, contentType, body string) *http.Request {
	e.t.Helper()
	req, err := http.NewRequest(method, e.URL+path, strings.NewReader(body))
	require.NoError(e.t, err)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// Rows counts the rows of every table, to show that a refused request changed nothing.
func (e *Env) Rows() *dbsqlc.InspectRowCountsRow {
	e.t.Helper()
	counts, err := dbsqlc.New().InspectRowCounts(context.Background(), e.Pool)
	require.NoError(e.t, err)
	return counts
}

// NewPrompt creates a prompt in p's project.
func (e *Env) NewPrompt(p *Project, slug string) api.Prompt {
	e.t.Helper()
	resp, err := p.Client.CreatePromptWithResponse(context.Background(), nil, api.CreatePromptRequest{Slug: slug, Name: "Prompt " + slug})
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data
}

// NewVersion creates a version of a prompt with the given user template.
func (e *Env) NewVersion(p *Project, promptID uuid.UUID, userTemplate string) api.Version {
	e.t.Helper()
	systemPrompt := "You are a helpful assistant."
	resp, err := p.Client.CreateVersionWithResponse(context.Background(), promptID.String(), nil, api.CreateVersionRequest{
		SystemPrompt: &systemPrompt, UserTemplate: &userTemplate,
	})
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data
}

// Promote makes a version live in env and returns the deployment.
func (e *Env) Promote(p *Project, promptID, versionID uuid.UUID, env api.Environment) api.Deployment {
	e.t.Helper()
	resp, err := p.Client.PromotePromptWithResponse(context.Background(), promptID.String(), nil, api.PromoteRequest{Environment: env, VersionId: &versionID})
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data
}
