package config

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c, err := Register(fs, func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	require.NoError(t, fs.Parse(args))
	return c, c.Validate()
}

func TestRegister(t *testing.T) {
	t.Parallel()

	t.Run("Defaults", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, nil)
		require.NoError(t, err)
		require.Equal(t, ":3001", c.Addr)
		require.Equal(t, 600, c.RateLimit)
		require.Equal(t, 20, c.SignupRateLimit)
		require.Equal(t, ".promptops", c.DataDir)
		require.Empty(t, c.DatabaseURL)
	})

	t.Run("EnvironmentThenFlags", func(t *testing.T) {
		t.Parallel()
		env := map[string]string{"PORT": "8080", "PROMPTOPS_RATE_LIMIT": "5", "PROMPTOPS_SHUTDOWN_TIMEOUT": "3s", "DATABASE_URL": "postgres://x"}
		c, err := parse(t, env)
		require.NoError(t, err)
		require.Equal(t, ":8080", c.Addr)
		require.Equal(t, 5, c.RateLimit)
		require.Equal(t, 3*time.Second, c.ShutdownTimeout)
		require.Equal(t, "postgres://x", c.DatabaseURL)

		c, err = parse(t, env, "--addr", "127.0.0.1:9", "--rate-limit", "7")
		require.NoError(t, err)
		require.Equal(t, "127.0.0.1:9", c.Addr)
		require.Equal(t, 7, c.RateLimit)
	})

	t.Run("BadEnvironment", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, map[string]string{"PROMPTOPS_RATE_LIMIT": "lots", "PROMPTOPS_SHUTDOWN_TIMEOUT": "soon"})
		require.ErrorContains(t, err, "PROMPTOPS_RATE_LIMIT")
		require.ErrorContains(t, err, "PROMPTOPS_SHUTDOWN_TIMEOUT")
	})

	t.Run("OutOfRange", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, nil, "--rate-limit", "0", "--signup-rate-limit", "-1")
		require.ErrorContains(t, err, "rate limit must be at least 1")
		require.ErrorContains(t, err, "signup rate limit")
	})
}
