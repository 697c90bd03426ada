package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"
)

// ceiling serves a response's body, Content-Type and status on every path, after reading
// the request's body to its end: the fastest any Go HTTP server on this machine can take
// the same requests and send the same bytes (a resolve response for make bench, a track
// answer for bench-ingest), to compare PromptOps with.
func ceiling(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	bodyFile := fs.String("body", "", "file holding the body to answer with")
	contentType := fs.String("content-type", "application/json", "Content-Type to answer with")
	status := fs.Int("status", http.StatusOK, "status to answer with")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	length := strconv.Itoa(len(body))
	srv := &http.Server{Addr: *addr, ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A request body is read to its end, as a real handler reads it.
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h.Set("Content-Type", *contentType)
		h.Set("Content-Length", length)
		if r.URL.Path == "/health" {
			w.WriteHeader(http.StatusOK) // the bench's readiness probe
		} else {
			w.WriteHeader(*status)
		}
		_, _ = w.Write(body)
	})}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
