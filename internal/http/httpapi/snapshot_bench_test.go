package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/promptops/promptops/gen/api"
)

// BenchmarkSnapshotLarge reads the whole snapshot of 30 prompts of 1 MB each (the review's
// case), every page of it, through the whole chain. Besides B/op it reports the peak of
// the live heap above its level before the read (peak-heap-MB), the pages read and their
// bytes (answer-MB).
func BenchmarkSnapshotLarge(b *testing.B) {
	env, _ := benchEnv(b)
	p := env.NewProject("large")
	// Ten user messages of 99 KB: a version of 1 MB, near the body limit.
	messages := make([]api.Message, 10)
	for i := range messages {
		messages[i] = api.Message{Role: api.MessageRoleUser, Content: strings.Repeat("All work and no play makes Jack a dull boy. ", 99_000/44)}
	}
	for i := range 30 {
		prompt := env.NewPrompt(p, fmt.Sprintf("large-%02d", i))
		resp, err := p.Client.CreateVersionWithResponse(context.Background(), prompt.Id.String(), nil, api.CreateVersionRequest{Messages: &messages})
		if err != nil || resp.StatusCode() != http.StatusCreated {
			b.Fatalf("create version: %v %s", err, resp.Body)
		}
	}
	h := env.Server.Handler()
	key := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev"})

	var peak, pages, written float64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		before := liveHeap()
		stop := watchHeap()
		b.StartTimer()
		n, bytes := readSnapshotPages(b, h, key)
		pages, written = float64(n), float64(bytes)/(1<<20)
		b.StopTimer()
		peak = max(peak, float64(stop()-before)/(1<<20))
		b.StartTimer()
	}
	b.ReportMetric(peak, "peak-heap-MB")
	b.ReportMetric(pages, "pages")
	b.ReportMetric(written, "answer-MB")
}

// readSnapshotPages reads every page of the snapshot with key, keeping only the first KB of
// each answer's start (where the next page's token is); it returns the pages and bytes
// read.
func readSnapshotPages(b *testing.B, h http.Handler, key string) (pages, written int) {
	b.Helper()
	next := regexp.MustCompile(`"nextPageToken":"([^"]+)"`)
	target := "/api/v1/snapshot"
	for pages = 1; ; pages++ {
		w := &headWriter{header: http.Header{}}
		h.ServeHTTP(w, authorized(http.MethodGet, target, key))
		if w.status != http.StatusOK {
			b.Fatalf("status %d: %s", w.status, w.head)
		}
		written += w.written
		m := next.FindSubmatch(w.head)
		if m == nil {
			return pages, written
		}
		target = "/api/v1/snapshot?pageToken=" + url.QueryEscape(string(m[1]))
	}
}

// headWriter is a ResponseWriter that keeps the status, the size and the first KB of the
// body.
type headWriter struct {
	header  http.Header
	status  int
	written int
	head    []byte
}

func (w *headWriter) Header() http.Header { return w.header }

func (w *headWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *headWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.written += len(p)
	w.head = append(w.head, p[:min(len(p), 1024-len(w.head))]...)
	return len(p), nil
}

// liveHeap is the heap's bytes in objects, live or not yet swept.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// watchHeap samples liveHeap every 200µs until stop, which returns the highest sample.
func watchHeap() (stop func() uint64) {
	var peak atomic.Uint64
	peak.Store(liveHeap())
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if v := liveHeap(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return max(peak.Load(), liveHeap())
	}
}
