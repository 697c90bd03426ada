package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/metrics"
)

// TestFailureReason: a failed attempt is counted by why it failed, from a short list.
func TestFailureReason(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		code int
		err  error
		want string
	}{
		{"Status", 503, errors.New("receiver answered 503"), metrics.WebhookStatus},
		{"Deadline", 0, fmt.Errorf("send: %w", context.DeadlineExceeded), metrics.WebhookTimeout},
		{"NetTimeout", 0, fmt.Errorf("send: %w", &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}), metrics.WebhookTimeout},
		{"Refused", 0, fmt.Errorf("send: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), metrics.WebhookConnection},
		{"Signing", 0, fmt.Errorf("%w: %w", errSigning, errors.New("bad key")), metrics.WebhookSigning},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, failureReason(tt.code, tt.err))
		})
	}
}
