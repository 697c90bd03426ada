package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/require"
)

// TestCollections reads the collector's cycles from Go's metrics as a PromptOps debug
// address serves them: a collection between two reads is counted, with its pause.
func TestCollections(t *testing.T) {
	t.Parallel()
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector())
	srv := httptest.NewServer(promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	defer srv.Close()
	p := &process{debug: strings.TrimPrefix(srv.URL, "http://")}

	before, err := p.collections(context.Background())
	require.NoError(t, err)
	runtime.GC()
	after, err := p.collections(context.Background())
	require.NoError(t, err)
	got := after.since(before)
	require.GreaterOrEqual(t, got.Cycles, uint64(1))
	require.Positive(t, got.PauseMs)
	require.Equal(t, "", (*Collections)(nil).String(), "no cell for a phase without metrics")
}

// TestCollectionsNeedTheGoMetrics: metrics without the collector's summary are an error,
// not zero cycles.
func TestCollectionsNeedTheGoMetrics(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("# TYPE up gauge\nup 1\n"))
	}))
	defer srv.Close()
	p := &process{debug: strings.TrimPrefix(srv.URL, "http://")}
	_, err := p.collections(context.Background())
	require.ErrorContains(t, err, "no go_gc_duration_seconds")
}
