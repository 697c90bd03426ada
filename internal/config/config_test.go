package config

import (
	"errors"
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
	getenv := func(k string) string { return env[k] }
	c := &Config{}
	if err := errors.Join(c.RegisterDatabase(fs, getenv), c.RegisterLogging(fs, getenv), c.RegisterServe(fs, getenv)); err != nil {
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

func TestGroups(t *testing.T) {
	t.Parallel()

	t.Run("OnlyTheirOwnFlags", func(t *testing.T) {
		t.Parallel()
		fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := &Config{}
		getenv := func(k string) string { return map[string]string{"PROMPTOPS_RATE_LIMIT": "lots"}[k] }
		require.NoError(t, errors.Join(c.RegisterDatabase(fs, getenv), c.RegisterLogging(fs, getenv)), "a setting of another group was read")
		require.NotNil(t, fs.Lookup("data-dir"))
		require.NotNil(t, fs.Lookup("log-level"))
		require.Nil(t, fs.Lookup("rate-limit"))
		require.Nil(t, fs.Lookup("addr"))
		require.ErrorContains(t, fs.Parse([]string{"--rate-limit", "5"}), "flag provided but not defined: -rate-limit")
	})

	t.Run("ValidateChecksOnlyRegistered", func(t *testing.T) {
		t.Parallel()
		fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := &Config{}
		require.NoError(t, c.RegisterDatabase(fs, func(string) string { return "" }))
		require.NoError(t, fs.Parse(nil))
		require.NoError(t, c.Validate(), "unregistered settings (rate limit 0, log format empty) were checked")

		require.NoError(t, fs.Parse([]string{"--db-max-conns", "1"}))
		require.ErrorContains(t, c.Validate(), "db max conns must be at least 2")
	})
}

// TestLimits: the limits on failed authentications, sockets and project sizes.
func TestLimits(t *testing.T) {
	t.Parallel()
	c, err := parse(t, nil)
	require.NoError(t, err)
	require.Equal(t, 100, c.AuthFailureLimit)
	require.Equal(t, []int{1000, 1000, 100, 20}, []int{c.QuotaPrompts, c.QuotaVersions, c.QuotaKeys, c.QuotaWebhooks})
	require.Equal(t, []int{50, 200}, []int{c.WSMaxPerKey, c.WSMaxPerAddr})

	c, err = parse(t, map[string]string{"PROMPTOPS_AUTH_FAILURE_LIMIT": "7", "PROMPTOPS_QUOTA_PROMPTS": "3", "PROMPTOPS_QUOTA_WEBHOOKS": "4"},
		"--quota-versions", "5", "--quota-keys", "6", "--ws-max-per-key", "8", "--ws-max-per-addr", "9")
	require.NoError(t, err)
	require.Equal(t, 7, c.AuthFailureLimit)
	require.Equal(t, []int{3, 5, 6, 4}, []int{c.QuotaPrompts, c.QuotaVersions, c.QuotaKeys, c.QuotaWebhooks})
	require.Equal(t, []int{8, 9}, []int{c.WSMaxPerKey, c.WSMaxPerAddr})

	_, err = parse(t, nil, "--auth-failure-limit", "0", "--quota-keys", "0", "--ws-max-per-addr", "0")
	require.ErrorContains(t, err, "auth failure limit must be at least 1")
	require.ErrorContains(t, err, "quotas must be at least 1")
	require.ErrorContains(t, err, "ws max per key and per addr must be at least 1")
}
