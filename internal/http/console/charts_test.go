package console

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/promptops/promptops/gen/api"
)

// wellFormed reports whether s parses as XML, as an inline SVG must.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := dec.Token()
		if err != nil {
			require.Equal(t, "EOF", err.Error(), "not well-formed: %s", s)
			return
		}
	}
}

func TestChartSVG(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		svg := chart{Title: "Calls"}.SVG()
		wellFormed(t, svg)
		require.Contains(t, svg, "No data")
		require.NotContains(t, svg, "<polyline")
	})

	t.Run("ScalesToTheTallestValue", func(t *testing.T) {
		t.Parallel()
		svg := chart{Title: "Calls", Series: []series{
			{Label: "v1", Points: []point{{start, 0}, {start.Add(time.Hour), 10}}},
			{Label: "v2", Points: []point{{start, 5}}},
		}}.SVG()
		wellFormed(t, svg)
		require.Equal(t, 2, strings.Count(svg, "<polyline"))
		// 0 sits on the axis (y 192), 10 at the top (y 12), 5 half way; the hour spans the width.
		require.Contains(t, svg, `points="64.0,192.0 628.0,12.0"`)
		require.Contains(t, svg, `points="64.0,102.0"`)
		require.Contains(t, svg, `chart-series-1`)
	})

	t.Run("EscapesText", func(t *testing.T) {
		t.Parallel()
		svg := chart{Title: `<script>alert(1)</script>`, Series: []series{{Label: `"><b>`, Points: []point{{start, 1}}}}}.SVG()
		wellFormed(t, svg)
		require.NotContains(t, svg, "<script>")
		require.NotContains(t, svg, `"><b>`)
	})
}

func TestAnalyticsCharts(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	interval := func(at time.Time, count int64, errorRate float64, p95 *float64) api.AnalyticsInterval {
		iv := api.AnalyticsInterval{Start: at, Count: count, ErrorRate: errorRate}
		if p95 != nil {
			iv.LatencyP95Ms = nullable.NewNullableWithValue(*p95)
		}
		return iv
	}
	p95 := float64(120)
	charts := analyticsCharts(api.PromptAnalytics{Interval: api.PromptAnalyticsIntervalHour, Versions: []api.VersionAnalytics{
		{VersionNumber: 1, Series: []api.AnalyticsInterval{interval(start, 40, 0.25, &p95), interval(start.Add(time.Hour), 10, 0, nil)}},
		{VersionNumber: 2, Series: []api.AnalyticsInterval{interval(start.Add(time.Hour), 30, 0.1, &p95)}},
	}})
	require.Len(t, charts, 3)
	require.Equal(t, "Calls per hour", charts[0].Title)
	require.Equal(t, []point{{start, 40}, {start.Add(time.Hour), 10}}, charts[0].Series[0].Points)
	require.Equal(t, "v2", charts[1].Series[1].Label)
	require.InDelta(t, 0.1, charts[1].Series[1].Points[0].Value, 1e-6)
	require.Len(t, charts[2].Series[0].Points, 1, "an interval without latency draws no latency point")
	require.Equal(t, "25.0 %", charts[1].format(0.25))
	for _, ch := range charts {
		wellFormed(t, ch.SVG())
	}
}

func TestUsageChart(t *testing.T) {
	t.Parallel()
	day := func(d int, dev, prod int64) api.UsageDay {
		return api.UsageDay{Date: openapi_types.Date{Time: time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC)}, Requests: dev + prod,
			ByEnvironment: map[string]int64{"dev": dev, "production": prod}}
	}
	ch := usageChart(api.Usage{RequestsPerDay: []api.UsageDay{day(1, 3, 7), day(2, 0, 9)}}, "production")
	require.Len(t, ch.Series, 1)
	require.Equal(t, "production", ch.Series[0].Label)
	require.Equal(t, 9.0, ch.Series[0].Points[1].Value)
	wellFormed(t, ch.SVG())
}

func TestFieldOf(t *testing.T) {
	t.Parallel()
	for pointer, field := range map[string]string{"/userTemplate": "userTemplate", "/messages/0/content": "messages", "since": "since", "/": ""} {
		require.Equal(t, field, fieldOf(pointer), pointer)
	}
}

func TestFailure(t *testing.T) {
	t.Parallel()
	body := api.Error{Error: api.ErrorBody{Code: api.ErrorCodeCONFLICT, Message: "no"}}
	require.Equal(t, &body, failure(api.RollbackPrompt409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}))
	require.Nil(t, failure(api.RollbackPrompt200JSONResponse{}))
	require.Nil(t, failure(api.ListPrompts200JSONResponse{}))
}
