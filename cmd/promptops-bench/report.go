package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Report is what `make bench` writes to bench.json and prints.
type Report struct {
	When        time.Time `json:"when"`
	Command     string    `json:"command"`
	Wrk         string    `json:"wrkVersion"`
	Machine     string    `json:"machine"`
	Prompts     int       `json:"prompts"`
	Duration    string    `json:"phaseDuration"`
	Threads     int       `json:"wrkThreads"`
	Connections int       `json:"connections"`
	MinCeiling  float64   `json:"minCeilingRequestsPerSecond"`
	BodyBytes   int       `json:"resolveBodyBytes"`

	Rounds   []Round `json:"rounds"`
	CacheOff Figures `json:"resolveCacheOff"`
	// TracingOn is resolve on an instance exporting every request's spans to a loopback
	// OTLP receiver, which took TracingExports export requests.
	TracingOn      Figures          `json:"resolveTracingOn"`
	TracingExports int64            `json:"tracingExports"`
	FixedRatePerS  int              `json:"fixedRatePerSecond"`
	FixedRate      []FixedRateRound `json:"fixedRate"`

	ResolveOverCeiling  Spread  `json:"resolveOverCeiling"`
	RenderOverCeiling   Spread  `json:"renderOverCeiling"`
	ChatOverCeiling     Spread  `json:"renderChatOverCeiling"`
	P99OverCeiling      Spread  `json:"p99ResolveOverCeilingAtFixedRate"`
	ResolveOverCacheOff float64 `json:"resolveOverCacheOff"`
	// TracingOverCeiling and TracingOverResolve compare resolve with tracing on with the
	// medians of the bare server and of resolve with tracing off, in the same run.
	TracingOverCeiling float64 `json:"resolveTracingOnOverCeiling"`
	TracingOverResolve float64 `json:"resolveTracingOnOverTracingOff"`

	ServerPeakRSSMB   float64     `json:"serverPeakRssMB"`
	CacheOffPeakRSSMB float64     `json:"cacheOffPeakRssMB"`
	Propagation       Propagation `json:"propagation"`
	CeilingProfile    string      `json:"ceilingCpuProfile,omitempty"`
	ResolveProfile    string      `json:"resolveCpuProfile,omitempty"`
	RenderProfile     string      `json:"renderCpuProfile,omitempty"`
	TracingProfile    string      `json:"tracingCpuProfile,omitempty"`
	// CPUPerRequest is, by phase of round 1 ("ceiling", "resolve", "render"), the CPU one
	// request cost, from the phase's profile.
	CPUPerRequest map[string]CPUPerRequest `json:"cpuPerRequest,omitempty"`
	// Notes say what the report lacks and why (a profile that could not be read).
	Notes   []string `json:"notes,omitempty"`
	Targets []Target `json:"targets"`
	// Failures are the checks that say the figures measure the load generator or a busy
	// machine; the run exits non-zero when there are any.
	Failures []string `json:"failures,omitempty"`
}

// Round is one pass of the peak phases, run back to back.
type Round struct {
	Ceiling Figures `json:"ceiling"`
	Resolve Figures `json:"resolve"`
	Render  Figures `json:"render"`
	// RenderChat is render of a chat version with a tool and a response schema, for
	// OpenAI's chat completions.
	RenderChat Figures `json:"renderChat"`
}

// FixedRateRound is one pass of the fixed-rate phases, run back to back.
type FixedRateRound struct {
	Resolve Figures `json:"resolve"`
	Ceiling Figures `json:"ceiling"`
}

// Spread is a ratio per round, with its median and range: the range says how much of a
// difference between two runs is noise.
type Spread struct {
	PerRound []float64 `json:"perRound"`
	Median   float64   `json:"median"`
	Min      float64   `json:"min"`
	Max      float64   `json:"max"`
}

func spreadOf(values []float64) Spread {
	return Spread{PerRound: values, Median: median(values), Min: slices.Min(values), Max: slices.Max(values)}
}

