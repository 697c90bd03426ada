package edge_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/server"
)

// onePromptAPage makes every page of the server's snapshot hold one prompt.
func onePromptAPage(o *server.Options) { o.SnapshotPageBytes = 1 }

// pagedBundle is setup's project with three more prompts live in production, on a server
// whose snapshot pages hold one prompt each: five pages.
func pagedBundle(t *testing.T) *bundle {
	t.Helper()
	b := setup(t, onePromptAPage)
	for _, slug := range []string{"a-first", "m-middle", "z-last"} {
		p := b.env.NewPrompt(b.p, slug)
		v := b.env.NewVersion(b.p, p.Id, "Prompt "+slug+" for {{name}}")
		b.env.Promote(b.p, p.Id, v.Id, "production")
	}
	return b
}

// serverCursor is the cursor of the server's whole snapshot for key.
func serverCursor(t *testing.T, b *bundle) string {
	t.Helper()
	resp, err := b.env.Client(b.key).GetSnapshotWithResponse(context.Background(), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.Cursor
}

// upstreamHook is the edge's transport to the server: it calls requestFunc before each
// request for a page of the snapshot and responseFunc with each answer (either may be nil).
type upstreamHook struct {
	requestFunc  func(*http.Request)
	responseFunc func(*http.Request, *http.Response)
}

func (h *upstreamHook) RoundTrip(r *http.Request) (*http.Response, error) {
	snapshot := r.URL.Path == "/api/v1/snapshot"
	if snapshot && h.requestFunc != nil {
		h.requestFunc(r)
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if snapshot && err == nil && h.responseFunc != nil {
		h.responseFunc(r, resp)
	}
	return resp, err
}

// through has the edge talk to the server through hook.
func through(hook *upstreamHook) func(*edge.Options) {
	return func(o *edge.Options) { o.HTTPClient = &http.Client{Timeout: 10 * time.Second, Transport: hook} }
}

func TestEdgeFollowsSnapshotPages(t *testing.T) {
	t.Parallel()
	b := pagedBundle(t)
	var pages atomic.Int32
	e := startEdge(t, b.env.URL, b.key, "", through(&upstreamHook{requestFunc: func(*http.Request) { pages.Add(1) }}))
	awaitCurrent(t, e)

	require.Equal(t, edge.Health{Status: "ok", Upstream: "connected", Prompts: 5, Cursor: serverCursor(t, b)}, e.Edge.Health())
	require.GreaterOrEqual(t, pages.Load(), int32(5), "one page a prompt")
	for _, slug := range []string{"a-first", "footer", "greet", "m-middle", "z-last"} {
		want, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/"+slug+"/resolve", b.key, "")
		got, _ := do(t, e.URL, "GET", "/api/v1/prompts/"+slug+"/resolve", b.key, "")
		require.Equal(t, want, got, slug)
	}
}

// TestEdgeNeverMixesTwoSnapshots changes the snapshot while the edge reads its pages: the
// state the edge's catch-up publishes is the whole new snapshot, never pages of both.
func TestEdgeNeverMixesTwoSnapshots(t *testing.T) {
	t.Parallel()

	// observe records, once, the cursor the edge holds when it sends its first request
	// for only some slugs: the change's event, applied after the catch-up published.
	type observation struct {
		once   sync.Once
		edge   *edge.Edge
		ready  chan struct{} // closed once edge is set
		cursor chan string
	}
	observe := func(o *observation, r *http.Request) {
		if r.URL.Query().Has("slug") {
			o.once.Do(func() { <-o.ready; o.cursor <- o.edge.Health().Cursor })
		}
	}

	t.Run("ChangedBetweenPages", func(t *testing.T) {
		t.Parallel()
		b := pagedBundle(t)
		o := &observation{ready: make(chan struct{}), cursor: make(chan string, 1)}
		var changed sync.Once
		var conflicts atomic.Int32
		promoted := make(chan error, 1)
		hook := &upstreamHook{
			requestFunc: func(r *http.Request) {
				if r.URL.Query().Has("pageToken") {
					// Between the first page and the second: what the edge read is now old.
					changed.Do(func() { promoted <- promoteV2(b) })
				}
				observe(o, r)
			},
			responseFunc: func(_ *http.Request, resp *http.Response) {
				if resp.StatusCode == http.StatusConflict {
					conflicts.Add(1)
				}
			},
		}
		e := startEdge(t, b.env.URL, b.key, "", through(hook))
		o.edge = e.Edge
		close(o.ready)
		require.NoError(t, receive(t, promoted, "the edge never asked for a second page"))
		published := receive(t, o.cursor, "the edge never applied the change's event")
		awaitCurrent(t, e)

		require.Positive(t, conflicts.Load(), "the server refused the page of a changed snapshot")
		require.Equal(t, serverCursor(t, b), published, "the catch-up published the new snapshot whole")
		a, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
		require.Equal(t, 2, versionOf(t, a))
	})

	t.Run("PagesNameAnotherCursor", func(t *testing.T) {
		t.Parallel()
		b := pagedBundle(t)
		var firstPages atomic.Int32
		var rewritten sync.Once
		hook := &upstreamHook{
			requestFunc: func(r *http.Request) {
				if !r.URL.Query().Has("pageToken") && !r.URL.Query().Has("slug") {
					firstPages.Add(1)
				}
			},
			responseFunc: func(r *http.Request, resp *http.Response) {
				if !r.URL.Query().Has("pageToken") {
					return
				}
				// A next page that names another snapshot than the first page did.
				rewritten.Do(func() {
					body, _ := io.ReadAll(resp.Body)
					_ = resp.Body.Close()
					body = bytes.Replace(body, []byte(`"cursor":"\"`), []byte(`"cursor":"\"0`), 1)
					resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
					resp.Header.Del("Content-Length")
				})
			},
		}
		e := startEdge(t, b.env.URL, b.key, "", through(hook))
		awaitCurrent(t, e)
		require.Equal(t, int32(2), firstPages.Load(), "the snapshot was read again from its first page")
		require.Equal(t, serverCursor(t, b), e.Edge.Health().Cursor)
		require.Equal(t, 5, e.Edge.Health().Prompts)
	})
}

// promoteV2 makes greet v2 live in production. It returns what went wrong rather than
// failing the test: the edge's transport calls it, off the test's goroutine.
func promoteV2(b *bundle) error {
	resp, err := b.p.Client.PromotePromptWithResponse(context.Background(), b.greet.Id.String(), nil,
		api.PromoteRequest{Environment: "production", VersionId: &b.v2.Id})
	if err != nil {
		return err
	}
	if resp.StatusCode() != http.StatusOK {
		return fmt.Errorf("promote: %d %s", resp.StatusCode(), resp.Body)
	}
	return nil
}

// receive waits for a value of ch, failing the test with what after 10 s (a guard against
// hanging: nothing is timed).
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal(what)
		panic("unreachable")
	}
}

