package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// TestMain lets the test binary stand in for the promptops binary: the lifecycle tests
// run it as a child process with PROMPTOPS_TEST_AS_MAIN=1, so signals reach a real process.
// The tests that are not about the private database serve on a database of the tests'
// PostgreSQL (dbtest).
func TestMain(m *testing.M) {
	if os.Getenv("PROMPTOPS_TEST_AS_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(dbtest.Run(m))
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code := run(context.Background(), []string{"serve", "--help"}, func(string) string { return "" }, &out, &out)
	require.Equal(t, 0, code)
	for _, want := range []string{"-addr", "-data-dir", "PROMPTOPS_DATA_DIR", "PROMPTOPS_RATE_LIMIT", "PROMPTOPS_SIGNUP_RATE_LIMIT", "DATABASE_URL"} {
		require.Contains(t, out.String(), want)
	}

	out.Reset()
	require.Equal(t, 2, run(context.Background(), []string{"frobnicate"}, os.Getenv, &out, &out))
	require.Contains(t, out.String(), "unknown command")
	for _, c := range commands() {
		require.Contains(t, out.String(), "  "+c.synopsis+" ", "the usage lists every command")
	}
}

// TestGroupHelp: a word that starts commands of its own ("prompts", "projects") lists them,
// with --help as asked for (exit 0) and alone as a mistake (exit 2).
func TestGroupHelp(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"prompts", "--help"}, 0},
		{[]string{"prompts", "-h"}, 0},
		{[]string{"prompts"}, 2},
		{[]string{"prompts", "frobnicate"}, 2},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, func(string) string { return "" }, &stdout, &stderr)
		require.Equal(t, tt.code, code, tt.args)
		help := stdout.String() + stderr.String()
		require.Contains(t, help, "usage: promptops prompts <command> [flags]", tt.args)
		for _, sub := range []string{"prompts pull DIR", "prompts plan DIR", "prompts apply DIR", "prompts promote SLUG", "prompts rollback SLUG"} {
			require.Contains(t, help, sub, tt.args)
		}
		require.NotContains(t, help, "  serve ", "only the group's commands")
	}
	var out bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"projects", "--help"}, func(string) string { return "" }, &out, &out))
	require.Contains(t, out.String(), "projects create --name N")
}

