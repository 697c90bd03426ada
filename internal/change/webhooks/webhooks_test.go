package webhooks

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSign checks the signature against the Standard Webhooks specification's example.
func TestSign(t *testing.T) {
	t.Parallel()
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	body := []byte(`{"test": 2432232314}`)
	got, err := Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), body)
	require.NoError(t, err)
	require.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", got)

	sent := time.Unix(1614265330, 0)
	require.True(t, verifyAt(sent, secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,other "+got, body))
	require.False(t, verifyAt(sent, secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", got, body))
	require.False(t, verifyAt(sent, NewSecret(), "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", got, body))
	require.False(t, Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", got, body), "a signature from 2021 is no good today")

	_, err = Sign("whsec_not base64!", "id", time.Now(), body)
	require.Error(t, err)
	require.True(t, strings.HasPrefix(NewSecret(), "whsec_"))
}

// TestVerifyTimestamp: a receiver accepts a timestamp up to Tolerance from its clock, on
// either side, and nothing further, however good the signature.
func TestVerifyTimestamp(t *testing.T) {
	t.Parallel()
	secret := NewSecret()
	body := []byte(`{"type":"ping"}`)
	sent := time.Now().Truncate(time.Second)
	sig, err := Sign(secret, "msg_1", sent, body)
	require.NoError(t, err)
	ts := strconv.FormatInt(sent.Unix(), 10)
	for offset, ok := range map[time.Duration]bool{
		0: true, 4 * time.Minute: true, -4 * time.Minute: true, Tolerance: true, -Tolerance: true,
		Tolerance + time.Second: false, -Tolerance - time.Second: false, time.Hour: false, -24 * time.Hour: false,
	} {
		require.Equal(t, ok, verifyAt(sent.Add(offset), secret, "msg_1", ts, sig, body), "receiver's clock %s from the timestamp", offset)
	}
	require.True(t, Verify(secret, "msg_1", ts, sig, body))
	require.False(t, Verify(secret, "msg_1", "soon", sig, body))
}

// TestRescueAfter: a delivery in flight is retried as lost only once its attempt has surely
// ended, by default 20s past the receiver's timeout; a shorter delay is refused.
func TestRescueAfter(t *testing.T) {
	t.Parallel()
	s, err := New(nil, Config{})
	require.NoError(t, err)
	require.Equal(t, 30*time.Second, s.Jobs().RescueStuckJobsAfter)

	s, err = New(nil, Config{Timeout: time.Second, RescueAfter: 7 * time.Second})
	require.NoError(t, err)
	require.Equal(t, 7*time.Second, s.Jobs().RescueStuckJobsAfter)

	_, err = New(nil, Config{Timeout: time.Second, RescueAfter: 6 * time.Second})
	require.ErrorContains(t, err, "webhook rescue delay 6s must be longer than an attempt can run: the timeout 1s plus 5s to record it")
}

func TestRetryDelay(t *testing.T) {
	t.Parallel()
	s := &Service{cfg: Config{RetryBase: time.Second}}
	for attempt, base := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 32 * time.Second} {
		d := s.retryDelay(42, attempt)
		require.GreaterOrEqual(t, d, base*3/4)
		require.LessOrEqual(t, d, base*5/4)
		require.Equal(t, d, s.retryDelay(42, attempt), "the delay is the same each time it is computed")
	}
	require.LessOrEqual(t, s.retryDelay(1, 200), 24*time.Hour)
}

func TestPriority(t *testing.T) {
	t.Parallel()
	for ahead, want := range map[int64]int{0: 1, 1: 2, 9: 2, 10: 3, 99: 3, 100: 4, 1_000_000: 4} {
		require.Equal(t, want, priority(ahead), "%d ahead", ahead)
	}
}
