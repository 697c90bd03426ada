// Package logging builds the server's slog logger. Its output goes through a Writer with two
// buffers: requests append their lines to one while a goroutine of its own writes the other
// out, so the access log (one line per request) costs a memory copy on the request path,
// never a write system call or a wait for one; and the access line itself is formatted here,
// as slog's handler would format it (Access), at a fraction of slog's cost.
package logging

import (
	"io"
	"log/slog"
	"sync"
	"time"
)

// FlushInterval is the longest a log line waits in the buffer.
const FlushInterval = 100 * time.Millisecond

// bufferSize is what a buffer holds before it is handed to the output. A line longer than
// that grows it; once written out, a buffer grown past maxKept is dropped for a new one
// (reuse), so a long line does not hold its memory for good.
const (
	bufferSize = 64 << 10
	maxKept    = 4 * bufferSize
)

// Writer buffers writes to an underlying writer. Lines are appended to cur; a full cur is
// handed to the writing goroutine (run) and spare takes its place, so a Write waits only
// when both buffers are full, that is when the output has fallen a whole buffer behind.
// The writing goroutine also writes cur out every FlushInterval when it is idle.
type Writer struct {
	out  io.Writer
	full chan []byte // a buffer handed to run; room for one, as only one is ever out
	stop chan struct{}
	done chan struct{}

	mu     sync.Mutex
	idle   *sync.Cond // signalled when the buffer that was out comes back
	cur    []byte
	spare  []byte // nil while the other buffer is out with run
	closed bool
}

// NewWriter starts a buffered writer over w.
func NewWriter(w io.Writer) *Writer {
	bw := &Writer{
		out:   w,
		full:  make(chan []byte, 1),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
		cur:   make([]byte, 0, bufferSize),
		spare: make([]byte, 0, bufferSize),
	}
	bw.idle = sync.NewCond(&bw.mu)
	go bw.run()
	return bw
}

// Write appends p to the buffer; after Close it writes p straight out.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.cur) > 0 && len(w.cur)+len(p) > bufferSize {
		w.handOff()
	}
	if w.closed {
		return w.out.Write(p)
	}
	w.cur = append(w.cur, p...)
	return len(p), nil
}

// handOff gives cur to run, once the buffer run had last is back. Called with mu held.
func (w *Writer) handOff() {
	for w.spare == nil && !w.closed {
		w.idle.Wait()
	}
	if w.closed { // Close has written everything out
		return
	}
	w.full <- w.cur
	w.cur, w.spare = w.spare, nil
}

// run writes out the buffers it is handed, and every FlushInterval what cur holds.
func (w *Writer) run() {
	defer close(w.done)
	ticker := time.NewTicker(FlushInterval)
	defer ticker.Stop()
	for {
		select {
		case <-w.stop:
			return
		case b := <-w.full:
			w.write(b)
		case <-ticker.C:
			if b := w.takeIdle(); b != nil {
				w.write(b)
			}
		}
	}
}

// takeIdle swaps a non-empty cur for spare when no buffer is out, and returns it.
func (w *Writer) takeIdle() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.spare == nil || len(w.cur) == 0 {
		return nil
	}
	b := w.cur
	w.cur, w.spare = w.spare, nil
	return b
}

// write writes b out and gives it back as spare.
func (w *Writer) write(b []byte) {
	_, _ = w.out.Write(b)
	w.mu.Lock()
	w.spare = reuse(b)
	w.idle.Broadcast()
	w.mu.Unlock()
}

// Flush writes out what is buffered, waiting for a buffer already out to be written first
// so the lines stay in order.
func (w *Writer) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.spare == nil && !w.closed {
		w.idle.Wait()
	}
	w.writeCur()
}

// writeCur writes cur out in the caller's goroutine. Called with mu held and no buffer out.
func (w *Writer) writeCur() {
	if len(w.cur) > 0 {
		_, _ = w.out.Write(w.cur)
		w.cur = reuse(w.cur)
	}
}

// reuse is a written buffer emptied for the next lines, or a new one in place of one grown
// past maxKept.
func reuse(b []byte) []byte {
	if cap(b) > maxKept {
		return make([]byte, 0, bufferSize)
	}
	return b[:0]
}

// Close stops the writing goroutine and writes out what is left, in order; later writes go
// straight to the output.
func (w *Writer) Close() {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case b := <-w.full: // handed off but not yet written
		_, _ = w.out.Write(b)
		w.spare = reuse(b)
	default:
	}
	w.writeCur()
	w.closed = true
	w.idle.Broadcast()
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
