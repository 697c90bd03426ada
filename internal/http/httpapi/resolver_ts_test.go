package httpapi_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestTypeScriptResolver runs the TypeScript resolver's test (gen/ts/test/resolver.test.js)
// against a live server reached through a TCP relay that the node test controls over HTTP
// (PROMPTOPS_CONTROL_URL): POST /stop closes the relay's port and every connection through
// it, as a stopped server would; POST /start listens on the same port again; POST
// /slow?ms=N delays every chunk the clients send by N ms. PROMPTOPS_DIRECT_URL reaches the
// server past the relay, for the admin calls made while it is stopped.
//
// It is not parallel: it prints how long a promote takes to reach the resolver's cache
// (p50, p99), a figure the package's other tests, tsc above all, would otherwise skew; Go
// runs it before the parallel tests start. The figure is reported, not asserted.
func TestTypeScriptResolver(t *testing.T) {
	apitest.SkipIfShort(t, "the TypeScript resolver's Node.js suite")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed, so the TypeScript resolver cannot be tested here; `make test` needs Node.js 20+")
	}
	dir, err := filepath.Abs("../../../gen/ts")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ajv-formats")); err != nil {
		t.Fatalf("gen/ts/node_modules/ajv-formats is missing: run `npm ci --prefix gen/ts` (make sdk/deps skips an existing node_modules)")
	}
	env := apitest.New(t)
	target, err := url.Parse(env.URL)
	require.NoError(t, err)
	relay := startRelay(t, target.Host)

	control := startRelayControl(t, relay, env)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=tap", "test/resolver.test.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PROMPTOPS_URL=http://"+relay.addr, "PROMPTOPS_DIRECT_URL="+env.URL, "PROMPTOPS_CONTROL_URL="+control.URL)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the TypeScript resolver test failed:\n%s", out)
	require.Contains(t, string(out), "# fail 0")
	require.NotContains(t, string(out), "# pass 0")
	t.Logf("TypeScript resolver test:\n%s", out)
}

// startRelayControl serves the relay's control endpoint, which the SDK tests in other
// languages call: POST /stop closes the relay's port and every connection through it, as a
// stopped server would; POST /start listens on the same port again; POST /slow?ms=N delays
// every chunk the clients send by N ms; /release and /advance roll a release out in env
// (releaseControl).
func startRelayControl(t *testing.T, relay *relay, env *apitest.Env) *httptest.Server {
	releases := releaseControl(t, env)
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		switch r.URL.Path {
		case "/stop":
			relay.stop()
		case "/start":
			if err := relay.start(); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		case "/slow":
			ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
			if err != nil {
				http.Error(w, "ms must be a number", http.StatusBadRequest)
				return
			}
			relay.delay.Store(int64(time.Duration(ms) * time.Millisecond))
		default:
			releases.ServeHTTP(w, r)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(control.Close)
	return control
}

// relay forwards TCP connections on addr to the server, and can stop as a server does.
type relay struct {
	addr   string
	target string
	delay  atomic.Int64 // nanoseconds before each chunk from a client is passed on

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func startRelay(t *testing.T, target string) *relay {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	r := &relay{addr: ln.Addr().String(), target: target, conns: map[net.Conn]struct{}{}}
	r.serve(ln)
	t.Cleanup(func() {
		r.stop()
		r.wg.Wait()
	})
	return r
}

// start listens on the relay's address again after stop.
func (r *relay) start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		return err
	}
	r.serveLocked(ln)
	return nil
}

func (r *relay) serve(ln net.Listener) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.serveLocked(ln)
}

func (r *relay) serveLocked(ln net.Listener) {
	r.ln = ln
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			r.forward(c)
		}
	}()
}

// stop closes the port and every connection through it: new connections are refused and
// open ones (the WebSocket, kept-alive HTTP) end at once.
func (r *relay) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		_ = r.ln.Close()
		r.ln = nil
	}
	for c := range r.conns {
		_ = c.Close()
	}
}

func (r *relay) forward(client net.Conn) {
	upstream, err := net.Dial("tcp", r.target)
	if err != nil {
		_ = client.Close()
		return
	}
	r.mu.Lock()
	if r.ln == nil { // stopped meanwhile
		r.mu.Unlock()
		_ = client.Close()
		_ = upstream.Close()
		return
	}
	r.conns[client], r.conns[upstream] = struct{}{}, struct{}{}
	r.wg.Add(2)
	r.mu.Unlock()
	done := func() {
		_ = client.Close()
		_ = upstream.Close()
		r.mu.Lock()
		delete(r.conns, client)
		delete(r.conns, upstream)
		r.mu.Unlock()
		r.wg.Done()
	}
	go func() {
		defer done()
		buf := make([]byte, 32<<10)
		for {
			n, err := client.Read(buf)
			if n > 0 {
				if d := time.Duration(r.delay.Load()); d > 0 {
					time.Sleep(d)
				}
				if _, werr := upstream.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		defer done()
		_, _ = io.Copy(client, upstream)
	}()
}
