package console

import (
	"cmp"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/promptops/promptops/gen/api"
)

// releaseRows is how many prompt + version rows the new-release form has; blank ones are
// ignored, and a larger release goes through the API.
const releaseRows = 3

// scheduleLayout is how the form's scheduled time is written (a datetime-local input's
// value), read as UTC.
const scheduleLayout = "2006-01-02T15:04"

// releaseForm is the new-release form's values, as posted (or seeded from the query).
type releaseForm struct {
	Environment string
	Rows        [releaseRows]releaseRow
	// Strategy is immediate, split or gradual; Percent split's share, Steps gradual's
	// steps, one "percent duration" a line.
	Strategy, Percent, Steps string
	// GuardMetric, GuardMax and GuardMinCalls are the optional guard (errorRate when no
	// metric is chosen); GuardInterval how often it is evaluated (blank: the server's
	// default).
	GuardMetric, GuardMax, GuardMinCalls, GuardInterval string
	ScheduledAt, Message                                string
}

// releaseRow is one prompt of the form and the version to move it to.
type releaseRow struct{ Prompt, Version string }

// GuardMetrics are the guard form's choices of metric.
func (f *releaseForm) GuardMetrics() []api.ReleaseGuardMetric {
	return []api.ReleaseGuardMetric{api.ReleaseGuardMetricErrorRate, api.ReleaseGuardMetricLatencyP95Ms, api.ReleaseGuardMetricCostPerCall}
}

// Strategies are the strategy form's choices.
func (f *releaseForm) Strategies() []api.ReleaseStrategyType {
	return []api.ReleaseStrategyType{api.ReleaseStrategyTypeImmediate, api.ReleaseStrategyTypeSplit, api.ReleaseStrategyTypeGradual}
}

func readReleaseForm(r *http.Request) *releaseForm {
	f := &releaseForm{Environment: r.FormValue("environment"), Strategy: r.FormValue("strategy"), Percent: r.FormValue("percent"),
		Steps: r.FormValue("steps"), GuardMetric: r.FormValue("guardMetric"), GuardMax: r.FormValue("guardMax"), GuardMinCalls: r.FormValue("guardMinCalls"),
		GuardInterval: r.FormValue("guardInterval"), ScheduledAt: r.FormValue("scheduledAt"), Message: r.FormValue("message")}
	for i := range f.Rows {
		f.Rows[i] = releaseRow{Prompt: strings.TrimSpace(r.FormValue("prompt" + itoa(i))), Version: strings.TrimSpace(r.FormValue("version" + itoa(i)))}
	}
	return f
}

func (c *Console) newRelease(w http.ResponseWriter, r *http.Request, s *session) {
	f := readReleaseForm(r)
	if f.Strategy == "" {
		f.Strategy = string(api.ReleaseStrategyTypeImmediate)
	}
	c.showReleaseForm(w, r, s, http.StatusOK, nil, f)
}

func (c *Console) showReleaseForm(w http.ResponseWriter, r *http.Request, s *session, status int, apiErr *api.Error, f *releaseForm) {
	c.render(w, r, status, "newrelease", &page{Title: "New release", Section: "releases", session: s, Error: apiErr, Data: f})
}

