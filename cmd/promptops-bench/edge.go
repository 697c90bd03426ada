package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/promptops/promptops/internal/store/pgserver"
)

// EdgeReport is what `promptops-bench edge` measures of `promptops edge` in front of one
// server: its resolve against the bare server (one tool, alternated rounds), a promote's
// delay until the edge serves it, and what it answers with the server killed and after a
// restart with the server down.
type EdgeReport struct {
	When        time.Time `json:"when"`
	Command     string    `json:"command"`
	Machine     string    `json:"machine"`
	Prompts     int       `json:"prompts"`
	Duration    string    `json:"duration"`
	Connections int       `json:"connections"`
	Rounds      []struct {
		Ceiling Figures `json:"ceiling"`
		Edge    Figures `json:"edge"`
		Ratio   float64 `json:"edgeOverCeiling"`
	} `json:"rounds"`
	// Profile is a CPU profile of the edge during round 1's edge phase ("" if none).
	Profile     string      `json:"edgeProfile,omitempty"`
	Propagation Propagation `json:"promoteVisibleAtEdge"`
	// ServerKilled is a wrk phase on the edge with the server killed; Answered its share of
	// 200s.
	ServerKilled         Figures `json:"serverKilled"`
	ServerKilledAnswered float64 `json:"serverKilledAnswered"`
	// Restarted is a wrk phase on an edge restarted with the server down, from its file.
	Restarted         Figures `json:"restartedFromSnapshot"`
	RestartedAnswered float64 `json:"restartedAnswered"`
	RestartedStale    bool    `json:"restartedMarkedStale"`
}

