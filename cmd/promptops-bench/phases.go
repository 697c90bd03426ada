package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// rig is what the load phases run against: instance A with the seeded prompts, the bare
// server answering a resolve response's bytes, and the scripts and URL lists that drive them.
type rig struct {
	server, ceiling                         *process
	seed                                    *seeded
	resolve, render, chat                   requests
	resolveScript, renderScript, chatScript string
	resolveURLs, ceilingURLs                string
}

func (rg *rig) stop() {
	if rg.ceiling != nil {
		rg.ceiling.stop()
	}
	rg.server.stop()
}

// loadPhases runs every phase that puts load on a server and returns the seeded prompts
// for the propagation measurement.
func (b *bench) loadPhases(ctx context.Context, r *Report) (*seeded, error) {
	rg, err := b.setUp(ctx)
	if err != nil {
		return nil, err
	}
	defer rg.stop()
	r.BodyBytes = len(rg.seed.resolveBody)
	if err := b.warm(ctx, rg); err != nil {
		return nil, err
	}
	for n := 1; n <= b.o.rounds; n++ {
		round, err := b.peakRound(ctx, rg, n, r)
		if err != nil {
			return nil, err
		}
		r.Rounds = append(r.Rounds, round)
	}
	if r.CacheOff, r.CacheOffPeakRSSMB, err = b.cacheOff(ctx, rg); err != nil {
		return nil, err
	}
	if r.TracingOn, r.TracingExports, err = b.tracingOn(ctx, rg, &r.TracingProfile); err != nil {
		return nil, err
	}
	// Issue 26's rate: half the bare server's peak, which resolve must keep up with too.
	r.FixedRatePerS = int(r.ceilingPeak() / 2)
	for n := 1; n <= b.o.rounds; n++ {
		round, err := b.fixedRateRound(ctx, rg, n, r.FixedRatePerS)
		if err != nil {
			return nil, err
		}
		r.FixedRate = append(r.FixedRate, round)
	}
	_, r.ServerPeakRSSMB = rg.server.rss()
	return rg.seed, nil
}

// setUp starts instance A, seeds it, writes the wrk scripts and attack's URL lists, and
// starts the bare server with the bytes of a real resolve response. Every kind of request
// is probed once, so a wrong script fails here instead of measuring error answers.
func (b *bench) setUp(ctx context.Context) (rg *rig, err error) {
	a, err := b.startServer(ctx, "instance", true)
	if err != nil {
		return nil, err
	}
	started := &rig{server: a}
	rg = started
	defer func() {
		if err != nil {
			started.stop() // rg is nil by then
		}
	}()
	b.logf("seeding %d prompts", b.o.prompts)
	if rg.seed, err = seedPrompts(ctx, a.base, b.o.prompts, b.o.seedWorkers); err != nil {
		return nil, err
	}
	rg.resolve = resolveRequests(rg.seed.slugs, rg.seed.prodKey)
	rg.render = renderRequests(rg.seed.slugs, rg.seed.prodKey)
	if rg.resolveScript, err = writeScript(b.o.dir, rg.resolve); err != nil {
		return nil, err
	}
	if rg.renderScript, err = writeScript(b.o.dir, rg.render); err != nil {
		return nil, err
	}
	rg.chat = chatRenderRequests(rg.seed.prodKey)
	if rg.chatScript, err = writeScript(b.o.dir, rg.chat); err != nil {
		return nil, err
	}
	if rg.ceiling, err = b.startCeiling(ctx, rg.seed); err != nil {
		return nil, err
	}
	rg.resolveURLs = filepath.Join(b.o.dir, "resolve-urls.txt")
	rg.ceilingURLs = filepath.Join(b.o.dir, "ceiling-urls.txt")
	err = errors.Join(writeURLs(rg.resolveURLs, a.base, rg.seed.slugs), writeURLs(rg.ceilingURLs, rg.ceiling.base, rg.seed.slugs))
	if err != nil {
		return nil, err
	}
	if _, _, err = probe(ctx, a.base, rg.render); err != nil {
		return nil, err
	}
	if _, _, err = probe(ctx, a.base, rg.chat); err != nil {
		return nil, err
	}
	_, _, err = probe(ctx, rg.ceiling.base, rg.resolve)
	return rg, err
}

// startCeiling starts the bare server answering what resolve answered while seeding.
func (b *bench) startCeiling(ctx context.Context, s *seeded) (*process, error) {
	bodyFile := filepath.Join(b.o.dir, "resolve-body.json")
	if err := os.WriteFile(bodyFile, s.resolveBody, 0o644); err != nil {
		return nil, err
	}
	headerFile := filepath.Join(b.o.dir, "resolve-header.txt")
	header, err := ceilingHeader(s.resolveHeader)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(headerFile, header, 0o644); err != nil {
		return nil, err
	}
	b.logf("ceiling: a bare net/http server answering a %d-byte resolve response with its %d bytes of header lines", len(s.resolveBody), len(header))
	addr, debug := freeAddr(), freeAddr()
	argv := []string{b.self, "ceiling", "--addr", addr, "--body", bodyFile, "--header-file", headerFile, "--debug-addr", debug}
	p, err := b.startProcess(ctx, "ceiling", argv, nil, "http://"+addr+"/health")
	if err != nil {
		return nil, err
	}
	p.debug = debug
	return p, nil
}

