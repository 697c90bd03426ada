package webhooks

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
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

	require.True(t, Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,other "+got, body))
	require.False(t, Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", got, body))
	require.False(t, Verify(NewSecret(), "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", got, body))

	_, err = Sign("whsec_not base64!", "id", time.Now(), body)
	require.Error(t, err)
	require.True(t, strings.HasPrefix(NewSecret(), "whsec_"))
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for raw, ok := range map[string]bool{
		"https://93.184.215.14/hook": true,
		"http://127.0.0.1:8080/hook": false,
		"http://localhost/hook":      false,
		"http://10.1.2.3/hook":       false,
		"http://192.168.0.1/":        false,
		"http://169.254.169.254/":    false,
		"http://[::1]/":              false,
		"http://0.0.0.0/":            false,
		"ftp://example.com/":         false,
		"https://u:p@example.com/":   false,
		"/relative":                  false,
	} {
		err := CheckURL(ctx, raw, false)
		require.Equal(t, ok, err == nil, "%s: %v", raw, err)
	}
	require.NoError(t, CheckURL(ctx, "http://127.0.0.1:8080/hook", true), "the operator may allow private addresses")
}

// TestDialerRefusesPrivateAddresses shows the check holds at connect time too, whatever
// a name resolved to when the webhook was saved.
func TestDialerRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()

	strict := &http.Client{Transport: &http.Transport{DialContext: dialer(false).DialContext}}
	_, err := strict.Get(srv.URL)
	require.True(t, errors.Is(err, ErrPrivateAddress), "%v", err)

	lenient := &http.Client{Transport: &http.Transport{DialContext: dialer(true).DialContext}}
	resp, err := lenient.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
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
