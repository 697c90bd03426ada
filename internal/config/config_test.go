package config

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/secrets"
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
		require.Equal(t, 1<<20, c.RenderLimit)
		require.Equal(t, 10*time.Second, c.UsageFlushInterval)
		require.Equal(t, ".promptops", c.DataDir)
		require.Empty(t, c.DatabaseURL)
	})

	t.Run("EnvironmentThenFlags", func(t *testing.T) {
		t.Parallel()
		env := map[string]string{"PORT": "8080", "PROMPTOPS_RATE_LIMIT": "5", "PROMPTOPS_SHUTDOWN_TIMEOUT": "3s", "DATABASE_URL": "postgres://x",
			"PROMPTOPS_USAGE_FLUSH_INTERVAL": "200ms",
			"PROMPTOPS_SECRET_KEY":           secrets.GenerateKey()}
		c, err := parse(t, env)
		require.NoError(t, err)
		require.Equal(t, ":8080", c.Addr)
		require.Equal(t, 5, c.RateLimit)
		require.Equal(t, 3*time.Second, c.ShutdownTimeout)
		require.Equal(t, 200*time.Millisecond, c.UsageFlushInterval)
		require.Equal(t, "postgres://x", c.DatabaseURL)

		c, err = parse(t, env, "--addr", "127.0.0.1:9", "--rate-limit", "7", "--usage-flush-interval", "1m")
		require.NoError(t, err)
		require.Equal(t, "127.0.0.1:9", c.Addr)
		require.Equal(t, 7, c.RateLimit)
		require.Equal(t, time.Minute, c.UsageFlushInterval)
	})

	t.Run("BadEnvironment", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, map[string]string{"PROMPTOPS_RATE_LIMIT": "lots", "PROMPTOPS_SHUTDOWN_TIMEOUT": "soon"})
		require.ErrorContains(t, err, "PROMPTOPS_RATE_LIMIT")
		require.ErrorContains(t, err, "PROMPTOPS_SHUTDOWN_TIMEOUT")
	})

	t.Run("OutOfRange", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, nil, "--rate-limit", "0", "--signup-rate-limit", "-1", "--render-limit", "10", "--usage-flush-interval", "99ms")
		require.ErrorContains(t, err, "rate limit must be at least 1")
		require.ErrorContains(t, err, "usage flush interval must be at least 100ms, got 99ms")
		require.ErrorContains(t, err, "signup rate limit")
		require.ErrorContains(t, err, "render limit must be at least 1024 bytes")
	})

	t.Run("TLSBothOrNeither", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, map[string]string{"PROMPTOPS_TLS_CERT": "cert.pem", "PROMPTOPS_TLS_KEY": "key.pem"})
		require.NoError(t, err)
		require.Equal(t, "cert.pem", c.TLSCert)
		require.Equal(t, "key.pem", c.TLSKey)
		_, err = parse(t, nil, "--tls-cert", "cert.pem")
		require.ErrorContains(t, err, "tls cert and tls key go together")
		_, err = parse(t, map[string]string{"PROMPTOPS_TLS_KEY": "key.pem"})
		require.ErrorContains(t, err, "tls cert and tls key go together")
	})

	t.Run("ConsoleSecureCookies", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, nil)
		require.NoError(t, err)
		require.False(t, c.ConsoleSecureCookies, "by default Secure only when serving TLS")
		c, err = parse(t, map[string]string{"PROMPTOPS_CONSOLE_SECURE_COOKIES": "true"})
		require.NoError(t, err)
		require.True(t, c.ConsoleSecureCookies)
		c, err = parse(t, map[string]string{"PROMPTOPS_CONSOLE_SECURE_COOKIES": "true"}, "--console-secure-cookies=false")
		require.NoError(t, err)
		require.False(t, c.ConsoleSecureCookies)
		_, err = parse(t, map[string]string{"PROMPTOPS_CONSOLE_SECURE_COOKIES": "sometimes"})
		require.ErrorContains(t, err, "PROMPTOPS_CONSOLE_SECURE_COOKIES")
	})
}

