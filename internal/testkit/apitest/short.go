package apitest

import "testing"

// SkipIfShort skips a slow test (a browser, a Node.js suite, a child process killed and
// restarted, every constraint of the spec) under `go test -short`, the edit loop's lane
// (make test-short), saying why and where it does run.
func SkipIfShort(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: %s is slow; make test runs it", what)
	}
}