// warm resolves long enough to reach every slug at least once, even at cache-miss speed
// (a few thousand a second), so the measured phases are the steady state; render and the
// bare server get a second each for their connections and the database's.
func (b *bench) warm(ctx context.Context, rg *rig) error {
	d := (2*time.Second + time.Duration(b.o.prompts)*time.Second/3000 + time.Second - 1).Truncate(time.Second)
	b.logf("warming up for %s", d+2*time.Second)
	_, err := b.wrk(ctx, "warm-resolve", rg.resolveScript, rg.server.base, d)
	if err == nil {
		_, err = b.wrk(ctx, "warm-render", rg.renderScript, rg.server.base, time.Second)
	}
	if err == nil {
		_, err = b.wrk(ctx, "warm-render-chat", rg.chatScript, rg.server.base, time.Second)
	}
	if err == nil {
		_, err = b.wrk(ctx, "warm-ceiling", rg.resolveScript, rg.ceiling.base, time.Second)
	}
	return err
}

// peakRound measures the ceiling, resolve and render back to back, so whatever else the
// machine is doing weighs on the three alike. The first round also profiles the server.
func (b *bench) peakRound(ctx context.Context, rg *rig, n int, r *Report) (Round, error) {
	b.logf("round %d of %d at full speed: ceiling, resolve, render, chat render", n, b.o.rounds)
	var rd Round
	var err error
	phase := func(name string) string { return fmt.Sprintf("round%d-%s", n, name) }
	profile := func(name string) string {
		if n > 1 {
			return ""
		}
		return filepath.Join(b.o.dir, name+".cpu.pprof")
	}
	if rd.Ceiling, err = b.profiledPhase(ctx, rg.ceiling, phase("ceiling"), rg.resolveScript, profile("ceiling"), &r.CeilingProfile); err != nil {
		return rd, err
	}
	if rd.Resolve, err = b.profiledPhase(ctx, rg.server, phase("resolve"), rg.resolveScript, profile("resolve"), &r.ResolveProfile); err != nil {
		return rd, err
	}
	if rd.Render, err = b.profiledPhase(ctx, rg.server, phase("render"), rg.renderScript, profile("render"), &r.RenderProfile); err != nil {
		return rd, err
	}
	rd.RenderChat, err = b.profiledPhase(ctx, rg.server, phase("render-chat"), rg.chatScript, "", nil)
	return rd, err
}

// profiledPhase is a peak phase on p (instance A or the ceiling). Unless profile is empty
// it takes a CPU profile of p meanwhile, and stores profile's path in saved once it is
// written.
func (b *bench) profiledPhase(ctx context.Context, p *process, phase, script, profile string, saved *string) (Figures, error) {
	var profiled <-chan error
	if profile != "" {
		profiled = p.profile(ctx, b.o.duration-2*time.Second, profile)
	}
	f, err := b.wrk(ctx, phase, script, p.base, b.o.duration)
	f.ServerRSSMB, _ = p.rss()
	if profiled != nil {
		if perr := <-profiled; perr != nil {
			b.logf("no CPU profile of %s: %v", phase, perr)
		} else {
			*saved = profile
		}
	}
	return f, err
}

// cacheOff measures resolve once on a second instance started with --resolve-cache=false:
// a database read per request.
func (b *bench) cacheOff(ctx context.Context, rg *rig) (f Figures, peakRSS float64, err error) {
	b.logf("resolve, cache off")
	off, err := b.startServer(ctx, "instance-cache-off", false)
	if err != nil {
		return f, 0, err
	}
	defer off.stop()
	if _, _, err := probe(ctx, off.base, rg.resolve); err != nil {
		return f, 0, err
	}
	f, err = b.wrk(ctx, "cache-off-resolve", rg.resolveScript, off.base, b.o.duration)
	f.ServerRSSMB, peakRSS = off.rss()
	return f, peakRSS, err
}

// fixedRateRound measures resolve's latency at rate, with the collector's cycles meanwhile
// (what much of its tail is), then the bare server's at the same rate as its baseline;
// alternating, like the peak rounds.
func (b *bench) fixedRateRound(ctx context.Context, rg *rig, n, rate int) (FixedRateRound, error) {
	b.logf("round %d of %d at %d requests/s: resolve, ceiling", n, b.o.rounds, rate)
	var rd FixedRateRound
	before, err := rg.server.collections(ctx)
	if err != nil {
		return rd, err
	}
	if rd.Resolve, err = b.attackAtRate(ctx, rg.resolveURLs, rg.seed.prodKey, b.o.duration, rate); err != nil {
		return rd, err
	}
	after, err := rg.server.collections(ctx)
	if err != nil {
		return rd, err
	}
	rd.Resolve.Collections = after.since(before)
	rd.Resolve.ServerRSSMB, _ = rg.server.rss()
	rd.Ceiling, err = b.attackAtRate(ctx, rg.ceilingURLs, rg.seed.prodKey, b.o.duration, rate)
	rd.Ceiling.ServerRSSMB, _ = rg.ceiling.rss()
	return rd, err
}
