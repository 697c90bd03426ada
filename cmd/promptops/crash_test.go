package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/apitest"
)

// post sends a JSON body with a key and decodes the response's data into out.
func post(t *testing.T, url, key string, body any, out any) int {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&struct{ Data any }{Data: out}))
	}
	return resp.StatusCode
}

// TestDeliveriesSurviveSIGKILL kills the server with webhook deliveries pending (the
// receiver is failing), restarts it on the same data, and sees every event delivered.
func TestDeliveriesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	dataDir, err := os.MkdirTemp("", "promptops-crash-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })

	var healthy atomic.Bool
	receiver := apitest.NewReceiver(t)
	receiver.Answer(func(int) int {
		if healthy.Load() {
			return http.StatusOK
		}
		return http.StatusServiceUnavailable
	})

	addr := freeAddr(t)
	base := "http://" + addr
	env := []string{"PROMPTOPS_WEBHOOK_ALLOW_PRIVATE=true", "PROMPTOPS_WEBHOOK_RETRY_BASE=1s"}
	p := startWithEnv(t, dataDir, env, "serve", "--addr", addr)
	waitHealthy(t, p, base)

	var project struct {
		APIKey string `json:"apiKey"`
	}
	require.Equal(t, http.StatusCreated, post(t, base+"/api/v1/projects", "", map[string]string{"name": "crash"}, &project))
	key := project.APIKey
	require.Equal(t, http.StatusCreated, post(t, base+"/api/v1/webhooks", key,
		map[string]any{"url": receiver.URL, "events": []string{"prompt.created"}}, nil))
	const n = 5
	for i := range n {
		require.Equal(t, http.StatusCreated, post(t, base+"/api/v1/prompts", key,
			map[string]string{"slug": fmt.Sprintf("p%d", i), "name": "p"}, nil))
	}
	receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool { return len(ds) >= 2 })

	require.NoError(t, p.cmd.Process.Kill())
	_ = p.cmd.Wait()
	// The private PostgreSQL follows its parent down (parent-death signal).
	require.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(dataDir, "pgdata", "postmaster.pid"))
		return os.IsNotExist(err)
	}, 15*time.Second, 50*time.Millisecond, "the private database outlived its server")
	before := len(apitest.Succeeded(receiver.Deliveries()))
	require.Zero(t, before)

	healthy.Store(true)
	p = startWithEnv(t, dataDir, env, "serve", "--addr", addr)
	waitHealthy(t, p, base)
	got := receiver.WaitFor(t, 90*time.Second, func(ds []apitest.Delivery) bool {
		ids := map[string]bool{}
		for _, d := range apitest.Succeeded(ds) {
			ids[d.ID] = true
		}
		return len(ids) == n
	})
	t.Logf("%d requests in all, %d answered 2xx", len(got), len(apitest.Succeeded(got)))
	stop(t, p)
}
