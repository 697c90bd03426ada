// Package apitest runs the API over real HTTP for tests: an instance built as the binary
// builds it, behind httptest, and the generated Go client. Most tests share one instance
// per package (Shared), each in projects of its own; a test that needs options or the
// instance to itself starts one on a fresh database (New). Every response the server
// sends is validated against the OpenAPI document, so drift from the spec fails the test
// that asked, and recorded, so that the contract coverage gate knows what the tests
// exercised.
package apitest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
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
	"github.com/promptops/promptops/internal/tracing"
)

// Env is one API server on its own database, as one test sees it: its helpers report to
// that test.
type Env struct {
	t testing.TB
	// testID names t in the requests of Env's clients (testHeader), so that the server
	// reports a response that breaks the spec to the test that asked for it.
	testID      string
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

// New starts an API server on a fresh database for the test: for a test that needs
// options, or a database no other test writes to (one that counts every row, or reads the
// instance's metrics). Others share one (Shared, For).
func New(t testing.TB, opts ...OptionFunc) *Env {
	t.Helper()
	return start(t, dbtest.URL(t), opts...).For(t)
}

// For is the same instance for test t, whose failures its helpers then report, and to
// which the server reports a response to one of its requests that breaks the spec: the
// subtests of a test can share the instance their test started, each in a project of its
// own, rather than each starting one (a whole instance and a fresh database cost far more
// than the requests of most subtests).
func (e *Env) For(t testing.TB) *Env {
	t.Helper()
	shared := *e
	shared.t, shared.testID = t, register(t)
	shared.Anonymous = shared.Client("")
	return &shared
}

// NewInstance starts another API server on the same database, as a second instance of a
// scaled-out deployment: its own pool, sockets, listener and delivery workers.
func (e *Env) NewInstance(opts ...OptionFunc) *Env {
	e.t.Helper()
	return start(e.t, e.DatabaseURL, opts...).For(e.t)
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
func WebhookConfig(t testing.TB) webhooks.Config { return webhookConfig(quietLogger(t.Output())) }

func webhookConfig(logger *slog.Logger) webhooks.Config {
	return webhooks.Config{
		RetryBase: 100 * time.Millisecond, MaxAttempts: 5, AllowPrivate: true, Secrets: SecretKey(),
		SecretOverlap: time.Hour, Logger: logger,
	}
}

// WithWebhooks changes the delivery configuration, which starts as the tests'
// (WebhookConfig).
func WithWebhooks(_ testing.TB, change func(*webhooks.Config)) OptionFunc {
	return func(o *server.Options) { change(&o.Webhooks) }
}

// WithTracing has the instance, and its pool, make spans through tr, as serve does with
// the OTEL_* variables.
func WithTracing(tr *tracing.Tracing) OptionFunc {
	return func(o *server.Options) { o.Tracing = tr }
}

// owner is what an instance lives as long as: a test, or the test binary (Shared).
type owner interface {
	dbtest.TB
	Errorf(format string, args ...any)
	FailNow()
}

// start builds an instance through server.New, as the binary does, serves its handler on
// httptest and starts it; o's cleanup stops it.
func start(o owner, databaseURL string, opts ...OptionFunc) *Env {
	o.Helper()
	pool := dbtest.Open(o, databaseURL)
	logger := quietLogger(logOutput(o))
	so := server.Options{
		Webhooks:        webhookConfig(logger),
		Pool:            pool,
		Logger:          logger,
		RateLimit:       10_000,
		SignupRateLimit: 10_000,
		// Tests send many bad keys from one address.
		AuthFailureLimit: 10_000,
		SecretKey:        SecretKey(),
	}
	for _, opt := range opts {
		opt(&so)
	}
	own := so.Pool == pool
	if own && so.Tracing != nil {
		// Queries are traced from the pool's config on (WithTracing), as serve opens it.
		pool = dbtest.Open(o, databaseURL, so.Tracing.TracePool)
		so.Pool = pool
	}
	srv, err := server.New(so)
	require.NoError(o, err)
	ts := httptest.NewServer(validating(o, srv.Handler()))
	o.Cleanup(func() {
		srv.Close()
		ts.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Stop(stopCtx); err != nil {
			o.Errorf("apitest: stop the instance: %v", err)
		}
	})
	// Jobs, partitions and the event feed need a working database; a test that swapped in
	// a pool of its own (a broken one to see 503s, or one whose webhooks must only be
	// recorded) runs without them: built, never started.
	if own {
		require.NoError(o, srv.Start(context.Background()))
	}
	return &Env{URL: ts.URL, DatabaseURL: databaseURL, Pool: pool, Server: srv, Hooks: srv.Webhooks()}
}

// logOutput is where an instance of o logs: the test's output, or standard error for the
// test binary's.
func logOutput(o owner) io.Writer {
	if t, ok := o.(testing.TB); ok {
		return t.Output()
	}
	return os.Stderr
}

// quietLogger logs warnings and errors into w.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Client is a generated client sending key (none when "").
func (e *Env) Client(key string) *api.ClientWithResponses {
	e.t.Helper()
	c, err := api.NewClientWithResponses(e.URL,
		api.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		api.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set(testHeader, e.testID)
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

// UUID is the project's id as the database and testfactory take it.
func (p *Project) UUID() uuid.UUID { return uuid.MustParse(p.ID) }

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
	req.Header.Set(testHeader, e.testID)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// Rows counts the rows of every table, to show that a refused request changed nothing.
// On an instance that other tests use at the same time (For), count p's with RowsOf.
func (e *Env) Rows() *dbsqlc.InspectRowCountsRow {
	e.t.Helper()
	return e.rows(nil)
}

// RowsOf counts the rows of p's project in every table, to show that a request refused to
// it changed nothing there, while other tests write to their own projects.
func (e *Env) RowsOf(p *Project) *dbsqlc.InspectRowCountsRow {
	e.t.Helper()
	id, err := uuid.Parse(p.ID)
	require.NoError(e.t, err)
	return e.rows(&id)
}

func (e *Env) rows(projectID *uuid.UUID) *dbsqlc.InspectRowCountsRow {
	e.t.Helper()
	counts, err := dbsqlc.New().InspectRowCounts(context.Background(), e.Pool, projectID)
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
