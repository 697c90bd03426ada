package console

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
)

func (c *Console) chartRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/prompts/{id}/analytics", c.signedIn(c.analytics))
	mux.HandleFunc("GET /console/usage", c.signedIn(c.usage))
}

// Charts are inline SVG drawn here from the API's typed figures: no chart service, no
// script, and nothing but the console's own style sheet styling them.

// point is one value of a series at a time.
type point struct {
	At    time.Time
	Value float64
}

// series is one line of a chart (a version's figures, say).
type series struct {
	Label  string
	Points []point
}

// chart is a line chart of several series over time.
type chart struct {
	Title string
	// FormatFunc writes a value for the axis ("12 ms", "3 %").
	FormatFunc func(float64) string
	Series     []series
}

// The chart's drawing area, in SVG units.
const (
	chartWidth, chartHeight = 640, 220
	chartLeft, chartBottom  = 64, 28
	chartTop, chartRight    = 12, 12
)

// SVG draws the chart, or says there is nothing to draw. Every text in it is escaped.
func (ch chart) SVG() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		chartWidth, chartHeight, html.EscapeString(ch.Title))
	from, to, top, ok := ch.bounds()
	if !ok {
		fmt.Fprintf(&b, `<text class="chart-empty" x="%d" y="%d">No data</text></svg>`, chartWidth/2, chartHeight/2)
		return b.String()
	}
	x := func(t time.Time) float64 {
		if !to.After(from) {
			return float64(chartLeft)
		}
		return chartLeft + float64(t.Sub(from))/float64(to.Sub(from))*float64(chartWidth-chartLeft-chartRight)
	}
	y := func(v float64) float64 {
		return float64(chartHeight-chartBottom) - v/top*float64(chartHeight-chartBottom-chartTop)
	}
	fmt.Fprintf(&b, `<line class="chart-axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, chartLeft, chartHeight-chartBottom, chartWidth-chartRight, chartHeight-chartBottom)
	fmt.Fprintf(&b, `<line class="chart-axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, chartLeft, chartTop, chartLeft, chartHeight-chartBottom)
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, chartLeft-6, chartTop+10, html.EscapeString(ch.format(top)))
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, chartLeft-6, chartHeight-chartBottom, html.EscapeString(ch.format(0)))
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d">%s</text>`, chartLeft, chartHeight-8, from.UTC().Format("Jan 2 15:04"))
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, chartWidth-chartRight, chartHeight-8, to.UTC().Format("Jan 2 15:04"))
	for i, s := range ch.Series {
		fmt.Fprintf(&b, `<g class="chart-series chart-series-%d"><title>%s</title><polyline points="`, i%6, html.EscapeString(s.Label))
		for j, p := range s.Points {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%.1f,%.1f", x(p.At), y(p.Value))
		}
		b.WriteString(`"/>`)
		for _, p := range s.Points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5"><title>%s %s: %s</title></circle>`,
				x(p.At), y(p.Value), html.EscapeString(s.Label), p.At.UTC().Format(time.DateTime), html.EscapeString(ch.format(p.Value)))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// bounds are the time span and the top of the value axis; ok is false without points.
func (ch chart) bounds() (from, to time.Time, top float64, ok bool) {
	for _, s := range ch.Series {
		for _, p := range s.Points {
			if !ok || p.At.Before(from) {
				from = p.At
			}
			if !ok || p.At.After(to) {
				to = p.At
			}
			top, ok = max(top, p.Value), true
		}
	}
	if top <= 0 {
		top = 1
	}
	return from, to, top, ok
}

func (ch chart) format(v float64) string {
	if ch.FormatFunc == nil {
		return fmt.Sprintf("%g", v)
	}
	return ch.FormatFunc(v)
}

// analyticsCharts are a prompt's charts: calls, error rate and p95 latency per version.
func analyticsCharts(a api.PromptAnalytics) []chart {
	calls := chart{Title: "Calls per " + string(a.Interval), FormatFunc: func(v float64) string { return fmt.Sprintf("%.0f", v) }}
	errs := chart{Title: "Error rate", FormatFunc: func(v float64) string { return fmt.Sprintf("%.1f %%", v*100) }}
	latency := chart{Title: "Latency p95", FormatFunc: func(v float64) string { return fmt.Sprintf("%.0f ms", v) }}
	for _, v := range a.Versions {
		label := fmt.Sprintf("v%d", v.VersionNumber)
		c, e, l := series{Label: label}, series{Label: label}, series{Label: label}
		for _, iv := range v.Series {
			c.Points = append(c.Points, point{iv.Start, float64(iv.Count)})
			e.Points = append(e.Points, point{iv.Start, float64(iv.ErrorRate)})
			if p95, err := iv.LatencyP95Ms.Get(); err == nil {
				l.Points = append(l.Points, point{iv.Start, float64(p95)})
			}
		}
		calls.Series, errs.Series, latency.Series = append(calls.Series, c), append(errs.Series, e), append(latency.Series, l)
	}
	return []chart{calls, errs, latency}
}

// usageChart is the project's requests per day in env.
func usageChart(u api.Usage, env string) chart {
	ch := chart{Title: "Requests per day", FormatFunc: func(v float64) string { return fmt.Sprintf("%.0f", v) }}
	s := series{Label: env}
	for _, d := range u.RequestsPerDay {
		s.Points = append(s.Points, point{d.Date.Time, float64(d.ByEnvironment[env])})
	}
	ch.Series = []series{s}
	return ch
}

// chartsData is a page of charts, or why there are none.
type chartsData struct {
	Prompt      *api.PromptDetail
	Charts      []chart
	Unavailable string
	Versions    []api.VersionAnalytics
	Usage       *api.Usage
	// Choice is the analytics page's environment and period.
	Choice *analyticsChoice
}

func (c *Console) analytics(w http.ResponseWriter, r *http.Request, s *session) {
	id, detail, ok := c.pathPrompt(w, r, s)
	if !ok {
		return
	}
	d := &chartsData{Prompt: detail}
	p := &page{Title: "Analytics of " + detail.Name, Section: "prompts", session: s, Data: d}
	p.console, p.ctx = c, r.Context() // for the project's environments, before drawing
	choice, a, apiErr, err := c.chooseAnalytics(r, p, id)
	d.Choice = choice
	switch {
	case a != nil:
		d.Charts, d.Versions = analyticsCharts(*a), a.Versions
	case apiErr != nil:
		d.Unavailable = apiErr.Error.Message
	default:
		d.Unavailable = "Analytics are not available on this server."
		if err != nil {
			c.o.Logger.InfoContext(r.Context(), "console: analytics not available", "error", err.Error())
		}
	}
	c.render(w, r, http.StatusOK, "analytics", p)
}
