package httpapi_test

import (
	"testing"

	"github.com/promptops/promptops/internal/dbtest"
)

func TestMain(m *testing.M) {
	dbtest.Main(m)
}