// TestEdgeBoundsASnapshotPageWithoutAClientTimeout: with an HTTP client that has no
// Timeout, a page of the snapshot the server never answers is given up after
// FeedPingInterval, and the edge gets current on its next session.
func TestEdgeBoundsASnapshotPageWithoutAClientTimeout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var held atomic.Bool
	hook := &upstreamHook{requestFunc: func(r *http.Request) {
		if held.CompareAndSwap(false, true) {
			<-r.Context().Done() // the first page is never answered
		}
	}}
	e := startEdge(t, b.env.URL, b.key, "", func(o *edge.Options) {
		o.HTTPClient = &http.Client{Transport: hook}
		o.FeedPingInterval = 200 * time.Millisecond
	})
	awaitCurrent(t, e)
	require.True(t, held.Load(), "the first page was held")
}

// TestEdgeBoundsAForwardedRequest: a pinned version, which the edge forwards to the
// server, is answered 503 once the server has not answered within the HTTP client's
// Timeout (FeedPingInterval without one), as the snapshot's requests are bounded, rather
// than held for as long as the application waits.
func TestEdgeBoundsAForwardedRequest(t *testing.T) {
	t.Parallel()
	for name, optFunc := range map[string]func(*edge.Options){
		"ClientTimeout": func(o *edge.Options) { o.HTTPClient = &http.Client{Timeout: 300 * time.Millisecond} },
		"NoClientTimeout": func(o *edge.Options) {
			o.HTTPClient, o.FeedPingInterval = &http.Client{}, 300*time.Millisecond
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			proxy := newCutProxy(t, b.env.URL)
			e := startEdge(t, proxy.URL(), b.key, "", optFunc)
			awaitCurrent(t, e)

			proxy.freeze()
			for _, r := range []struct{ method, path, body string }{
				{"GET", "/api/v1/prompts/greet/resolve?version=1", ""},
				{"POST", "/api/v1/prompts/greet/render", `{"variables":{"name":"Ada"},"version":1}`},
			} {
				req, err := http.NewRequest(r.method, e.URL+r.path, strings.NewReader(r.body))
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+b.key)
				req.Header.Set("Content-Type", "application/json")
				resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
				require.NoError(t, err, "the edge answers within its bound")
				_ = resp.Body.Close()
				require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
				require.Equal(t, "5", resp.Header.Get("Retry-After"))
			}
		})
	}
}
