package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPacerSendsItsRate: every slot of the rate is sent once, round-robin over the
// targets, with the subject and the key, and the answered rate and latencies come from the
// answers.
func TestPacerSendsItsRate(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	paths := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, subject, r.Header.Get("PromptOps-Subject"))
		assert.Equal(t, "Bearer po_live_k", r.Header.Get("Authorization"))
		mu.Lock()
		paths[r.URL.Path]++
		mu.Unlock()
		_, _ = w.Write([]byte(`{"data":{}}`))
	}))
	defer srv.Close()

	p := pacer{targets: targets(t, srv.URL+"/a", srv.URL+"/b"), key: "po_live_k", connections: 4, rate: 400, duration: time.Second}
	f, err := p.attack(context.Background())
	require.NoError(t, err)
	require.Equal(t, uint64(400), f.Requests)
	require.Zero(t, f.Errors)
	require.Equal(t, map[string]int{"/a": 200, "/b": 200}, paths)
	require.Positive(t, f.RequestsPerS)
	require.LessOrEqual(t, f.RequestsPerS, 400.0)
	require.Positive(t, f.P50Ms)
	require.LessOrEqual(t, f.P50Ms, f.P99Ms)
	require.LessOrEqual(t, f.P99Ms, f.MaxMs)
}

// TestPacerCountsFailures: an answer of 400 or more is a failure with a sample of its
// body, and no latency.
func TestPacerCountsFailures(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.Error(w, "not here", http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()

	p := pacer{targets: targets(t, srv.URL+"/ok", srv.URL+"/gone"), connections: 2, rate: 100, duration: time.Second}
	f, err := p.attack(context.Background())
	require.NoError(t, err)
	require.Equal(t, uint64(100), f.Requests)
	require.Equal(t, uint64(50), f.Errors)
	require.NotEmpty(t, f.ErrorSamples)
	require.Contains(t, f.ErrorSamples[0], "status 404: not here")
	require.Less(t, f.RequestsPerS, f.SentRatePerS, "only the answers under 400 count as answered")
}

// TestPacerFigures: the rates are over the time from the first slot to the last answer
// and one slot more, so a server that kept up shows the rate (less the last answer's
// latency) and one that fell behind shows less; the percentiles are of the latencies.
func TestPacerFigures(t *testing.T) {
	t.Parallel()
	p := pacer{connections: 2, rate: 100, duration: time.Second}
	start := time.Unix(1000, 0)
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	kept := []sends{
		{sent: 50, latencies: make([]time.Duration, 50), lastAnswer: start.Add(ms(990))},
		{sent: 50, latencies: make([]time.Duration, 49), failures: 1, firstFailure: "status 500: x", lastAnswer: start.Add(ms(985))},
	}
	for i := range kept[0].latencies {
		kept[0].latencies[i] = ms(i + 1) // 1 to 50 ms
	}
	f := p.figures(kept, start)
	require.Equal(t, uint64(100), f.Requests)
	require.Equal(t, uint64(1), f.Errors)
	require.Equal(t, []string{"status 500: x"}, f.ErrorSamples)
	require.InDelta(t, 100, f.SentRatePerS, 1e-9)
	require.InDelta(t, 99, f.RequestsPerS, 1e-9)
	require.Equal(t, 50.0, f.MaxMs)
	require.Equal(t, 1.0, f.P50Ms) // 49 of the 99 latencies are 0, then 1 to 50 ms
	require.Equal(t, 49.0, f.P99Ms)

	behind := []sends{{sent: 100, latencies: make([]time.Duration, 100), lastAnswer: start.Add(ms(1990))}}
	f = p.figures(behind, start)
	require.InDelta(t, 50, f.SentRatePerS, 1e-9)
	require.InDelta(t, 50, f.RequestsPerS, 1e-9)
}

// TestReadTargets: a URL list must name one host over http, and at least one URL.
func TestReadTargets(t *testing.T) {
	t.Parallel()
	write := func(text string) string {
		path := filepath.Join(t.TempDir(), "urls.txt")
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	got, err := readTargets(write("http://127.0.0.1:1/a\nhttp://127.0.0.1:1/b\n"))
	require.NoError(t, err)
	require.Len(t, got, 2)
	_, err = readTargets(write("http://127.0.0.1:1/a\nhttp://127.0.0.1:2/b\n"))
	require.ErrorContains(t, err, "every URL must name 127.0.0.1:1")
	_, err = readTargets(write(""))
	require.ErrorContains(t, err, "names no URL")
	_, err = readTargets(write("https://127.0.0.1:1/a\n"))
	require.ErrorContains(t, err, "is not an http URL")
}

func targets(t *testing.T, raw ...string) []*url.URL {
	t.Helper()
	var us []*url.URL
	for _, r := range raw {
		u, err := url.Parse(r)
		require.NoError(t, err)
		us = append(us, u)
	}
	return us
}