// TestCommandHelp: each command's help starts with its usage line and lists exactly the
// flags it reads.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	database := []string{"database-url", "data-dir", "postgres-bin", "db-max-conns", "private-database", "log-format", "log-level"}
	serve := append([]string{"addr", "rate-limit", "signup-rate-limit", "body-limit", "render-limit", "shutdown-timeout",
		"resolve-cache", "cache-entries", "debug-addr",
		"webhook-allow-private", "webhook-timeout", "webhook-rescue-after", "webhook-retry-base", "webhook-max-attempts", "webhook-workers",
		"webhook-secret-overlap", "secret-key", "tls-cert", "tls-key", "console-secure-cookies",
		"auth-failure-limit", "quota-prompts", "quota-versions", "quota-keys", "quota-webhooks", "quota-environments", "quota-connections", "quota-invitations", "quota-tokens", "quota-memberships", "quota-checks", "run-rate-limit",
		"quota-analytics-bytes", "quota-idempotency-bytes", "ws-max-per-key", "ws-max-per-addr", "analytics-retention", "usage-flush-interval", "release-evaluation-interval",
		"snapshot-page-bytes", "user-signup", "signin-addr-limit", "signin-account-limit", "oidc-providers", "console-key-sign-in"}, database...)
	client := []string{"url", "key", "project", "output"}
	flagLine := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	for _, tt := range []struct {
		name  string
		args  []string
		usage string
		flags []string
	}{
		{"Serve", []string{"serve", "--help"}, "usage: promptops serve [flags]\n", serve},
		{"Migrate", []string{"migrate", "--help"}, "usage: promptops migrate [flags]\n", database},
		{"ProjectsCreate", []string{"projects", "create", "--help"}, "usage: promptops projects create --name N [--description D] [flags]\n",
			append([]string{"name", "description"}, database...)},
		{"Version", []string{"version", "--help"}, "usage: promptops version\n", nil},
		{"UsersCreate", []string{"users", "create", "--help"}, "usage: promptops users create --email E --name N [--owner] [flags]\n",
			append([]string{"email", "name", "owner"}, database...)},
		{"UsersDisable", []string{"users", "disable", "--help"}, "usage: promptops users disable --email E [flags]\n", append([]string{"email"}, database...)},
		{"UsersEnable", []string{"users", "enable", "--help"}, "usage: promptops users enable --email E [flags]\n", append([]string{"email"}, database...)},
		{"Login", []string{"login", "--help"}, "usage: promptops login (--email E | --with-token) [--url U] [flags]\n",
			[]string{"email", "with-token", "url"}},
		{"PromptsPull", []string{"prompts", "pull", "--help"}, "usage: promptops prompts pull DIR [--env E] [flags]\n", append([]string{"env"}, client...)},
		{"PromptsPlan", []string{"prompts", "plan", "--help"}, "usage: promptops prompts plan DIR [--promote ENV] [flags]\n", append([]string{"promote"}, client...)},
		{"PromptsApply", []string{"prompts", "apply", "--help"}, "usage: promptops prompts apply DIR [--promote ENV] [--message M] [--force] [flags]\n",
			append([]string{"promote", "message", "force"}, client...)},
		{"PromptsPromote", []string{"prompts", "promote", "--help"}, "usage: promptops prompts promote SLUG --env E [--version N] [flags]\n",
			append([]string{"env", "version"}, client...)},
		{"PromptsRollback", []string{"prompts", "rollback", "--help"}, "usage: promptops prompts rollback SLUG --env E [flags]\n", append([]string{"env"}, client...)},
		{"Edge", []string{"edge", "--help"}, "usage: promptops edge --upstream URL --key KEY [--addr 127.0.0.1:3002] [--snapshot FILE] [--token T] [flags]\n",
			[]string{"upstream", "key", "addr", "snapshot", "token", "auth-failure-limit", "body-limit", "render-limit", "render-rate-limit", "log-format", "log-level",
				"debug-addr"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			require.Equal(t, 0, run(context.Background(), tt.args, func(string) string { return "" }, &stdout, &stderr))
			help := stderr.String()
			require.True(t, strings.HasPrefix(help, tt.usage), help)
			var flags []string
			for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
				flags = append(flags, m[1])
			}
			require.ElementsMatch(t, tt.flags, flags, help)
		})
	}

	t.Run("OthersFlagsRefused", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		require.Equal(t, 1, run(context.Background(), []string{"migrate", "--rate-limit", "5"}, func(string) string { return "" }, &out, &out))
		require.Contains(t, out.String(), "flag provided but not defined: -rate-limit")
		require.Contains(t, out.String(), "usage: promptops migrate [flags]")
	})

	t.Run("Commands", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		require.Equal(t, 0, run(context.Background(), []string{"--help"}, os.Getenv, &out, &out))
		for _, want := range []string{"serve ", "migrate ", "projects create --name N ", "prompts pull DIR ", "prompts plan DIR ",
			"prompts apply DIR ", "prompts promote SLUG ", "prompts rollback SLUG ", "version "} {
			require.Contains(t, out.String(), "\n  "+want)
		}
	})
}

func TestVersion(t *testing.T) {
	t.Parallel()

	t.Run("CommandAndFlag", func(t *testing.T) {
		t.Parallel()
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(context.Background(), []string{"version"}, os.Getenv, &stdout, &stderr), stderr.String())
		text := stdout.String()
		require.Regexp(t, `^promptops \S+\n`, text)
		require.Contains(t, text, "\ngo        "+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+"\n")

		stdout.Reset()
		require.Equal(t, 0, run(context.Background(), []string{"--version"}, os.Getenv, &stdout, &stderr), stderr.String())
		require.Equal(t, text, stdout.String())

		require.Equal(t, 1, run(context.Background(), []string{"version", "extra"}, os.Getenv, &stdout, &stderr))
	})

	t.Run("FromVCS", func(t *testing.T) {
		t.Parallel()
		// What `go version -m` shows of a binary built in a git clone with changes.
		info, err := debug.ParseBuildInfo("go\tgo1.26.8\n" +
			"path\tgithub.com/promptops/promptops/cmd/promptops\n" +
			"mod\tgithub.com/promptops/promptops\tv0.0.0-20261124103747-823c4a0933cf+dirty\t\n" +
			"build\tvcs=git\n" +
			"build\tvcs.revision=823c4a0933cf3eb12d6f64851404f0c02e92ca89\n" +
			"build\tvcs.time=2026-11-24T10:37:47Z\n" +
			"build\tvcs.modified=true\n")
		require.NoError(t, err)
		require.Equal(t, "promptops v0.0.0-20261124103747-823c4a0933cf+dirty\n"+
			"revision  823c4a0933cf3eb12d6f64851404f0c02e92ca89 (modified)\n"+
			"time      2026-11-24T10:37:47Z\n"+
			"go        go1.26.8 "+runtime.GOOS+"/"+runtime.GOARCH+"\n", versionText(info))
	})

	t.Run("Unknown", func(t *testing.T) {
		t.Parallel()
		require.Equal(t, "promptops (unknown)\ngo        "+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+"\n", versionText(nil))
	})
}

