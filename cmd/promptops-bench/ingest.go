package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/internal/store/pgserver"
)

// ingestOptions are bench-ingest's flags.
type ingestOptions struct {
	bin, dir    string
	prompts     int
	batch       int
	duration    time.Duration
	rounds      int
	connections int
	durable     bool
}

// IngestReport is what bench-ingest writes to ingest.json and prints.
type IngestReport struct {
	When        time.Time     `json:"when"`
	Command     string        `json:"command"`
	Wrk         string        `json:"wrkVersion"`
	Machine     string        `json:"machine"`
	Durable     bool          `json:"durablePostgres"`
	Batch       int           `json:"eventsPerBatch"`
	BodyBytes   int           `json:"batchBodyBytes"`
	Connections int           `json:"connections"`
	Rounds      []IngestRound `json:"rounds"`
	// EventsPerS is each round's sustained rate of events acknowledged (202), with its
	// spread; the p99 is of the 202s.
	EventsPerS Spread `json:"eventsPerSecond"`
	P99Ms      Spread `json:"p99Ms"`
	// Acknowledged counts the events wrk saw answered 202; Stored what the table holds after
	// (more by at most the requests in flight when each phase ended).
	Acknowledged uint64   `json:"acknowledgedEvents"`
	Stored       uint64   `json:"storedEvents"`
	Failures     []string `json:"failures,omitempty"`
}

// IngestRound is the bare server and then track, back to back.
type IngestRound struct {
	Ceiling Figures `json:"ceiling"`
	Track   Figures `json:"track"`
}

func parseIngestOptions(args []string) (ingestOptions, error) {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	var o ingestOptions
	fs.StringVar(&o.bin, "bin", ".promptops/bin/promptops", "the promptops binary to measure")
	fs.StringVar(&o.dir, "dir", ".promptops/bench-ingest", "where logs, the wrk script and ingest.json go")
	fs.IntVar(&o.prompts, "prompts", 20, "prompts the events are spread over")
	fs.IntVar(&o.batch, "batch", 500, "events per POST /api/v1/analytics/track")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load phase")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds of alternating phases (bare server, track)")
	fs.IntVar(&o.connections, "connections", 8, "wrk connections")
	fs.BoolVar(&o.durable, "durable", true, "run PostgreSQL with fsync and synchronous commit on, as in production (false: a throw-away cluster)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.prompts < 1 || o.rounds < 1 || o.connections < 1:
		return o, errors.New("--prompts, --rounds and --connections must be at least 1")
	case o.batch < 1 || o.batch > 1000:
		return o, errors.New("--batch must be 1 to 1000 (track's limit)")
	}
	return o, checkDuration(o.duration)
}

// ingest is `make bench-ingest`: batches of events POSTed to track by wrk over loopback, in
// rounds that alternate with a bare net/http server taking the same requests (so the
// generator is shown not to be the limit), then a check that every acknowledged event was
// stored.
func ingest(ctx context.Context, args []string) error {
	o, err := parseIngestOptions(args)
	if err != nil {
		return err
	}
	b, err := newBench(options{bin: o.bin, dir: o.dir, prompts: o.prompts, threads: 1, connections: o.connections}, "bench-ingest")
	if err != nil {
		return err
	}
	r := &IngestReport{When: time.Now().UTC(), Command: commandLine(os.Args), Durable: o.durable, Batch: o.batch,
		Machine: machine(), Connections: o.connections}
	if r.Wrk, err = wrkVersion(ctx); err != nil {
		return err
	}
	if err := b.measureIngest(ctx, o, r); err != nil {
		return err
	}
	r.summarise()
	out, _ := json.MarshalIndent(r, "", "  ")
	path := filepath.Join(o.dir, "ingest.json")
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		return err
	}
	printIngestReport(os.Stdout, r)
	fmt.Printf("\nfigures written to %s\n", path)
	if len(r.Failures) > 0 {
		printFailures(os.Stdout, r.Failures)
		return errors.New("the figures are not valid (see above)")
	}
	return nil
}

