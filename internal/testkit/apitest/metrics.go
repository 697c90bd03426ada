package apitest

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Scrape is what h (a metrics handler) serves Prometheus.
func Scrape(t testing.TB, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	return rec.Body.String()
}

// Metrics is the instance's metrics, as Prometheus reads them.
func (e *Env) Metrics() string { return Scrape(e.t, e.Server.MetricsHandler()) }

// Sample is the value of series (its name and labels as the exposition writes them, the
// labels sorted) in a scrape, and whether it is there.
func Sample(scrape, series string) (float64, bool) {
	lines := bufio.NewScanner(strings.NewReader(scrape))
	for lines.Scan() {
		if value, ok := strings.CutPrefix(lines.Text(), series+" "); ok {
			v, err := strconv.ParseFloat(value, 64)
			return v, err == nil
		}
	}
	return 0, false
}

// AwaitSample waits until series has value want in what h serves.
func AwaitSample(t testing.TB, h http.Handler, series string, want float64) {
	t.Helper()
	require.Eventually(t, func() bool {
		v, ok := Sample(Scrape(t, h), series)
		return ok && v == want
	}, 20*time.Second, 20*time.Millisecond, "%s never reached %v", series, want)
}

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
