package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"
)

// otlpSink is a loopback OTLP/HTTP receiver that takes every export and keeps nothing but
// its counts: the tracing phase measures what exporting costs the server, not a backend.
type otlpSink struct {
	srv             *http.Server
	base            string
	exports, nbytes atomic.Int64
}

// startSink listens on a free loopback port.
func startSink() (*otlpSink, error) {
	ln, err := net.Listen("tcp", freeAddr())
	if err != nil {
		return nil, err
	}
	s := &otlpSink{base: "http://" + ln.Addr().String()}
	s.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		s.exports.Add(1)
		s.nbytes.Add(n)
		// An empty body is an empty ExportTraceServiceResponse: everything accepted.
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	})}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *otlpSink) stop() { _ = s.srv.Close() }

// tracingOn measures resolve once on an instance that exports a span of every request
// (and of its database reads) to a loopback OTLP receiver, sampling all of them, and
// profiles that instance meanwhile (the profile's path in saved, once written).
func (b *bench) tracingOn(ctx context.Context, rg *rig, saved *string) (f Figures, exports int64, err error) {
	b.logf("resolve, tracing on (every request sampled, exported to a loopback OTLP receiver)")
	sink, err := startSink()
	if err != nil {
		return f, 0, err
	}
	defer sink.stop()
	traced, err := b.startServer(ctx, "instance-tracing", true,
		"OTEL_EXPORTER_OTLP_ENDPOINT="+sink.base, "OTEL_SERVICE_NAME=promptops-bench", "OTEL_TRACES_SAMPLER=always_on")
	if err != nil {
		return f, 0, err
	}
	defer traced.stop()
	if _, _, err := probe(ctx, traced.base, rg.resolve); err != nil {
		return f, 0, err
	}
	// A second of load first fills this instance's resolve cache, as warm did A's.
	if _, err := b.wrk(ctx, "warm-tracing-on", rg.resolveScript, traced.base, time.Second); err != nil {
		return f, 0, err
	}
	profile := filepath.Join(b.o.dir, "tracing.cpu.pprof")
	profiled := traced.profile(ctx, b.o.duration-2*time.Second, profile)
	f, err = b.wrk(ctx, "tracing-on-resolve", rg.resolveScript, traced.base, b.o.duration)
	f.ServerRSSMB, _ = traced.rss()
	if perr := <-profiled; perr != nil {
		b.logf("no CPU profile of resolve, tracing on: %v", perr)
	} else {
		*saved = profile
	}
	return f, sink.exports.Load(), err
}
