package metrics

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Operations of promptops_prompt_serve_duration_seconds.
const (
	OperationResolve  = "resolve"
	OperationRender   = "render"
	OperationSnapshot = "snapshot"
)

// RenderFormats are the render formats the spec allows, the only values of the format
// label (an unknown one is counted as the default, "messages").
var RenderFormats = []string{"messages", "openai-chat", "openai-responses", "anthropic"}

// Outcomes of a release's guard evaluation.
const (
	GuardHold         = "hold"
	GuardBreach       = "breach"
	GuardInsufficient = "insufficient_data"
)

// Reasons an analytics batch is refused.
const (
	RejectValidation  = "validation"
	RejectForbidden   = "forbidden"
	RejectQuota       = "quota"
	RejectUnavailable = "unavailable"
)

// Reasons a webhook delivery attempt fails.
const (
	WebhookStatus     = "http_status"
	WebhookTimeout    = "timeout"
	WebhookConnection = "connection"
	WebhookDisabled   = "disabled"
	WebhookSigning    = "signing"
)

// serveBuckets span a cache hit (tens of microseconds) to a slow database read.
var serveBuckets = []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1}

// lagBuckets span a change heard at once to a feed that was away for minutes.
var lagBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300}

// prompts are the collectors about prompts, shared by the server and the edge (an edge
// registers only those that apply to it: see NewEdge).
type prompts struct {
	serve        *prometheus.HistogramVec
	staleAnswers prometheus.Counter
}

func newPrompts(staleHelp string) prompts {
	return prompts{
		serve: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "promptops_prompt_serve_duration_seconds",
			Help: "Time taken to answer resolve, render (by format) and snapshot requests, from their arrival.", Buckets: serveBuckets,
		}, []string{"operation", "format"}),
		staleAnswers: prometheus.NewCounter(prometheus.CounterOpts{Name: "promptops_edge_stale_answers_total", Help: staleHelp}),
	}
}

// Serve is the latency series of serving prompts, looked up once.
type Serve struct {
	resolve, snapshot prometheus.Observer
	render            map[string]prometheus.Observer
}

func newServe(h *prometheus.HistogramVec) *Serve {
	s := &Serve{resolve: h.WithLabelValues(OperationResolve, ""), snapshot: h.WithLabelValues(OperationSnapshot, ""),
		render: make(map[string]prometheus.Observer, len(RenderFormats))}
	for _, f := range RenderFormats {
		s.render[f] = h.WithLabelValues(OperationRender, f)
	}
	return s
}

// Resolve observes a resolve that began at start.
func (s *Serve) Resolve(start time.Time) { s.resolve.Observe(time.Since(start).Seconds()) }

// Render observes a render in format that began at start.
func (s *Serve) Render(format string, start time.Time) {
	s.RenderSeries(format).Observe(time.Since(start).Seconds())
}

// ResolveSeries, RenderSeries and SnapshotSeries are the series themselves, for a server
// that measures each request once (gateway.ObserveDuration).
func (s *Serve) ResolveSeries() prometheus.Observer  { return s.resolve }
func (s *Serve) SnapshotSeries() prometheus.Observer { return s.snapshot }

// RenderSeries is the series of renders in format (an unknown one counts as the first
// of RenderFormats).
func (s *Serve) RenderSeries(format string) prometheus.Observer {
	if o, ok := s.render[format]; ok {
		return o
	}
	return s.render[RenderFormats[0]]
}

// Instance are the server's collectors about prompts, beside the edge's.
type Instance struct {
	feedLag          prometheus.Histogram
	sockets          *readGauge
	webhookBacklog   *readGauge
	webhookFailures  *prometheus.CounterVec
	analyticsEvents  prometheus.Counter
	analyticsRejects *prometheus.CounterVec
	guardEvaluations *prometheus.CounterVec
	guardDuration    prometheus.Histogram
}

