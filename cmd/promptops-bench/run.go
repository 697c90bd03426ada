package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/promptops/promptops/internal/pgserver"
)

// Report is what `make bench` writes.
type Report struct {
	When        time.Time `json:"when"`
	Machine     string    `json:"machine"`
	Prompts     int       `json:"prompts"`
	Duration    string    `json:"phaseDuration"`
	Connections int       `json:"connections"`
	BodyBytes   int       `json:"resolveBodyBytes"`

	Resolve         Figures `json:"resolve"`
	ResolveHalfRate Figures `json:"resolveAtHalfPeakRate"`
	Ceiling         Figures `json:"ceiling"`
	CeilingHalfRate Figures `json:"ceilingAtResolvesHalfRate"`
	CacheOff        Figures `json:"resolveCacheOff"`

	ResolveOverCeiling  float64 `json:"resolveOverCeiling"`
	ResolveOverCacheOff float64 `json:"resolveOverCacheOff"`

	Propagation Propagation `json:"propagation"`
	Profile     string      `json:"resolveCpuProfile,omitempty"`
	Targets     []Target    `json:"targets"`
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

type options struct {
	bin, dir    string
	prompts     int
	duration    time.Duration
	connections int
	promotes    int
	seedWorkers int
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.bin, "bin", ".promptops/bin/promptops", "the promptops binary to measure")
	fs.StringVar(&o.dir, "dir", ".promptops/bench", "where logs, the profile and bench.json go")
	fs.IntVar(&o.prompts, "prompts", 1000, "prompts to seed (each live in dev, staging and production)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load phase")
	fs.IntVar(&o.connections, "connections", 32, "connections of the load generator")
	fs.IntVar(&o.promotes, "promotes", 200, "promotes for the propagation measurement")
	fs.IntVar(&o.seedWorkers, "seed-workers", 16, "concurrent requests while seeding")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b := &bench{o: o, self: self, logf: func(f string, a ...any) { fmt.Fprintf(os.Stderr, "bench: "+f+"\n", a...) }}
	report, err := b.measure(ctx)
	if err != nil {
		return err
	}
	out, _ := json.MarshalIndent(report, "", "  ")
	path := filepath.Join(o.dir, "bench.json")
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		return err
	}
	printReport(os.Stdout, report)
	fmt.Printf("\nfigures written to %s\n", path)
	return nil
}

type bench struct {
	o    options
	self string
	logf func(string, ...any)
	db   *pgserver.Server
}

