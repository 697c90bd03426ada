package apitest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Promtool runs Prometheus's promtool (`make deps/promtool` builds it into .promptops/bin,
// and make test does so first) with args, input on its standard input, and fails the test
// with what it printed unless it succeeds. Without promtool the test fails, saying how to
// build it; under -short it is skipped, saying so.
func Promtool(t testing.TB, input string, args ...string) {
	t.Helper()
	path, err := promtoolPath()
	if err != nil {
		if testing.Short() {
			t.Skipf("-short: %v, so promtool %s is not run; make test builds it", err, strings.Join(args, " "))
		}
		t.Fatalf("%v: run `make deps/promtool` (make test does)", err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin = strings.NewReader(input)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	// check metrics exits 0 on lint problems too (it reports them on its output), so
	// any output but a SUCCESS line is a problem.
	for line := range strings.Lines(out.String()) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "SUCCESS") && !strings.HasPrefix(line, "Checking") {
			t.Fatalf("promtool %s reported problems:\n%s", strings.Join(args, " "), out.String())
		}
	}
}

// promtoolPath is PROMPTOPS_PROMTOOL, or .promptops/bin/promtool at the module's root
// (found from the test's directory up).
func promtoolPath() (string, error) {
	if p := os.Getenv("PROMPTOPS_PROMTOOL"); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, ".promptops", "bin", "promtool")
	if _, err := os.Stat(path); err != nil {
		return "", errors.New(path + " is missing")
	}
	return path, nil
}
