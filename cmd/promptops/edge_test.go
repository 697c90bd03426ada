package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestEdgeDebugListener: promptops edge --debug-addr serves the edge's metrics, on
// loopback for a port alone, under the server's names, even with the server unreachable.
func TestEdgeDebugListener(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	out := &process{} // its output only: the edge runs in this process
	ran := make(chan int, 1)
	go func() {
		ran <- run(ctx, []string{"edge", "--upstream", "http://127.0.0.1:1", "--key", "po_live_" + strings.Repeat("k", 40),
			"--addr", "127.0.0.1:0", "--debug-addr", ":0"}, func(string) string { return "" }, out, out)
	}()
	var debug []string
	require.Eventually(t, func() bool {
		debug = regexp.MustCompile(`msg="debug listener \(metrics, pprof\)" addr=(\S+)`).FindStringSubmatch(out.output())
		return debug != nil
	}, 5*time.Second, 20*time.Millisecond, out.output())
	require.True(t, strings.HasPrefix(debug[1], "127.0.0.1:"), "debug listener on %s", debug[1])
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // nothing left open for goleak
	resp, err := client.Get("http://" + debug[1] + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(body), "promptops_edge_stale_answers_total 0")
	cancel()
	require.Equal(t, 0, <-ran, out.output())
}
