package gateway

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
)

// TestUnavailable: the server shutting sessions down (a restart) is a 503, not a 500.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{"57P01": true, "57P02": true, "57P03": true, "23505": false, "42P01": false} {
		err := fmt.Errorf("query: %w", &pgconn.PgError{Code: code})
		require.Equal(t, want, Unavailable(err), code)
	}
	require.False(t, Unavailable(errors.New("a bug")))
}