// measureIngest starts PostgreSQL, an instance and the bare server, seeds the prompts,
// runs the rounds and counts what was stored.
func (b *bench) measureIngest(ctx context.Context, o ingestOptions, r *IngestReport) error {
	pgDir, err := os.MkdirTemp("", "promptops-bench-pg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(pgDir)
	b.logf("starting PostgreSQL (durable: %t)", o.durable)
	b.db, err = pgserver.Start(ctx, pgserver.Options{Dir: pgDir, Ephemeral: !o.durable, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer func() { _ = b.db.Stop(context.Background()) }()
	server, err := b.startServer(ctx, "instance", true)
	if err != nil {
		return err
	}
	defer server.stop()
	b.logf("seeding %d prompts", o.prompts)
	seed, err := seedPrompts(ctx, server.base, o.prompts, 8)
	if err != nil {
		return err
	}
	track := trackRequests(seed.slugs, seed.prodKey, o.batch)
	r.BodyBytes = len(track.body)
	script, err := writeScript(o.dir, track)
	if err != nil {
		return err
	}
	ceiling, err := b.startIngestCeiling(ctx, o)
	if err != nil {
		return err
	}
	defer ceiling.stop()
	if _, _, err := probeFor(ctx, server.base, track, http.StatusAccepted); err != nil {
		return err
	}
	r.Acknowledged = uint64(o.batch) // the probe's
	for n := 1; n <= o.rounds; n++ {
		b.logf("round %d of %d: bare server, track", n, o.rounds)
		var rd IngestRound
		if rd.Ceiling, err = b.wrk(ctx, fmt.Sprintf("round%d-ceiling", n), script, ceiling.base, o.duration); err != nil {
			return err
		}
		if rd.Track, err = b.wrk(ctx, fmt.Sprintf("round%d-track", n), script, server.base, o.duration); err != nil {
			return err
		}
		rd.Track.ServerRSSMB, _ = server.rss()
		r.Acknowledged += rd.Track.Requests * uint64(o.batch)
		r.Rounds = append(r.Rounds, rd)
	}
	r.Stored, err = b.storedEvents(ctx)
	return err
}

// startIngestCeiling starts the bare server answering track's 202 body.
func (b *bench) startIngestCeiling(ctx context.Context, o ingestOptions) (*process, error) {
	bodyFile := filepath.Join(o.dir, "track-answer.json")
	answer := fmt.Sprintf(`{"data":{"accepted":%d}}`+"\n", o.batch)
	if err := os.WriteFile(bodyFile, []byte(answer), 0o644); err != nil {
		return nil, err
	}
	addr := freeAddr()
	argv := []string{b.self, "ceiling", "--addr", addr, "--body", bodyFile, "--status", "202"}
	return b.startProcess(ctx, "ceiling", argv, nil, "http://"+addr+"/health")
}

// storedEvents counts the rows of analytics_events.
func (b *bench) storedEvents(ctx context.Context) (uint64, error) {
	conn, err := pgx.Connect(ctx, b.db.URL("postgres"))
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n uint64
	err = conn.QueryRow(ctx, "SELECT count(*) FROM analytics_events").Scan(&n)
	return n, err
}

// trackRequests is POST track of one batch of n events spread over slugs: latencies drawn
// from an exponential distribution (mean 800 ms), 3 % failures, tokens, cost and a trace.
func trackRequests(slugs []string, key string, n int) requests {
	rng := rand.New(rand.NewPCG(13, 500))
	events := make([]map[string]any, n)
	for i := range events {
		e := map[string]any{
			"type": "prompt.used", "slug": slugs[rng.IntN(len(slugs))], "versionNumber": 1,
			"latencyMs": float64(int(rng.ExpFloat64()*800*10)) / 10, "inputTokens": 200 + rng.IntN(800),
			"outputTokens": 20 + rng.IntN(300), "costUsd": float64(rng.IntN(5000)) / 1e6, "success": true,
			"traceId": fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()), "spanId": fmt.Sprintf("%016x", rng.Uint64()),
		}
		if rng.IntN(100) < 3 {
			e["success"], e["error"] = false, "upstream timeout"
		}
		events[i] = e
	}
	body, _ := json.Marshal(map[string]any{"events": events})
	return requests{name: "track", method: http.MethodPost, paths: []string{"/api/v1/analytics/track"}, body: string(body),
		headers: map[string]string{"Authorization": "Bearer " + key, "Content-Type": "application/json"}}
}

// minIngestHeadroom is how much faster than track the bare server must take the same
// requests in every round for the round to say something about PromptOps rather than about
// wrk or loopback.
const minIngestHeadroom = 1.5

// ingestTarget is the target for this machine, events per second.
const ingestTarget = 50_000

// summarise computes the spreads and the checks that make the run invalid.
func (r *IngestReport) summarise() {
	var rates, p99s []float64
	for i, rd := range r.Rounds {
		rates = append(rates, rd.Track.RequestsPerS*float64(r.Batch))
		p99s = append(p99s, rd.Track.P99Ms)
		if rd.Track.Errors > 0 || rd.Ceiling.Errors > 0 {
			r.Failures = append(r.Failures, fmt.Sprintf("round %d: %d track and %d bare-server requests were not answered 2xx", i+1, rd.Track.Errors, rd.Ceiling.Errors))
		}
		if rd.Ceiling.RequestsPerS < minIngestHeadroom*rd.Track.RequestsPerS {
			r.Failures = append(r.Failures, fmt.Sprintf("round %d: the bare server took %.0f batches/s, under %.1f × track's %.0f: the generator or loopback may be the limit",
				i+1, rd.Ceiling.RequestsPerS, minIngestHeadroom, rd.Track.RequestsPerS))
		}
	}
	if len(rates) > 0 {
		r.EventsPerS, r.P99Ms = spreadOf(rates), spreadOf(p99s)
	}
	if r.Stored < r.Acknowledged {
		r.Failures = append(r.Failures, fmt.Sprintf("%d events were acknowledged but only %d stored", r.Acknowledged, r.Stored))
	}
}

func printIngestReport(w io.Writer, r *IngestReport) {
	fmt.Fprintf(w, "bench-ingest: %s, %s, PostgreSQL durable: %t\n", r.Machine, r.Wrk, r.Durable)
	fmt.Fprintf(w, "batches of %d events (%d bytes), %d connections\n\n", r.Batch, r.BodyBytes, r.Connections)
	fmt.Fprintf(w, "%-6s %14s %12s %10s %14s %12s %10s\n", "round", "bare batches/s", "wrk cores", "", "track events/s", "p99 202 ms", "wrk cores")
	for i, rd := range r.Rounds {
		fmt.Fprintf(w, "%-6d %14.0f %12.2f %10s %14.0f %12.1f %10.2f\n", i+1, rd.Ceiling.RequestsPerS, rd.Ceiling.GeneratorCores, "",
			rd.Track.RequestsPerS*float64(r.Batch), rd.Track.P99Ms, rd.Track.GeneratorCores)
	}
	met := "missed"
	if r.EventsPerS.Median >= ingestTarget {
		met = "met"
	}
	fmt.Fprintf(w, "\nevents/s sustained: median %.0f (%.0f–%.0f) — target ≥ %d %s\n", r.EventsPerS.Median, r.EventsPerS.Min, r.EventsPerS.Max, ingestTarget, met)
	fmt.Fprintf(w, "p99 of the 202: median %.1f ms (%.1f–%.1f)\n", r.P99Ms.Median, r.P99Ms.Min, r.P99Ms.Max)
	fmt.Fprintf(w, "events acknowledged %d, stored %d\n", r.Acknowledged, r.Stored)
}
