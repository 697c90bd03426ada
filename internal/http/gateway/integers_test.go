package gateway

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/openapi"
)

func TestCheckIntegers(t *testing.T) {
	t.Parallel()
	event := openapi3.NewObjectSchema().
		WithProperty("n", openapi3.NewIntegerSchema()).
		WithProperty("x", openapi3.NewFloat64Schema()).
		WithProperty("list", openapi3.NewArraySchema().WithItems(openapi3.NewIntegerSchema())).
		WithProperty("meta", openapi3.NewObjectSchema().WithAnyAdditionalProperties())
	batch := openapi3.NewObjectSchema().WithProperty("events", openapi3.NewArraySchema().WithItems(event))
	schema := openapi3.NewOneOfSchema(event, batch)
	names := integerNames(schema)
	require.Equal(t, map[string]bool{"n": true, "list": true}, names)

	for name, tc := range map[string]struct{ body, field string }{
		"Digits":         {`{"n":1000000000,"x":1.5e3,"list":[1,2]}`, ""},
		"Exponent":       {`{"n":1e9}`, "/n"},
		"Fraction":       {`{"x":2.5,"n":1.0}`, "/n"},
		"NegativeExp":    {`{"n":-1E+2}`, "/n"},
		"InArray":        {`{"list":[1,2.0]}`, "/list/1"},
		"InBatch":        {`{"events":[{"n":1},{"x":1e3,"n":2e0}]}`, "/events/1/n"},
		"NumberField":    {`{"x":1e3}`, ""},
		"AnyMetadata":    {`{"meta":{"n":1e3}}`, ""},
		"NameInString":   {`{"x":1.5,"meta":{"k":"\"n\":1e3"}}`, ""},
		"EscapedName":    {`{"\u006e":1e3}`, "/n"},
		"StaleArrayName": {`{"events":[{"n":1}],"x":1.5}`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			apiErr := checkIntegers([]byte(tc.body), schema, names)
			if tc.field == "" {
				require.Nil(t, apiErr)
				return
			}
			require.NotNil(t, apiErr)
			require.Equal(t, tc.field, (*apiErr.Details.Fields)[0].Field)
			require.Equal(t, problemInteger, (*apiErr.Details.Fields)[0].Problem)
		})
	}
}

// FuzzCheckIntegers: any body is scanned and walked without a panic, and the scan never
// misses what the walk finds.
func FuzzCheckIntegers(f *testing.F) {
	schema := openapi3.NewObjectSchema().
		WithProperty("n", openapi3.NewIntegerSchema()).
		WithProperty("list", openapi3.NewArraySchema().WithItems(openapi3.NewIntegerSchema()))
	names := integerNames(schema)
	for _, seed := range []string{`{"n":1e9}`, `{"list":[1,2.0]}`, `{"n":"1e9"}`, `{"\u006e":1.0}`, `{"n":`, `[1.5]`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if field := nonDigitInteger(body, schema); field != "" {
			require.True(t, suspectInteger(body, names), "%q: the scan missed %s", body, field)
		}
	})
}

// BenchmarkCheckIntegers measures the check on the largest track batch the body limit
// lets through, its integers in digits and its latencies and costs fractional: the scan
// alone, on the ingest path of every batch.
func BenchmarkCheckIntegers(b *testing.B) {
	spec, err := openapi.Load()
	require.NoError(b, err)
	var rt *route
	for _, r := range routesOf(spec, metrics.New()) {
		if r.spec.Operation.OperationID == "TrackEvents" {
			rt = r
		}
	}
	event := `{"type":"prompt.used","slug":"welcome-email","versionNumber":3,"latencyMs":812.5,"inputTokens":420,` +
		`"outputTokens":96,"costUsd":0.00162,"success":true,"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"}`
	body := []byte(`{"events":[` + strings.Repeat(event+",", 999) + event + `]}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if checkIntegers(body, rt.policy.bodySchema, rt.policy.integerNames) != nil {
			b.Fatal("refused")
		}
	}
}
