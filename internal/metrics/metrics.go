// Package metrics counts what the server (and the edge) does, for Prometheus: requests by
// route and status, their durations, the hot-path caches' hits and misses, and what an
// operator asks about prompts: serving latency, feed lag, sockets, stale answers of edges,
// webhooks, analytics and releases' guards. The per-request work is a few atomic adds:
// the series of each route and operation are looked up once, at start-up; what is cheaper
// to read than to count (sockets, the webhook backlog) is read at scrape time.
package metrics

import (
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the server's collectors and the registry they are exposed from.
type Metrics struct {
	registry               *prometheus.Registry
	requests               *prometheus.CounterVec
	durations              *prometheus.HistogramVec
	cacheHits, cacheMisses *prometheus.CounterVec
	prompts
	serve *Serve
	// Instance holds the collectors only a server has.
	Instance
}

// CacheCounts are one cache's hit and miss counters.
type CacheCounts struct {
	Hit, Miss prometheus.Counter
}

// Cache returns the counters of the named cache ("resolve", "key").
func (m *Metrics) Cache(name string) CacheCounts {
	return CacheCounts{Hit: m.cacheHits.WithLabelValues(name), Miss: m.cacheMisses.WithLabelValues(name)}
}

// New registers the collectors (and Go's runtime and process collectors).
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "promptops_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "promptops_http_request_duration_seconds", Help: "HTTP request durations by route pattern and method.",
			Buckets: []float64{.0002, .0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
		cacheHits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "promptops_cache_hits_total", Help: "Hot-path cache hits by cache.",
		}, []string{"cache"}),
		cacheMisses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "promptops_cache_misses_total", Help: "Hot-path cache misses by cache.",
		}, []string{"cache"}),
		prompts:  newPrompts("Answers that edges reporting to this instance served marked stale (disconnected from the server)."),
		Instance: newInstance(),
	}
	m.serve = newServe(m.prompts.serve)
	m.registry.MustRegister(m.requests, m.durations, m.cacheHits, m.cacheMisses, m.prompts.serve, m.staleAnswers)
	m.registry.MustRegister(m.Instance.collectors()...)
	m.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// NewEdge registers the collectors that apply to an edge: its serving latency and its own
// stale answers, under the server's names (and Go's runtime and process collectors).
func NewEdge() *Metrics {
	m := &Metrics{registry: prometheus.NewRegistry(),
		prompts: newPrompts("Answers this edge served marked stale (disconnected from the server).")}
	m.serve = newServe(m.prompts.serve)
	m.registry.MustRegister(m.prompts.serve, m.staleAnswers,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Serve returns the latency series of serving prompts.
func (m *Metrics) Serve() *Serve { return m.serve }

// StaleAnswers counts answers served stale: by an edge itself, or reported to the server.
func (m *Metrics) StaleAnswers(n int64) { m.staleAnswers.Add(float64(n)) }

// Route is the series of one route and method, looked up once.
type Route struct {
	duration prometheus.Observer
	requests *prometheus.CounterVec
	// byStatus caches the counter of each status seen; statuses are few.
	byStatus [600]atomic.Pointer[counter]
}

type counter struct{ prometheus.Counter }

// Route returns the series of a route pattern and method.
func (m *Metrics) Route(pattern, method string) *Route {
	return &Route{
		duration: m.durations.WithLabelValues(pattern, method),
		requests: m.requests.MustCurryWith(prometheus.Labels{"route": pattern, "method": method}),
	}
}

// Observe counts one request.
func (r *Route) Observe(status int, seconds float64) {
	r.duration.Observe(seconds)
	if status < 100 || status >= len(r.byStatus) {
		r.requests.WithLabelValues(strconv.Itoa(status)).Inc()
		return
	}
	c := r.byStatus[status].Load()
	if c == nil {
		// Two requests racing here only look the same series up twice.
		c = &counter{r.requests.WithLabelValues(strconv.Itoa(status))}
		r.byStatus[status].Store(c)
	}
	c.Inc()
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
