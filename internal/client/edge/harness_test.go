package edge_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// cutProxy forwards TCP to the server until cut: then it drops every connection and
// refuses new ones, as a server that went away, until restored.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	// frozen holds every byte in flight, connections left open, as a network that stopped
	// carrying packets without resetting anything.
	frozen bool
	// mute holds what the server sends after its first answer on each connection (the
	// WebSocket handshake's), as a server that accepts the socket and then goes silent.
	mute bool
	// late holds what a WebSocket client sends after its authentication (its
	// subscriptions), as a server slow to read them; held counts the reads held so.
	late  bool
	held  int
	conns map[net.Conn]struct{}
	// accepted counts the connections the proxy accepted, refused ones included.
	accepted int
}

func newCutProxy(t *testing.T, targetURL string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &cutProxy{ln: ln, target: targetURL[len("http://"):], conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() { _ = ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *cutProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.accepted++
		if p.down {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go p.pipe(up, c, false)
		go p.pipe(c, up, true)
	}
}

// pipe copies src to dst, holding what it read while the proxy is frozen, muted
// (fromServer) once the server has answered, or late (from a WebSocket client) past the
// client's handshake and authentication.
func (p *cutProxy) pipe(dst, src net.Conn, fromServer bool) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	answered, socket, reads := false, false, 0
	for {
		n, err := src.Read(buf)
		if reads++; reads == 1 && !fromServer {
			socket = bytes.Contains(bytes.ToLower(buf[:n]), []byte("upgrade: websocket"))
		}
		if socket && reads > 2 {
			p.hold()
		}
		for p.holds(fromServer && answered, socket && reads > 2) {
			time.Sleep(time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
			answered = true
		}
		if err != nil {
			return
		}
	}
}

// connections is how many connections the proxy has accepted.
func (p *cutProxy) connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted
}

// holds says whether a pipe holds what it read: every pipe while frozen, a server's that
// already answered while muted, a WebSocket client's past its authentication while late.
func (p *cutProxy) holds(serverAnswered, clientAuthenticated bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.frozen || (p.mute && serverAnswered) || (p.late && clientAuthenticated)
}

// hold counts a read held while late.
func (p *cutProxy) hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.late {
		p.held++
	}
}

// holding is how many reads the proxy has held while late.
func (p *cutProxy) holding() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held
}

// delaySubscriptions holds what a WebSocket client sends after its authentication, until
// restored.
func (p *cutProxy) delaySubscriptions() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.late = true
}

// muteAfterHandshake holds what the server sends after its first answer on each
// connection, until restored.
func (p *cutProxy) muteAfterHandshake() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mute = true
}

// freeze holds every byte in flight, until restored.
func (p *cutProxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frozen = true
}

// cut drops every connection and refuses new ones.
func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down, p.frozen, p.mute, p.late = true, false, false, false
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

func (p *cutProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down, p.frozen, p.mute, p.late = false, false, false, false
}

// running is an edge under test: its URL (responses validated against the spec, /health
// aside) and the edge itself.
type running struct {
	URL  string
	Edge *edge.Edge
	stop func()
}

// localToken is the local token of the edges under test.
const localToken = "local-token-of-the-edge-under-test"

// startEdge starts an edge on upstream with key; file is its snapshot file ("" for none).
// optFuncs change its options.
func startEdge(t testing.TB, upstream, key, file string, optFuncs ...func(*edge.Options)) *running {
	t.Helper()
	o := edge.Options{Upstream: upstream, Key: key, Token: localToken, SnapshotFile: file,
		RenderLimit: config.DefaultRenderLimit, BodyLimit: config.DefaultBodyLimit,
		Logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))}
	for _, f := range optFuncs {
		f(&o)
	}
	e, err := edge.New(o)
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/health", e.Handler())
	mux.Handle("/", apitest.Validating(t, e.Handler()))
	ts := httptest.NewServer(mux)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = e.Run(ctx) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done; ts.Close() }) }
	t.Cleanup(stop)
	return &running{URL: ts.URL, Edge: e, stop: stop}
}

// awaitCurrent waits until the edge is connected and holds the server's snapshot.
func awaitCurrent(t testing.TB, r *running) {
	t.Helper()
	require.Eventually(t, func() bool {
		h := r.Edge.Health()
		return h.Status == "ok" && h.Upstream == "connected"
	}, 10*time.Second, 5*time.Millisecond)
}

// snapshotFile is a fresh snapshot file path.
func snapshotFile(t *testing.T) string { return filepath.Join(t.TempDir(), "edge.json") }
