package metrics_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestAlertRules: the alert rules the README shows (alerts.yml, included verbatim) pass
// promtool check rules.
func TestAlertRules(t *testing.T) {
	t.Parallel()
	apitest.Promtool(t, "", "check", "rules", "alerts.yml")

	rules, err := os.ReadFile("alerts.yml")
	require.NoError(t, err)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	require.Contains(t, string(readme), "```yaml\n"+string(rules)+"```\n", "README.md's alert rules must be alerts.yml verbatim")
}