// median of values, which it leaves in their order.
func median(values []float64) float64 {
	s := slices.Sorted(slices.Values(values))
	if len(s) == 0 {
		return 0
	}
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

// Propagation is the delay from a promote on one instance to the other serving it.
type Propagation struct {
	Promotes int     `json:"promotes"`
	P50Ms    float64 `json:"p50Ms"`
	P99Ms    float64 `json:"p99Ms"`
	MaxMs    float64 `json:"maxMs"`
}

// Target is one of the targets with its measured value.
type Target struct {
	Name     string  `json:"name"`
	Goal     string  `json:"goal"`
	Measured float64 `json:"measured"`
	Met      bool    `json:"met"`
}

// resolvePeak is the median of resolve's peak rates over the rounds.
func (r *Report) resolvePeak() float64 {
	peaks := make([]float64, len(r.Rounds))
	for i, rd := range r.Rounds {
		peaks[i] = rd.Resolve.RequestsPerS
	}
	return median(peaks)
}

// ceilingPeak is the median of the bare server's peak rates over the rounds.
func (r *Report) ceilingPeak() float64 {
	peaks := make([]float64, len(r.Rounds))
	for i, rd := range r.Rounds {
		peaks[i] = rd.Ceiling.RequestsPerS
	}
	return median(peaks)
}

// summarise computes the ratios, the targets and the checks from the phases' figures.
func (r *Report) summarise() {
	var resolve, render, chat, p99 []float64
	for _, rd := range r.Rounds {
		resolve = append(resolve, rd.Resolve.RequestsPerS/rd.Ceiling.RequestsPerS)
		render = append(render, rd.Render.RequestsPerS/rd.Ceiling.RequestsPerS)
		chat = append(chat, rd.RenderChat.RequestsPerS/rd.Ceiling.RequestsPerS)
	}
	r.ChatOverCeiling = spreadOf(chat)
	for _, rd := range r.FixedRate {
		p99 = append(p99, rd.Resolve.P99Ms/rd.Ceiling.P99Ms)
	}
	r.ResolveOverCeiling, r.RenderOverCeiling, r.P99OverCeiling = spreadOf(resolve), spreadOf(render), spreadOf(p99)
	r.ResolveOverCacheOff = r.resolvePeak() / r.CacheOff.RequestsPerS
	r.TracingOverCeiling = r.TracingOn.RequestsPerS / r.ceilingPeak()
	r.TracingOverResolve = r.TracingOn.RequestsPerS / r.resolvePeak()
	r.CPUPerRequest = r.cpuPerRequest()
	r.Targets = r.targets()
	r.Failures = r.checks()
}

// cpuPerRequest reads round 1's profiles (those taken) into CPU per request.
func (r *Report) cpuPerRequest() map[string]CPUPerRequest {
	if len(r.Rounds) == 0 {
		return nil
	}
	rd := r.Rounds[0]
	costs := map[string]CPUPerRequest{}
	for _, p := range []struct {
		name, profile string
		f             Figures
	}{{"ceiling", r.CeilingProfile, rd.Ceiling}, {"resolve", r.ResolveProfile, rd.Resolve}, {"render", r.RenderProfile, rd.Render}} {
		if p.profile == "" {
			continue
		}
		c, err := cpuPerRequest(p.profile, p.f.RequestsPerS)
		if err != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("no CPU per request for %s: %v", p.name, err))
			continue
		}
		costs[p.name] = c
	}
	return costs
}

func (r *Report) targets() []Target {
	rss := max(r.ServerPeakRSSMB, r.CacheOffPeakRSSMB)
	return []Target{
		{"resolve vs ceiling", "≥ 0.9 × the ceiling's requests/s", r.ResolveOverCeiling.Median, r.ResolveOverCeiling.Median >= 0.9},
		{"render (two variables) vs ceiling", "≥ 0.7 × the ceiling's requests/s", r.RenderOverCeiling.Median, r.RenderOverCeiling.Median >= 0.7},
		{"chat render vs ceiling", "≥ 0.5 × the ceiling's requests/s (a tool, a schema, openai-chat)", r.ChatOverCeiling.Median, r.ChatOverCeiling.Median >= 0.5},
		{"p99 at half of the ceiling's peak rate", "≤ 1.5 × the ceiling's p99 there", r.P99OverCeiling.Median, r.P99OverCeiling.Median <= 1.5},
		{"resolve, tracing on, vs ceiling", "≥ 0.8 × the ceiling's requests/s", r.TracingOverCeiling, r.TracingOverCeiling >= 0.8},
		{"propagation p99", "≤ 100 ms", r.Propagation.P99Ms, r.Propagation.P99Ms <= 100},
		{"server RSS (peak)", "< 300 MB", rss, rss < 300},
	}
}