// TestSecretKey: the key that seals webhook secrets is checked before anything starts, and
// required unless the private database's directory can keep one.
func TestSecretKey(t *testing.T) {
	t.Parallel()
	key := secrets.GenerateKey()

	t.Run("PrivateDatabaseNeedsNone", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, nil)
		require.NoError(t, err)
		require.Empty(t, c.SecretKey)
		require.Equal(t, 24*time.Hour, c.WebhookSecretOverlap)
	})

	t.Run("FromEnvironmentOrFlag", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, map[string]string{"PROMPTOPS_SECRET_KEY": key, "DATABASE_URL": "postgres://x", "PROMPTOPS_WEBHOOK_SECRET_OVERLAP": "1h"})
		require.NoError(t, err)
		require.Equal(t, key, c.SecretKey)
		require.Equal(t, time.Hour, c.WebhookSecretOverlap)
		other := secrets.GenerateKey()
		c, err = parse(t, map[string]string{"PROMPTOPS_SECRET_KEY": key}, "--secret-key", other)
		require.NoError(t, err)
		require.Equal(t, other, c.SecretKey)
	})

	t.Run("DatabaseURLWithoutKeyRefused", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, map[string]string{"DATABASE_URL": "postgres://x"})
		require.ErrorContains(t, err, "a secret key is needed with DATABASE_URL")
		require.ErrorContains(t, err, "openssl rand -base64 32")
		require.ErrorContains(t, err, "PROMPTOPS_SECRET_KEY")
	})

	t.Run("Malformed", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, map[string]string{"PROMPTOPS_SECRET_KEY": "c2hvcnQ="})
		require.ErrorContains(t, err, "PROMPTOPS_SECRET_KEY: secret key is 5 bytes, it must be 32")
		_, err = parse(t, nil, "--webhook-secret-overlap", "-1s")
		require.ErrorContains(t, err, "webhook secret overlap must be 0 or more")
	})

	t.Run("HelpNeverShowsIt", func(t *testing.T) {
		t.Parallel()
		var help strings.Builder
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(&help)
		c := &Config{}
		require.NoError(t, c.RegisterServe(fs, func(k string) string { return map[string]string{"PROMPTOPS_SECRET_KEY": key}[k] }))
		fs.PrintDefaults()
		require.Contains(t, help.String(), "-secret-key key")
		require.NotContains(t, help.String(), key)
		require.Equal(t, key, c.SecretKey, "it is still the default")
	})
}

// TestPrivateDatabase: with the private database off, as the container image sets it, a
// missing DATABASE_URL is refused before anything starts, with a message saying what to set.
func TestPrivateDatabase(t *testing.T) {
	t.Parallel()

	t.Run("OnByDefault", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, nil)
		require.NoError(t, err)
		require.True(t, c.PrivateDatabase)
	})

	t.Run("OffWithoutDatabaseURLRefused", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, map[string]string{"PROMPTOPS_PRIVATE_DATABASE": "false"})
		require.ErrorIs(t, err, ErrDatabaseURLRequired)
		require.ErrorContains(t, err, "DATABASE_URL is required")
		require.ErrorContains(t, err, "PROMPTOPS_PRIVATE_DATABASE=false")
		_, err = parse(t, nil, "--private-database=false")
		require.ErrorIs(t, err, ErrDatabaseURLRequired)
	})

	t.Run("OffWithDatabaseURL", func(t *testing.T) {
		t.Parallel()
		c, err := parse(t, map[string]string{"PROMPTOPS_PRIVATE_DATABASE": "false", "DATABASE_URL": "postgres://x",
			"PROMPTOPS_SECRET_KEY": secrets.GenerateKey()})
		require.NoError(t, err)
		require.False(t, c.PrivateDatabase)
	})

	t.Run("Malformed", func(t *testing.T) {
		t.Parallel()
		_, err := parse(t, map[string]string{"PROMPTOPS_PRIVATE_DATABASE": "no"})
		require.ErrorContains(t, err, `PROMPTOPS_PRIVATE_DATABASE="no" is not true or false`)
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
	require.Equal(t, []int{100, 100, 100, 100}, []int{c.QuotaInvitations, c.QuotaTokens, c.QuotaMemberships, c.QuotaChecks})
	require.Equal(t, []int{1 << 30, 256 << 20}, []int{c.QuotaAnalyticsBytes, c.QuotaIdempotencyBytes})
	require.Equal(t, []int{50, 200}, []int{c.WSMaxPerKey, c.WSMaxPerAddr})

	c, err = parse(t, map[string]string{"PROMPTOPS_AUTH_FAILURE_LIMIT": "7", "PROMPTOPS_QUOTA_PROMPTS": "3", "PROMPTOPS_QUOTA_WEBHOOKS": "4",
		"PROMPTOPS_QUOTA_ANALYTICS_BYTES": "2097152", "PROMPTOPS_QUOTA_TOKENS": "11"},
		"--quota-versions", "5", "--quota-keys", "6", "--ws-max-per-key", "8", "--ws-max-per-addr", "9", "--quota-idempotency-bytes", "1048576",
		"--quota-invitations", "10", "--quota-memberships", "12", "--quota-checks", "13")
	require.NoError(t, err)
	require.Equal(t, 7, c.AuthFailureLimit)
	require.Equal(t, []int{3, 5, 6, 4}, []int{c.QuotaPrompts, c.QuotaVersions, c.QuotaKeys, c.QuotaWebhooks})
	require.Equal(t, []int{10, 11, 12, 13}, []int{c.QuotaInvitations, c.QuotaTokens, c.QuotaMemberships, c.QuotaChecks})
	require.Equal(t, []int{2 << 20, 1 << 20}, []int{c.QuotaAnalyticsBytes, c.QuotaIdempotencyBytes})
	require.Equal(t, []int{8, 9}, []int{c.WSMaxPerKey, c.WSMaxPerAddr})

	_, err = parse(t, nil, "--auth-failure-limit", "0", "--quota-keys", "0", "--ws-max-per-addr", "0", "--quota-analytics-bytes", "1048575")
	require.ErrorContains(t, err, "auth failure limit must be at least 1")
	require.ErrorContains(t, err, "quotas must be at least 1")
	require.ErrorContains(t, err, "quota analytics bytes and quota idempotency bytes must be at least 1048576")
	require.ErrorContains(t, err, "ws max per key and per addr must be at least 1")
	_, err = parse(t, nil, "--quota-tokens", "0")
	require.ErrorContains(t, err, "quotas must be at least 1")
}

// TestWebhookTimeouts: how long a receiver has to answer, and how long a delivery may seem
// in flight before it is retried as lost in a crash (0: webhooks derives it).
func TestWebhookTimeouts(t *testing.T) {
	t.Parallel()
	c, err := parse(t, nil)
	require.NoError(t, err)
	require.Equal(t, []time.Duration{10 * time.Second, 0}, []time.Duration{c.WebhookTimeout, c.WebhookRescueAfter})

	c, err = parse(t, map[string]string{"PROMPTOPS_WEBHOOK_TIMEOUT": "2s"}, "--webhook-rescue-after", "8s")
	require.NoError(t, err)
	require.Equal(t, []time.Duration{2 * time.Second, 8 * time.Second}, []time.Duration{c.WebhookTimeout, c.WebhookRescueAfter})

	_, err = parse(t, nil, "--webhook-timeout", "10ms", "--webhook-rescue-after", "-1s")
	require.ErrorContains(t, err, "webhook timeout must be at least 100ms and the rescue delay 0 or more, got 10ms and -1s")
}

// TestAnalyticsRetention: the retention defaults to 90 days and may not drop the days
// that track still accepts events for.
func TestAnalyticsRetention(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    time.Duration
		wantErr string
	}{
		{name: "Default", want: 90 * 24 * time.Hour},
		{name: "FromEnvironment", env: map[string]string{"PROMPTOPS_ANALYTICS_RETENTION": "720h"}, want: 30 * 24 * time.Hour},
		{name: "FlagOverEnvironment", env: map[string]string{"PROMPTOPS_ANALYTICS_RETENTION": "720h"}, args: []string{"--analytics-retention", "8760h"}, want: 365 * 24 * time.Hour},
		{name: "EightDays", args: []string{"--analytics-retention", "192h"}, want: 8 * 24 * time.Hour},
		{name: "SevenDaysRefused", args: []string{"--analytics-retention", "168h"}, wantErr: "analytics retention must be at least 192h0m0s (8 days): track accepts events up to 7 days old"},
		{name: "ZeroRefused", args: []string{"--analytics-retention", "0s"}, wantErr: "got 0s"},
		{name: "NotADuration", env: map[string]string{"PROMPTOPS_ANALYTICS_RETENTION": "90d"}, wantErr: `PROMPTOPS_ANALYTICS_RETENTION="90d" is not a duration`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parse(t, tt.env, tt.args...)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, c.AnalyticsRetention)
		})
	}

	t.Run("HelpShowsTheDefault", func(t *testing.T) {
		t.Parallel()
		var help strings.Builder
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(&help)
		require.NoError(t, (&Config{}).RegisterServe(fs, func(string) string { return "" }))
		fs.PrintDefaults()
		require.Contains(t, help.String(), "(2160h is 90 days)")
		require.Contains(t, help.String(), "(default 2160h0m0s)")
	})
}

