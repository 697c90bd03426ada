package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
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
	apitest.SkipIfShort(t, "killing and restarting the server during deliveries")
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
	// The deliveries in flight at the kill stay marked running: the restarted instance
	// retries them once they are older than the rescue delay (30s by default, 7s here: an
	// attempt ends within the 1s timeout plus 5s), when it is River's leader, which it
	// becomes once the killed one's lease runs out (River's 15s at most, the most of what
	// the test waits for); retries start at 100ms.
	env := []string{"PROMPTOPS_WEBHOOK_ALLOW_PRIVATE=true", "PROMPTOPS_WEBHOOK_RETRY_BASE=100ms",
		"PROMPTOPS_WEBHOOK_TIMEOUT=1s", "PROMPTOPS_WEBHOOK_RESCUE_AFTER=7s"}
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

	kill(t, p, dataDir)
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

// kill ends the server with SIGKILL and waits for its private PostgreSQL, which follows its
// parent down (parent-death signal), so that a restart starts a fresh one on the same data.
func kill(t *testing.T, p *process, dataDir string) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Kill())
	_ = p.cmd.Wait()
	require.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(dataDir, "pgdata", "postmaster.pid"))
		return os.IsNotExist(err)
	}, 15*time.Second, 50*time.Millisecond, "the private database outlived its server")
}

// acked is a write the server answered with a 2xx, and where to read it back.
type acked struct {
	what, path string
	// versionID, for a promote, is the version the staging history must show.
	versionID string
}

// TestWritesSurviveSIGKILL runs concurrent writers (each creating prompts, their versions
// and promoting them) against the server, kills it with SIGKILL while they write, restarts
// it on the same data and reads back every write that was answered with a 2xx.
func TestWritesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	dataDir, err := os.MkdirTemp("", "promptops-crash-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	addr := freeAddr(t)
	base := "http://" + addr
	env := []string{"PROMPTOPS_RATE_LIMIT=1000000"}
	p := startWithEnv(t, dataDir, env, "serve", "--addr", addr)
	waitHealthy(t, p, base)
	var project struct {
		APIKey string `json:"apiKey"`
	}
	send(t, http.MethodPost, base+"/api/v1/projects", "", map[string]string{"name": "crash"}).data(t, &project)

	const writers, killAfter = 8, 150
	var (
		mu      sync.Mutex
		writes  []acked
		killing atomic.Bool
		wg      sync.WaitGroup
	)
	problems := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := 0; ; i++ {
				err := writeChain(base, project.APIKey, fmt.Sprintf("w%d-%d", w, i), func(a acked) {
					mu.Lock()
					defer mu.Unlock()
					writes = append(writes, a)
				})
				if err == nil {
					continue
				}
				// Only the kill may end a writer: it was writing when the kill came.
				if !killing.Load() {
					problems <- fmt.Errorf("writer %d before the kill: %w", w, err)
				}
				return
			}
		})
	}
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(writes) >= killAfter || len(problems) > 0
	}, 60*time.Second, 5*time.Millisecond, "the writers did not get %d writes acknowledged", killAfter)
	killing.Store(true)
	kill(t, p, dataDir)
	wg.Wait()
	close(problems)
	for err := range problems {
		require.NoError(t, err, p.output())
	}

	p = startWithEnv(t, dataDir, env, "serve", "--addr", addr)
	waitHealthy(t, p, base)
	for _, a := range writes {
		r := send(t, http.MethodGet, base+a.path, project.APIKey, nil)
		require.Equal(t, http.StatusOK, r.status, "acknowledged %s lost: %s", a.what, r.body)
		if a.versionID != "" {
			require.Contains(t, string(r.body), `"versionId":"`+a.versionID+`"`, "acknowledged %s lost", a.what)
		}
	}
	t.Logf("%d acknowledged writes of %d writers, all there after SIGKILL", len(writes), writers)
	stop(t, p)
}

// writeChain creates a prompt, a version of it and promotes that to staging, passing each
// write that is answered with a 2xx to ack. Any other answer, or none, is an error.
func writeChain(base, key, slug string, ack func(acked)) error {
	var prompt, version struct {
		ID string `json:"id"`
	}
	r, err := try(http.MethodPost, base+"/api/v1/prompts", key, map[string]string{"slug": slug, "name": slug})
	if err = ackedData(r, err, &prompt); err != nil {
		return err
	}
	ack(acked{what: "prompt " + slug, path: "/api/v1/prompts/" + prompt.ID})
	r, err = try(http.MethodPost, base+"/api/v1/prompts/"+prompt.ID+"/versions", key,
		map[string]string{"systemPrompt": "You help.", "userTemplate": "Hi {{ name }}"})
	if err = ackedData(r, err, &version); err != nil {
		return err
	}
	ack(acked{what: "version of " + slug, path: "/api/v1/prompts/" + prompt.ID + "/versions/" + version.ID})
	r, err = try(http.MethodPost, base+"/api/v1/prompts/"+prompt.ID+"/promote", key,
		map[string]string{"environment": "staging", "versionId": version.ID})
	if err = ackedData(r, err, nil); err != nil {
		return err
	}
	ack(acked{what: "promote of " + slug, path: "/api/v1/prompts/" + prompt.ID + "/deployments?environment=staging", versionID: version.ID})
	return nil
}

// ackedData is nil when the request was answered with a 2xx, whose data it decodes into out.
func ackedData(r response, err error, out any) error {
	if err != nil {
		return err
	}
	if r.status < 200 || r.status > 299 {
		return fmt.Errorf("answered %d: %s", r.status, r.body)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.body, &struct{ Data any }{Data: out})
}