func (c *Console) createRelease(w http.ResponseWriter, r *http.Request, s *session) {
	f := readReleaseForm(r)
	body, apiErr := f.request()
	var resp api.CreateReleaseResponseObject
	var err error
	if apiErr == nil {
		resp, apiErr, err = call(r.Context(), c, s, request(api.NewCreateReleaseRequest("", nil, *body)), func(ctx context.Context) (api.CreateReleaseResponseObject, error) {
			return c.o.API.CreateRelease(ctx, api.CreateReleaseRequestObject{Body: body})
		})
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if apiErr != nil {
		c.showReleaseForm(w, r, s, errorStatus(apiErr.Error.Code), apiErr, f)
		return
	}
	var created api.Release
	switch x := resp.(type) {
	case api.CreateRelease201JSONResponse:
		created = x.Body.Data
	case api.CreateRelease202JSONResponse:
		created = x.Body.Data
	}
	n := flash{Notice: "Release requested: " + strings.ReplaceAll(string(created.Status), "_", " ") + "."}
	c.redirectWithFlash(w, r, s, releasePage(created.Id), n, func() { c.showRelease(w, r, s, created.Id, http.StatusOK, &page{Notice: n.Notice}) })
}

// request is the CreateRelease body of the form, or the field it could not read; the API
// checks the rest (a known prompt and version, a valid strategy).
func (f *releaseForm) request() (*api.CreateReleaseRequest, *api.Error) {
	b := &api.CreateReleaseRequest{Environment: f.Environment, Changes: []api.ReleaseChangeRequest{}, Message: optionalText(strings.TrimSpace(f.Message))}
	for _, row := range f.Rows {
		if row.Prompt == "" && row.Version == "" {
			continue
		}
		var v api.ReleaseChangeRequest_Version
		if err := v.FromVersionIdOrNumber(row.Version); err != nil {
			return nil, invalidField("changes", "a version cannot be read: "+err.Error())
		}
		b.Changes = append(b.Changes, api.ReleaseChangeRequest{Prompt: row.Prompt, Version: v})
	}
	strategy, bad := f.strategy()
	if bad != nil {
		return nil, bad
	}
	b.Strategy = strategy
	if at := strings.TrimSpace(f.ScheduledAt); at != "" {
		t, err := time.Parse(scheduleLayout, at)
		if err != nil {
			return nil, invalidField("scheduledAt", "is not a date and time (YYYY-MM-DDTHH:MM, UTC)")
		}
		b.ScheduledAt = &t
	}
	return b, nil
}

// strategy is the form's strategy with its guard, or the field it could not read.
func (f *releaseForm) strategy() (*api.ReleaseStrategy, *api.Error) {
	st := &api.ReleaseStrategy{Type: api.ReleaseStrategyType(f.Strategy)}
	switch st.Type {
	case api.ReleaseStrategyTypeSplit:
		p, err := strconv.ParseFloat(strings.TrimSpace(f.Percent), 64)
		if err != nil {
			return nil, invalidField("strategy", "the percent of a split is not a number")
		}
		st.Percent = &p
	case api.ReleaseStrategyTypeGradual:
		steps, bad := parseSteps(f.Steps)
		if bad != nil {
			return nil, bad
		}
		st.Steps = &steps
	}
	if strings.TrimSpace(f.GuardMax) == "" {
		return st, nil
	}
	max, err := strconv.ParseFloat(strings.TrimSpace(f.GuardMax), 64)
	if err != nil {
		return nil, invalidField("strategy", "the guard's highest value is not a number")
	}
	minCalls, err := strconv.ParseInt(strings.TrimSpace(f.GuardMinCalls), 10, 64)
	if err != nil {
		return nil, invalidField("strategy", "the guard's least number of calls is not a whole number")
	}
	// The API checks the metric; none chosen is the error rate.
	metric := api.ReleaseGuardMetric(cmp.Or(strings.TrimSpace(f.GuardMetric), string(api.ReleaseGuardMetricErrorRate)))
	guard := api.ReleaseGuard{Metric: metric, Max: &max, MinCalls: minCalls}
	// The API checks the interval (a Go duration of at least 1s); blank leaves it out.
	if interval := strings.TrimSpace(f.GuardInterval); interval != "" {
		guard.EvaluationInterval = &interval
	}
	st.Guards = &[]api.ReleaseGuard{guard}
	return st, nil
}

// parseSteps reads gradual steps written one a line as "percent duration" ("5 10m").
func parseSteps(text string) ([]api.ReleaseStep, *api.Error) {
	var steps []api.ReleaseStep
	for line := range strings.Lines(text) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return nil, invalidField("strategy", "a step is a percent and a duration, such as 5 10m, not "+strconv.Quote(strings.TrimSpace(line)))
		}
		p, err := strconv.ParseFloat(strings.TrimSuffix(fields[0], "%"), 64)
		if err != nil {
			return nil, invalidField("strategy", "a step's percent is not a number: "+strconv.Quote(fields[0]))
		}
		steps = append(steps, api.ReleaseStep{Percent: p, Duration: fields[1]})
	}
	return steps, nil
}
