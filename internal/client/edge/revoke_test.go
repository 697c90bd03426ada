package edge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/client/edge"
)

// logBuffer is an edge's log, kept for the test to read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// loggingTo has the edge log to log as well as to the test's output.
func loggingTo(t *testing.T, log *logBuffer) func(*edge.Options) {
	return func(o *edge.Options) {
		o.Logger = slog.New(slog.NewTextHandler(io.MultiWriter(t.Output(), log), &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
}

// clock is a time the test moves, for an edge's NowFunc.
type clock struct{ now atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.now.Store(time.Now().UnixNano())
	return c
}

func (c *clock) Now() time.Time              { return time.Unix(0, c.now.Load()) }
func (c *clock) advance(d time.Duration)     { c.now.Add(int64(d)) }
func (c *clock) option() func(*edge.Options) { return func(o *edge.Options) { o.NowFunc = c.Now } }

// awaitFile waits until the snapshot file holds what has.
func awaitFile(t *testing.T, file string, has func(raw string) bool) {
	t.Helper()
	require.Eventually(t, func() bool {
		raw, err := os.ReadFile(file)
		return err == nil && has(string(raw))
	}, 5*time.Second, time.Millisecond)
}

// refuses checks that the edge at url serves nothing, with reason in its answers.
func refuses(t *testing.T, url, key, reason string) {
	t.Helper()
	for _, credential := range []string{key, localToken} {
		a, _ := do(t, url, "GET", "/api/v1/prompts/greet/resolve", credential, "")
		require.Equal(t, http.StatusUnauthorized, a.Status, a.Body)
		require.Contains(t, a.Body, reason)
	}
	resp, err := http.Get(url + "/health")
	require.NoError(t, err)
	defer resp.Body.Close()
	var h edge.Health
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&h))
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.Equal(t, "revoked", h.Status)
	require.Contains(t, h.Reason, reason)
}

func TestEdgeRevokedKeyFile(t *testing.T) {
	t.Parallel()
	b := setup(t)
	proxy := newCutProxy(t, b.env.URL)
	file := snapshotFile(t)
	first := startEdge(t, proxy.URL(), b.key, file)
	awaitCurrent(t, first)
	awaitFile(t, file, func(raw string) bool { return strings.Contains(raw, `"greet"`) })

	resp, err := b.p.Client.RevokeApiKeyWithResponse(context.Background(), b.keyID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Eventually(t, func() bool { return first.Edge.Health().Status == "revoked" }, 5*time.Second, time.Millisecond)
	first.stop()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NotContains(t, string(raw), `"greet"`, "the revoked key's prompts are gone from the file")
	require.Contains(t, string(raw), "API key revoked")

	proxy.cut() // the server is unreachable from here on
	log := &logBuffer{}
	second := startEdge(t, proxy.URL(), b.key, file, loggingTo(t, log))
	refuses(t, second.URL, b.key, "API key revoked")
	require.Contains(t, log.String(), "API key revoked")
}

func TestEdgeExpiredKey(t *testing.T) {
	t.Parallel()
	type testBundle struct {
		*bundle
		proxy *cutProxy
		key   string
		file  string
		clock *clock
	}
	// setupExpiring starts an edge whose key expires in an hour, waits until its file
	// knows when, and stops it.
	setupExpiring := func(t *testing.T) *testBundle {
		t.Helper()
		b := &testBundle{bundle: setup(t), file: snapshotFile(t), clock: newClock()}
		b.proxy = newCutProxy(t, b.env.URL)
		expiresAt := time.Now().Add(time.Hour)
		b.key = b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "production", ExpiresAt: &expiresAt})
		first := startEdge(t, b.proxy.URL(), b.key, b.file, b.clock.option())
		awaitCurrent(t, first)
		awaitFile(t, b.file, func(raw string) bool {
			return strings.Contains(raw, `"greet"`) && strings.Contains(raw, `"keyExpiresAt":"`+expiresAt.UTC().Format("2006-01-02T15:04:05"))
		})
		first.stop()
		return b
	}

	t.Run("RestartedAfterExpiry", func(t *testing.T) {
		t.Parallel()
		b := setupExpiring(t)
		b.proxy.cut()
		b.clock.advance(30 * time.Minute)
		before := startEdge(t, b.proxy.URL(), b.key, b.file, b.clock.option())
		require.Equal(t, 1, versionOf(t, answerOf(do(t, before.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, ""))), "served until it expires")
		before.stop()

		b.clock.advance(time.Hour)
		log := &logBuffer{}
		after := startEdge(t, b.proxy.URL(), b.key, b.file, b.clock.option(), loggingTo(t, log))
		refuses(t, after.URL, b.key, "API key expired")
		require.Contains(t, log.String(), "API key expired")
	})

	t.Run("ExpiresWhileTheServerIsUnreachable", func(t *testing.T) {
		t.Parallel()
		b := setupExpiring(t)
		e := startEdge(t, b.proxy.URL(), b.key, b.file, b.clock.option())
		awaitCurrent(t, e)
		b.proxy.cut()
		require.Eventually(t, func() bool { return e.Edge.Health().Upstream == "disconnected" }, 5*time.Second, time.Millisecond)
		require.Equal(t, 1, versionOf(t, answerOf(do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, ""))))

		b.clock.advance(2 * time.Hour)
		refuses(t, e.URL, b.key, "API key expired")
		awaitFile(t, b.file, func(raw string) bool {
			return strings.Contains(raw, "API key expired") && !strings.Contains(raw, `"greet"`)
		})
	})
}

// answerOf is the answer of do, its headers dropped.
func answerOf(a answer, _ http.Header) answer { return a }
