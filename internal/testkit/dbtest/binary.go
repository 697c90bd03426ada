package dbtest

import (
	"fmt"
	"os"
	"slices"
	"sync"
)

// Binary is the test binary as an owner (a TB), for what the tests of a package share
// rather than each making its own, such as one API instance: its cleanups run once the
// last test is done, before Run stops PostgreSQL. Outside any test, a failure is printed
// and fails the package (Run's exit code); Fatalf also panics with a Fatal, so that
// whoever was setting up the shared thing can recover it and fail the test that asked.
func Binary() *Owner { return binary }

var binary = &Owner{}

// Owner is the test binary as a TB (see Binary).
type Owner struct {
	mu       sync.Mutex
	cleanups []func()
	failed   bool
}

// Fatal is what Owner.Fatalf panics with.
type Fatal struct{ Message string }

// Cleanup registers f to run after the package's tests, in the reverse order of
// registration, as testing's Cleanup does.
func (o *Owner) Cleanup(f func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cleanups = append(o.cleanups, f)
}

// Errorf prints a failure that belongs to no test and fails the package.
func (o *Owner) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dbtest: failure outside any test: "+format+"\n", args...)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failed = true
}

// Fatalf is Errorf, then a panic with a Fatal.
func (o *Owner) Fatalf(format string, args ...any) {
	o.Errorf(format, args...)
	panic(Fatal{Message: fmt.Sprintf(format, args...)})
}

// FailNow panics with a Fatal (require's failures end with it, after Errorf).
func (o *Owner) FailNow() { panic(Fatal{Message: "failed (see the failure printed above)"}) }

// Failed reports whether a failure was printed.
func (o *Owner) Failed() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failed
}

// Helper does nothing: there is no test's line to report.
func (o *Owner) Helper() {}

// Logf prints to standard error.
func (o *Owner) Logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dbtest: "+format+"\n", args...)
}

// end runs the cleanups, the last registered first, and reports whether anything failed.
func (o *Owner) end() bool {
	o.mu.Lock()
	cleanups := slices.Clone(o.cleanups)
	o.cleanups = nil
	o.mu.Unlock()
	for _, f := range slices.Backward(cleanups) {
		f()
	}
	return o.Failed()
}
