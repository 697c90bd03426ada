package metrics_test

import (
	"testing"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestAlertRules: the alert rules the README shows (alerts.yml, included verbatim) pass
// promtool check rules.
func TestAlertRules(t *testing.T) {
	t.Parallel()
	apitest.Promtool(t, "", "check", "rules", "alerts.yml")
}