func TestNoPostgres(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	env := map[string]string{"PROMPTOPS_POSTGRES_BIN": "/nonexistent", "PROMPTOPS_DATA_DIR": t.TempDir()}
	code := run(context.Background(), []string{"migrate"}, func(k string) string { return env[k] }, &out, &out)
	require.Equal(t, 1, code)
	require.Contains(t, out.String(), "apt-get install postgresql")
	require.Contains(t, out.String(), "DATABASE_URL")
}

// TestServeNeedsSecretKey: with DATABASE_URL and no key, serve stops before connecting and
// says how to make one.
func TestServeNeedsSecretKey(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	env := map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
	require.Equal(t, 1, run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, &out, &out))
	require.Contains(t, out.String(), "a secret key is needed with DATABASE_URL")
	require.Contains(t, out.String(), "Make one with `openssl rand -base64 32`")
	require.NotContains(t, out.String(), "connect", "it stopped before trying the database")
}

// process is a promptops child process with its combined output captured.
type process struct {
	cmd        *exec.Cmd
	terminated bool
	mu         sync.Mutex
	out        bytes.Buffer
}

func (p *process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func start(t *testing.T, dataDir string, args ...string) *process {
	t.Helper()
	return startWithEnv(t, dataDir, nil, args...)
}

func startWithEnv(t *testing.T, dataDir string, env []string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(os.Args[0], args...)}
	p.cmd.Env = append(os.Environ(), "PROMPTOPS_TEST_AS_MAIN=1", "PROMPTOPS_DATA_DIR="+dataDir, "DATABASE_URL=")
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p, p
	require.NoError(t, p.cmd.Start())
	t.Cleanup(func() { _ = p.cmd.Process.Kill() })
	return p
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, p *process, base string) {
	t.Helper()
	require.Eventually(t, func() bool {
		resp, err := http.Get(base + "/health")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 60*time.Second, 100*time.Millisecond, "server did not become healthy:\n%s", p.output())
}

// terminate sends SIGTERM once (a second signal means "exit at once").
func (p *process) terminate(t *testing.T) {
	t.Helper()
	if !p.terminated {
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
		p.terminated = true
	}
}

func stop(t *testing.T, p *process) {
	t.Helper()
	p.terminate(t)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, p.output())
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not stop on SIGTERM:\n%s", p.output())
	}
}

