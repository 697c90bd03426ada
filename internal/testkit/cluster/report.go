package cluster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Report is what Drive saw.
type Report struct {
	// Isolation says where the cluster ran: a network namespace, or this machine's loopback
	// and why. The caller fills it in.
	Isolation string
	Instances int
	Phases    []PhaseReport
	// AckedWrites were answered 2xx (versions created, and the newest promote); LostWrites of
	// them were not there afterwards. It must be 0.
	AckedWrites, LostWrites int
	// Propagation is, for each promote and each instance running, the time from the promote's
	// answer until that instance's resolve served the new version.
	Propagation Percentiles
	// RestartReadyAfter is how long the killed instance took to be ready again.
	RestartReadyAfter time.Duration
	RateLimit         LimitReport
}

// PhaseReport counts one phase's requests through the load balancer. A request is failed
// when it got no answer or a 5xx.
type PhaseReport struct {
	Name                      string
	Requests, Failed          int64
	Resolves, ResolvesFailed  int64
	firstFailure, lastFailure time.Time
	// FailedFor is the time from the phase's first failure to its last (0 with none).
	FailedFor time.Duration
	// Failures counts the failures by method and kind: a status, or "no answer: " and why.
	Failures map[string]int
}

// Percentiles of a set of delays.
type Percentiles struct {
	Samples       int
	P50, P99, Max time.Duration
}

// LimitReport is one key's requests allowed through every instance over a window, once its
// burst was spent, against what its limit allows in that window.
type LimitReport struct {
	Limit            int
	Window           time.Duration
	Allowed, Refused int64
	Expected         float64
}

// Ratio is Allowed over Expected.
func (l LimitReport) Ratio() float64 { return float64(l.Allowed) / l.Expected }

// count adds one request to p.
func (p *PhaseReport) count(resolve bool, failure string, d *driver) {
	atomic.AddInt64(&p.Requests, 1)
	if resolve {
		atomic.AddInt64(&p.Resolves, 1)
	}
	if failure == "" {
		return
	}
	atomic.AddInt64(&p.Failed, 1)
	if resolve {
		atomic.AddInt64(&p.ResolvesFailed, 1)
	}
	now := time.Now()
	d.mu.Lock()
	if p.firstFailure.IsZero() {
		p.firstFailure = now
	}
	p.lastFailure = now
	if p.Failures == nil {
		p.Failures = map[string]int{}
	}
	p.Failures[failure]++
	d.mu.Unlock()
}

// report gathers what the load saw.
func (d *driver) report() *Report {
	d.mu.Lock()
	defer d.mu.Unlock()
	r := &Report{Instances: len(d.c.instances), Propagation: percentiles(d.delays)}
	for i, p := range &d.phases {
		p.Name = phaseNames[i]
		p.FailedFor = p.lastFailure.Sub(p.firstFailure)
		r.Phases = append(r.Phases, p)
	}
	return r
}

// percentiles of delays (sorted in place).
func percentiles(delays []time.Duration) Percentiles {
	if len(delays) == 0 {
		return Percentiles{}
	}
	slices.Sort(delays)
	at := func(q float64) time.Duration { return delays[int(q*float64(len(delays)-1))] }
	return Percentiles{Samples: len(delays), P50: at(0.5), P99: at(0.99), Max: delays[len(delays)-1]}
}

