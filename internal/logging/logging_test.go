package logging

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestWriter(t *testing.T) {
	t.Parallel()
	out := &lockedBuffer{}
	w := NewWriter(out)
	logger := New(w, "text", "info")
	logger.Info("hello", "n", 1)
	require.Empty(t, out.String(), "a line waits in the buffer…")
	require.Eventually(t, func() bool { return bytes.Contains([]byte(out.String()), []byte("msg=hello n=1")) },
		time.Second, 10*time.Millisecond, "…until the next flush")

	logger.Debug("hidden")
	logger.Warn("last words")
	w.Close()
	require.Contains(t, out.String(), "last words", "Close writes out what is left")
	require.NotContains(t, out.String(), "hidden")
}

// gate is an output whose writes wait until it is opened.
type gate struct {
	lockedBuffer
	open    chan struct{}
	writing chan struct{} // receives when a write starts
}

func (g *gate) Write(p []byte) (int, error) {
	select {
	case g.writing <- struct{}{}:
	default:
	}
	<-g.open
	return g.lockedBuffer.Write(p)
}

// TestWriterDoesNotWaitForOutput: while the output is stuck, lines still go into the other
// buffer at once; only once that is full too does Write wait. Nothing is lost or reordered.
func TestWriterDoesNotWaitForOutput(t *testing.T) {
	t.Parallel()
	out := &gate{open: make(chan struct{}), writing: make(chan struct{}, 1)}
	w := NewWriter(out)
	line := func(i int) []byte { return fmt.Appendf(nil, "line %06d %s\n", i, strings.Repeat("x", 100)) }
	perBuffer := bufferSize / len(line(0))
	// write writes lines [from, to) in the background and says when it is done.
	write := func(from, to int) <-chan struct{} {
		done := make(chan struct{})
		go func() {
			for i := from; i < to; i++ {
				_, _ = w.Write(line(i))
			}
			close(done)
		}()
		return done
	}
	wait := func(done <-chan struct{}, failure string) {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			require.FailNow(t, failure)
		}
	}

	// One more line than a buffer holds: the full buffer goes to the (stuck) output.
	n := perBuffer + 1
	wait(write(0, n), "Write waited for the stuck output with a buffer free")
	wait(out.writing, "the full buffer was not handed to the output")
	// Fill the other buffer, not past it.
	wait(write(n, n+perBuffer-1), "Write waited for the stuck output with a buffer free")
	n += perBuffer - 1

	blocked := write(n, n+perBuffer) // past both buffers: must wait
	select {
	case <-blocked:
		t.Fatal("Write went on with both buffers full: lines would be lost")
	case <-time.After(50 * time.Millisecond):
	}
	close(out.open)
	<-blocked
	w.Close()

	want := &bytes.Buffer{}
	for i := range n + perBuffer {
		want.Write(line(i))
	}
	require.Equal(t, want.String(), out.String())
}

// TestWriterKeepsEveryLine: goroutines writing at once, with flushes between, lose no line
// and keep each goroutine's lines in its order; lines written after Close go straight out.
func TestWriterKeepsEveryLine(t *testing.T) {
	t.Parallel()
	out := &lockedBuffer{}
	w := NewWriter(out)
	const writers, lines = 4, 5_000
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				_, _ = fmt.Fprintf(w, "g%d %d %s\n", g, i, strings.Repeat("y", i%300))
				if i%1_000 == 0 {
					w.Flush()
				}
			}
		})
	}
	wg.Wait()
	w.Close()
	_, _ = w.Write([]byte("after close\n"))

	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Equal(t, writers*lines+1, len(got), "every line, once")
	for _, l := range got[:len(got)-1] {
		var g, i int
		_, err := fmt.Sscanf(l, "g%d %d", &g, &i)
		require.NoError(t, err, l)
		require.Equal(t, next[g], i, "goroutine %d's lines in order", g)
		next[g]++
	}
	require.Equal(t, "after close", got[len(got)-1])
}

// TestWriterDropsGrownBuffers: a line longer than maxKept grows a buffer once; written out,
// by Flush or by the writing goroutine, that buffer gives way to one of bufferSize.
func TestWriterDropsGrownBuffers(t *testing.T) {
	t.Parallel()
	out := &lockedBuffer{}
	w := NewWriter(out)
	defer w.Close()
	long := append(bytes.Repeat([]byte("z"), maxKept+1), '\n')

	_, _ = w.Write(long)
	w.Flush()
	w.mu.Lock()
	require.LessOrEqual(t, cap(w.cur), bufferSize, "Flush keeps no grown buffer")
	w.mu.Unlock()

	_, _ = w.Write([]byte("short\n"))
	_, _ = w.Write(long) // hands "short" off, then grows the other buffer
	_, _ = w.Write([]byte("after\n"))
	w.Flush() // waits for the handed-off buffer, then writes the grown one itself
	w.mu.Lock()
	require.LessOrEqual(t, cap(w.cur), bufferSize)
	require.LessOrEqual(t, cap(w.spare), bufferSize)
	w.mu.Unlock()
	require.Equal(t, string(long)+"short\n"+string(long)+"after\n", out.String())
}
