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

// TestTypeScriptSDK runs the TypeScript client's own test (gen/ts: type-check, then the
// reference flow with node --test) against a live server; the server validates every
// response it sends, as for the Go tests.
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
	// resolver lacks its packages.
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@types", "ws")); err != nil {
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
	require.Contains(t, string(out), "# pass 2")
	t.Logf("TypeScript SDK test:\n%s", out)
}