func (b *bench) measure(ctx context.Context) (*Report, error) {
	pgDir, err := os.MkdirTemp("", "promptops-bench-pg-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(pgDir)
	b.logf("starting PostgreSQL")
	b.db, err = pgserver.Start(ctx, pgserver.Options{Dir: pgDir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	defer func() { _ = b.db.Stop(context.Background()) }()

	r := &Report{When: time.Now().UTC(), Machine: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU()),
		Prompts: b.o.prompts, Duration: b.o.duration.String(), Connections: b.o.connections}

	a, err := b.startServer(ctx, "a", true)
	if err != nil {
		return nil, err
	}
	b.logf("seeding %d prompts", b.o.prompts)
	seed, err := seedPrompts(ctx, a.base, b.o.prompts, b.o.seedWorkers)
	if err != nil {
		a.stop()
		return nil, err
	}
	urls := filepath.Join(b.o.dir, "resolve-urls.txt")
	if err := writeURLs(urls, a.base, seed.slugs); err != nil {
		a.stop()
		return nil, err
	}
	r.BodyBytes = seed.bodyBytes

	// Warm up long enough to resolve every slug at least once, even at cache-miss speed
	// (a few thousand a second), so the measured phase is the steady state.
	warm := 2*time.Second + time.Duration(b.o.prompts)*time.Second/3000
	b.logf("warming up for %s", warm)
	if _, err := b.attack(ctx, urls, seed.prodKey, warm, 0); err != nil {
		a.stop()
		return nil, err
	}
	b.logf("resolve, cache on")
	profile := filepath.Join(b.o.dir, "resolve.cpu.pprof")
	profiled := a.profile(ctx, b.o.duration-2*time.Second, profile)
	if r.Resolve, err = b.attack(ctx, urls, seed.prodKey, b.o.duration, 0); err != nil {
		a.stop()
		return nil, err
	}
	if <-profiled == nil {
		r.Profile = profile
	}
	r.Resolve.ServerRSSMB, r.Resolve.ServerPeakRSSMB = a.rss()
	b.logf("resolve at half of its peak rate")
	half := int(r.Resolve.RequestsPerS / 2)
	if r.ResolveHalfRate, err = b.attack(ctx, urls, seed.prodKey, b.o.duration, half); err != nil {
		a.stop()
		return nil, err
	}
	a.stop()

	if r.Ceiling, r.CeilingHalfRate, err = b.measureCeiling(ctx, seed.bodyBytes, half); err != nil {
		return nil, err
	}

	b.logf("resolve, cache off")
	off, err := b.startServer(ctx, "cache-off", false)
	if err != nil {
		return nil, err
	}
	offURLs := filepath.Join(b.o.dir, "resolve-urls-cache-off.txt")
	if err := writeURLs(offURLs, off.base, seed.slugs); err != nil {
		off.stop()
		return nil, err
	}
	r.CacheOff, err = b.attack(ctx, offURLs, seed.prodKey, b.o.duration, 0)
	r.CacheOff.ServerRSSMB, r.CacheOff.ServerPeakRSSMB = off.rss()
	off.stop()
	if err != nil {
		return nil, err
	}

	b.logf("propagation between two instances")
	if r.Propagation, err = b.measurePropagation(ctx, seed); err != nil {
		return nil, err
	}
	r.ResolveOverCeiling = r.Resolve.RequestsPerS / r.Ceiling.RequestsPerS
	r.ResolveOverCacheOff = r.Resolve.RequestsPerS / r.CacheOff.RequestsPerS
	r.Targets = targets(r)
	return r, nil
}

// measureCeiling attacks a bare net/http server at full speed, then at rate (resolve's
// half-peak rate), so resolve's latency there has a baseline on the same machine.
func (b *bench) measureCeiling(ctx context.Context, size, rate int) (peak, atRate Figures, err error) {
	b.logf("ceiling: a bare net/http server with a %d-byte body", size)
	addr := freeAddr()
	c, err := b.startProcess(ctx, "ceiling", []string{b.self, "ceiling", "--addr", addr, "--size", fmt.Sprint(size)}, nil, "http://"+addr+"/health")
	if err != nil {
		return peak, atRate, err
	}
	defer c.stop()
	urls := filepath.Join(b.o.dir, "ceiling-urls.txt")
	if err := writeURLs(urls, "http://"+addr, []string{"x"}); err != nil {
		return peak, atRate, err
	}
	if peak, err = b.attack(ctx, urls, "", b.o.duration, 0); err != nil {
		return peak, atRate, err
	}
	peak.ServerRSSMB, peak.ServerPeakRSSMB = c.rss()
	atRate, err = b.attack(ctx, urls, "", b.o.duration, rate)
	return peak, atRate, err
}

func targets(r *Report) []Target {
	return []Target{
		{"resolve vs ceiling", "≥ 0.7 × the ceiling's requests/s", r.ResolveOverCeiling, r.ResolveOverCeiling >= 0.7},
		{"p99 at half of resolve's peak rate", "≤ 2 ms", r.ResolveHalfRate.P99Ms, r.ResolveHalfRate.P99Ms <= 2},
		{"resolve vs cache off", "≥ 10 × the cache-off rate", r.ResolveOverCacheOff, r.ResolveOverCacheOff >= 10},
		{"propagation p99", "≤ 100 ms", r.Propagation.P99Ms, r.Propagation.P99Ms <= 100},
		{"server RSS (peak)", "< 300 MB", r.Resolve.ServerPeakRSSMB, r.Resolve.ServerPeakRSSMB < 300},
	}
}

func printReport(w io.Writer, r *Report) {
	fmt.Fprintf(w, "\nPromptOps resolve benchmark: %d prompts, %s phases, %d connections, %s\n\n", r.Prompts, r.Duration, r.Connections, r.Machine)
	fmt.Fprintf(w, "%-31s %12s %9s %9s %9s %9s %7s %9s\n", "phase", "requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "RSS MB")
	for _, row := range []struct {
		name string
		f    Figures
	}{{"resolve (cache on)", r.Resolve}, {"resolve at half peak rate", r.ResolveHalfRate}, {"ceiling (bare net/http)", r.Ceiling}, {"ceiling at resolve's half rate", r.CeilingHalfRate}, {"resolve (cache off)", r.CacheOff}} {
		fmt.Fprintf(w, "%-31s %12.0f %9.3f %9.3f %9.3f %9.3f %7d %9.1f\n", row.name, row.f.RequestsPerS, row.f.P50Ms, row.f.P90Ms, row.f.P99Ms, row.f.MaxMs, row.f.Errors, row.f.ServerRSSMB)
	}
	fmt.Fprintf(w, "\nresolve / ceiling = %.2f   resolve / cache off = %.1f\n", r.ResolveOverCeiling, r.ResolveOverCacheOff)
	fmt.Fprintf(w, "propagation over %d promotes: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n\n", r.Propagation.Promotes, r.Propagation.P50Ms, r.Propagation.P99Ms, r.Propagation.MaxMs)
	for _, t := range r.Targets {
		state := "MET"
		if !t.Met {
			state = "MISSED"
		}
		fmt.Fprintf(w, "%-7s %-36s %-34s measured %.3f\n", state, t.Name, t.Goal, t.Measured)
	}
	if r.Profile != "" {
		fmt.Fprintf(w, "\nCPU profile of the server during the resolve phase: %s (go tool pprof -top %s)\n", r.Profile, r.Profile)
	}
}

// percentile of sorted durations, in ms.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return ms(sorted[i])
}

func sortDurations(d []time.Duration) { sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) }