func newInstance() Instance {
	return Instance{
		feedLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "promptops_feed_lag_seconds", Buckets: lagBuckets,
			Help: "Time from a change's commit (its event's creation) to this instance applying it to its caches and sockets.",
		}),
		sockets: newReadGauge(prometheus.NewDesc("promptops_websocket_connections",
			"WebSocket connections open on this instance (authenticated sockets, edges' included).", nil, nil)),
		webhookBacklog: newReadGauge(prometheus.NewDesc("promptops_webhook_deliveries_pending",
			"Webhook deliveries not settled, across the cluster: queued (never tried) or retrying (counted up to 10,000 each scrape).",
			[]string{"state"}, nil)),
		webhookFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "promptops_webhook_delivery_failures_total", Help: "Failed webhook delivery attempts on this instance, by reason.",
		}, []string{"reason"}),
		analyticsEvents: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "promptops_analytics_events_accepted_total", Help: "Tracked analytics events stored.",
		}),
		analyticsRejects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "promptops_analytics_events_rejected_total", Help: "Tracked analytics events refused with their batch, by reason.",
		}, []string{"reason"}),
		guardEvaluations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "promptops_release_guard_evaluations_total", Help: "Evaluations of rolling releases' guards, by outcome.",
		}, []string{"outcome"}),
		guardDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "promptops_release_guard_evaluation_duration_seconds", Help: "Time to evaluate a rolling release's guards.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
	}
}

func (i Instance) collectors() []prometheus.Collector {
	return []prometheus.Collector{i.feedLag, i.sockets, i.webhookBacklog, i.webhookFailures, i.analyticsEvents,
		i.analyticsRejects, i.guardEvaluations, i.guardDuration}
}

// FeedLag observes the lag of a change committed at committed.
func (i Instance) FeedLag(committed time.Time) { i.feedLag.Observe(time.Since(committed).Seconds()) }

// WebhookFailed counts a failed delivery attempt.
func (i Instance) WebhookFailed(reason string) { i.webhookFailures.WithLabelValues(reason).Inc() }

// AnalyticsAccepted counts n stored events.
func (i Instance) AnalyticsAccepted(n int) { i.analyticsEvents.Add(float64(n)) }

// AnalyticsRejected counts n events refused for reason.
func (i Instance) AnalyticsRejected(reason string, n int) {
	i.analyticsRejects.WithLabelValues(reason).Add(float64(n))
}

// GuardEvaluated counts an evaluation with its outcome, begun at start.
func (i Instance) GuardEvaluated(outcome string, start time.Time) {
	i.guardDuration.Observe(time.Since(start).Seconds())
	i.guardEvaluations.WithLabelValues(outcome).Inc()
}

// ReadSockets has the sockets gauge read by count at each scrape.
func (i Instance) ReadSockets(count func() int) {
	i.sockets.set(func(context.Context) ([]float64, error) { return []float64{float64(count())}, nil })
}

// ReadWebhookBacklog has the backlog gauge read by pending at each scrape (queued, then
// retrying), within scrapeTimeout.
func (i Instance) ReadWebhookBacklog(pending func(context.Context) (queued, retrying int64, err error)) {
	i.webhookBacklog.set(func(ctx context.Context) ([]float64, error) {
		queued, retrying, err := pending(ctx)
		return []float64{float64(queued), float64(retrying)}, err
	}, "queued", "retrying")
}

// scrapeTimeout bounds what a gauge read at scrape time may take.
const scrapeTimeout = 2 * time.Second

// readGauge is a gauge read at scrape time by a function the composition root sets: one
// series per label value (or one, unlabelled), none until set, none when the read fails
// (an absent series, which an alert can catch, rather than a wrong figure).
type readGauge struct {
	desc *prometheus.Desc
	read atomic.Pointer[gaugeRead]
}

type gaugeRead struct {
	fn     func(context.Context) ([]float64, error)
	labels []string
}

func newReadGauge(desc *prometheus.Desc) *readGauge { return &readGauge{desc: desc} }

func (g *readGauge) set(fn func(context.Context) ([]float64, error), labels ...string) {
	g.read.Store(&gaugeRead{fn: fn, labels: labels})
}

// Describe implements prometheus.Collector.
func (g *readGauge) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

// Collect implements prometheus.Collector.
func (g *readGauge) Collect(ch chan<- prometheus.Metric) {
	r := g.read.Load()
	if r == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	values, err := r.fn(ctx)
	if err != nil {
		return
	}
	if len(r.labels) == 0 {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, values[0])
		return
	}
	for i, v := range values {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, v, r.labels[i])
	}
}
