// Package logging builds the server's slog logger. Its output is buffered and flushed a few
// times a second, so the access log (one line per request) costs a memory copy, not a
// write system call, per request; and the access line itself is formatted here, as slog's
// handler would format it (Access), at a fraction of slog's cost.
package logging

import (
	"bufio"
	"io"
	"log/slog"
	"sync"
	"time"
)

// FlushInterval is the longest a log line waits in the buffer.
const FlushInterval = 100 * time.Millisecond

// Writer buffers writes to an underlying writer and flushes them every FlushInterval,
// when the buffer fills, and on Close.
type Writer struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// NewWriter starts a buffered writer over w.
func NewWriter(w io.Writer) *Writer {
	bw := &Writer{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go bw.flushLoop()
	return bw
}

func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *Writer) flushLoop() {
	defer close(w.done)
	ticker := time.NewTicker(FlushInterval)
	defer ticker.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-ticker.C:
			w.Flush()
		}
	}
}

// Flush writes out what is buffered.
func (w *Writer) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	_ = w.buf.Flush()
}

// Close stops the flushing and writes out what is left.
func (w *Writer) Close() {
	close(w.stop)
	<-w.done
	w.Flush()
}

// New returns a logger writing format ("text" or "json") at level to w. Its access log
// (NewAccess) formats its lines itself, writing to w apart from slog's handler, so w is
// locked here unless it is a Writer, which locks itself.
func New(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if _, ok := w.(*Writer); !ok {
		w = &lockedWriter{w: w}
	}
	h := &handler{w: w, json: format == "json"}
	if h.json {
		h.Handler = slog.NewJSONHandler(w, opts)
	} else {
		h.Handler = slog.NewTextHandler(w, opts)
	}
	return slog.New(h)
}

// lockedWriter makes every Write whole, whoever calls it.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