// checks returns what makes the figures invalid: a bare server wrk could not drive past
// --min-ceiling, a fixed-rate phase that missed its rate by more than 3 % (the generator fell
// behind, or the server did), and failed requests, which wrk and attack count as done.
func (r *Report) checks() []string {
	var failed []string
	for i, rd := range r.Rounds {
		if rd.Ceiling.RequestsPerS < r.MinCeiling {
			failed = append(failed, fmt.Sprintf("round %d: wrk drove the bare server to only %.0f requests/s (--min-ceiling %.0f)", i+1, rd.Ceiling.RequestsPerS, r.MinCeiling))
		}
		failed = append(failed, errorChecks(fmt.Sprintf("round %d", i+1), rd.phases())...)
	}
	failed = append(failed, errorChecks("once", []named{{"resolve (cache off)", r.CacheOff}, {"resolve (tracing on)", r.TracingOn}})...)
	for i, rd := range r.FixedRate {
		where := fmt.Sprintf("round %d at %d/s", i+1, r.FixedRatePerS)
		for _, p := range rd.phases() {
			if off(p.f.SentRatePerS, p.f.TargetRatePerS) || off(p.f.RequestsPerS, p.f.TargetRatePerS) {
				failed = append(failed, fmt.Sprintf("%s, %s: the generator sent %.0f/s and %.0f/s were answered, more than 3 %% off", where, p.name, p.f.SentRatePerS, p.f.RequestsPerS))
			}
		}
		failed = append(failed, errorChecks(where, rd.phases())...)
	}
	return failed
}

func off(got, want float64) bool { return math.Abs(got-want) > 0.03*want }

// named is a phase's figures with the name the report gives it.
type named struct {
	name string
	f    Figures
}

func (rd Round) phases() []named {
	return []named{{"ceiling (bare net/http)", rd.Ceiling}, {"resolve (cache on)", rd.Resolve}, {"render", rd.Render}, {"render (chat)", rd.RenderChat}}
}

func (rd FixedRateRound) phases() []named {
	return []named{{"resolve", rd.Resolve}, {"ceiling", rd.Ceiling}}
}

func errorChecks(where string, phases []named) []string {
	var failed []string
	for _, p := range phases {
		if p.f.Errors > 0 {
			failed = append(failed, fmt.Sprintf("%s, %s: %d of %d requests failed %s", where, p.name, p.f.Errors, p.f.Requests, errorDetail(p.f)))
		}
	}
	return failed
}

func errorDetail(f Figures) string {
	if e := f.WrkErrors; e != nil {
		return fmt.Sprintf("(connect %d, read %d, write %d, status ≥ 400 %d, timeout %d)", e.Connect, e.Read, e.Write, e.Status, e.Timeout)
	}
	return fmt.Sprintf("%q", f.ErrorSamples)
}

func printReport(w io.Writer, r *Report) {
	fmt.Fprintf(w, "\nPromptOps load benchmark\n")
	fmt.Fprintf(w, "command:  %s\n", r.Command)
	fmt.Fprintf(w, "wrk:      %s\n", r.Wrk)
	if len(r.Rounds) > 0 {
		fmt.Fprintf(w, "          e.g. %s\n", r.Rounds[0].Resolve.Command)
	}
	fmt.Fprintf(w, "setup:    %s; %d prompts; %d rounds of %s phases; %d connections; resolve body %d bytes\n\n",
		r.Machine, r.Prompts, len(r.Rounds), r.Duration, r.Connections, r.BodyBytes)
	printPhases(w, r)
	fmt.Fprintln(w)
	printSpreads(w, r)
	fmt.Fprintf(w, "\nresolve (median) / cache off = %.1f\n", r.ResolveOverCacheOff)
	fmt.Fprintf(w, "resolve, tracing on / ceiling (median) = %.3f; / resolve, tracing off (median) = %.3f (%d OTLP exports)\n",
		r.TracingOverCeiling, r.TracingOverResolve, r.TracingExports)
	fmt.Fprintf(w, "propagation over %d promotes: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", r.Propagation.Promotes, r.Propagation.P50Ms, r.Propagation.P99Ms, r.Propagation.MaxMs)
	fmt.Fprintf(w, "server peak RSS: %.1f MB (cache-off instance: %.1f MB)\n\n", r.ServerPeakRSSMB, r.CacheOffPeakRSSMB)
	for _, t := range r.Targets {
		state := "MET"
		if !t.Met {
			state = "MISSED"
		}
		fmt.Fprintf(w, "%-7s %-36s %-36s measured %.3f\n", state, t.Name, t.Goal, t.Measured)
	}
	fmt.Fprintln(w)
	for _, p := range [][2]string{{"round 1 resolve", r.ResolveProfile}, {"round 1 render", r.RenderProfile}, {"resolve with tracing on", r.TracingProfile}} {
		if p[1] != "" {
			fmt.Fprintf(w, "CPU profile of the server, %s: go tool pprof -top %s\n", p[0], p[1])
		}
	}
	printCPUPerRequest(w, r.CPUPerRequest)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if r.CeilingProfile != "" && r.ResolveProfile != "" {
		// Both profiles cover the same time, not the same requests: the diff says where resolve
		// spends its CPU otherwise than the bare server; the table above is per request.
		fmt.Fprintf(w, "where resolve spends its CPU otherwise than the bare server (same time, not per request), round 1: go tool pprof -top -diff_base %s %s\n", r.CeilingProfile, r.ResolveProfile)
	}
}