func getMe(t *testing.T, base, key string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/projects/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeLifecycle runs the real binary on a private PostgreSQL: serve, create a project,
// stop with SIGTERM (the database stops too), serve again on the same data, create a
// project from the command line while serving.
func TestServeLifecycle(t *testing.T) {
	t.Parallel()
	// Not t.TempDir: its 0700 parent would keep the postgres user out when tests run as root.
	dataDir, err := os.MkdirTemp("", "promptops-cmd-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })

	addr := freeAddr(t)
	base := "http://" + addr
	p := start(t, dataDir, "serve", "--addr", addr)
	waitHealthy(t, p, base)
	// The start-up log says where to go next (the log is flushed periodically).
	require.Eventually(t, func() bool { return strings.Contains(p.output(), "PromptOps is ready") }, 10*time.Second, 20*time.Millisecond)
	for _, want := range []string{"console=" + base + "/console/", "explorer=" + base + "/api/explorer", "project_creation=\"open: POST " + base + "/api/v1/projects"} {
		require.Contains(t, p.output(), want)
	}

	resp, err := http.Post(base+"/api/v1/projects", "application/json", strings.NewReader(`{"name":"kept"}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var created struct {
		Data struct {
			APIKey string `json:"apiKey"`
		} `json:"data"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&created))
	resp.Body.Close()
	key := created.Data.APIKey
	require.Equal(t, http.StatusOK, getMe(t, base, key))

	// A request in flight when SIGTERM arrives is finished, not cut off: its body is still
	// being sent when the signal comes.
	bodyReader, bodyWriter := io.Pipe()
	inFlight := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/api/v1/projects", "application/json", bodyReader)
		if err != nil {
			inFlight <- 0
			return
		}
		resp.Body.Close()
		inFlight <- resp.StatusCode
	}()
	_, err = bodyWriter.Write([]byte(`{"name":`))
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // the server has the request's headers now
	p.terminate(t)
	time.Sleep(300 * time.Millisecond)
	_, err = bodyWriter.Write([]byte(`"drained"}`))
	require.NoError(t, err)
	require.NoError(t, bodyWriter.Close())
	require.Equal(t, http.StatusCreated, <-inFlight, "the in-flight request was cut off:\n%s", p.output())

	stop(t, p)
	require.NoFileExists(t, filepath.Join(dataDir, "pgdata", "postmaster.pid"), "the private database was not stopped")
	// The private database's first start made the key that seals webhook secrets, private.
	keyFile := filepath.Join(dataDir, "secret.key")
	info, err := os.Stat(keyFile)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	firstKey, err := os.ReadFile(keyFile)
	require.NoError(t, err)
	logs := p.output()
	require.Contains(t, logs, "made the key that seals webhook secrets")
	require.Contains(t, logs, `route="GET /api/v1/projects/me" status=200`)
	require.Contains(t, logs, "key_prefix="+key[:12])
	require.NotContains(t, logs, key, "a full key reached the log")
	// The analytics partitions were made before the API listened: track needs today's, and
	// the periodic job waits for a leader.
	made := strings.Index(logs, `msg="analytics partitions maintained" created="[analytics_events_p`)
	require.NotEqual(t, -1, made, logs)
	require.Less(t, made, strings.Index(logs, "msg=listening"), logs)

	// The data survives a restart. The debug listener, given a port alone, is on loopback.
	p = start(t, dataDir, "serve", "--addr", addr, "--debug-addr", ":0")
	waitHealthy(t, p, base)
	require.Equal(t, http.StatusOK, getMe(t, base, key))
	var debug []string
	require.Eventually(t, func() bool { // the log is flushed periodically
		debug = regexp.MustCompile(`msg="debug listener \(metrics, pprof\)" addr=(\S+)`).FindStringSubmatch(p.output())
		return debug != nil
	}, 5*time.Second, 20*time.Millisecond, p.output())
	require.True(t, strings.HasPrefix(debug[1], "127.0.0.1:"), "debug listener on %s", debug[1])
	resp, err = http.Get("http://" + debug[1] + "/metrics")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	againKey, err := os.ReadFile(keyFile)
	require.NoError(t, err)
	require.Equal(t, firstKey, againKey, "a restart reuses the key")

	// An operator creates a project from the command line on the running server's database.
	var out bytes.Buffer
	cli := exec.Command(os.Args[0], "projects", "create", "--name", "from the shell")
	cli.Env = append(os.Environ(), "PROMPTOPS_TEST_AS_MAIN=1", "PROMPTOPS_DATA_DIR="+dataDir, "DATABASE_URL=")
	cli.Stdout, cli.Stderr = &out, &out
	require.NoError(t, cli.Run(), out.String())
	m := regexp.MustCompile(`api key: (po_live_\w+)`).FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	require.Equal(t, http.StatusOK, getMe(t, base, m[1]))

	stop(t, p)
}

// TestAddressInUse: a port another process holds stops serve with a message naming the fix.
func TestAddressInUse(t *testing.T) {
	t.Parallel()
	dataDir, err := os.MkdirTemp("", "promptops-cmd-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()

	p := start(t, dataDir, "serve", "--addr", ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, p.output())
		require.Equal(t, 1, exit.ExitCode(), p.output())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop on a port in use:\n%s", p.output())
	}
	require.Contains(t, p.output(), "promptops: listen on "+ln.Addr().String()+
		": address already in use; another process has this port: choose another with --addr, PROMPTOPS_ADDR or PORT\n")
	require.NoFileExists(t, filepath.Join(dataDir, "pgdata", "postmaster.pid"), "the private database was not stopped")
}

// TestSecondSignalExitsAtOnce: while shutdown waits for a request that never finishes, a
// second signal ends the process at once.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	t.Parallel()
	dataDir, err := os.MkdirTemp("", "promptops-cmd-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	addr := freeAddr(t)
	p := start(t, dataDir, "serve", "--addr", addr)
	waitHealthy(t, p, "http://"+addr)

	bodyReader, bodyWriter := io.Pipe()
	defer bodyWriter.Close()
	go func() {
		if resp, err := http.Post("http://"+addr+"/api/v1/projects", "application/json", bodyReader); err == nil {
			resp.Body.Close()
		}
	}()
	_, err = bodyWriter.Write([]byte(`{"name":`))
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond)

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(300 * time.Millisecond)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit)
		require.Equal(t, 1, exit.ExitCode())
		require.Contains(t, p.output(), "second signal")
	case <-time.After(5 * time.Second):
		t.Fatalf("the second signal did not end the process:\n%s", p.output())
	}
	// The private database follows its parent down.
	require.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(dataDir, "pgdata", "postmaster.pid"))
		return os.IsNotExist(err)
	}, 15*time.Second, 50*time.Millisecond)
}

