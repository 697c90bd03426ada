package logging

import (
	"bytes"
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