const phaseRow = "%-36s %11.0f %9.3f %9.3f %9.3f %9.3f %7d %8.1f\n"

func printCPUPerRequest(w io.Writer, costs map[string]CPUPerRequest) {
	if len(costs) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%-36s %12s %16s\n", "CPU per request, round 1 (profiles)", "all µs", "in handler µs")
	for _, name := range []string{"ceiling", "resolve", "render"} {
		if c, ok := costs[name]; ok {
			fmt.Fprintf(w, "%-36s %12.1f %16.1f\n", name, c.TotalUs, c.HandlerUs)
		}
	}
	fmt.Fprintln(w)
}

func printPhases(w io.Writer, r *Report) {
	fmt.Fprintf(w, "%-36s %11s %9s %9s %9s %9s %7s %8s\n", "peak (wrk)", "requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "RSS MB")
	for i, rd := range r.Rounds {
		for _, row := range rd.phases() {
			fmt.Fprintf(w, phaseRow, fmt.Sprintf("round %d  %s", i+1, row.name), row.f.RequestsPerS, row.f.P50Ms, row.f.P90Ms, row.f.P99Ms, row.f.MaxMs, row.f.Errors, row.f.ServerRSSMB)
		}
	}
	f := r.CacheOff
	fmt.Fprintf(w, phaseRow, "once     resolve (cache off)", f.RequestsPerS, f.P50Ms, f.P90Ms, f.P99Ms, f.MaxMs, f.Errors, f.ServerRSSMB)
	f = r.TracingOn
	fmt.Fprintf(w, phaseRow, "once     resolve (tracing on)", f.RequestsPerS, f.P50Ms, f.P90Ms, f.P99Ms, f.MaxMs, f.Errors, f.ServerRSSMB)
	fmt.Fprintf(w, "\n%-36s %11s %9s %9s %9s %9s %7s %8s %9s  %s\n", fmt.Sprintf("at %d requests/s (attack)", r.FixedRatePerS), "answered/s", "sent/s", "p50 ms", "p99 ms", "max ms", "errors", "RSS MB", "gen cores", "GC cycles (stopped ms)")
	for i, rd := range r.FixedRate {
		for _, row := range rd.phases() {
			fmt.Fprintf(w, "%-36s %11.0f %9.0f %9.3f %9.3f %9.3f %7d %8.1f %9.2f  %s\n", fmt.Sprintf("round %d  %s", i+1, row.name), row.f.RequestsPerS, row.f.SentRatePerS, row.f.P50Ms, row.f.P99Ms, row.f.MaxMs, row.f.Errors, row.f.ServerRSSMB, row.f.GeneratorCores, row.f.Collections)
		}
	}
}

func printSpreads(w io.Writer, r *Report) {
	header := fmt.Sprintf("%-36s", "ratio")
	for i := range r.Rounds {
		header += fmt.Sprintf(" %8s", fmt.Sprintf("round %d", i+1))
	}
	fmt.Fprintf(w, "%s %8s %13s\n", header, "median", "min–max")
	for _, row := range []struct {
		name string
		s    Spread
	}{{"resolve / ceiling", r.ResolveOverCeiling}, {"render / ceiling", r.RenderOverCeiling}, {"render (chat) / ceiling", r.ChatOverCeiling}, {"p99 resolve / p99 ceiling at rate", r.P99OverCeiling}} {
		line := fmt.Sprintf("%-36s", row.name)
		for _, v := range row.s.PerRound {
			line += fmt.Sprintf(" %8.3f", v)
		}
		fmt.Fprintf(w, "%s %8.3f %13s\n", line, row.s.Median, fmt.Sprintf("%.3f–%.3f", row.s.Min, row.s.Max))
	}
}

// printFailures is loud on purpose: figures from a saturated generator look like real ones.
func printFailures(w io.Writer, failures []string) {
	bar := strings.Repeat("!", 100)
	fmt.Fprintf(w, "\n%s\n!! NOT VALID: these figures measure the load generator or a busy machine, not PromptOps.\n", bar)
	fmt.Fprintln(w, "!! Re-run on a quiet machine (or lower --min-ceiling / MIN_CEILING to try the bench).")
	for _, f := range failures {
		fmt.Fprintf(w, "!!   - %s\n", f)
	}
	fmt.Fprintln(w, bar)
}
