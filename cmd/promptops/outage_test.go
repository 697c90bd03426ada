package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/store/pgserver"
)

// response is what send read back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// data decodes the response's data into out.
func (r response) data(t *testing.T, out any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.body, &struct{ Data any }{Data: out}), string(r.body))
}

// errorCode is the code of an error envelope ("" for any other body).
func (r response) errorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.body, &e)
	return e.Error.Code
}

// send makes a request with an optional key and JSON body (nil for none).
func send(t *testing.T, method, url, key string, body any) response {
	t.Helper()
	r, err := try(method, url, key, body)
	require.NoError(t, err)
	return r
}

// try is send for goroutines other than the test's: it returns what went wrong.
func try(method, url, key string, body any) (response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := testClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: b}, err
}

// testClient bounds every request, so a server that stops answering fails the test.
var testClient = &http.Client{Timeout: 10 * time.Second}

// startPostgres starts a PostgreSQL of the test's own on dir, stopped when the test ends.
func startPostgres(t *testing.T, dir string) *pgserver.Server {
	t.Helper()
	srv, err := pgserver.Start(context.Background(), pgserver.Options{Dir: dir, Ephemeral: true, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	return srv
}

// TestDatabaseOutage stops the PostgreSQL under a running server: a resolve it has cached
// still answers 200, anything that needs the database answers 503 with Retry-After (a
// write, a resolve it has not cached, /health), and the first requests after PostgreSQL is
// back succeed, without a restart of the server.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	// Not t.TempDir: its 0700 parent would keep the postgres user out when tests run as root.
	dir, err := os.MkdirTemp("", "promptops-outage-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	db := startPostgres(t, dir)

	addr := freeAddr(t)
	base := "http://" + addr
	p := startWithEnv(t, t.TempDir(), []string{"DATABASE_URL=" + db.URL("postgres"), "PROMPTOPS_SECRET_KEY=" + testSecretKey}, "serve", "--addr", addr)
	waitHealthy(t, p, base)

	var project struct {
		APIKey string `json:"apiKey"`
	}
	send(t, http.MethodPost, base+"/api/v1/projects", "", map[string]string{"name": "outage"}).data(t, &project)
	key := project.APIKey
	var prompt struct {
		ID string `json:"id"`
	}
	created := send(t, http.MethodPost, base+"/api/v1/prompts", key, map[string]string{"slug": "warm", "name": "Warm"})
	require.Equal(t, http.StatusCreated, created.status, string(created.body))
	created.data(t, &prompt)
	version := send(t, http.MethodPost, base+"/api/v1/prompts/"+prompt.ID+"/versions", key,
		map[string]string{"systemPrompt": "You help.", "userTemplate": "Hello {{ name }}"})
	require.Equal(t, http.StatusCreated, version.status, string(version.body))
	// The feed drops the project's cached resolves when it hears of these writes, which may
	// be after they were answered: warm the cache once it has heard of them all.
	feedCaughtUp(t, base, key)
	resolveURL := base + "/api/v1/prompts/warm/resolve"
	warm := send(t, http.MethodGet, resolveURL, key, nil)
	require.Equal(t, http.StatusOK, warm.status, string(warm.body))

	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, db.Stop(stopCtx))

	t.Run("Down", func(t *testing.T) {
		resolved := send(t, http.MethodGet, resolveURL, key, nil)
		require.Equal(t, http.StatusOK, resolved.status, "a cached resolve needs no database:\n%s\n%s", resolved.body, p.output())
		require.Equal(t, warm.body, resolved.body)

		for name, r := range map[string]response{
			"write":      send(t, http.MethodPost, base+"/api/v1/prompts", key, map[string]string{"slug": "cold", "name": "Cold"}),
			"cold read":  send(t, http.MethodGet, base+"/api/v1/prompts/never-resolved/resolve", key, nil),
			"project me": send(t, http.MethodGet, base+"/api/v1/projects/me", key, nil),
		} {
			require.Equal(t, http.StatusServiceUnavailable, r.status, "%s: %s", name, r.body)
			require.Equal(t, "SERVICE_UNAVAILABLE", r.errorCode(), "%s: %s", name, r.body)
			require.Equal(t, "5", r.header.Get("Retry-After"), name)
		}
		health := send(t, http.MethodGet, base+"/health", "", nil)
		require.Equal(t, http.StatusServiceUnavailable, health.status, string(health.body))
		require.JSONEq(t, `"unavailable"`, string(mustField(t, health.body, "status")))
		require.Equal(t, "5", health.header.Get("Retry-After"))
	})

	startPostgres(t, dir) // on the same data, under the same URL

	t.Run("Recovered", func(t *testing.T) {
		// At once: the first request of each kind after PostgreSQL accepts connections again.
		health := send(t, http.MethodGet, base+"/health", "", nil)
		require.Equal(t, http.StatusOK, health.status, "%s\n%s", health.body, p.output())
		write := send(t, http.MethodPost, base+"/api/v1/prompts", key, map[string]string{"slug": "after", "name": "After"})
		require.Equal(t, http.StatusCreated, write.status, string(write.body))
		resolved := send(t, http.MethodGet, resolveURL, key, nil)
		require.Equal(t, http.StatusOK, resolved.status, string(resolved.body))
		missing := send(t, http.MethodGet, base+"/api/v1/prompts/never-resolved/resolve", key, nil)
		require.Equal(t, http.StatusNotFound, missing.status, string(missing.body))
	})
	stop(t, p)
}

// feedCaughtUp returns once the server's event feed has handled every change to the key's
// project made so far: it makes one more (a project update, which invalidates no cached
// resolve) and waits for a socket to hear of it, since the feed handles changes in order.
func feedCaughtUp(t *testing.T, base, key string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws", nil)
	require.NoError(t, err)
	defer conn.CloseNow()
	for _, msg := range []map[string]string{{"type": "auth", "token": key}, {"type": "subscribe", "channel": "events"}} {
		require.NoError(t, wsjson.Write(ctx, conn, msg))
	}
	for _, want := range []string{"auth_ok", "subscribed"} {
		var reply struct{ Type string }
		require.NoError(t, wsjson.Read(ctx, conn, &reply))
		require.Equal(t, want, reply.Type)
	}
	marker := send(t, http.MethodPatch, base+"/api/v1/projects/me", key, map[string]string{"description": "feed marker"})
	require.Equal(t, http.StatusOK, marker.status, string(marker.body))
	for {
		var msg struct {
			Type  string
			Event struct{ Type string }
		}
		require.NoError(t, wsjson.Read(ctx, conn, &msg), "the feed did not catch up")
		if msg.Type == "event" && msg.Event.Type == "project.updated" {
			return
		}
	}
}

// mustField is one top-level field of a JSON object, raw.
func mustField(t *testing.T, body []byte, name string) json.RawMessage {
	t.Helper()
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &fields), string(body))
	return fields[name]
}
