package httpapi_test

import (
	"os"
	"testing"

	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// TestMain runs the suite on a private PostgreSQL and then the contract coverage gate:
// every operation of the spec, and every 2xx and 4xx status it documents, must have been
// received by some test.
func TestMain(m *testing.M) {
	code := dbtest.Run(m)
	if code == 0 {
		code = apitest.CheckCoverage(os.Stdout)
	}
	os.Exit(code)
}
