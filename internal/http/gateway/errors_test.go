package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
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

// TestAnyOfProblems: a render variable matching none of VariableValue's branches is
// described by what they accept, not kin-openapi's "doesn't match any schema from anyOf":
// a null (no branch takes it) as the types they take, a string too long (one branch takes
// strings) by that branch's problem, counted in characters; a null item of a list by its
// own pointer. Each is named by its (escaped) pointer, in pointer order, with or without a
// query string (the fast path and the full validation).
func TestAnyOfProblems(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Load()
	require.NoError(t, err)
	var render *route
	for _, rt := range routesOf(spec, nil) {
		if rt.spec.Operation.OperationID == "RenderPrompt" {
			render = rt
		}
	}
	require.NotNil(t, render)
	const anyType = "must be a string, number, boolean, list or object"
	for name, tc := range map[string]struct {
		variables string
		want      []api.FieldProblem
	}{
		"Nulls": {variables: `{"b":null,"a/~":null,"c":1}`, want: []api.FieldProblem{{Field: "/variables/a~1~0", Problem: anyType}, {Field: "/variables/b", Problem: anyType}}},
		"TooLong": {
			variables: `{"s":"` + strings.Repeat("é", 65537) + `","n":null}`,
			want:      []api.FieldProblem{{Field: "/variables/n", Problem: anyType}, {Field: "/variables/s", Problem: "is longer than 65536 characters"}},
		},
		"AtTheLimit":  {variables: `{"s":"` + strings.Repeat("😀", 65536) + `"}`},
		"NullItems":   {variables: `{"l":[null,1,null],"o":{"a":null,"b":[null]},"d":[[null],{"a":null}]}`, want: []api.FieldProblem{{Field: "/variables/l/0", Problem: "must not be null"}, {Field: "/variables/l/2", Problem: "must not be null"}}},
		"OtherValues": {variables: `{"s":"x","n":1.5,"b":false,"l":[],"o":{}}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := []byte(`{"variables":` + tc.variables + `}`)
			for _, query := range []string{"", "?version=1"} {
				r := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/hot/render"+query, bytes.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				r.SetPathValue("slug", "hot")
				r.Body = copyOf(body)
				refused := check(r, queryOf(r), render, body, decodedBody(t, body))
				if tc.want == nil {
					require.Nil(t, refused)
					continue
				}
				require.NotNil(t, refused)
				require.Equal(t, tc.want, *refused.Details.Fields, query)
				require.Equal(t, ProblemsMessage(tc.want), refused.Message)
			}
		})
	}
}
