package console

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/promptops/promptops/gen/api"
)

// usageData is the usage page: the project's usage over the chosen period, shown for the
// chosen environment.
type usageData struct {
	chartsData
	Choice *analyticsChoice
	// Keys are the chosen environment's keys with their requests over the period, most first.
	Keys []api.KeyRequests
	// Quotas are what the project holds beside each of its quotas.
	Quotas []quotaRow
}

// quotaRow is one line of the usage page's quotas.
type quotaRow struct {
	Name, Used, Limit string
	// Full: the next create of the resource is refused (409 QUOTA_EXCEEDED).
	Full bool
}

func (c *Console) usage(w http.ResponseWriter, r *http.Request, s *session) {
	d := &usageData{}
	p := &page{Title: "Usage", Section: "usage", session: s, Data: d}
	p.console, p.ctx = c, r.Context() // for the project's environments, before drawing
	d.Choice = &analyticsChoice{Environments: p.Environments(), Period: choosePeriod(r), Periods: analyticsPeriods}
	days := d.Choice.Period.Days()
	params := api.GetUsageParams{Days: &days}
	resp, apiErr, err := call(r.Context(), c, s, request(api.NewGetUsageRequest("", &params)), func(ctx context.Context) (api.GetUsageResponseObject, error) {
		return c.o.API.GetUsage(ctx, api.GetUsageRequestObject{Params: params})
	})
	switch u, ok := resp.(api.GetUsage200JSONResponse); {
	case ok:
		d.Choice.Environment = r.FormValue("environment")
		if d.Choice.Environment == "" {
			d.Choice.Defaulted = true
			d.Choice.Environment = busiestFirst(d.Choice.Environments, func(env string) bool { return requestsIn(u.Data, env) > 0 })
		}
		d.Charts, d.Usage = []chart{usageChart(u.Data, d.Choice.Environment)}, &u.Data
		d.Keys = keysIn(u.Data, d.Choice.Environment)
		d.Quotas = quotaRows(u.Data.Resources)
	case apiErr != nil:
		d.Unavailable = apiErr.Error.Message
	default:
		d.Unavailable = "Usage is not available on this server."
		if err != nil {
			c.o.Logger.InfoContext(r.Context(), "console: usage not available", "error", err.Error())
		}
	}
	c.render(w, r, http.StatusOK, "usage", p)
}

// quotaRows lists r in the order of the README's quota table, bytes in MiB.
func quotaRows(r api.UsageResources) []quotaRow {
	count := func(name string, u api.ResourceUsage) quotaRow {
		return quotaRow{Name: name, Used: strconv.Itoa(u.Used), Limit: strconv.Itoa(u.Limit), Full: u.Used >= u.Limit}
	}
	size := func(name string, u api.ResourceUsage) quotaRow {
		row := count(name, u)
		row.Used, row.Limit = mebibytes(u.Used), mebibytes(u.Limit)
		return row
	}
	return []quotaRow{
		count("Prompts", r.Prompts),
		count("Versions of one prompt (the most)", r.Versions),
		count("Active API keys", r.ApiKeys),
		count("Webhooks", r.Webhooks),
		count("Environments", r.Environments),
		count("Provider connections", r.Connections),
		count("Pending invitations", r.Invitations),
		size("Analytics stored", r.AnalyticsBytes),
		size("Idempotent answers kept", r.IdempotencyBytes),
	}
}

func mebibytes(n int) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}

// busiestFirst is the environment a page shows unless one is chosen: production when has
// says it has traffic, else the first of envs that has, else production.
func busiestFirst(envs []string, has func(env string) bool) string {
	for _, env := range append([]string{"production"}, envs...) {
		if has(env) {
			return env
		}
	}
	return "production"
}

// requestsIn counts env's requests over every day of u.
func requestsIn(u api.Usage, env string) int64 {
	var n int64
	for _, d := range u.RequestsPerDay {
		n += d.ByEnvironment[env]
	}
	return n
}

// keysIn sums env's keys' requests over every day of u, most first.
func keysIn(u api.Usage, env string) []api.KeyRequests {
	at := map[string]int{} // a key's index in keys
	var keys []api.KeyRequests
	for _, d := range u.RequestsPerDay {
		for _, k := range d.Keys {
			if string(k.Environment) != env {
				continue
			}
			if i, ok := at[k.KeyId.String()]; ok {
				keys[i].Requests += k.Requests
				continue
			}
			at[k.KeyId.String()] = len(keys)
			keys = append(keys, k)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].Requests > keys[j].Requests })
	return keys
}

// Days is how many UTC days of usage cover the period, today included: usage is counted
// per UTC day, so the last 24 hours are today's.
func (p analyticsPeriod) Days() int {
	return max(1, int(p.Span/(24*time.Hour)))
}