// measureLimit sends a new key's resolves through the load balancer from four clients at
// four times the rate the limit allows: once the first 429 says its burst is spent, and a
// second more has spent what the instances held in their leases, it counts what is allowed
// over the window.
func (d *driver) measureLimit(ctx context.Context) (LimitReport, error) {
	key, err := d.newKey(ctx, d.admin)
	if err != nil {
		return LimitReport{}, err
	}
	r := LimitReport{Limit: d.c.o.RateLimit, Window: d.l.LimitWindow}
	r.Expected = float64(r.Limit) * r.Window.Minutes()
	var (
		mu         sync.Mutex
		start, end time.Time
		giveUp     = time.Now().Add(2 * time.Minute)
		clients    sync.WaitGroup
		url        = d.c.Base + "/api/v1/prompts/" + d.slugs[0] + "/resolve"
		pace       = rate.NewLimiter(rate.Limit(4*float64(r.Limit)/60), 4)
	)
	for range 4 {
		clients.Go(func() {
			for pace.Wait(ctx) == nil {
				sent := time.Now()
				status, _, err := request(ctx, http.MethodGet, url, key, nil)
				mu.Lock()
				if status == http.StatusTooManyRequests && start.IsZero() {
					start = time.Now().Add(time.Second)
					end = start.Add(r.Window)
				}
				counting := !start.IsZero() && !sent.Before(start)
				done := err != nil || (start.IsZero() && sent.After(giveUp)) || (!start.IsZero() && sent.After(end))
				if counting && !done {
					switch status {
					case http.StatusOK:
						r.Allowed++
					case http.StatusTooManyRequests:
						r.Refused++
					}
				}
				mu.Unlock()
				if done {
					return
				}
			}
		})
	}
	clients.Wait()
	if start.IsZero() {
		return r, fmt.Errorf("no request was refused within 2 minutes at %d a minute", r.Limit)
	}
	return r, ctx.Err()
}

// Check is the report's verdict: no acknowledged write lost, every resolve answered, and the
// key's limit held within 10 % across the instances.
func (r *Report) Check() error {
	var errs []error
	if r.LostWrites > 0 {
		errs = append(errs, fmt.Errorf("%d acknowledged writes lost", r.LostWrites))
	}
	for _, p := range r.Phases {
		if p.ResolvesFailed > 0 {
			errs = append(errs, fmt.Errorf("%s: %d resolves failed", p.Name, p.ResolvesFailed))
		}
	}
	if ratio := r.RateLimit.Ratio(); ratio < 0.9 || ratio > 1.1 {
		errs = append(errs, fmt.Errorf("a key's limit through %d instances let %.3f× its allowance through", r.Instances, ratio))
	}
	return errors.Join(errs...)
}

// kinds lists failures by kind, most first.
func kinds(failures map[string]int) string {
	names := slices.SortedFunc(maps.Keys(failures), func(a, b string) int { return cmp.Or(failures[b]-failures[a], strings.Compare(a, b)) })
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s ×%d", n, failures[n])
	}
	return strings.Join(parts, ", ")
}

// Print writes the report as the README quotes it.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "cluster: %d instances behind HAProxy on one PostgreSQL, %s\n", r.Instances, r.Isolation)
	fmt.Fprintf(w, "%-22s %9s %7s %10s %9s %16s\n", "phase", "requests", "failed", "failed for", "resolves", "resolves failed")
	for _, p := range r.Phases {
		fmt.Fprintf(w, "%-22s %9d %7d %10s %9d %16d  %s\n", p.Name, p.Requests, p.Failed, p.FailedFor.Round(time.Millisecond), p.Resolves, p.ResolvesFailed, kinds(p.Failures))
	}
	fmt.Fprintf(w, "acknowledged writes: %d, lost: %d\n", r.AckedWrites, r.LostWrites)
	fmt.Fprintf(w, "killed instance ready again %s after its restart\n", r.RestartReadyAfter.Round(time.Millisecond))
	p := r.Propagation
	fmt.Fprintf(w, "promote → each running instance serving it: p50 %s, p99 %s, max %s (%d samples)\n",
		p.P50.Round(time.Microsecond*100), p.P99.Round(time.Microsecond*100), p.Max.Round(time.Microsecond*100), p.Samples)
	l := r.RateLimit
	fmt.Fprintf(w, "rate limit %d a minute, one key through every instance: %d allowed (%d refused) in %s once its burst was spent, %.0f expected: %.3f×\n",
		l.Limit, l.Allowed, l.Refused, l.Window, l.Expected, l.Ratio())
}
