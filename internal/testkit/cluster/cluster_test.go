package cluster

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHAProxyConfigInREADME: the configuration the README shows operators is the one the
// cluster test runs, with their addresses, and HAProxy accepts it.
func TestHAProxyConfigInREADME(t *testing.T) {
	t.Parallel()
	var cfg strings.Builder
	require.NoError(t, haproxyConfig.Execute(&cfg, map[string]any{"Bind": ":80", "Servers": []map[string]string{
		{"name": "instance-1", "addr": "10.0.0.11:3001"},
		{"name": "instance-2", "addr": "10.0.0.12:3001"},
		{"name": "instance-3", "addr": "10.0.0.13:3001"},
	}}))
	readme, err := os.ReadFile("../../../README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), "```\n"+cfg.String()+"```\n", "README.md's HAProxy configuration must be the cluster test's")

	haproxy, err := findHAProxy()
	if testing.Short() && err != nil {
		t.Skip("-short: no haproxy to check the configuration with (make deps/test installs it)")
	}
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	require.NoError(t, os.WriteFile(path, []byte(cfg.String()), 0o644))
	out, err := exec.Command(haproxy, "-c", "-f", path).CombinedOutput()
	require.NoError(t, err, "%s", out)
}
