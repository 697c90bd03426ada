package apitest

import (
	"flag"
	"fmt"
	"io"
	"testing"
)

// CheckCoverage prints the contract coverage line and, when the whole suite ran (no -run
// or -skip filter, no -short), returns exit code 1 naming every operation, and every documented 2xx or
// 4xx status of one, that no test received. Call it from TestMain after m.Run.
func CheckCoverage(w io.Writer) int {
	missing, ops, opsSeen, statuses, statusesSeen, err := Coverage.Missing()
	if err != nil {
		fmt.Fprintln(w, "contract:", err)
		return 1
	}
	fmt.Fprintf(w, "contract: %d/%d operations, %d/%d documented statuses\n", opsSeen, ops, statusesSeen, statuses)
	if filtered() {
		return 0
	}
	if len(missing) == 0 {
		return 0
	}
	fmt.Fprintln(w, "contract: these are documented but no test received them (test them, or remove what cannot happen from the spec):")
	for _, m := range missing {
		fmt.Fprintln(w, "  -", m)
	}
	return 1
}

// filtered reports whether only some tests ran (a -run or -skip filter, or -short), in
// which case coverage cannot be judged.
func filtered() bool {
	if testing.Short() {
		return true
	}
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return true
		}
	}
	return false
}
