package httpapi_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestTypeScriptSDK runs the TypeScript client's own test (gen/ts: type-check, then node
// --test: the reference flow and the snapshot's pages against a live server, which
// validates every response it sends as for the Go tests, and every conformance vector
// of gen/conformance/vectors.json, which the local renderer must follow).
func TestTypeScriptSDK(t *testing.T) {
	apitest.SkipIfShort(t, "the TypeScript SDK's Node.js suite")
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed, so the TypeScript SDK cannot be tested here; `make test` needs Node.js 20+")
	}
	dir, err := filepath.Abs("../../../gen/ts")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		t.Fatalf("gen/ts/node_modules is missing: run `make sdk/deps` (make test does)")
	}
	// make sdk/deps leaves an existing node_modules alone, so one installed before the
	// local renderer lacks its packages.
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ajv-formats")); err != nil {
		t.Fatalf("gen/ts/node_modules predates gen/ts/package-lock.json: run `npm ci --prefix gen/ts`")
	}
	env := apitest.New(t)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "test", "--silent")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PROMPTOPS_URL="+env.URL, "PATH="+filepath.Dir(node)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the TypeScript SDK test failed:\n%s", out)
	// Every suite passed, and only the resolver's was skipped (TestTypeScriptResolver runs it
	// through its relay): the live ones and the conformance vectors ran.
	require.Contains(t, string(out), "# fail 0")
	require.Contains(t, string(out), "# skipped 1")
	require.Contains(t, string(out), "- limits are the server's")
	t.Logf("TypeScript SDK test:\n%s", out)
}
