package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/cluster"
)

// clusterRateLimit is the instances' limit a minute per key: high enough for the load's keys,
// low enough that four clients spend a key's burst at once.
const clusterRateLimit = 3000

// TestCluster is make cluster-test at a smaller size: three instances behind HAProxy on one
// PostgreSQL, in a network namespace of their own where the machine allows one, under a
// bounded mixed load while one instance is killed and restarted and PostgreSQL restarts.
// Nothing acknowledged may be lost, resolve must be served throughout by the survivors, and
// a key's limit must hold across the instances within 10 %.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the cluster test runs three instances, HAProxy and PostgreSQL for a minute")
	}
	ns, err := cluster.Namespace()
	require.NoError(t, err)
	isolation := "in network namespace " + ns
	if ns == "" {
		err := cluster.Isolate(t.Context(), []string{os.Args[0], "-test.run=^TestCluster$", "-test.v", "-test.count=1"}, testWriter{t}, testWriter{t})
		if !errors.Is(err, cluster.ErrNoNamespace) {
			require.NoError(t, err, "the cluster test failed in its network namespace (its output is above)")
			return
		}
		isolation = "on this machine's loopback (" + err.Error() + ")"
		t.Log("cluster:", isolation)
	}

	dir := t.TempDir()
	c, err := cluster.Start(t.Context(), cluster.Options{
		Command: []string{os.Args[0]}, Env: []string{"PROMPTOPS_TEST_AS_MAIN=1"},
		Dir: dir, Instances: 3, RateLimit: clusterRateLimit,
	})
	if c != nil {
		t.Cleanup(c.Stop)
	}
	require.NoError(t, err, logs(dir))

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	r, err := cluster.Drive(ctx, c, cluster.Load{Phase: 4 * time.Second, ReadRate: 80, WriteRate: 5, PromoteRate: 5, Prompts: 20, LimitWindow: 10 * time.Second})
	require.NoError(t, err, logs(dir))
	r.Isolation = isolation
	var out strings.Builder
	r.Print(&out)
	t.Log("\n" + out.String())

	require.Zero(t, r.LostWrites, "acknowledged writes lost")
	require.Greater(t, r.AckedWrites, 20)
	for _, p := range r.Phases {
		// Through the kill by the survivors, through PostgreSQL's restart from the cache.
		require.Zero(t, p.ResolvesFailed, "%s: every resolve must be answered", p.Name)
		require.Positive(t, p.Resolves, p.Name)
	}
	require.Positive(t, r.Propagation.Samples)
	require.NoError(t, r.Check())
}

// testWriter writes a child's output into the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// logs is every log file the cluster wrote, for a failure's message.
func logs(dir string) string {
	entries, _ := os.ReadDir(dir)
	var b strings.Builder
	for _, e := range entries {
		data, _ := os.ReadFile(dir + "/" + e.Name())
		b.WriteString("--- " + e.Name() + "\n" + tail(string(data), 3000) + "\n")
	}
	return b.String()
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
