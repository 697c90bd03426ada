package main

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"strconv"
	"time"
)

// ceiling serves a static JSON body of the given size on every path: the fastest any Go
// HTTP server on this machine can answer, to compare resolve with.
func ceiling(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	size := fs.Int("size", 400, "body size in bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body := append([]byte(`{"data":"`), bytes.Repeat([]byte("x"), max(*size-12, 0))...)
	body = append(body, []byte("\"}\n")...)
	length := strconv.Itoa(len(body))
	srv := &http.Server{Addr: *addr, ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", length)
		_, _ = w.Write(body)
	})}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}