// edgeBench runs the edge measurements (see EdgeReport) and writes edge.json.
func edgeBench(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	b, err := newBench(o, "bench")
	if err != nil {
		return err
	}
	pgDir, err := os.MkdirTemp("", "promptops-bench-pg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(pgDir)
	b.db, err = pgserver.Start(ctx, pgserver.Options{Dir: pgDir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer func() { _ = b.db.Stop(context.Background()) }()
	r := &EdgeReport{When: time.Now().UTC(), Command: commandLine(os.Args), Prompts: o.prompts, Duration: o.duration.String(),
		Connections: o.connections, Machine: machine()}
	if err := b.measureEdge(ctx, r); err != nil {
		return err
	}
	out, _ := json.MarshalIndent(r, "", "  ")
	path := filepath.Join(o.dir, "edge.json")
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		return err
	}
	printEdgeReport(os.Stdout, r)
	fmt.Printf("\nfigures written to %s\n", path)
	return nil
}

func (b *bench) measureEdge(ctx context.Context, r *EdgeReport) error {
	server, err := b.startServer(ctx, "edge-server", true)
	if err != nil {
		return err
	}
	defer server.stop()
	b.logf("seeding %d prompts", b.o.prompts)
	seed, err := seedPrompts(ctx, server.base, b.o.prompts, b.o.seedWorkers)
	if err != nil {
		return err
	}
	snapshot := filepath.Join(b.o.dir, "edge-snapshot.json")
	_ = os.Remove(snapshot)
	edge, err := b.startEdge(ctx, "edge", server.base, seed.prodKey, snapshot)
	if err != nil {
		return err
	}
	defer func() {
		if edge != nil {
			edge.stop()
		}
	}()
	resolve := resolveRequests(seed.slugs, seed.prodKey)
	script, err := writeScript(b.o.dir, resolve)
	if err != nil {
		return err
	}
	// The ceiling answers what the edge answers, its header lines included.
	resp, body, err := probe(ctx, edge.base, resolve)
	if err != nil {
		return err
	}
	edgeAnswer := *seed
	edgeAnswer.resolveBody, edgeAnswer.resolveHeader = body, resp.Header
	ceiling, err := b.startCeiling(ctx, &edgeAnswer)
	if err != nil {
		return err
	}
	defer ceiling.stop()
	for _, warm := range []*process{edge, ceiling} {
		if _, err := b.wrk(ctx, "edge-warm", script, warm.base, 3*time.Second); err != nil {
			return err
		}
	}
	for n := 1; n <= b.o.rounds; n++ {
		b.logf("round %d of %d: ceiling, edge resolve", n, b.o.rounds)
		var rd struct {
			Ceiling Figures `json:"ceiling"`
			Edge    Figures `json:"edge"`
			Ratio   float64 `json:"edgeOverCeiling"`
		}
		if rd.Ceiling, err = b.wrk(ctx, fmt.Sprintf("edge-round%d-ceiling", n), script, ceiling.base, b.o.duration); err != nil {
			return err
		}
		var profiled <-chan error
		profile := filepath.Join(b.o.dir, "edge.cpu.pprof")
		if n == 1 {
			profiled = edge.profile(ctx, b.o.duration-2*time.Second, profile)
		}
		if rd.Edge, err = b.wrk(ctx, fmt.Sprintf("edge-round%d-edge", n), script, edge.base, b.o.duration); err != nil {
			return err
		}
		if profiled != nil {
			if perr := <-profiled; perr != nil {
				b.logf("no CPU profile of the edge: %v", perr)
			} else {
				r.Profile = profile
			}
		}
		rd.Ratio = rd.Edge.RequestsPerS / rd.Ceiling.RequestsPerS
		r.Rounds = append(r.Rounds, rd)
	}
	b.logf("%d promotes on the server, each awaited at the edge", b.o.promotes)
	if r.Propagation, err = b.edgePropagation(ctx, server.base, edge.base, seed); err != nil {
		return err
	}

	b.logf("server killed: resolving at the edge")
	_ = server.cmd.Process.Signal(syscall.SIGKILL)
	if err := awaitHealth(ctx, edge.base, "disconnected"); err != nil {
		return err
	}
	if r.ServerKilled, err = b.wrk(ctx, "edge-server-killed", script, edge.base, b.o.duration); err != nil {
		return err
	}
	r.ServerKilledAnswered = answered(r.ServerKilled)

	b.logf("edge restarted with the server down")
	edge.stop()
	if edge, err = b.startEdge(ctx, "edge-restarted", server.base, seed.prodKey, snapshot); err != nil {
		return err
	}
	resp, _, err = probe(ctx, edge.base, resolve)
	if err != nil {
		return err
	}
	r.RestartedStale = resp.Header.Get("X-Promptops-Stale") == "true"
	if r.Restarted, err = b.wrk(ctx, "edge-restarted", script, edge.base, b.o.duration); err != nil {
		return err
	}
	r.RestartedAnswered = answered(r.Restarted)
	return nil
}

// startEdge starts `promptops edge` on upstream with key (in its environment, not argv).
func (b *bench) startEdge(ctx context.Context, name, upstream, key, snapshot string) (*process, error) {
	addr, debug := freeAddr(), freeAddr()
	argv := []string{b.o.bin, "edge", "--upstream", upstream, "--addr", addr, "--snapshot", snapshot, "--log-level", "warn"}
	p, err := b.startProcess(ctx, name, argv, []string{"PROMPTOPS_EDGE_KEY=" + key, "PROMPTOPS_EDGE_DEBUG_ADDR=" + debug}, "http://"+addr+"/health")
	if err != nil {
		return nil, err
	}
	p.debug = debug
	return p, nil
}

// edgePropagation promotes on the server and polls the edge's resolve until it serves the
// new version: the delay from the promote's answer to the edge's.
func (b *bench) edgePropagation(ctx context.Context, server, edge string, s *seeded) (Propagation, error) {
	resolveURL := edge + "/api/v1/prompts/propagation/resolve"
	var delays []time.Duration
	for i := range b.o.promotes {
		want := s.propagation.versions[(i+1)%2]
		if err := call(ctx, http.MethodPost, server+"/api/v1/prompts/"+s.propagation.promptID+"/promote", s.adminKey,
			map[string]string{"environment": "production", "versionId": want}, nil); err != nil {
			return Propagation{}, err
		}
		delay, err := waitForVersion(ctx, resolveURL, s.prodKey, want)
		if err != nil {
			return Propagation{}, err
		}
		delays = append(delays, delay)
	}
	slices.Sort(delays)
	return Propagation{Promotes: len(delays), P50Ms: percentile(delays, 0.50), P99Ms: percentile(delays, 0.99), MaxMs: percentile(delays, 1)}, nil
}

// awaitHealth waits until the edge's /health reports upstream.
func awaitHealth(ctx context.Context, base, upstream string) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if resp, err := client.Get(base + "/health"); err == nil {
			var h struct{ Upstream string }
			_ = json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
			if h.Upstream == upstream {
				return nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("the edge never reported upstream %s", upstream)
}

// answered is the share of a phase's requests answered 200.
func answered(f Figures) float64 {
	if f.Requests == 0 {
		return 0
	}
	return float64(f.Requests-f.Errors) / float64(f.Requests)
}

func printEdgeReport(w io.Writer, r *EdgeReport) {
	fmt.Fprintf(w, "promptops edge, %d prompts, %s phases, %d connections, %s\n", r.Prompts, r.Duration, r.Connections, r.Machine)
	for i, rd := range r.Rounds {
		fmt.Fprintf(w, "round %d: ceiling %.0f req/s, edge resolve %.0f req/s (p99 %.2f ms): edge/ceiling %.2f\n",
			i+1, rd.Ceiling.RequestsPerS, rd.Edge.RequestsPerS, rd.Edge.P99Ms, rd.Ratio)
	}
	p := r.Propagation
	fmt.Fprintf(w, "promote visible at the edge (%d promotes): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", p.Promotes, p.P50Ms, p.P99Ms, p.MaxMs)
	fmt.Fprintf(w, "server killed: %d resolves at the edge, %.2f %% answered 200 (%.0f req/s)\n",
		r.ServerKilled.Requests, 100*r.ServerKilledAnswered, r.ServerKilled.RequestsPerS)
	fmt.Fprintf(w, "restarted with the server down: %d resolves, %.2f %% answered 200, marked stale: %v\n",
		r.Restarted.Requests, 100*r.RestartedAnswered, r.RestartedStale)
	ratios := make([]float64, len(r.Rounds))
	for i, rd := range r.Rounds {
		ratios[i] = rd.Ratio
	}
	if r.Profile != "" {
		fmt.Fprintf(w, "CPU profile of the edge, round 1: go tool pprof -top %s\n", r.Profile)
	}
	ratio, state := median(ratios), "MISSED"
	if ratio >= 0.95 {
		state = "MET"
	}
	fmt.Fprintf(w, "\n%-7s %-36s %-36s measured %.3f\n", state, "edge resolve vs ceiling", "≥ 0.95 × the ceiling's requests/s", ratio)
}
