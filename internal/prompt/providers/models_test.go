package providers

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKnownModels: every model offered belongs to a vendor the package knows, so picking
// one never draws a warning for its own vendor's format.
func TestKnownModels(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, model := range KnownModels {
		require.NotEmpty(t, modelVendor(model), model)
		require.False(t, seen[model], "listed twice: %s", model)
		seen[model] = true
	}
}
