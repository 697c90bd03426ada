package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/openapi"
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

// TestOneOfProblems: a body matching none of a oneOf's schemas is judged against the one
// whose shape it has, so each bad item of a batch is named by its own pointer.
func TestOneOfProblems(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	schema := spec.Paths.Find("/api/v1/analytics/track").Post.RequestBody.Value.Content["application/json"].Schema.Value
	for name, tc := range map[string]struct {
		body string
		want []string
	}{
		"Batch": {
			body: `{"events":[{"type":"prompt.used","slug":"a","versionNumber":1,"latencyMs":1,"success":true},{"type":"prompt.used","slug":"a","versionNumber":0,"latencyMs":-1,"success":true}]}`,
			want: []string{"/events/1/latencyMs", "/events/1/versionNumber"},
		},
		"OneEvent":     {body: `{"type":"prompt.used","slug":"a","versionNumber":0,"latencyMs":1,"success":true}`, want: []string{"/versionNumber"}},
		"EventMissing": {body: `{"type":"prompt.used","slug":"a","latencyMs":1,"success":true}`, want: []string{"/versionNumber"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var value any
			require.NoError(t, json.Unmarshal([]byte(tc.body), &value))
			visitErr := schema.VisitJSON(value, openapi3.VisitAsRequest(), openapi3.MultiErrors())
			require.Error(t, visitErr)
			var fields []string
			for _, p := range fieldProblems(&openapi3filter.RequestError{Err: openapi3.MultiError{visitErr}}, nil) {
				fields = append(fields, p.Field)
			}
			require.ElementsMatch(t, tc.want, fields)
		})
	}
}
