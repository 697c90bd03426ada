package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/store/pgserver"
)

type options struct {
	bin, dir    string
	prompts     int
	duration    time.Duration
	rounds      int
	threads     int
	connections int
	minCeiling  float64
	promotes    int
	seedWorkers int
}

func parseOptions(args []string) (options, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.bin, "bin", ".promptops/bin/promptops", "the promptops binary to measure")
	fs.StringVar(&o.dir, "dir", ".promptops/bench", "where logs, wrk scripts, profiles and bench.json go")
	fs.IntVar(&o.prompts, "prompts", 1000, "prompts to seed (each live in dev, staging and production)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load phase")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds of alternating phases (ceiling, resolve, render; at a fixed rate: resolve, ceiling)")
	fs.IntVar(&o.threads, "threads", 1, "wrk threads")
	fs.IntVar(&o.connections, "connections", 32, "connections of wrk and of the fixed-rate generator (attack)")
	fs.Float64Var(&o.minCeiling, "min-ceiling", 50000, "requests/s wrk must drive the bare server to in every round for the figures to count")
	fs.IntVar(&o.promotes, "promotes", 200, "promotes for the propagation measurement")
	fs.IntVar(&o.seedWorkers, "seed-workers", 16, "concurrent requests while seeding")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.prompts < 1 || o.rounds < 1 || o.threads < 1 || o.promotes < 1 || o.seedWorkers < 1:
		return o, errors.New("--prompts, --rounds, --threads, --promotes and --seed-workers must be at least 1")
	case o.connections < o.threads:
		return o, errors.New("--connections must be at least --threads (wrk needs a connection per thread)")
	}
	return o, checkDuration(o.duration)
}

// checkDuration refuses a phase length wrk cannot take.
func checkDuration(d time.Duration) error {
	if d < time.Second || d%time.Second != 0 {
		return errors.New("--duration must be whole seconds, at least 1s (wrk takes no fractions)")
	}
	return nil
}

// newBench makes the output folder and a bench logging under prefix, with a fresh key
// sealing webhook secrets (serve needs one on an external database, the same for every
// instance).
func newBench(o options, prefix string) (*bench, error) {
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return &bench{o: o, self: self, secretKey: secrets.GenerateKey(),
		logf: func(f string, a ...any) { fmt.Fprintf(os.Stderr, prefix+": "+f+"\n", a...) }}, nil
}

// machine says what the figures were measured on.
func machine() string {
	return fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
}

// run measures, writes bench.json and prints the report; it fails after both when a check
// says the figures measure the load generator or a busy machine rather than PromptOps.
func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	b, err := newBench(o, "bench")
	if err != nil {
		return err
	}
	r := &Report{When: time.Now().UTC(), Command: commandLine(os.Args), Machine: machine(),
		Prompts: o.prompts, Duration: o.duration.String(), Threads: o.threads, Connections: o.connections, MinCeiling: o.minCeiling}
	if r.Wrk, err = wrkVersion(ctx); err != nil {
		return err
	}
	if err := b.measure(ctx, r); err != nil {
		return err
	}
	r.summarise()
	out, _ := json.MarshalIndent(r, "", "  ")
	path := filepath.Join(o.dir, "bench.json")
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		return err
	}
	printReport(os.Stdout, r)
	fmt.Printf("\nfigures written to %s\n", path)
	if len(r.Failures) > 0 {
		printFailures(os.Stdout, r.Failures)
		return errors.New("the figures are not valid (see above)")
	}
	return nil
}

// commandLine is argv as a shell would take it back.
func commandLine(argv []string) string {
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = a
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(quoted, " ")
}

type bench struct {
	o    options
	self string
	logf func(string, ...any)
	db   *pgserver.Server
	// secretKey seals webhook secrets: serve needs one on an external database, the same
	// for every instance.
	secretKey string
}

// measure runs every phase on a private PostgreSQL: the load phases first, then
// propagation on two fresh instances, so no loaded instance runs beside them.
func (b *bench) measure(ctx context.Context, r *Report) error {
	pgDir, err := os.MkdirTemp("", "promptops-bench-pg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(pgDir)
	b.logf("starting PostgreSQL")
	b.db, err = pgserver.Start(ctx, pgserver.Options{Dir: pgDir, Ephemeral: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer func() { _ = b.db.Stop(context.Background()) }()

	seed, err := b.loadPhases(ctx, r)
	if err != nil {
		return err
	}
	b.logf("propagation between two instances")
	r.Propagation, err = b.measurePropagation(ctx, seed)
	return err
}
