package console

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// TestQuotaRowsMarkFull: a resource at its limit is marked full (its next create is a
// 409), one below is not, and bytes read in MiB.
func TestQuotaRowsMarkFull(t *testing.T) {
	rows := quotaRows(api.UsageResources{
		Prompts:        api.ResourceUsage{Used: 5, Limit: 5},
		Webhooks:       api.ResourceUsage{Used: 4, Limit: 5},
		AnalyticsBytes: api.ResourceUsage{Used: 3 << 19, Limit: 1 << 30},
	})
	require.Equal(t, quotaRow{Name: "Prompts", Used: "5", Limit: "5", Full: true}, rows[0])
	require.Equal(t, quotaRow{Name: "Webhooks", Used: "4", Limit: "5"}, rows[3])
	require.Equal(t, quotaRow{Name: "Analytics stored", Used: "1.5 MiB", Limit: "1024.0 MiB"}, rows[7])
}
