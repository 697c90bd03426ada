package httpapi_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestPythonSDK runs the Python SDK's pytest suite (gen/python/tests) against a live server
// reached through the TCP relay of TestTypeScriptResolver, which the tests stop, start and
// slow (startRelayControl); every response the server sends is validated against the spec
// and counts for the contract, as for the Go tests. The suite also checks every conformance
// vector. A Go test drives it, rather than pytest starting the binary, so that the server is
// built, validated and torn down by the same kit as every other test (a private database per
// test, no PostgreSQL left behind by a killed child), and its stop is the relay's: the port
// closed and every connection cut, as a killed server leaves them.
//
// PROMPTOPS_PYTHON names another interpreter to run it with (one with the package, pytest and
// opentelemetry-sdk installed), to check another Python version; make python/deps's is the default.
//
// It is not parallel: it prints how long a promote takes to reach the sync and async caches,
// a figure the package's parallel tests would skew. The figure is reported, not asserted.
func TestPythonSDK(t *testing.T) {
	apitest.SkipIfShort(t, "the Python SDK's pytest suite")
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	python := os.Getenv("PROMPTOPS_PYTHON")
	if python == "" {
		python = filepath.Join(root, ".promptops", "venv", "bin", "python")
	}
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("%s is missing: run `make python/deps` (make test does)", python)
	}
	env := apitest.New(t)
	target, err := url.Parse(env.URL)
	require.NoError(t, err)
	relay := startRelay(t, target.Host)
	control := startRelayControl(t, relay, env)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-s", "tests")
	cmd.Dir = filepath.Join(root, "gen", "python")
	cmd.Env = append(os.Environ(),
		"PROMPTOPS_URL=http://"+relay.addr, "PROMPTOPS_DIRECT_URL="+env.URL, "PROMPTOPS_CONTROL_URL="+control.URL)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the Python SDK's tests failed:\n%s", out)
	require.NotContains(t, string(out), "skipped", "no Python test may skip here:\n%s", out)
	t.Logf("Python SDK tests:\n%s", out)
}