// TestEdge: the edge's bound on renders, apart from the server's settings.
func TestEdge(t *testing.T) {
	t.Parallel()
	parseEdge := func(env map[string]string, args ...string) (*Config, error) {
		fs := flag.NewFlagSet("edge", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := &Config{}
		if err := c.RegisterEdge(fs, func(k string) string { return env[k] }); err != nil {
			return nil, err
		}
		require.NoError(t, fs.Parse(args))
		return c, c.Validate()
	}

	c, err := parseEdge(nil)
	require.NoError(t, err)
	require.Equal(t, 600, c.EdgeRenderRateLimit)

	c, err = parseEdge(map[string]string{"PROMPTOPS_EDGE_RENDER_RATE_LIMIT": "30"})
	require.NoError(t, err)
	require.Equal(t, 30, c.EdgeRenderRateLimit)
	c, err = parseEdge(map[string]string{"PROMPTOPS_EDGE_RENDER_RATE_LIMIT": "30"}, "--render-rate-limit", "40")
	require.NoError(t, err)
	require.Equal(t, 40, c.EdgeRenderRateLimit)

	_, err = parseEdge(map[string]string{"PROMPTOPS_EDGE_RENDER_RATE_LIMIT": "many"})
	require.ErrorContains(t, err, `PROMPTOPS_EDGE_RENDER_RATE_LIMIT="many" is not a whole number`)
	_, err = parseEdge(nil, "--render-rate-limit", "0")
	require.ErrorContains(t, err, "edge render rate limit must be at least 1 render per minute, got 0")

	c, err = parse(t, nil)
	require.NoError(t, err)
	require.Zero(t, c.EdgeRenderRateLimit, "serve does not read it")
}
