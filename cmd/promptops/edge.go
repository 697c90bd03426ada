package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/config"
)

// edgeUsage and edgeSummary are the help of promptops edge.
const (
	edgeUsage   = "promptops edge --upstream URL --key KEY [--addr 127.0.0.1:3002] [--snapshot FILE] [--token T] [flags]"
	edgeSummary = "Serve resolve and render of one API key's project and environment from memory, kept current from the " +
		"server's WebSocket feed; with the server unreachable, serve what it has (marked stale) or, at start, its snapshot file."
)

// edgeSettings are the settings of promptops edge: the log's settings and the bounds of its
// work come from the config package, its connection's flags from edgeFlags.
func edgeSettings(c *config.Config, fs *flag.FlagSet, getenv func(string) string) error {
	return errors.Join(c.RegisterLogging(fs, getenv), c.RegisterEdge(fs, getenv))
}

// edgeFlags are the flags of promptops edge, each defaulting to its PROMPTOPS_EDGE_*
// variable.
type edgeFlags struct {
	upstream, key, addr, snapshot, token string
	debugAddr                            string
}

func (f *edgeFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	env := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	fs.StringVar(&f.upstream, "upstream", env("PROMPTOPS_EDGE_UPSTREAM", ""), "the server's base URL, e.g. http://promptops:3001 (PROMPTOPS_EDGE_UPSTREAM; required)")
	// The key and the token are read from the environment after parsing, so that --help
	// never prints them as defaults.
	fs.StringVar(&f.key, "key", "", "the API key whose project and environment to serve; applications may send it too (PROMPTOPS_EDGE_KEY; required)")
	fs.StringVar(&f.addr, "addr", env("PROMPTOPS_EDGE_ADDR", "127.0.0.1:3002"), "listen address; loopback by default (PROMPTOPS_EDGE_ADDR)")
	fs.StringVar(&f.snapshot, "snapshot", env("PROMPTOPS_EDGE_SNAPSHOT", ""), "file the edge keeps what it serves in, for a start with the server down (PROMPTOPS_EDGE_SNAPSHOT)")
	fs.StringVar(&f.token, "token", "", fmt.Sprintf("a local token applications may send instead of the key, at least %d characters (PROMPTOPS_EDGE_TOKEN)", edge.MinTokenLength))
	fs.StringVar(&f.debugAddr, "debug-addr", env("PROMPTOPS_EDGE_DEBUG_ADDR", ""), "listen address of the edge's Prometheus metrics (/metrics) and Go's pprof profiles, as serve's --debug-addr; empty turns it off (PROMPTOPS_EDGE_DEBUG_ADDR)")
}

// edgeShutdownTimeout bounds the edge's drain of requests in flight, and its last flush
// of traces.
const edgeShutdownTimeout = 5 * time.Second

// runEdge is promptops edge: it serves until SIGINT or SIGTERM.
func runEdge(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	var f edgeFlags
	cfg, logger, err := setup("edge", args, getenv, stderr, func(fs *flag.FlagSet) { f.register(fs, getenv) })
	if err != nil {
		return err
	}
	if f.key == "" {
		f.key = getenv("PROMPTOPS_EDGE_KEY")
	}
	if f.token == "" {
		f.token = getenv("PROMPTOPS_EDGE_TOKEN")
	}
	if f.upstream == "" || f.key == "" {
		return errors.New("--upstream and --key are required (or PROMPTOPS_EDGE_UPSTREAM and PROMPTOPS_EDGE_KEY)")
	}
	tr, err := startTracing(ctx, getenv, logger)
	if err != nil {
		return err
	}
	defer flushTraces(ctx, tr, edgeShutdownTimeout, logger)
	e, err := edge.New(edge.Options{Upstream: f.upstream, Key: f.key, Token: f.token, SnapshotFile: f.snapshot,
		RenderLimit: cfg.RenderLimit, BodyLimit: cfg.BodyLimit, RenderRateLimit: cfg.EdgeRenderRateLimit,
		AuthFailureLimit: cfg.EdgeAuthFailureLimit, Logger: logger, Tracer: tr.Tracer()})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if f.debugAddr != "" {
		debugLn, err := net.Listen("tcp", debugListenAddr(f.debugAddr))
		if err != nil {
			return fmt.Errorf("debug listener: %w", err)
		}
		defer debugLn.Close()
		go serveDebug(ctx, debugLn, e.MetricsHandler(), logger)
	}
	srv := &http.Server{Handler: e.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	ran := make(chan struct{})
	go func() { defer close(ran); _ = e.Run(ctx) }()
	logger.Info("edge listening", slog.String("addr", ln.Addr().String()), slog.String("upstream", f.upstream))
	select {
	case err = <-served:
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), edgeShutdownTimeout)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
	stop()
	<-ran
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
