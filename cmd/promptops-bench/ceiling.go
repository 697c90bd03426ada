package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/pprof"
	"net/textproto"
	"os"
	"strconv"
	"time"
)

// ceiling serves a response's body, Content-Type (or all its header lines) and status on
// every path, after reading the request's body to its end: the fastest any Go HTTP server
// on this machine can take the same requests and send the same bytes (a resolve response,
// header lines and all, for make bench; a track answer for bench-ingest), to compare
// PromptOps with.
func ceiling(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	bodyFile := fs.String("body", "", "file holding the body to answer with")
	contentType := fs.String("content-type", "application/json", "Content-Type to answer with")
	headerFile := fs.String("header-file", "", "file of header lines (Name: value) to answer with instead of --content-type")
	status := fs.Int("status", http.StatusOK, "status to answer with")
	debugAddr := fs.String("debug-addr", "", "listen address of Go's CPU profile (/debug/pprof/profile), to compare PromptOps's with; empty turns it off")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	header := http.Header{"Content-Type": {*contentType}}
	if *headerFile != "" {
		if header, err = readHeader(*headerFile); err != nil {
			return err
		}
	}
	header["Content-Length"] = []string{strconv.Itoa(len(body))}
	srv := &http.Server{Addr: *addr, ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A request body is read to its end, as a real handler reads it.
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		for name, values := range header {
			h[name] = values
		}
		if r.URL.Path == "/health" {
			w.WriteHeader(http.StatusOK) // the bench's readiness probe
		} else {
			w.WriteHeader(*status)
		}
		_, _ = w.Write(body)
	})}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if *debugAddr != "" {
		debug := &http.Server{Addr: *debugAddr, ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(pprof.Profile)}
		go func() { _ = debug.ListenAndServe() }()
		defer debug.Close()
	}
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ceilingHeader is the header lines a resolve response was sent with, for the ceiling to
// send the same: all but those net/http writes itself (Date, Content-Length).
func ceilingHeader(h http.Header) ([]byte, error) {
	var buf bytes.Buffer
	err := h.WriteSubset(&buf, map[string]bool{"Date": true, "Content-Length": true})
	buf.WriteString("\r\n")
	return buf.Bytes(), err
}

// readHeader reads the header lines ceilingHeader wrote.
func readHeader(path string) (http.Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h, err := textproto.NewReader(bufio.NewReader(f)).ReadMIMEHeader()
	return http.Header(h), err
}