// testSecretKey seals webhook secrets in tests that run serve on a DATABASE_URL (which
// needs a key).
const testSecretKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

// TestEdgeSettingsRefused: promptops edge stops at start, saying why, on a local token too
// short to resist guessing and on a setting that does not parse.
func TestEdgeSettingsRefused(t *testing.T) {
	t.Parallel()
	key := "po_live_" + strings.Repeat("k", 40)
	for name, tt := range map[string]struct {
		env  map[string]string
		args []string
		want string
	}{
		"ShortToken":      {env: map[string]string{"PROMPTOPS_EDGE_TOKEN": "short"}, want: "the local token must be at least 32 characters, got 5"},
		"ShortTokenFlag":  {args: []string{"--token", strings.Repeat("t", 31)}, want: "the local token must be at least 32 characters, got 31"},
		"BadFailureLimit": {env: map[string]string{"PROMPTOPS_EDGE_AUTH_FAILURE_LIMIT": "many"}, want: `PROMPTOPS_EDGE_AUTH_FAILURE_LIMIT="many" is not a whole number`},
		// The edge reads the server's limits from the same variables.
		"ServersBodyLimit":   {env: map[string]string{"PROMPTOPS_BODY_LIMIT": "100"}, want: "body limit must be at least 1024 bytes, got 100"},
		"ServersRenderLimit": {env: map[string]string{"PROMPTOPS_RENDER_LIMIT": "10"}, want: "render limit must be at least 1024 bytes, got 10"},
		"RenderLimitFlag":    {args: []string{"--render-limit", "20"}, want: "render limit must be at least 1024 bytes, got 20"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			args := append([]string{"edge", "--upstream", "http://127.0.0.1:1", "--key", key}, tt.args...)
			require.Equal(t, 1, run(context.Background(), args, func(k string) string { return tt.env[k] }, &out, &out))
			require.Contains(t, out.String(), tt.want)
		})
	}
}

// TestBaseURL: the address a server listens on, as a client on the machine reaches it.
func TestBaseURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		addr string
		tls  bool
		want string
	}{
		{"[::]:3001", false, "http://localhost:3001"},
		{"0.0.0.0:3001", false, "http://localhost:3001"},
		{"127.0.0.1:8080", true, "https://127.0.0.1:8080"},
		{"[::1]:3001", false, "http://[::1]:3001"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		require.NoError(t, err)
		require.Equal(t, tt.want, baseURL(addr, tt.tls), tt.addr)
	}
}
