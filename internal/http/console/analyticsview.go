package console

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
)

// analyticsPeriod is a span the analytics page offers, with the interval its charts use.
type analyticsPeriod struct {
	Name, Label string
	Span        time.Duration
	Interval    api.GetPromptAnalyticsParamsInterval
}

// analyticsPeriods are the spans offered; the second is the default.
var analyticsPeriods = []analyticsPeriod{
	{"24h", "last 24 hours", 24 * time.Hour, api.GetPromptAnalyticsParamsIntervalHour},
	{"7d", "last 7 days", 7 * 24 * time.Hour, api.GetPromptAnalyticsParamsIntervalDay},
	{"30d", "last 30 days", 30 * 24 * time.Hour, api.GetPromptAnalyticsParamsIntervalDay},
}

// choosePeriod reads ?period=, the default period when it names none.
func choosePeriod(r *http.Request) analyticsPeriod {
	for _, period := range analyticsPeriods {
		if period.Name == r.FormValue("period") {
			return period
		}
	}
	return analyticsPeriods[1]
}

// analyticsChoice is what the analytics page shows: the environment and the period, chosen
// or defaulted, and the choices.
type analyticsChoice struct {
	Environment  string
	Environments []string
	Period       analyticsPeriod
	Periods      []analyticsPeriod
	// Defaulted says the environment was not chosen but picked for its traffic.
	Defaulted bool
}

// chooseAnalytics reads ?environment= and ?period=. Without an environment it shows
// production when production has traffic in the period, else the first environment that
// has, else production.
func (c *Console) chooseAnalytics(r *http.Request, p *page, id uuid.UUID) (*analyticsChoice, *api.PromptAnalytics, *api.Error, error) {
	ch := &analyticsChoice{Environments: p.Environments(), Period: choosePeriod(r), Periods: analyticsPeriods}
	to := time.Now().UTC()
	from := to.Add(-ch.Period.Span)
	if env := r.FormValue("environment"); env != "" {
		ch.Environment = env
		a, apiErr, err := c.promptAnalytics(r.Context(), p, id, env, from, to, ch.Period.Interval)
		return ch, a, apiErr, err
	}
	ch.Defaulted = true
	candidates := append([]string{"production"}, ch.Environments...)
	var first *api.PromptAnalytics
	for _, env := range candidates {
		a, apiErr, err := c.promptAnalytics(r.Context(), p, id, env, from, to, ch.Period.Interval)
		if err != nil || apiErr != nil {
			return ch, nil, apiErr, err
		}
		if first == nil {
			first, ch.Environment = a, env
		}
		if calls(a) > 0 {
			ch.Environment = env
			return ch, a, nil, nil
		}
	}
	return ch, first, nil, nil
}

// promptAnalytics reads a prompt's analytics in env over [from, to].
func (c *Console) promptAnalytics(ctx context.Context, p *page, id uuid.UUID, env string, from, to time.Time, interval api.GetPromptAnalyticsParamsInterval) (*api.PromptAnalytics, *api.Error, error) {
	params := api.GetPromptAnalyticsParams{From: &from, To: &to, Interval: &interval, Environment: &env}
	resp, apiErr, err := call(ctx, c, p.session, request(api.NewGetPromptAnalyticsRequest("", id.String(), &params)), func(ctx context.Context) (api.GetPromptAnalyticsResponseObject, error) {
		return c.o.API.GetPromptAnalytics(ctx, api.GetPromptAnalyticsRequestObject{PromptId: id.String(), Params: params})
	})
	if a, ok := resp.(api.GetPromptAnalytics200JSONResponse); ok && err == nil {
		return &a.Data, nil, nil
	}
	return nil, apiErr, err
}

// calls counts the calls analytics saw, every version together.
func calls(a *api.PromptAnalytics) int64 {
	var n int64
	for _, v := range a.Versions {
		n += v.Totals.Count
	}
	return n
}

// legendKey is one entry of a chart's legend: a series' label and the class that colours it
// as the chart does.
type legendKey struct {
	Label string
	Class int
}

// Legend names the chart's series in the colours the chart draws them in.
func (ch chart) Legend() []legendKey {
	keys := make([]legendKey, len(ch.Series))
	for i, s := range ch.Series {
		keys[i] = legendKey{Label: s.Label, Class: i % 6}
	}
	return keys
}
